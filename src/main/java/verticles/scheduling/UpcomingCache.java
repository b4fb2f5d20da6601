package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.CacheVersions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The course detail's upcoming classes ({@code scheduling.internal.upcomingForCourse}, asked by the catalog on every
 * {@code GET /api/courses/{id}}), kept per course on this scheduling instance so a detail read costs no query and
 * no bus hop for names and seat counts (issue 13). Everything an entry shows has a signal that drops it:
 * classes created, moved or cancelled ({@code events.schedule.*}), seats taken or freed and placements changed
 * ({@code events.enrollment.*}; enrollment also sends cache news right after its commit), courses renamed or
 * resized and rooms changed (cache news on {@link CacheVersions#ADDRESS}, any group), people renamed
 * ({@code events.user.*}) or removed (cache news from auth); and an entry lives at most until its first class
 * starts or {@value #MAX_AGE_MS} ms.
 * Signals arrive after the writer committed, so a read racing a write may see the previous list for the moment
 * the news takes to travel (as the catalog's near cache). Confined to the verticle's event loop.
 */
final class UpcomingCache {
  static final long MAX_AGE_MS = 30_000;
  private static final List<String> EVENTS = List.of("schedule.created", "schedule.updated", "schedule.deleted",
    "enrollment.approved", "enrollment.cancelled", "enrollment.expired", "enrollment.rejected",
    "user.profile.updated", "user.role.changed");

  private record Entry(JsonObject answer, long validUntil) {
  }

  private final Map<String, Entry> entries = new HashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  /** Bumped by every signal: a load that started before it is not kept. */
  private long generation;

  UpcomingCache(Vertx vertx) {
    consumers.add(CacheVersions.listen(vertx, (group, version) -> clear()));
    for (String type : EVENTS) consumers.add(vertx.eventBus().consumer("events." + type, m -> clear()));
  }

  /** Completes when every signal is being listened to. */
  Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** The kept answer for the key while valid, else {@code load}'s (kept unless a signal arrived meanwhile). */
  Future<JsonObject> get(String key, Supplier<Future<JsonObject>> load) {
    Entry entry = entries.get(key);
    long now = System.currentTimeMillis();
    if (entry != null && entry.validUntil > now) return Future.succeededFuture(entry.answer);
    long started = generation;
    return load.get().onSuccess(answer -> {
      if (generation == started) entries.put(key, new Entry(answer, validUntil(answer, now)));
    });
  }

  void clear() {
    generation++;
    entries.clear();
  }

  Future<Void> close() {
    return Future.join(consumers.stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }

  /** Until the first listed class starts (it then leaves the list), at most MAX_AGE_MS. */
  private static long validUntil(JsonObject answer, long now) {
    long until = now + MAX_AGE_MS;
    JsonArray schedules = answer.getJsonArray("schedules", new JsonArray());
    if (!schedules.isEmpty()) {
      until = Math.min(until, Instant.parse(schedules.getJsonObject(0).getString("start_time")).toEpochMilli());
    }
    return until;
  }
}

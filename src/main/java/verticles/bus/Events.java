package verticles.bus;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;

/**
 * Domain events (DESIGN.md §5): published on the bus at {@code events.<type>} and mirrored to the Redis
 * channel {@code <type>}, with the seed payload {event_type, timestamp, data, metadata}. Publish only
 * after the change is committed.
 */
public final class Events {
  private static final Logger LOG = LoggerFactory.getLogger(Events.class);

  private final Vertx vertx;
  private final RedisAPI redis;
  private final String source;

  public Events(Vertx vertx, RedisAPI redis, String source) {
    this.vertx = vertx;
    this.redis = redis;
    this.source = source;
  }

  public void publish(String type, JsonObject data, String triggeredBy) {
    JsonObject event = new JsonObject()
      .put("event_type", type)
      .put("timestamp", Instant.now().toString())
      .put("data", data)
      .put("metadata", new JsonObject().put("triggered_by", triggeredBy).put("source_service", source));
    vertx.eventBus().publish("events." + type, event);
    mirror(type, event.encode());
  }

  /** Mirrors in flight at most; more wait here (a burst — a 5,000-row import — would overflow the Redis pool's queue). */
  private static final int IN_FLIGHT = 16, WAITING = 100_000;
  private final java.util.ArrayDeque<String[]> waiting = new java.util.ArrayDeque<>();
  private int inFlight;

  private void mirror(String type, String payload) {
    if (inFlight >= IN_FLIGHT) {
      if (waiting.size() < WAITING) waiting.add(new String[]{type, payload});
      else LOG.warn("Event {} not mirrored to Redis: {} mirrors waiting", type, WAITING);
      return;
    }
    inFlight++;
    redis.publish(type, payload)
      .onFailure(e -> LOG.warn("Event {} not mirrored to Redis: {}", type, e.getMessage()))
      .onComplete(done -> {
        inFlight--;
        String[] next = waiting.poll();
        if (next != null) mirror(next[0], next[1]);
      });
  }
}

package verticles.bus;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;

import java.util.function.BiConsumer;

/**
 * News of cache versions, published on {@value #ADDRESS} to every node: {@code {"group", "version"}} when a group of
 * cached answers (e.g. "catalog") moved to a new version, {@code version} null when the writer could not make one
 * (then nobody may trust what it kept). Versions are increasing numbers (Redis INCR). The owning verticle's cache
 * and every router's {@code AnswerCache} listen.
 */
public final class CacheVersions {
  public static final String ADDRESS = "cache.versions";
  /** The catalog's group (its reads; {@code x-cache: catalog} in the contract); its version lives in Redis here. */
  public static final String CATALOG = "catalog", CATALOG_VERSION_KEY = "cache:catalog:version";
  /**
   * The scheduling verticle's upcoming classes per course (course detail): news with no version, sent by a writer
   * whose change shows there without an event of its own (a room renamed, a student placed on another class, a
   * seat taken or freed — sent right after commit, before the answer, so the next read sees it).
   */
  public static final String SCHEDULES = "schedules";

  private CacheVersions() {
  }

  /** Tells every node that {@code group} moved to {@code version} (null: no version can be trusted). */
  public static void publish(Vertx vertx, String group, String version) {
    vertx.eventBus().publish(ADDRESS, new JsonObject().put("group", group).put("version", version));
  }

  /** The same news for this node only (its router), e.g. a version a periodic check found. */
  public static void publishLocally(Vertx vertx, String group, String version) {
    vertx.eventBus().publish(ADDRESS, new JsonObject().put("group", group).put("version", version),
      new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true));
  }

  /** Calls {@code onChange(group, version)} for every piece of news; unregister the consumer on stop. */
  public static MessageConsumer<JsonObject> listen(Vertx vertx, BiConsumer<String, String> onChange) {
    return vertx.eventBus().<JsonObject>consumer(ADDRESS,
      message -> onChange.accept(message.body().getString("group"), message.body().getString("version")));
  }

  /** Whether {@code candidate} comes after {@code current}. */
  public static boolean newer(String candidate, String current) {
    return Long.parseLong(candidate) > Long.parseLong(current);
  }
}

package verticles.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Redis cache of catalog reads (keys {@code cache:catalog:…}, 1 h). Every key carries the catalog
 * version {@code cache:catalog:version}; a write increments it after its commit, which retires every
 * cached page and course at once on every node. Reads take the version before they query the database,
 * so an answer computed before a write can only be stored under the old version, never served after it.
 * Redis is an accelerator only: when it fails or is slow (1 s), reads go to the database and writes
 * still succeed. A version bump that could not be made is retried every second, and until it succeeds
 * this node reads from the database only.
 */
final class CatalogCache {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);
  static final String PREFIX = "cache:catalog:";
  static final String VERSION = PREFIX + "version";
  private static final String TTL_SECONDS = "3600";
  private static final long TIMEOUT_MS = 1000;
  private static final long RETRY_MS = 1000;

  private final Vertx vertx;
  private final RedisAPI redis;
  private volatile boolean invalidationPending;
  private volatile long retryTimer = -1;

  CatalogCache(Vertx vertx, RedisAPI redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  /**
   * The cached value of {@code key} (a name within the current version), else {@code load}'s value,
   * which is then stored. Redis failures only cost the cache.
   */
  Future<JsonObject> read(String key, Supplier<Future<JsonObject>> load) {
    if (invalidationPending) return load.get();
    return currentVersion().compose(version -> {
      if (version == null) return load.get();
      String fullKey = PREFIX + version + ":" + key;
      return redis.get(fullKey).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .otherwise(e -> {
          LOG.warn("Catalog cache unavailable, reading the database: {}", e.getMessage());
          return null;
        })
        .compose(hit -> hit != null ? Future.succeededFuture(new JsonObject(hit.toString()))
          : load.get().onSuccess(value -> store(fullKey, value)));
    });
  }

  /** The version to read under, or null (cache bypassed) when Redis cannot say. */
  private Future<String> currentVersion() {
    return redis.get(VERSION).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .map(version -> {
        if (version != null) return version.toString();
        // first use, or Redis lost the key: start from a value no earlier entry can carry
        redis.set(List.of(VERSION, Long.toString(System.currentTimeMillis()), "NX"))
          .onFailure(e -> LOG.debug("Catalog cache version not initialised: {}", e.getMessage()));
        return (String) null;
      })
      .otherwise(e -> {
        LOG.warn("Catalog cache unavailable, reading the database: {}", e.getMessage());
        return null;
      });
  }

  private void store(String fullKey, JsonObject value) {
    redis.set(List.of(fullKey, value.encode(), "EX", TTL_SECONDS))
      .onFailure(e -> LOG.debug("Catalog cache not written: {}", e.getMessage()));
  }

  /** After a committed write: retire every cached read. Never fails. */
  Future<Void> invalidate() {
    return redis.incr(VERSION).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .onSuccess(v -> {
        if (invalidationPending) recovered();
      })
      .<Void>mapEmpty()
      .recover(e -> {
        LOG.warn("Catalog cache not invalidated ({}); bypassing it on this node until Redis answers", e.getMessage());
        invalidationPending = true;
        scheduleRetry();
        return Future.succeededFuture();
      });
  }

  private void scheduleRetry() {
    if (retryTimer >= 0) return;
    retryTimer = vertx.setPeriodic(RETRY_MS, id -> redis.incr(VERSION).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .onSuccess(v -> recovered()));
  }

  private void recovered() {
    if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
    retryTimer = -1;
    invalidationPending = false;
    LOG.info("Catalog cache invalidated after Redis came back");
  }

  void close() {
    if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
  }
}

package verticles.catalog;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import verticles.bus.CacheVersions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The catalog's read cache, two levels under one version (DESIGN.md §7):
 * <ul>
 *   <li><b>near</b>: this node keeps the encoded answers (JSON bytes and their ETag) of the reads it served,
 *       at most {@value #NEAR_ENTRIES}, valid for the version it knows — a hit costs no network round trip and no
 *       encoding;</li>
 *   <li><b>Redis</b> ({@code cache:catalog:<version>:course:<id>}, {@code …:list:<view>:<filters digest>}, 1 h)
 *       fills cold nodes.</li>
 * </ul>
 * The version lives in Redis ({@code cache:catalog:version}). A write increments it after its commit, drops this
 * node's near entries at once and publishes the new version ({@link CacheVersions}), so every node drops its
 * copies as the message arrives; each node also re-reads the version every {@value #RECHECK_MS} ms in case it
 * missed one. An answer is kept only under the version its read started with, so an answer computed before a
 * write is never served after it. Redis is an accelerator only: when it fails or is slow (1 s), reads go to the
 * database and writes still succeed; a version bump that could not be made is retried every second, and until
 * it succeeds this node (and, told over the bus, every node) reads from the database only.
 */
final class CatalogCache {
  private static final Logger LOG = LoggerFactory.getLogger(CatalogCache.class);
  static final String PREFIX = "cache:catalog:";
  static final String VERSION = CacheVersions.CATALOG_VERSION_KEY;
  /** The cache group of catalog reads in {@link CacheVersions} news. */
  static final String GROUP = CacheVersions.CATALOG;
  private static final String TTL_SECONDS = "3600";
  private static final long TIMEOUT_MS = 1000;
  private static final long RETRY_MS = 1000;
  private static final long RECHECK_MS = 5000;
  private static final int NEAR_ENTRIES = 2000;

  /** An encoded answer: its JSON bytes, an entity tag that changes with the catalog version, and that version. */
  record Entry(Buffer json, String etag, String version) {
    JsonObject object() {
      return new JsonObject(json);
    }
  }

  private final Vertx vertx;
  private final RedisAPI redis;
  // confined to the verticle's event loop: reads, the version consumer and the timers all run there
  private final Map<String, Entry> near = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
      return size() > NEAR_ENTRIES;
    }
  };
  private String version;
  private boolean invalidationPending;
  private long retryTimer = -1;
  private final long recheckTimer;
  private final MessageConsumer<JsonObject> versions;

  CatalogCache(Vertx vertx, RedisAPI redis) {
    this.vertx = vertx;
    this.redis = redis;
    this.versions = CacheVersions.listen(vertx, (group, v) -> {
      if (GROUP.equals(group)) adopt(v == null ? "" : v);
    });
    this.recheckTimer = vertx.setPeriodic(RECHECK_MS, id -> recheck());
  }

  /** Completes when this node hears version changes (cluster-wide when clustered). */
  Future<Void> ready() {
    return versions.completion();
  }

  /**
   * The encoded answer for {@code key} (a name within the current version): from this node, else Redis, else
   * {@code load}'s value, which is then kept in both. Redis failures only cost the cache.
   */
  Future<Entry> read(String key, Supplier<Future<JsonObject>> load) {
    if (invalidationPending) return load.get().map(value -> new Entry(value.toBuffer(), null, null));
    Entry hit = version == null ? null : near.get(key);
    if (hit != null) return Future.succeededFuture(hit);
    return currentVersion().compose(v -> {
      if (v == null) return load.get().map(value -> new Entry(value.toBuffer(), null, null));
      String fullKey = PREFIX + v + ":" + redisName(key);
      return redis.get(fullKey).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .otherwise(e -> {
          LOG.warn("Catalog cache unavailable, reading the database: {}", e.getMessage());
          return null;
        })
        .compose(cached -> cached != null ? Future.succeededFuture(cached.toBuffer())
          : load.get().map(JsonObject::toBuffer).onSuccess(json -> store(fullKey, json)))
        .map(json -> {
          Entry entry = new Entry(json, "\"" + v + "-" + digest(key) + "\"", v);
          if (v.equals(version) && !invalidationPending) near.put(key, entry);
          return entry;
        });
    });
  }

  /** The version to read under, known on this node or asked of Redis; null (cache bypassed) when Redis cannot say. */
  private Future<String> currentVersion() {
    if (version != null) return Future.succeededFuture(version);
    return redis.get(VERSION).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .map(stored -> {
        if (stored != null) {
          adopt(stored.toString());
          return version;
        }
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

  /** A version heard of (published, or read from Redis): a newer one replaces ours and drops the near entries. */
  private void adopt(String heard) {
    if (heard == null || heard.isEmpty()) { // a node could not bump the version: nobody can trust what it had
      version = null;
      near.clear();
      return;
    }
    if (version != null && Long.parseLong(heard) <= Long.parseLong(version)) return;
    version = heard;
    near.clear();
  }

  /** In case this node missed news: a newer version in Redis is adopted and told to this node's router. */
  private void recheck() {
    if (version == null) return;
    redis.get(VERSION).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .onSuccess(stored -> {
        String known = version;
        adopt(stored == null ? "" : stored.toString());
        if (!java.util.Objects.equals(known, version)) CacheVersions.publishLocally(vertx, GROUP, version);
      })
      .onFailure(e -> {
        adopt("");
        CacheVersions.publishLocally(vertx, GROUP, null);
      });
  }

  private void store(String fullKey, Buffer json) {
    redis.set(List.of(fullKey, json.toString(StandardCharsets.UTF_8), "EX", TTL_SECONDS))
      .onFailure(e -> LOG.debug("Catalog cache not written: {}", e.getMessage()));
  }

  /** After a committed write: retire every cached read, here at once and on every node as the news arrives. Never fails. */
  Future<Void> invalidate() {
    near.clear();
    version = null;
    return redis.incr(VERSION).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .onSuccess(v -> {
        if (invalidationPending) recovered();
        String next = v.toString();
        adopt(next);
        CacheVersions.publish(vertx, GROUP, next);
      })
      .<Void>mapEmpty()
      .recover(e -> {
        LOG.warn("Catalog cache not invalidated ({}); bypassing it until Redis answers", e.getMessage());
        invalidationPending = true;
        CacheVersions.publish(vertx, GROUP, null);
        scheduleRetry();
        return Future.succeededFuture();
      });
  }

  private void scheduleRetry() {
    if (retryTimer >= 0) return;
    retryTimer = vertx.setPeriodic(RETRY_MS, id -> redis.incr(VERSION).timeout(TIMEOUT_MS, TimeUnit.MILLISECONDS)
      .onSuccess(v -> {
        recovered();
        CacheVersions.publish(vertx, GROUP, v.toString());
      }));
  }

  private void recovered() {
    if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
    retryTimer = -1;
    invalidationPending = false;
    LOG.info("Catalog cache invalidated after Redis came back");
  }

  void close() {
    if (retryTimer >= 0) vertx.cancelTimer(retryTimer);
    vertx.cancelTimer(recheckTimer);
    versions.unregister();
  }

  /** "course:<id>" as is; a listing's JSON filters ("list:<view>:[…]") by their digest. */
  private static String redisName(String key) {
    int filters = key.indexOf('[');
    return filters < 0 ? key : key.substring(0, filters) + digest(key.substring(filters));
  }

  static String digest(String text) {
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}

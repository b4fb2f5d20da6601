package verticles.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Redis: an accelerator only. Callers treat every failure as "no answer" and fall back. */
public final class RedisStore {
  private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);

  private RedisStore() {
  }

  public static RedisAPI api(Vertx vertx, JsonObject config) {
    return RedisAPI.api(Redis.createClient(vertx, options(config)));
  }

  /**
   * Waits until Redis answers a PING, for at most {@code redis.connect_wait_seconds}, retrying with a growing
   * pause; then the node starts anyway (Redis only accelerates: caches are bypassed and rate limits fail open
   * until it is back). Completes, never fails.
   */
  public static Future<Void> awaitReachable(Vertx vertx, JsonObject config) {
    long waitMs = config.getJsonObject("redis").getInteger("connect_wait_seconds", 10) * 1000L;
    RedisAPI redis = api(vertx, config);
    long deadline = System.currentTimeMillis() + waitMs;
    return ping(vertx, redis, deadline, 250, 1).onComplete(done -> redis.close());
  }

  private static Future<Void> ping(Vertx vertx, RedisAPI redis, long deadline, long pause, int attempt) {
    return redis.ping(java.util.List.of()).<Void>mapEmpty().recover(e -> {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        LOG.warn("Redis was not reachable at start ({}); starting without it: caches are bypassed and rate limits "
          + "fail open until it answers", e.getMessage());
        return Future.succeededFuture();
      }
      LOG.warn("Waiting for Redis (attempt {}, {} s left): {}", attempt, left / 1000, e.getMessage());
      return vertx.timer(Math.min(pause, left)).compose(t -> ping(vertx, redis, deadline, Math.min(pause * 2, 2000), attempt + 1));
    });
  }

  private static RedisOptions options(JsonObject config) {
    return new RedisOptions()
      .setPoolName("academy-redis") // a named pool: one metrics series, not one per client
      .setConnectionString(config.getJsonObject("redis").getString("url"))
      .setMaxPoolSize(config.getJsonObject("redis").getInteger("max_pool_size", 8))
      .setMaxPoolWaiting(config.getJsonObject("redis").getInteger("max_pool_waiting", 1024))
      .setMaxWaitingHandlers(256)
      .setNetClientOptions(new NetClientOptions().setConnectTimeout(1000));
  }
}

package verticles.infra;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisOptions;

/** Redis: an accelerator only. Callers treat every failure as "no answer" and fall back. */
public final class RedisStore {
  private RedisStore() {
  }

  public static RedisAPI api(Vertx vertx, JsonObject config) {
    RedisOptions options = new RedisOptions()
      .setConnectionString(config.getJsonObject("redis").getString("url"))
      .setMaxPoolSize(8)
      .setMaxPoolWaiting(64)
      .setMaxWaitingHandlers(256)
      .setNetClientOptions(new NetClientOptions().setConnectTimeout(1000));
    return RedisAPI.api(Redis.createClient(vertx, options));
  }
}

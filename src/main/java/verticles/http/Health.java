package verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.redis.client.RedisAPI;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * GET /health (seed §1.1): asks every verticle's {@code <name>.health} on the bus (1 s each, in
 * parallel, wherever in the cluster it runs), pings Redis, and takes the database state from the
 * verticles that use it. 200 when everything is up, 503 otherwise.
 */
final class Health {
  private static final DeliveryOptions ONE_SECOND = new DeliveryOptions().setSendTimeout(1000);

  private final Vertx vertx;
  private final RedisAPI redis;
  private final List<String> verticles;

  /** {@code verticles}: the domain verticles' names, from the one list ({@code Academy.ROLES}). */
  Health(Vertx vertx, RedisAPI redis, List<String> verticles) {
    this.vertx = vertx;
    this.redis = redis;
    this.verticles = List.copyOf(verticles);
  }

  void handle(RoutingContext ctx) {
    List<Future<JsonObject>> answers = new ArrayList<>();
    for (String name : verticles) {
      answers.add(vertx.eventBus().<JsonObject>request(name + ".health", new JsonObject(), ONE_SECOND)
        .map(reply -> reply.body())
        .otherwise(new JsonObject().put("status", "down")));
    }
    Future<String> redisState = redis.ping(List.of())
      .timeout(1, java.util.concurrent.TimeUnit.SECONDS)
      .map("up").otherwise("down");
    Future.join(answers).onComplete(ignored -> redisState.onComplete(r -> {
      JsonObject services = new JsonObject().put("http", "up");
      String database = null;
      for (int i = 0; i < verticles.size(); i++) {
        JsonObject answer = answers.get(i).result();
        services.put(verticles.get(i), answer.getString("status", "down"));
        String db = answer.getString("database");
        if (db != null && (database == null || db.equals("down"))) database = db;
      }
      services.put("database", database == null ? "down" : database);
      services.put("redis", r.result());
      boolean allUp = services.stream().allMatch(e -> "up".equals(e.getValue()));
      Responses.json(ctx, allUp ? 200 : 503, new JsonObject()
        .put("status", allUp ? "ok" : "degraded")
        .put("timestamp", Instant.now().toString())
        .put("services", services));
    }));
  }
}

package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.Events;
import verticles.bus.Outbox;
import verticles.infra.Database;
import verticles.infra.RedisStore;

/**
 * Billing (schema {@code billing}, issue 18, seed 003 Package and Payment services): packages, invoices with gap-free
 * monthly numbers, bank-transfer proofs, a Midtrans-compatible gateway, exactly one payment per invoice. Money is
 * bigint rupiah. This class wires the handlers and holds the route table; the operations live in one class per concern.
 */
public final class BillingVerticle extends DomainVerticle {

  @Override
  protected void routes(Endpoints e) {
  }

  @Override
  protected String name() {
    return "billing";
  }

  private Pool db;
  private RedisAPI redis;
  private Outbox outbox;
  private long timer = -1;

  @Override
  protected Future<?> setUp() {
    JsonObject config = config();
    db = Database.pool(vertx, config);
    redis = RedisStore.api(vertx, config);
    outbox = new Outbox(vertx, db, new Events(vertx, redis, "billing"), "billing", askOptions());
    timer = vertx.setPeriodic(10_000, id -> outbox.flush());
    outbox.flush(); // what a stopped node left unpublished
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> tearDown() {
    if (timer >= 0) vertx.cancelTimer(timer);
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }
}

package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.core.eventbus.DeliveryOptions;
import verticles.bus.AuthClient;
import verticles.bus.DomainVerticle;
import verticles.bus.LocalTimes;
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
    // payments (issue 18): bank transfers, the gateway, staff's list
    e.on("billing.submitProof", req -> transfers.submit(req))
      .on("billing.listProofs", req -> transfers.list(req))
      .on("billing.confirmProof", req -> transfers.confirm(req))
      .on("billing.rejectProof", req -> transfers.reject(req))
      .on("billing.checkout", req -> checkouts.checkout(req))
      .on("billing.paymentNotification", req -> notifications.receive(req))
      .on("billing.listPayments", req -> paymentList.list(req));
  }

  @Override
  protected String name() {
    return "billing";
  }

  private Pool db;
  private RedisAPI redis;
  private Outbox outbox;
  private long timer = -1;
  // payments
  private Gateway gateway;
  private Transfers transfers;
  private Checkouts checkouts;
  private GatewayNotifications notifications;
  private PaymentList paymentList;

  @Override
  protected Future<?> setUp() {
    JsonObject config = config();
    db = Database.pool(vertx, config);
    redis = RedisStore.api(vertx, config);
    outbox = new Outbox(vertx, db, new Events(vertx, redis, "billing"), "billing", askOptions());
    setUpPayments(config);
    timer = vertx.setPeriodic(10_000, id -> outbox.flush());
    outbox.flush(); // what a stopped node left unpublished
    return Future.succeededFuture();
  }

  /** Transfers, the gateway (settings {@code billing.gateway_url}, {@code billing.server_key}) and the payment list. */
  private void setUpPayments(JsonObject config) {
    LocalTimes times = LocalTimes.of(config);
    DeliveryOptions ask = askOptions();
    Payments payments = new Payments(vertx, ask);
    gateway = new Gateway(vertx, config.getJsonObject("billing", new JsonObject()), ask.getSendTimeout());
    AuthClient auth = new AuthClient(vertx, ask);
    transfers = new Transfers(db, payments, times, outbox::flush);
    checkouts = new Checkouts(db, gateway, auth);
    notifications = new GatewayNotifications(db, gateway, payments, outbox::flush);
    paymentList = new PaymentList(db, auth, times.zone());
  }

  @Override
  protected Future<?> tearDown() {
    if (timer >= 0) vertx.cancelTimer(timer);
    if (gateway != null) gateway.close();
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }
}

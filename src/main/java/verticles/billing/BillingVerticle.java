package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.core.eventbus.DeliveryOptions;
import verticles.bus.AuthClient;
import verticles.bus.BillingClient;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.Events;
import verticles.bus.LocalTimes;
import verticles.bus.Outbox;
import verticles.infra.Database;
import verticles.infra.RedisStore;

/**
 * Billing (schema {@code billing}, issue 18, seed 003 Package and Payment services): packages, invoices with gap-free
 * monthly numbers, bank-transfer proofs, a Midtrans-compatible gateway, exactly one payment per invoice. Money is
 * bigint rupiah. This class wires the handlers and holds the route table; the operations live in one class per concern:
 * {@link Packages}, {@link InvoiceIssue} (the approval's and cancellation's hand-overs), {@link Invoices} (reads),
 * {@link InvoicePdf}, {@link InvoiceExpiry} (the once-per-cluster job); payments: {@link Transfers} (proofs and their
 * review), {@link Checkouts} and {@link GatewayNotifications} (the gateway, {@link Gateway}), {@link Payments} (the one
 * way an invoice becomes paid), {@link PaymentList} (SQL: {@link PaymentSql}).
 */
public final class BillingVerticle extends DomainVerticle {

  @Override
  protected void routes(Endpoints e) {
    e.on("billing.listPackages", packages::list)
      .on("billing.getPackage", packages::get)
      .on("billing.createPackage", packages::create)
      .on("billing.updatePackage", packages::update)
      .on("billing.deletePackage", packages::delete)
      .on("billing.myInvoices", invoices::mine)
      .on("billing.listInvoices", invoices::list)
      .on("billing.getInvoice", invoices::get)
      .on("billing.invoicePdf", pdf::pdf)
      // for other verticles
      .internal(BillingClient.PACKAGE, packages::internal)
      .internal(BillingClient.ISSUE_INVOICE, issuing::issue)
      .internal(BillingClient.CANCEL_INVOICE, issuing::cancel)
      .internal(InvoiceExpiry.RUN, q -> expiry.run())
      // payments (issue 18): bank transfers, the gateway, staff's list
      .on("billing.submitProof", req -> transfers.submit(req))
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
  private Packages packages;
  private InvoiceIssue issuing;
  private Invoices invoices;
  private InvoicePdf pdf;
  private InvoiceExpiry expiry;
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
    JsonObject settings = config.getJsonObject("billing", new JsonObject());
    db = Database.pool(vertx, config);
    redis = RedisStore.api(vertx, config);
    outbox = new Outbox(vertx, db, new Events(vertx, redis, "billing"), "billing", askOptions());
    packages = new Packages(db);
    issuing = new InvoiceIssue(db, outbox, config.getString("timezone"), settings.getInteger("default_sessions", 4),
      settings.getInteger("due_days", 7));
    LocalTimes times = LocalTimes.of(config);
    invoices = new Invoices(vertx, db, times, askOptions());
    pdf = new InvoicePdf(vertx, invoices, times, settings.getString("academy_name", "Academy"));
    expiry = new InvoiceExpiry(vertx, db, outbox, askOptions());
    expiry.start(settings.getInteger("expiry_check_seconds", 60));
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
    return expiry.stop().compose(v -> {
      redis.close();
      return db.close();
    });
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }
}

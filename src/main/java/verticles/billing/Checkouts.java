package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.AuthClient;
import verticles.bus.BusRequest;
import verticles.bus.Reply;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * POST /api/invoices/{id}/checkout (the invoice's student): a payment page of the gateway for an unpaid invoice. Every
 * page is a checkout row whose {@code order_id} (the invoice number and 8 random hex digits, at most 25 characters;
 * Midtrans allows 50) is what the gateway's notifications name. A page asked less than 23 hours ago for the same amount
 * and not yet finished is answered again ({@code reused: true}): one invoice has one live page, so a student cannot
 * pay it twice by opening two. The invoice row is locked from the look-up of a live page until the new page is stored
 * (the gateway is asked while it is held, within {@code billing}'s gateway timeout), so concurrent checkouts of one
 * invoice ask the gateway once and the others answer that page; a proof or a settlement of the invoice waits meanwhile.
 */
final class Checkouts {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Pool db;
  private final Gateway gateway;
  private final AuthClient auth;

  Checkouts(Pool db, Gateway gateway, AuthClient auth) {
    this.db = db;
    this.gateway = gateway;
    this.auth = auth;
  }

  /**
   * → 200 {invoice_id, order_id, amount, token, redirect_url, reused}. 404 {@code INVOICE_NOT_FOUND}, 409
   * {@code INVOICE_NOT_PAYABLE} / {@code PAYMENT_PROOF_PENDING}, 409 {@code PAYMENT_GATEWAY_NOT_CONFIGURED}, 502
   * {@code PAYMENT_GATEWAY_ERROR} (nothing is stored then).
   */
  Future<Reply> checkout(BusRequest req) {
    if (!gateway.configured()) {
      return PayableInvoices.forCaller(db, PaymentSql.INVOICE, req.pathParam("id"), req.user(), false)
        .compose(PayableInvoices::requireUnpaid).compose(invoice -> Future.failedFuture(Gateway.notConfigured()));
    }
    return db.withTransaction(conn ->
      PayableInvoices.forCaller(conn, PaymentSql.LOCK_INVOICE, req.pathParam("id"), req.user(), false)
        .compose(PayableInvoices::requireUnpaid)
        .compose(invoice -> {
          long amount = invoice.getLong("amount");
          return conn.preparedQuery(PaymentSql.LIVE_CHECKOUT).execute(Tuple.of(invoice.getUUID("id"), amount)).compose(live -> {
            if (live.size() > 0) {
              Row page = live.iterator().next();
              return Future.succeededFuture(answer(invoice, page.getString("order_id"), page.getString("token"),
                page.getString("redirect_url"), true));
            }
            String orderId = invoice.getString("number") + "-" + HexFormat.of().formatHex(bytes());
            return auth.userOrNull(req.user().id())
              .compose(student -> gateway.page(orderId, amount, student == null ? null : student.getString("full_name"),
                student == null ? null : student.getString("email")))
              .compose(page -> conn.preparedQuery(PaymentSql.INSERT_CHECKOUT)
                .execute(Tuple.of(orderId, invoice.getUUID("id"), page.token(), page.redirectUrl(), amount))
                .map(v -> answer(invoice, orderId, page.token(), page.redirectUrl(), false)));
          });
        }))
      .map(data -> Reply.ok(data, "Payment page ready"));
  }

  private static byte[] bytes() {
    byte[] random = new byte[4];
    RANDOM.nextBytes(random);
    return random;
  }

  private static JsonObject answer(Row invoice, String orderId, String token, String redirectUrl, boolean reused) {
    return new JsonObject().put("invoice_id", invoice.getUUID("id").toString()).put("order_id", orderId)
      .put("amount", invoice.getLong("amount")).put("token", token).put("redirect_url", redirectUrl).put("reused", reused);
  }
}

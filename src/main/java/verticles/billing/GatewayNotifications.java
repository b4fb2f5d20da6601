package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Reply;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * POST /api/payments/notifications — the gateway's webhook (Midtrans "HTTP notification"). Gateways retry a
 * notification until answered 2xx and may deliver them out of order, so every effect is conditional in the database:
 * a checkout's state only moves forward ({@link PaymentSql#MOVE_CHECKOUT}) and an invoice is paid by one conditional
 * UPDATE under its row lock ({@link Payments#record}). The same settlement twice, fifty copies at once, or a
 * {@code pending} after {@code settlement} therefore change nothing after the first — one state change, one payment,
 * one pair of emails. Every notification is kept in {@code billing.gateway_notifications} with its outcome (the full
 * body only when its signature is valid: forged ones cannot fill the table with their payloads).
 */
final class GatewayNotifications {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayNotifications.class);
  /** Midtrans writes its times in WIB (GMT+7), whatever the merchant's zone. */
  private static final ZoneOffset GATEWAY_OFFSET = ZoneOffset.ofHours(7);
  private static final DateTimeFormatter GATEWAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Pool db;
  private final Gateway gateway;
  private final Payments payments;
  private final Runnable flush;

  GatewayNotifications(Pool db, Gateway gateway, Payments payments, Runnable flush) {
    this.db = db;
    this.gateway = gateway;
    this.payments = payments;
    this.flush = flush;
  }

  /** The fields of a notification this verticle reads (the contract requires the first five). */
  private record Notice(String orderId, String statusCode, String grossAmount, String signatureKey, String status,
                        String transactionId, String fraudStatus, String settlementTime, String transactionTime,
                        JsonObject body) {
    static Notice of(JsonObject body) {
      return new Notice(body.getString("order_id"), body.getString("status_code"), body.getString("gross_amount"),
        body.getString("signature_key"), body.getString("transaction_status"), body.getString("transaction_id"),
        body.getString("fraud_status"), body.getString("settlement_time"), body.getString("transaction_time"), body);
    }
  }

  /**
   * → 200 {order_id, outcome}: paid | pending | expired | failed | unchanged | ignored | paid_twice | paid_after_close.
   * 409 {@code PAYMENT_GATEWAY_NOT_CONFIGURED}, 403 {@code PAYMENT_SIGNATURE_INVALID} (also a settlement or capture
   * whose {@code status_code} is not 200: the signature does not cover {@code transaction_status}, so a signed pending
   * notification rewritten as a settlement is refused), 404 {@code PAYMENT_ORDER_NOT_FOUND}, 422
   * {@code PAYMENT_AMOUNT_MISMATCH}.
   */
  Future<Reply> receive(BusRequest req) {
    Notice n = Notice.of(req.body());
    if (!gateway.configured()) {
      return refuse(n, false, "not_configured", Gateway.notConfigured());
    }
    if (!gateway.signed(n.orderId(), n.statusCode(), n.grossAmount(), n.signatureKey())) {
      LOG.warn("Payment notification with a bad signature refused: order {} from {} [request {}]", n.orderId(), req.ip(), req.requestId());
      return refuse(n, false, "bad_signature",
        ErrorCode.PAYMENT_SIGNATURE_INVALID.error("The notification's signature is not valid"));
    }
    if (pays(n) && !PAID_STATUS_CODE.equals(n.statusCode())) {
      // the signature covers order_id, status_code and gross_amount, not transaction_status: a signed pending (201)
      // with its status rewritten to settlement would pay without money. Money arrives only with status code 200.
      LOG.warn("Payment notification {} of order {} with status code {} refused: not the code its signature covers "
        + "for a payment, from {} [request {}]", n.status(), n.orderId(), n.statusCode(), req.ip(), req.requestId());
      return refuse(n, false, "status_mismatch",
        ErrorCode.PAYMENT_SIGNATURE_INVALID.error("The notification's status is not the one its signature covers"));
    }
    return db.preparedQuery(PaymentSql.CHECKOUT).execute(Tuple.of(n.orderId())).compose(rows -> {
      if (rows.size() == 0) {
        LOG.warn("Payment notification for an unknown order {} [request {}]", n.orderId(), req.requestId());
        return refuse(n, true, "unknown_order", ErrorCode.PAYMENT_ORDER_NOT_FOUND.error("No such order"));
      }
      Row checkout = rows.iterator().next();
      long expected = checkout.getLong("amount");
      if (!sameAmount(n.grossAmount(), expected)) {
        LOG.warn("Payment notification for order {} names {} rupiah, the invoice is {} [request {}]", n.orderId(),
          n.grossAmount(), expected, req.requestId());
        return refuse(n, true, "amount_mismatch", PayableInvoices.amountMismatch(expected));
      }
      return apply(n, checkout).compose(outcome -> audit(n, true, outcome).map(v -> {
        if ("paid".equals(outcome)) flush.run();
        return Reply.ok(new JsonObject().put("order_id", n.orderId()).put("outcome", outcome), "Notification received");
      }));
    });
  }

  /** Midtrans' status code of a successful transaction (capture, settlement); 201 is pending, 202 denied or ended. */
  private static final String PAID_STATUS_CODE = "200";

  /** Whether the notification says the money arrived (settlement, or a capture neither challenged nor denied). */
  private static boolean pays(Notice n) {
    return "settlement".equals(n.status())
      || "capture".equals(n.status()) && !"challenge".equals(n.fraudStatus()) && !"deny".equals(n.fraudStatus());
  }

  /** What the notification's {@code transaction_status} does (Midtrans' statuses). */
  private Future<String> apply(Notice n, Row checkout) {
    String status = n.status();
    boolean challenged = "challenge".equals(n.fraudStatus());
    boolean denied = "deny".equals(n.fraudStatus());
    return switch (status) {
      case "settlement" -> settle(n, checkout);
      case "capture" -> denied ? move(n, "failed", "open", "pending")
        : challenged ? move(n, "pending", "open") : settle(n, checkout);
      case "pending" -> move(n, "pending", "open");
      case "expire" -> move(n, "expired", "open", "pending");
      case "cancel", "deny", "failure" -> move(n, "failed", "open", "pending");
      default -> Future.succeededFuture("ignored"); // refund, authorize, …: kept in the audit only
    };
  }

  /** A checkout moved forward from one of {@code from} → the new state as outcome, or {@code unchanged}. */
  private Future<String> move(Notice n, String to, String... from) {
    return db.preparedQuery(PaymentSql.MOVE_CHECKOUT).execute(Tuple.of(n.orderId(), to, from))
      .map(rows -> rows.size() > 0 ? to : "unchanged");
  }

  /** The money arrived: the invoice paid once, whatever arrives after. */
  private Future<String> settle(Notice n, Row checkout) {
    String invoiceId = checkout.getUUID("invoice_id").toString();
    String transactionId = n.transactionId() == null ? n.orderId() : n.transactionId();
    Payments.Paid paid = new Payments.Paid("gateway", checkout.getLong("amount"), transactionId, paidAt(n), null);
    return PayableInvoices.load(db, PaymentSql.INVOICE, invoiceId).compose(payments::payer)
      .compose(payer -> db.withTransaction(conn -> PayableInvoices.load(conn, PaymentSql.LOCK_INVOICE, invoiceId)
        .compose(invoice -> conn.preparedQuery(PaymentSql.MOVE_CHECKOUT)
          .execute(Tuple.of(n.orderId(), "paid", new String[] {"open", "pending", "expired", "failed"}))
          .compose(v -> payments.record(conn, invoice, paid, payer, null))
          .compose(payment -> payment != null ? Future.succeededFuture("paid") : notRecorded(conn, invoice, transactionId)))));
  }

  /** Why a settlement recorded nothing: seen before (unchanged), or money for an invoice paid otherwise or closed. */
  private Future<String> notRecorded(io.vertx.sqlclient.SqlConnection conn, Row invoice, String transactionId) {
    String status = invoice.getString("status");
    if (!"paid".equals(status)) {
      LOG.error("Gateway settlement {} for invoice {} which is {}: no payment recorded, refund it", transactionId,
        invoice.getString("number"), status);
      return Future.succeededFuture("paid_after_close");
    }
    return conn.preparedQuery(PaymentSql.PAYMENT_OF_INVOICE).execute(Tuple.of(invoice.getUUID("id"))).map(rows -> {
      String recorded = rows.size() == 0 ? null : rows.iterator().next().getString("transaction_id");
      if (transactionId.equals(recorded)) return "unchanged";
      LOG.error("Gateway settlement {} for invoice {} already paid by {}: no payment recorded, refund it", transactionId,
        invoice.getString("number"), recorded);
      return "paid_twice";
    });
  }

  /** The settlement's time (WIB, {@code yyyy-MM-dd HH:mm:ss}), else the transaction's, else now; never in the future. */
  private static OffsetDateTime paidAt(Notice n) {
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    for (String text : List.of(String.valueOf(n.settlementTime()), String.valueOf(n.transactionTime()))) {
      try {
        OffsetDateTime at = LocalDateTime.parse(text, GATEWAY_TIME).atOffset(GATEWAY_OFFSET).withOffsetSameInstant(ZoneOffset.UTC);
        return at.isAfter(now) || at.getYear() < 2000 ? now : at;
      } catch (DateTimeParseException e) {
        // the next candidate
      }
    }
    return now;
  }

  /** Whether the gateway's {@code gross_amount} ("250000.00") is the invoice's amount in rupiah. */
  static boolean sameAmount(String grossAmount, long expected) {
    try {
      return grossAmount.length() <= 30 && new BigDecimal(grossAmount.strip()).compareTo(BigDecimal.valueOf(expected)) == 0;
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private Future<Reply> refuse(Notice n, boolean signatureValid, String outcome, ApiError error) {
    return audit(n, signatureValid, outcome).compose(v -> Future.failedFuture(error));
  }

  /** The audit row; its failure is logged, never the notification's answer. */
  private Future<Void> audit(Notice n, boolean signatureValid, String outcome) {
    JsonObject body = signatureValid ? n.body() : new JsonObject();
    return db.preparedQuery(PaymentSql.AUDIT).execute(Tuple.of(n.orderId(), n.transactionId(), n.status(), n.statusCode(),
        n.grossAmount(), signatureValid, outcome, body))
      .<Void>mapEmpty()
      .recover(e -> {
        LOG.warn("Payment notification of order {} not audited: {}", n.orderId(), e.getMessage());
        return Future.succeededFuture();
      });
  }
}

package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/**
 * The billing verticle's internal addresses (issue 18), for the other verticles. The two invoice addresses are
 * commands: enrollment writes them with {@link Outbox#command} in the transaction of the approval or cancellation, and
 * the outbox hands them over after commit until billing acknowledges; billing makes both idempotent.
 */
public final class BillingClient extends InternalClient {
  /**
   * Issue the invoice of an approved enrollment: {enrollment_id, student_id, course_id, course_title,
   * price_per_session (rupiah), package_id?, sessions?, language ("id"|"en"), email, full_name,
   * registration_number} → {issued: bool, invoice_id?, number?, reason?: "exists" | "closed" | "free"}. Idempotent on
   * the enrollment (one invoice per enrollment, UNIQUE), nothing for an enrollment billing already knows cancelled.
   */
  public static final String ISSUE_INVOICE = "billing.internal.issueInvoice";
  /**
   * The enrollment {enrollment_id} was cancelled → {cancelled: bool}: its unpaid invoice becomes cancelled, and an
   * invoice not issued yet never will be. Idempotent.
   */
  public static final String CANCEL_INVOICE = "billing.internal.cancelInvoice";
  /** {id} → the package {id, name, price, course_ids, sessions, valid_days, is_active}; 404 PACKAGE_NOT_FOUND. */
  public static final String PACKAGE = "billing.internal.package";

  public BillingClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /** The package (deleted ones too, flagged {@code is_active: false}), or null when there is none. */
  public Future<JsonObject> packageOrNull(String id) {
    return orNull(ask(PACKAGE, new JsonObject().put("id", id)));
  }
}

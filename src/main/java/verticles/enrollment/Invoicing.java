package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import verticles.bus.BillingClient;
import verticles.bus.ErrorCode;
import verticles.bus.Outbox;

import java.util.UUID;

/**
 * Enrollment's side of billing (issue 18): the package a registration names is checked with billing (active, includes
 * the course), and an approval or a cancellation hands billing its command ({@link Outbox#command}) in the same
 * transaction — billing issues or cancels the invoice after commit, exactly once (see Billing decisions).
 */
final class Invoicing {
  private Invoicing() {
  }

  /**
   * The package {@code packageId} names, when it is active and includes the course; null for none. Otherwise 400
   * ENROLLMENT_INVALID_PACKAGE naming {@code package_id} (an unknown id says the same: ids reveal nothing).
   */
  static Future<UUID> checkPackage(BillingClient billing, String packageId, JsonObject course) {
    if (packageId == null) return Future.succeededFuture();
    return billing.packageOrNull(packageId).compose(found -> {
      boolean fits = found != null && found.getBoolean("is_active", false)
        && found.getJsonArray("course_ids").contains(course.getString("id"));
      return fits ? Future.succeededFuture(UUID.fromString(packageId))
        : Future.failedFuture(ErrorCode.ENROLLMENT_INVALID_PACKAGE.forField("package_id",
          "must be an active package that includes the course"));
    });
  }

  /**
   * Records "issue the invoice of this approval" for billing, in the approving transaction: the course's price and title
   * as approved, the package the registration chose, {@code sessions} as the admin gave them (null: billing's default),
   * and whom to write to (the registration's address, name and language).
   */
  static Future<Void> issue(SqlConnection conn, UUID enrollmentId, String studentId, JsonObject course, UUID packageId,
                            Integer sessions, String email, String fullName, String language, String registrationNumber,
                            String by) {
    JsonObject command = new JsonObject().put("enrollment_id", enrollmentId.toString()).put("student_id", studentId)
      .put("course_id", course.getString("id")).put("course_title", course.getString("title"))
      .put("price_per_session", course.getLong("price_per_session", 0L))
      .put("package_id", packageId == null ? null : packageId.toString()).put("sessions", sessions)
      .put("email", email).put("full_name", fullName).put("language", language)
      .put("registration_number", registrationNumber);
    return Outbox.command(conn, "enrollment", BillingClient.ISSUE_INVOICE, command, by);
  }

  /** Records "this approved enrollment was cancelled" for billing, in the cancelling transaction. */
  static Future<Void> cancel(SqlConnection conn, UUID enrollmentId, String by) {
    return Outbox.command(conn, "enrollment", BillingClient.CANCEL_INVOICE,
      new JsonObject().put("enrollment_id", enrollmentId.toString()), by);
  }
}

package verticles.bus;

import io.vertx.core.json.JsonObject;

/**
 * The one catalogue of error codes and their HTTP status. Starts from the seed's list (Error Codes
 * Reference) and adds what the product needs; a code's meaning never changes once published.
 */
public enum ErrorCode {
  AUTH_INVALID_CREDENTIALS(401),
  AUTH_USER_NOT_FOUND(404),
  AUTH_EMAIL_ALREADY_EXISTS(409),
  AUTH_INVALID_TOKEN(401),
  AUTH_REFRESH_TOKEN_EXPIRED(401),
  AUTH_UNAUTHORIZED(401),
  AUTH_FORBIDDEN(403),
  AUTH_PASSWORD_TOO_WEAK(400),
  AUTH_ACCOUNT_DISABLED(403),
  AUTH_TOO_MANY_ATTEMPTS(429),
  AUTH_LAST_ADMIN(409),
  /** A DIKE student number (NIM) another live account already has (issue 16). */
  AUTH_NIM_ALREADY_EXISTS(409),

  VALIDATION_ERROR(400),
  VALIDATION_REQUIRED_FIELD(400),
  VALIDATION_INVALID_EMAIL(400),
  VALIDATION_INVALID_PHONE(400),
  VALIDATION_INVALID_ENUM(400),
  VALIDATION_INVALID_DATE(400),
  VALIDATION_INVALID_JSON(400),
  VALIDATION_UNKNOWN_FIELD(400),
  /** A malformed percent-escape, bytes that are not UTF-8, a NUL or an unpaired surrogate. */
  VALIDATION_INVALID_ENCODING(400),

  ENROLLMENT_COURSE_INACTIVE(409),
  ENROLLMENT_COURSE_FULL(409),
  ENROLLMENT_ALREADY_EXISTS(409),
  ENROLLMENT_NOT_FOUND(404),
  ENROLLMENT_INVALID_STATUS(409),
  ENROLLMENT_UNAUTHORIZED(403),
  ENROLLMENT_PENDING_LIMIT(409),
  ENROLLMENT_INVALID_SCHEDULE(400),

  NOTIFY_TEMPLATE_NOT_FOUND(404),
  /** An admin's template that does not compile or uses a variable the template does not offer. */
  NOTIFY_TEMPLATE_INVALID(400),
  NOTIFY_MESSAGE_NOT_FOUND(404),
  ENROLLMENT_INVALID_STUDENT(400),
  ENROLLMENT_CONSENT_REQUIRED(400),
  CAPTCHA_INVALID(400),
  CAPTCHA_UNAVAILABLE(503),

  SCHEDULE_CONFLICT(409),
  SCHEDULE_INVALID_TIME(400),
  SCHEDULE_PAST_TIME(400),
  SCHEDULE_NOT_FOUND(404),
  SCHEDULE_CANNOT_DELETE(409),

  ATTENDANCE_ALREADY_MARKED(409),
  ATTENDANCE_SCHEDULE_NOT_FOUND(404),
  ATTENDANCE_STUDENT_NOT_ENROLLED(409),
  ATTENDANCE_INVALID_TIME(409),

  DB_CONNECTION_ERROR(503),
  DB_QUERY_ERROR(500),
  DB_CONSTRAINT_VIOLATION(409),
  DB_NOT_FOUND(404),

  SERVICE_UNAVAILABLE(503),
  SERVICE_TIMEOUT(504),
  SERVICE_INVALID_RESPONSE(502),

  CHAT_SESSION_NOT_FOUND(404),
  CHAT_SESSION_CLOSED(409),
  CHAT_WEBSOCKET_ERROR(400),

  REC_NO_COURSES_AVAILABLE(404),
  REC_GENERATION_FAILED(500),

  RATE_LIMIT_EXCEEDED(429),
  IDEMPOTENCY_KEY_REUSED(422),

  NOT_FOUND(404),
  METHOD_NOT_ALLOWED(405),
  PAYLOAD_TOO_LARGE(413),
  URI_TOO_LONG(414),
  RANGE_NOT_SATISFIABLE(416),
  EXPECTATION_FAILED(417),
  HEADERS_TOO_LARGE(431),
  /** A request the HTTP layer could not parse (bad request line, a header with a control character, …). */
  BAD_REQUEST(400),
  UNSUPPORTED_MEDIA_TYPE(415),
  INTERNAL_ERROR(500),

  // catalog
  COURSE_NOT_FOUND(404),
  COURSE_VERSION_CONFLICT(409),
  COURSE_IN_USE(409),
  COURSE_INVALID_INSTRUCTOR(400),
  COURSE_INSTRUCTOR_NOT_ASSIGNED(404),
  COURSE_INSTRUCTOR_IS_OWNER(409),

  // scheduling
  ROOM_NOT_FOUND(404),
  ROOM_NAME_TAKEN(409),
  ROOM_IN_USE(409),
  SCHEDULE_COURSE_INACTIVE(409),
  SCHEDULE_INVALID_INSTRUCTOR(400),
  SCHEDULE_SERIES_NOT_FOUND(404),
  ATTENDANCE_NOT_FOUND(404),
  /** A secret calendar feed URL that is unknown, was replaced by a newer one, or whose account is no longer active (issue 20). */
  CALENDAR_FEED_NOT_FOUND(404),
  // chat
  CHATGPT_API_ERROR(503),
  CHAT_SESSION_ASSIGNED(409),
  CHAT_INVALID_ASSIGNEE(400),
  // analytics
  ANALYTICS_INVALID_PERIOD(400),
  // coursework (issue 17, seed 003 §7)
  /** No such assignment, or one the caller may not see (students: a DRAFT or DELETED one). */
  ASSIGNMENT_NOT_FOUND(404),
  SUBMISSION_NOT_FOUND(404),
  /** The assignment's due date has passed and it does not allow late submissions. */
  SUBMISSION_PAST_DUE(400),
  /** A graded submission is final for its student: it cannot be replaced or changed. */
  SUBMISSION_ALREADY_GRADED(409),
  // ratings (issue 19, V28)
  /** Only a student marked present in the class may rate it. */
  RATING_NOT_ATTENDED(403),
  /** A student rates a class once. */
  RATING_ALREADY_SUBMITTED(409),
  // billing: packages and invoices (issue 18, w18a)
  /** The registration's {@code package_id} is no active package that includes the course (400 naming the field). */
  ENROLLMENT_INVALID_PACKAGE(400),
  PACKAGE_NOT_FOUND(404),
  /** An unpaid (or in-review) invoice still names the package: it cannot be deleted. */
  PACKAGE_IN_USE(409),
  /** No such invoice, or one the caller may not see (the same answer: ids reveal nothing). */
  INVOICE_NOT_FOUND(404),
  // payments (issue 18, billing: bank transfers, the gateway)
  /** The invoice is not in a state this payment step applies to ({@code details.status} says which it is in). */
  INVOICE_NOT_PAYABLE(409),
  /** A transfer proof of this invoice already waits for review (one at a time). */
  PAYMENT_PROOF_PENDING(409),
  /** The amount differs from the invoice's ({@code details.expected}, rupiah). */
  PAYMENT_AMOUNT_MISMATCH(422),
  /** The gateway has no server key ({@code billing.server_key}): no checkout, no notification accepted. */
  PAYMENT_GATEWAY_NOT_CONFIGURED(409),
  /** The gateway could not be reached or did not answer with a payment page ({@code details.reason}). */
  PAYMENT_GATEWAY_ERROR(502),
  /** A notification whose {@code signature_key} is not the gateway's. */
  PAYMENT_SIGNATURE_INVALID(403),
  /** A notification naming an order the academy never asked the gateway for. */
  PAYMENT_ORDER_NOT_FOUND(404);

  private final int status;

  ErrorCode(int status) {
    this.status = status;
  }

  public int status() {
    return status;
  }

  public ApiError error(String message) {
    return new ApiError(status, name(), message, null);
  }

  public ApiError error(String message, JsonObject details) {
    return new ApiError(status, name(), message, details);
  }

  /** A failure about one request field: "Invalid request: 'field' message", details.fields naming it. */
  public ApiError forField(String field, String message) {
    return error("Invalid request: '" + field + "' " + message, ApiError.fieldDetails(field, name(), message));
  }
}

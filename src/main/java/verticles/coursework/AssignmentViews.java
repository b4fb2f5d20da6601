package verticles.coursework;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import verticles.bus.Iso;
import verticles.bus.Languages;
import verticles.bus.LocalTimes;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * The JSON of assignments and submissions (seed 003 §7.3–7.4, snake_case). Every due date is shown three ways:
 * {@code due_date} (UTC, ISO-8601 with Z), {@code due_date_local} (Indonesian, the academy's zone: {@code 15 Mei 2025
 * pukul 01.00}) and {@code is_past_due} (the database clock: now() &gt; due_date). {@code status} is the shown one
 * (ACTIVE, EXPIRED = ACTIVE past its due date, DRAFT, DELETED).
 */
final class AssignmentViews {
  private final LocalTimes times;

  AssignmentViews(LocalTimes times) {
    this.times = times;
  }

  /**
   * An assignment: {id, course_id, title, description, due_date, due_date_local, is_past_due, points, resource_url,
   * allow_late, status, created_by, created_at, updated_at, published_at}, and for staff {@code submission_count}.
   */
  JsonObject assignment(Row row, boolean staff) {
    JsonObject a = new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("course_id", row.getUUID("course_id").toString())
      .put("title", row.getString("title"))
      .put("description", row.getString("description"));
    due(a, row.getOffsetDateTime("due_date"), row.getBoolean("is_past_due"));
    a.put("points", row.getInteger("points"))
      .put("resource_url", row.getString("resource_url"))
      .put("allow_late", row.getBoolean("allow_late"))
      .put("status", row.getString("status"))
      .put("created_by", id(row.getUUID("created_by")))
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("updated_at", Iso.of(row.getOffsetDateTime("updated_at")))
      .put("published_at", Iso.of(row.getOffsetDateTime("published_at")));
    if (staff) a.put("submission_count", row.getLong("submission_count"));
    return a;
  }

  /**
   * The summary of a submission's assignment (columns prefixed {@code a_}): {id, course_id, title, description,
   * due_date, due_date_local, is_past_due, points, resource_url, allow_late, status}.
   */
  JsonObject summary(Row row) {
    JsonObject a = new JsonObject()
      .put("id", row.getUUID("assignment_id").toString())
      .put("course_id", row.getUUID("a_course_id").toString())
      .put("title", row.getString("a_title"))
      .put("description", row.getString("a_description"));
    due(a, row.getOffsetDateTime("a_due_date"), row.getBoolean("a_is_past_due"));
    return a.put("points", row.getInteger("a_points"))
      .put("resource_url", row.getString("a_resource_url"))
      .put("allow_late", row.getBoolean("a_allow_late"))
      .put("status", row.getString("a_status"));
  }

  private void due(JsonObject into, OffsetDateTime due, boolean pastDue) {
    into.put("due_date", Iso.of(due))
      .put("due_date_local", times.dateTime(due.toInstant(), Languages.INDONESIAN))
      .put("is_past_due", pastDue);
  }

  /**
   * A submission: {id, assignment_id, user_id, file_url, content, status (SUBMITTED | LATE | GRADED), late,
   * submitted_at, score, feedback, graded_at, graded_by, created_at, updated_at} — from columns named with
   * {@code prefix} ("" or "my_").
   */
  static JsonObject submission(Row row, String prefix) {
    return new JsonObject()
      .put("id", row.getUUID(prefix + "id").toString())
      .put("assignment_id", row.getUUID(prefix + "assignment_id").toString())
      .put("user_id", row.getUUID(prefix + "student_id").toString())
      .put("file_url", row.getString(prefix + "file_url"))
      .put("content", row.getString(prefix + "content"))
      .put("status", row.getString(prefix + "status"))
      .put("late", row.getBoolean(prefix + "late"))
      .put("submitted_at", Iso.of(row.getOffsetDateTime(prefix + "submitted_at")))
      .put("score", row.getInteger(prefix + "score"))
      .put("feedback", row.getString(prefix + "feedback"))
      .put("graded_at", Iso.of(row.getOffsetDateTime(prefix + "graded_at")))
      .put("graded_by", id(row.getUUID(prefix + "graded_by")))
      .put("created_at", Iso.of(row.getOffsetDateTime(prefix + "created_at")))
      .put("updated_at", Iso.of(row.getOffsetDateTime(prefix + "updated_at")));
  }

  static JsonObject submission(Row row) {
    return submission(row, "");
  }

  /** The student of a submission, {id, name, email} (the names null when auth no longer knows the account). */
  static JsonObject user(String id, JsonObject account) {
    return new JsonObject().put("id", id)
      .put("name", account == null ? null : account.getString("full_name"))
      .put("email", account == null ? null : account.getString("email"));
  }

  /**
   * The data of {@code assignment.published} (seed event payload, {@code bus/Events}): {assignment_id, course_id,
   * title, description, due_date, due_date_local, points, resource_url, allow_late, published_at}.
   */
  static JsonObject published(JsonObject assignment) {
    return new JsonObject()
      .put("assignment_id", assignment.getString("id"))
      .put("course_id", assignment.getString("course_id"))
      .put("title", assignment.getString("title"))
      .put("description", assignment.getString("description"))
      .put("due_date", assignment.getString("due_date"))
      .put("due_date_local", assignment.getString("due_date_local"))
      .put("points", assignment.getInteger("points"))
      .put("resource_url", assignment.getString("resource_url"))
      .put("allow_late", assignment.getBoolean("allow_late"))
      .put("published_at", assignment.getString("published_at"));
  }

  /**
   * The data of {@code submission.created|updated|graded}: {submission_id, assignment_id, course_id, student_id,
   * status, late, submitted_at, score, graded_by, graded_at}.
   */
  static JsonObject event(JsonObject submission, String courseId) {
    return new JsonObject()
      .put("submission_id", submission.getString("id"))
      .put("assignment_id", submission.getString("assignment_id"))
      .put("course_id", courseId)
      .put("student_id", submission.getString("user_id"))
      .put("status", submission.getString("status"))
      .put("late", submission.getBoolean("late"))
      .put("submitted_at", submission.getString("submitted_at"))
      .put("score", submission.getInteger("score"))
      .put("graded_by", submission.getString("graded_by"))
      .put("graded_at", submission.getString("graded_at"));
  }

  private static String id(UUID id) {
    return id == null ? null : id.toString();
  }
}

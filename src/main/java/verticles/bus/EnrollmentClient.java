package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The enrollment verticle's internal addresses, for the other verticles. */
public final class EnrollmentClient extends InternalClient {
  public static final String IS_ENROLLED = "enrollment.internal.isEnrolled", ROSTERS = "enrollment.internal.rosters",
    ENROLLED_COUNTS = "enrollment.internal.enrolledCounts", COURSE_USAGE = "enrollment.internal.courseUsage",
    COURSE_ENROLLMENT_COUNTS = "enrollment.internal.courseEnrollmentCounts",
    STUDENT_IDS_OF_INSTRUCTOR = "enrollment.internal.studentIdsOfInstructor",
    STUDENT_PLACEMENTS = "enrollment.internal.studentPlacements", COURSE_STUDENTS = "enrollment.internal.courseStudents",
    PREFERENCES = "enrollment.internal.preferences", SEATS_TAKEN = "enrollment.internal.seatsTaken";

  /**
   * Payments (issue 18): {enrollment_id, paid_at (ISO)} → {enrollment_id, paid_at}: the enrollment is paid (the first
   * mark stays; 404 {@code ENROLLMENT_NOT_FOUND}). Billing sends it through its outbox ({@code Outbox.command}) in the
   * transaction that records the payment, so it is asked only after that commit, until acknowledged.
   */
  public static final String MARK_PAID = "enrollment.internal.markPaid";

  public EnrollmentClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /** Whether the student has an approved enrollment in the course. */
  public Future<Boolean> isEnrolled(String studentId, String courseId) {
    return ask(IS_ENROLLED, new JsonObject().put("student_id", studentId).put("course_id", courseId))
      .map(reply -> reply.getBoolean("enrolled", false));
  }

  /**
   * The language to write to the student in about the course ({@code "id"|"en"}): the one of their latest registration
   * for it (approved first, V14); Indonesian when they have none.
   */
  public Future<String> language(String studentId, String courseId) {
    return ask(IS_ENROLLED, new JsonObject().put("student_id", studentId).put("course_id", courseId))
      .map(reply -> reply.getString("language") == null ? Languages.INDONESIAN : reply.getString("language"));
  }

  /** Approved students placed on each of the classes: {schedule_id: [student_id…]}. */
  public Future<Map<String, List<String>>> rosters(Collection<String> scheduleIds) {
    if (scheduleIds.isEmpty()) return Future.succeededFuture(Map.of());
    return ask(ROSTERS, new JsonObject().put("schedule_ids", ids(scheduleIds))).map(EnrollmentClient::rostersOf);
  }

  /**
   * {@link #rosters} with the language each student is written to in ({@code "id"|"en"}): the one of their latest
   * registration placed on any of these classes ({@code enrollment.enrollments.language}, V14).
   */
  public record Rosters(Map<String, List<String>> students, Map<String, String> languages) {
  }

  /** The rosters of the classes with each student's language (the class reminders). */
  public Future<Rosters> rostersWithLanguages(Collection<String> scheduleIds) {
    if (scheduleIds.isEmpty()) return Future.succeededFuture(new Rosters(Map.of(), Map.of()));
    return ask(ROSTERS, new JsonObject().put("schedule_ids", ids(scheduleIds)).put("languages", true)).map(reply -> {
      Map<String, String> languages = new HashMap<>();
      reply.getJsonObject("languages", new JsonObject()).forEach(e -> languages.put(e.getKey(), (String) e.getValue()));
      return new Rosters(rostersOf(reply), languages);
    });
  }

  private static Map<String, List<String>> rostersOf(JsonObject reply) {
    Map<String, List<String>> rosters = new HashMap<>();
    JsonObject all = reply.getJsonObject("rosters", new JsonObject());
    for (String id : all.fieldNames()) rosters.put(id, strings(all.getJsonArray(id)));
    return rosters;
  }

  /** Approved students placed on each of the classes: {schedule_id: n}. */
  public Future<Map<String, Long>> enrolledCounts(Collection<String> scheduleIds) {
    if (scheduleIds.isEmpty()) return Future.succeededFuture(Map.of());
    return ask(ENROLLED_COUNTS, new JsonObject().put("schedule_ids", ids(scheduleIds))).map(reply -> {
      Map<String, Long> counts = new HashMap<>();
      JsonObject all = reply.getJsonObject("counts", new JsonObject());
      for (String id : all.fieldNames()) counts.put(id, all.getLong(id, 0L));
      return counts;
    });
  }

  /** How many registrations refer to the course. */
  public Future<Long> courseUsage(String courseId) {
    return ask(COURSE_USAGE, new JsonObject().put("course_id", courseId)).map(reply -> reply.getLong("enrollments", 0L));
  }

  /** Registrations per course: [{course_id, count}]. */
  public Future<JsonArray> courseEnrollmentCounts() {
    return ask(COURSE_ENROLLMENT_COUNTS, new JsonObject()).map(reply -> reply.getJsonArray("counts", new JsonArray()));
  }

  /** The students of an instructor's courses and classes. */
  public Future<Set<String>> studentIdsOfInstructor(String instructorId) {
    return ask(STUDENT_IDS_OF_INSTRUCTOR, new JsonObject().put("instructor_id", instructorId))
      .map(reply -> new LinkedHashSet<>(strings(reply.getJsonArray("student_ids"))));
  }

  /** The student's approved placements [{course_id, schedule_id|null}]. */
  public Future<List<JsonObject>> studentPlacements(String studentId) {
    return ask(STUDENT_PLACEMENTS, new JsonObject().put("student_id", studentId))
      .map(reply -> new ArrayList<>(objects(reply.getJsonArray("placements"))));
  }

  /**
   * The course's approved students, each with the language they are written to in ({@code "id"|"en"}: the one of their
   * approved registration, {@code enrollment.enrollments.language}, V14): {student_id: language}, in registration
   * order. For coursework's assignment announcements and due-date reminders.
   */
  public Future<Map<String, String>> courseStudents(String courseId) {
    return ask(COURSE_STUDENTS, new JsonObject().put("course_id", courseId)).map(reply -> {
      Map<String, String> students = new LinkedHashMap<>();
      reply.getJsonObject("students", new JsonObject()).forEach(e -> students.put(e.getKey(), (String) e.getValue()));
      return students;
    });
  }

  /**
   * A registration's placement preferences in any status: {id, registration_number, status, course_id, student_id,
   * schedule_id, experience_level, preferred_days, preferred_time_range {start, end} | null, start_date_target | null};
   * fails 404 {@code ENROLLMENT_NOT_FOUND}. The caller decides who may see it.
   */
  public Future<JsonObject> preferences(String enrollmentId) {
    return ask(PREFERENCES, new JsonObject().put("id", enrollmentId));
  }

  /** The seats approvals hold per course: {course_id: n} (absent = none taken). */
  public Future<Map<String, Long>> seatsTaken(Collection<String> courseIds) {
    if (courseIds.isEmpty()) return Future.succeededFuture(Map.of());
    return ask(SEATS_TAKEN, new JsonObject().put("course_ids", ids(courseIds))).map(reply -> {
      Map<String, Long> taken = new HashMap<>();
      JsonObject all = reply.getJsonObject("taken", new JsonObject());
      for (String id : all.fieldNames()) taken.put(id, all.getLong(id, 0L));
      return taken;
    });
  }
}

package verticles.analytics;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every figure of the analytics views over {@link KnownAcademy}, their access rules and their CSV form. */
class AnalyticsTest {
  private static KnownAcademy a;

  @BeforeAll
  static void seed() {
    a = KnownAcademy.seed();
  }

  private static Response get(String op, String token) {
    return Api.get().call(op).token(token).send();
  }

  private static Response get(String op, String id, String token) {
    return Api.get().call(op).path("id", id).token(token).send();
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code(), r.toString());
  }

  /**
   * A CSV answer. Sent raw: the contract declares only the JSON body of these operations (vertx-openapi refuses
   * text/csv as a response media type), so the helper's contract check would refuse any CSV; the tests assert
   * the exact document instead.
   */
  private static Response csv(String path, String accept) {
    return csv(path, accept, a.adminToken);
  }

  private static Response csv(String path, String accept, String token) {
    io.vertx.core.MultiMap headers = io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Authorization", "Bearer " + token);
    if (accept != null) headers.add("Accept", accept);
    return Api.get().raw(io.vertx.core.http.HttpMethod.GET, path, headers, null);
  }

  // --- dashboard --------------------------------------------------------------------------------

  @Test
  void dashboardCountsEveryFigureInJakartaMonthsAndDays() {
    Response r = get("analytics.dashboard", a.adminToken);
    assertEquals(200, r.status(), r.toString());
    JsonObject expected = new JsonObject()
      // S1 (1 min into this Jakarta month, still last month in UTC) and S3 are new; S2 is a minute too early
      .put("students", new JsonObject().put("total", 4).put("new_this_month", 2).put("active", 3))
      .put("instructors", new JsonObject().put("total", 3).put("active", 2))
      .put("courses", new JsonObject().put("total", 3).put("active", 2))
      .put("enrollments", new JsonObject().put("total", 7).put("pending", 1).put("approved_this_month", 2))
      // F1 and F2 (F3 cancelled); today = T1
      .put("schedules", new JsonObject().put("upcoming", 2).put("today", 1))
      // 6 of 7 marks attended = 0.857142…
      .put("attendance", new JsonObject().put("overall_rate", 0.8571).put("today", 1))
      // the money received (KnownAcademy's payments): E2 1 000 000 + E1 500 000 + E5 400 000 (this month); E7 refunded
      .put("revenue", new JsonObject().put("total", 1_900_000).put("this_month", 400_000))
      .put("enrollment_trend", lastTwelveMonths());
    assertEquals(expected, r.data());
  }

  /**
   * The overview's trend: every registration by its Jakarta month — E2 and E6 (23:00 on 31 January in Jakarta)
   * in January; E1 (registered 2026-01-31T18:00Z, already 1 February there), E3 and E5 in February; E4 and E7
   * in March — over the current Jakarta month and the 11 before it, oldest first.
   */
  private static JsonArray lastTwelveMonths() {
    java.util.Map<String, Integer> registrations = java.util.Map.of("2026-01", 2, "2026-02", 3, "2026-03", 2);
    java.time.YearMonth now = java.time.YearMonth.now(KnownAcademy.JAKARTA);
    JsonArray months = new JsonArray();
    for (int back = 11; back >= 0; back--) {
      String month = now.minusMonths(back).toString();
      months.add(new JsonObject().put("month", month).put("count", registrations.getOrDefault(month, 0)));
    }
    return months;
  }

  @Test
  void dashboardIsForAdminsOnly() {
    assertError(get("analytics.dashboard", a.i1Token), 403, "AUTH_FORBIDDEN");
    assertError(get("analytics.dashboard", a.s1Token), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("analytics.dashboard").send(), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void dashboardAsCsvByQueryOrAcceptHeader() {
    String expected = String.join("\r\n",
      "metric,value",
      "students.total,4", "students.new_this_month,2", "students.active,3",
      "instructors.total,3", "instructors.active,2",
      "courses.total,3", "courses.active,2",
      "enrollments.total,7", "enrollments.pending,1", "enrollments.approved_this_month,2",
      "schedules.upcoming,2", "schedules.today,1",
      "attendance.overall_rate,0.8571", "attendance.today,1",
      "revenue.total,1900000", "revenue.this_month,400000") + "\r\n"
      + lastTwelveMonths().stream().map(m -> "enrollment_trend." + ((JsonObject) m).getString("month") + ".count,"
        + ((JsonObject) m).getInteger("count") + "\r\n").collect(java.util.stream.Collectors.joining());
    Response byQuery = csv("/api/analytics/dashboard?format=csv", null);
    assertEquals(200, byQuery.status(), byQuery.toString());
    assertEquals("text/csv; charset=utf-8", byQuery.header("Content-Type"));
    assertEquals(expected, byQuery.text());

    Response byAccept = csv("/api/analytics/dashboard", "text/csv");
    assertEquals("text/csv; charset=utf-8", byAccept.header("Content-Type"));
    assertEquals(expected, byAccept.text());

    Response forcedJson = Api.get().call("analytics.dashboard").token(a.adminToken).header("Accept", "text/csv")
      .query("format", "json").send();
    assertEquals(4, forcedJson.data().getJsonObject("students").getInteger("total"));
  }

  // --- course -----------------------------------------------------------------------------------

  private static Response course(String token, String start, String end) {
    Api.Call call = Api.get().call("analytics.course").path("id", a.c1).token(token);
    if (start != null) call.query("start_date", start);
    if (end != null) call.query("end_date", end);
    return call.send();
  }

  @Test
  void courseFiguresInAPeriodWithAJakartaMonthBoundary() {
    Response r = course(a.adminToken, "2026-01-01", "2026-02-28");
    assertEquals(200, r.status(), r.toString());
    JsonObject expected = new JsonObject()
      .put("course", new JsonObject().put("id", a.c1).put("title", "Piano").put("level", "beginner"))
      .put("period", new JsonObject().put("start_date", "2026-01-01").put("end_date", "2026-02-28"))
      // E2 (January), E1 (2026-01-31T18:00Z = 1 February in Jakarta), E3; E4 is March
      .put("stats", new JsonObject().put("total_enrollments", 3).put("approved_enrollments", 2)
        .put("pending_enrollments", 1).put("rejected_enrollments", 0)
        // P1, P2 (P3 cancelled), both held; 3 of 4 marks attended; paid: E2 (31 January) + E1 (1 February in Jakarta)
        .put("total_schedules", 2).put("total_sessions_held", 2).put("average_attendance_rate", 0.75)
        .put("revenue", 1_500_000))
      .put("enrollment_trend", new JsonArray()
        .add(new JsonObject().put("month", "2026-01").put("count", 1))
        .add(new JsonObject().put("month", "2026-02").put("count", 2)));
    assertEquals(expected, r.data());
  }

  @Test
  void aShorterPeriodLeavesOutWhatJakartaDatesAfterIt() {
    Response r = course(a.adminToken, "2026-01-01", "2026-01-31");
    assertEquals(200, r.status(), r.toString());
    // E1 was registered at 01:00 on 1 February in Jakarta, and paid at 00:30 on 1 February there: outside January
    assertEquals(new JsonObject().put("total_enrollments", 1).put("approved_enrollments", 1)
      .put("pending_enrollments", 0).put("rejected_enrollments", 0).put("total_schedules", 1)
      .put("total_sessions_held", 1).put("average_attendance_rate", 1.0).put("revenue", 1_000_000),
      r.data().getJsonObject("stats"));
    assertEquals(new JsonArray().add(new JsonObject().put("month", "2026-01").put("count", 1)),
      r.data().getJsonArray("enrollment_trend"));

    Response march = course(a.adminToken, "2026-03-01", "2026-04-30");
    assertEquals(new JsonObject().put("total_enrollments", 1).put("approved_enrollments", 0)
      .put("pending_enrollments", 0).put("rejected_enrollments", 1).put("total_schedules", 0)
      .put("total_sessions_held", 0).putNull("average_attendance_rate").put("revenue", 0),
      march.data().getJsonObject("stats"));
    assertEquals(new JsonArray().add(new JsonObject().put("month", "2026-03").put("count", 1))
      .add(new JsonObject().put("month", "2026-04").put("count", 0)), march.data().getJsonArray("enrollment_trend"));
  }

  @Test
  void theDefaultPeriodIsTheYearUntilTodayInJakarta() {
    Response r = course(a.adminToken, null, null);
    assertEquals(200, r.status(), r.toString());
    LocalDate today = LocalDate.now(KnownAcademy.JAKARTA);
    assertEquals(new JsonObject().put("start_date", today.withDayOfYear(1).toString()).put("end_date", today.toString()),
      r.data().getJsonObject("period"));
    JsonArray trend = r.data().getJsonArray("enrollment_trend");
    assertEquals(today.getMonthValue(), trend.size());
    assertEquals(today.toString().substring(0, 7), trend.getJsonObject(trend.size() - 1).getString("month"));
  }

  @Test
  void courseAnalyticsAreForAdminsAndTheCoursesInstructors() {
    assertEquals(200, course(a.i1Token, "2026-01-01", "2026-02-28").status());
    assertError(course(a.i2Token, "2026-01-01", "2026-02-28"), 403, "AUTH_FORBIDDEN");
    assertError(course(a.s1Token, null, null), 403, "AUTH_FORBIDDEN");
    // I2 was assigned to Drums (an admin scheduled them there, P5) without owning it
    assertEquals(200, Api.get().call("analytics.course").path("id", a.c3).token(a.i2Token).send().status());
    assertError(Api.get().call("analytics.course").path("id", java.util.UUID.randomUUID().toString())
      .token(a.adminToken).send(), 404, "COURSE_NOT_FOUND");
    assertError(course(a.adminToken, "2026-03-01", "2026-02-01"), 400, "ANALYTICS_INVALID_PERIOD");
    assertError(course(a.adminToken, "2000-01-01", "2026-02-01"), 400, "ANALYTICS_INVALID_PERIOD");
    assertEquals(400, course(a.adminToken, "01/02/2026", null).status());
  }

  @Test
  void courseAsCsv() {
    Response r = csv("/api/analytics/courses/" + a.c1 + "?start_date=2026-01-01&end_date=2026-02-28&format=csv", null);
    assertEquals(200, r.status(), r.toString());
    assertEquals("text/csv; charset=utf-8", r.header("Content-Type"));
    assertEquals(String.join("\r\n", "metric,value",
      "course.id," + a.c1, "course.title,Piano", "course.level,beginner",
      "period.start_date,2026-01-01", "period.end_date,2026-02-28",
      "stats.total_enrollments,3", "stats.approved_enrollments,2", "stats.pending_enrollments,1",
      "stats.rejected_enrollments,0", "stats.total_schedules,2", "stats.total_sessions_held,2",
      "stats.average_attendance_rate,0.75", "stats.revenue,1500000",
      "enrollment_trend.2026-01.count,1", "enrollment_trend.2026-02.count,2") + "\r\n", r.text());
  }

  // --- student ----------------------------------------------------------------------------------

  @Test
  void studentFigures() {
    Response s1 = get("analytics.student", a.s1, a.s1Token);
    assertEquals(200, s1.status(), s1.toString());
    assertEquals(new JsonObject()
      .put("student", new JsonObject().put("id", a.s1).put("full_name", "Siti Satu"))
      // Piano still has a class to come (F1): active, not completed
      .put("enrollments", new JsonObject().put("total", 1).put("active", 1).put("completed", 0).put("pending", 0))
      .put("attendance", new JsonObject().put("total_classes", 3).put("attended", 3).put("absent", 0)
        .put("attendance_rate", 1.0))
      .put("assignments", new JsonObject().put("assigned", 0).put("submitted", 0).put("late", 0).put("graded", 0)
        .putNull("average_score")) // no coursework in this academy (StudentAssignmentsTest has some)
      .put("courses", new JsonArray().add(new JsonObject().put("course_id", a.c1).put("title", "Piano")
        .put("enrollment_date", "2026-02-01").put("attendance_rate", 1.0).put("classes_attended", 3)
        .put("total_classes", 3))), s1.data());

    Response s2 = get("analytics.student", a.s2, a.adminToken);
    assertEquals(new JsonObject()
      .put("student", new JsonObject().put("id", a.s2).put("full_name", "Sari Dua"))
      .put("enrollments", new JsonObject().put("total", 2).put("active", 1).put("completed", 0).put("pending", 0))
      .put("attendance", new JsonObject().put("total_classes", 3).put("attended", 2).put("absent", 1)
        .put("attendance_rate", 0.6667))
      .put("assignments", new JsonObject().put("assigned", 0).put("submitted", 0).put("late", 0).put("graded", 0)
        .putNull("average_score")) // no coursework in this academy (StudentAssignmentsTest has some)
      .put("courses", new JsonArray().add(new JsonObject().put("course_id", a.c1).put("title", "Piano")
        .put("enrollment_date", "2026-01-15").put("attendance_rate", 0.5).put("classes_attended", 1)
        .put("total_classes", 2))), s2.data());

    Response s3 = get("analytics.student", a.s3, a.s3Token);
    assertEquals(new JsonObject()
      .put("student", new JsonObject().put("id", a.s3).put("full_name", "Sinta Tiga"))
      // Drums had its only class (P5) and nothing is to come: completed
      .put("enrollments", new JsonObject().put("total", 3).put("active", 1).put("completed", 1).put("pending", 1))
      .put("attendance", new JsonObject().put("total_classes", 1).put("attended", 1).put("absent", 0)
        .put("attendance_rate", 1.0))
      .put("assignments", new JsonObject().put("assigned", 0).put("submitted", 0).put("late", 0).put("graded", 0)
        .putNull("average_score")) // no coursework in this academy (StudentAssignmentsTest has some)
      .put("courses", new JsonArray()
        .add(new JsonObject().put("course_id", a.c2).put("title", "Guitar").put("enrollment_date", "2026-02-01")
          .put("attendance_rate", 1.0).put("classes_attended", 1).put("total_classes", 1))
        .add(new JsonObject().put("course_id", a.c3).put("title", "Drums").put("enrollment_date", "2026-03-04")
          .putNull("attendance_rate").put("classes_attended", 0).put("total_classes", 0))), s3.data());
  }

  @Test
  void studentAnalyticsAreForTheStudentTheirInstructorsAndAdmins() {
    assertError(get("analytics.student", a.s2, a.s1Token), 403, "AUTH_FORBIDDEN");
    assertEquals(200, get("analytics.student", a.s1, a.i1Token).status(), "S1 learns Piano with I1");
    assertError(get("analytics.student", a.s1, a.i2Token), 403, "AUTH_FORBIDDEN");
    assertEquals(200, get("analytics.student", a.s2, a.i2Token).status(), "I2 marked S2 in P4");
    assertError(get("analytics.student", a.i1, a.adminToken), 404, "AUTH_USER_NOT_FOUND");
    assertError(Api.get().call("analytics.student").path("id", "not-a-uuid").token(a.adminToken).send(), 400,
      "VALIDATION_ERROR");
  }

  @Test
  void studentAsCsvNamesCourseRowsByCourseId() {
    Response r = csv("/api/analytics/students/" + a.s1, "text/csv", a.s1Token);
    assertEquals(200, r.status(), r.toString());
    assertEquals(String.join("\r\n", "metric,value",
      "student.id," + a.s1, "student.full_name,Siti Satu",
      "enrollments.total,1", "enrollments.active,1", "enrollments.completed,0", "enrollments.pending,0",
      "attendance.total_classes,3", "attendance.attended,3", "attendance.absent,0", "attendance.attendance_rate,1.0",
      "assignments.assigned,0", "assignments.submitted,0", "assignments.late,0", "assignments.graded,0",
      "assignments.average_score,",
      "courses." + a.c1 + ".title,Piano", "courses." + a.c1 + ".enrollment_date,2026-02-01",
      "courses." + a.c1 + ".attendance_rate,1.0", "courses." + a.c1 + ".classes_attended,3",
      "courses." + a.c1 + ".total_classes,3") + "\r\n", r.text());
  }

  // --- instructor -------------------------------------------------------------------------------

  @Test
  void instructorFigures() {
    Response i1 = get("analytics.instructor", a.i1, a.i1Token);
    assertEquals(200, i1.status(), i1.toString());
    assertEquals(new JsonObject()
      .put("instructor", new JsonObject().put("id", a.i1).put("full_name", "Ina Piano"))
      .put("courses_taught", 1).put("total_students", 2)
      // P1, P2, T1, F1 (P3 cancelled); held: P1, P2, T1; 4 of 5 marks attended
      .put("total_schedules", 4).put("total_sessions_held", 3).put("average_attendance_rate", 0.8)
      .putNull("rating")
      .put("courses", new JsonArray().add(new JsonObject().put("course_id", a.c1).put("title", "Piano")
        .put("students_enrolled", 2).put("sessions_held", 3).put("attendance_rate", 0.8))), i1.data());

    Response i2 = get("analytics.instructor", a.i2, a.adminToken);
    assertEquals(new JsonObject()
      .put("instructor", new JsonObject().put("id", a.i2).put("full_name", "Joko Gitar"))
      // Guitar (owned) and Drums (teaches P5); S3 is approved in both, S2's Guitar registration is cancelled
      .put("courses_taught", 2).put("total_students", 1)
      .put("total_schedules", 3).put("total_sessions_held", 2).put("average_attendance_rate", 1.0)
      .putNull("rating")
      .put("courses", new JsonArray()
        .add(new JsonObject().put("course_id", a.c3).put("title", "Drums").put("students_enrolled", 1)
          .put("sessions_held", 1).putNull("attendance_rate"))
        .add(new JsonObject().put("course_id", a.c2).put("title", "Guitar").put("students_enrolled", 1)
          .put("sessions_held", 1).put("attendance_rate", 1.0))), i2.data());
  }

  @Test
  void instructorAnalyticsAreForTheInstructorAndAdmins() {
    assertError(get("analytics.instructor", a.i2, a.i1Token), 403, "AUTH_FORBIDDEN");
    assertError(get("analytics.instructor", a.i1, a.s1Token), 403, "AUTH_FORBIDDEN");
    assertError(get("analytics.instructor", a.s1, a.adminToken), 404, "AUTH_USER_NOT_FOUND");
    assertError(get("analytics.instructor", a.i3, a.i1Token), 403, "AUTH_FORBIDDEN");
    assertEquals(200, get("analytics.instructor", a.i3, a.adminToken).status(), "a pending instructor has figures too");
  }

  // --- the views --------------------------------------------------------------------------------

  @Test
  void theAnalyticsViewsRefuseWrites() {
    for (String write : new String[] {
      "UPDATE analytics.courses SET title = 'x'",
      "DELETE FROM analytics.users",
      "INSERT INTO analytics.enrollments (id) VALUES (gen_random_uuid())",
      "UPDATE analytics.schedules SET status = 'cancelled'",
      "DELETE FROM analytics.attendance"}) {
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> TestApp.sql(write), write);
      assertTrue(e.getCause().getMessage().contains("read-only"), e.getCause().getMessage());
    }
  }
}

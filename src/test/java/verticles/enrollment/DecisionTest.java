package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static verticles.TestApp.count;
import static verticles.enrollment.Academy.key;
import static verticles.enrollment.Academy.register;
import static verticles.enrollment.Academy.registration;

/** Approving within capacity, rejecting, cancelling, expiring; who sees which registration; the booking paths. */
class DecisionTest {
  static final String PASSWORD = "Member-Pass-42";
  String admin;
  String course;

  @BeforeEach
  void reset() {
    Academy.reset();
    admin = Academy.admin();
    course = Academy.course(admin, "Guitar for Beginners", 5);
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  private String registered(String email) {
    return registered(course, email);
  }

  private String registered(String courseId, String email) {
    Response r = register(registration(courseId, email, key())).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("enrollment_id");
  }

  private Api.Call decide(String op, String id, String token) {
    return Api.get().call(op).path("id", id).token(token);
  }

  /** A student account that can log in, with its own (booked) registration for the course: {enrollment id, token}. */
  private String[] studentWithRegistration(String email) {
    TestUsers.create("student", email, STUDENT_PASSWORD, "active");
    String token = TestUsers.login(email, STUDENT_PASSWORD).getString("access_token");
    Response booked = Api.get().call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)).send();
    assertEquals(201, booked.status(), booked.toString());
    return new String[]{booked.data().getString("enrollment_id"), token};
  }

  private static final String STUDENT_PASSWORD = "Siswa-Rahasia-2026";

  /**
   * Issue 14.2: a stranger's public registration with an existing student's email changes nothing on that account
   * and does not appear in the student's own list; only the admin's approval links it (and still changes no
   * profile data).
   */
  @Test
  void aPublicRegistrationNeverTouchesAnExistingAccount() {
    String[] budi = studentWithRegistration("budi@example.com");
    String studentId = Academy.string("SELECT id::text FROM auth.users WHERE email = 'budi@example.com'");
    TestApp.sql("INSERT INTO auth.student_profiles (user_id, parent_name, parent_phone_number) VALUES ('" + studentId
      + "', 'Ibu Asli', '+628122222222')");
    String other = Academy.course(admin, "Biola", 5);
    String stranger = registered(other, "BUDI@example.com");
    assertEquals(1, count("SELECT count(*) FROM auth.student_profiles WHERE parent_name = 'Ibu Asli' "
      + "AND parent_phone_number = '+628122222222'"), "guardian data unchanged");
    assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'budi@example.com' AND full_name <> 'Budi Santoso'"));
    Response mine = Api.get().call("enrollment.listMine").token(budi[1]).send();
    assertEquals(1, mine.data().getJsonArray("enrollments").size(), mine.toString());
    assertError(decide("enrollment.get", stranger, budi[1]).send(), 404, "ENROLLMENT_NOT_FOUND");

    Response linked = decide("enrollment.approve", stranger, admin).send();
    assertEquals(200, linked.status(), linked.toString());
    assertEquals(new JsonObject().put("id", studentId).put("account", "existing"), linked.data().getJsonObject("student"),
      "the admin is told the registration joined an existing account");
    assertEquals(studentId, Academy.string("SELECT student_id::text FROM enrollment.enrollments WHERE id = '" + stranger + "'"));
    assertEquals(1, count("SELECT count(*) FROM auth.student_profiles WHERE parent_name = 'Ibu Asli'"), "still unchanged");
  }

  /**
   * Review of issue 14: a stranger filling the anonymous form with a student's address (three pending, or one for
   * the very course) does not block that student's own bookings or an admin's direct enrollment.
   */
  @Test
  void aStrangerCannotBlockAStudentsOwnEnrollments() {
    TestUsers.create("student", "siti@example.com", STUDENT_PASSWORD, "active");
    String siti = Academy.string("SELECT id::text FROM auth.users WHERE email = 'siti@example.com'");
    String token = TestUsers.login("siti@example.com", STUDENT_PASSWORD).getString("access_token");
    for (int i = 0; i < 3; i++) registered(Academy.course(admin, "Spam " + i, 5), "SITI+spam@Example.com.");
    String stranger = registered("siti@example.com"); // refused (cap reached): neutral answer, no row
    assertEquals(3, count("SELECT count(*) FROM enrollment.enrollments WHERE email_key = 'siti@example.com'"));
    Response booked = Api.get().call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)).send();
    assertEquals(201, booked.status(), booked.toString());
    String other = Academy.course(admin, "Biola", 5);
    Response direct = Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", siti).put("course_id", other)).send();
    assertEquals(201, direct.status(), direct.toString());
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments WHERE id::text = '" + stranger + "'"));
  }

  /** Review of issue 14: an idempotency key is the caller's: another account's identical key books for that account. */
  @Test
  void bookingKeysBelongToTheirAccount() {
    TestUsers.create("student", "one@example.com", STUDENT_PASSWORD, "active");
    TestUsers.create("student", "two@example.com", STUDENT_PASSWORD, "active");
    JsonObject body = new JsonObject().put("course_id", course).put("idempotency_key", "my-booking-key-1");
    Response one = Api.get().call("enrollment.createBooking").token(TestUsers.login("one@example.com", STUDENT_PASSWORD)
      .getString("access_token")).body(body).send();
    Response two = Api.get().call("enrollment.createBooking").token(TestUsers.login("two@example.com", STUDENT_PASSWORD)
      .getString("access_token")).body(body).send();
    assertEquals(201, one.status(), one.toString());
    assertEquals(201, two.status(), two.toString());
    assertEquals("two@example.com", two.data().getJsonObject("student_data").getString("email"));
    assertEquals(2, count("SELECT count(DISTINCT student_id) FROM enrollment.enrollments"));
  }

  /** Review of issue 14: an approval that cannot succeed creates no account from the registration. */
  @Test
  void aRefusedApprovalCreatesNoAccount() {
    String small = Academy.course(admin, "Privat", 1);
    String first = registered(small, "first@example.com");
    String ghost = registered(small, "ghost@example.com");
    Response ok = decide("enrollment.approve", first, admin).send();
    assertEquals("created", ok.data().getJsonObject("student").getString("account"), ok.toString());
    assertError(decide("enrollment.approve", ghost, admin).send(), 409, "ENROLLMENT_COURSE_FULL");
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE email = 'ghost@example.com'"));
  }

  /** Approving a public registration with an unknown email creates the student account from the registration. */
  @Test
  void approvalCreatesTheStudentFromTheRegistration() {
    String id = registered("sari@example.com");
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE email = 'sari@example.com'"));
    Response ok = decide("enrollment.approve", id, admin).send();
    assertEquals(200, ok.status(), ok.toString());
    assertEquals(1, count("SELECT count(*) FROM auth.users u JOIN auth.student_profiles p ON p.user_id = u.id "
      + "WHERE u.email = 'sari@example.com' AND u.role = 'student' AND p.parent_name = 'Ibu Rina'"));
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments e JOIN auth.users u ON u.id = e.student_id "
      + "WHERE e.id = '" + id + "' AND u.email = 'sari@example.com'"));
    // a staff email cannot be approved into a student
    String staff = registered(Academy.course(admin, "Cello", 5), TestApp.ADMIN_EMAIL);
    assertError(decide("enrollment.approve", staff, admin).send(), 409, "AUTH_EMAIL_ALREADY_EXISTS");
  }

  /**
   * Issue 14.6: one student approved twice in one course plus an admin direct enrollment took 3 of 3 seats. A
   * student holds at most one pending or approved enrollment per course (a database index); repeats are 409.
   */
  @Test
  void aStudentHoldsOneActiveEnrollmentPerCourse() {
    String first = registered("budi@example.com");
    assertEquals(200, decide("enrollment.approve", first, admin).send().status());
    String studentId = Academy.string("SELECT student_id::text FROM enrollment.enrollments WHERE id = '" + first + "'");
    // a second public registration is possible (the first is no longer pending) but cannot be approved
    String second = registered("budi@example.com");
    assertError(decide("enrollment.approve", second, admin).send(), 409, "ENROLLMENT_ALREADY_EXISTS");
    Response direct = Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", studentId).put("course_id", course)).send();
    assertError(direct, 409, "ENROLLMENT_ALREADY_EXISTS");
    TestUsers.create("student", "own@example.com", STUDENT_PASSWORD, "active");
    String token = TestUsers.login("own@example.com", STUDENT_PASSWORD).getString("access_token");
    assertEquals(201, Api.get().call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)).send().status());
    assertError(Api.get().call("enrollment.createBooking").token(token).body(new JsonObject().put("course_id", course)).send(),
      409, "ENROLLMENT_ALREADY_EXISTS");
    assertEquals(1, count("SELECT taken FROM enrollment.course_seats"));
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments WHERE student_id = '" + studentId
      + "' AND status IN ('pending', 'approved')"));
  }

  @Test
  void approveFollowsTheStateMachine() {
    String id = registered("budi@example.com");
    Response ok = decide("enrollment.approve", id, admin).header("Accept-Language", "en").send();
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("approved", ok.data().getString("status"));
    assertEquals("Enrollment approved successfully", ok.json().getString("message"));
    assertError(decide("enrollment.approve", id, admin).send(), 409, "ENROLLMENT_INVALID_STATUS");
    assertError(decide("enrollment.reject", id, admin).send(), 409, "ENROLLMENT_INVALID_STATUS");
    assertError(decide("enrollment.approve", UUID.randomUUID().toString(), admin).send(), 404, "ENROLLMENT_NOT_FOUND");
    assertEquals(1, count("SELECT taken FROM enrollment.course_seats"));
    assertEquals(1, count("SELECT count(*) FROM enrollment.outbox WHERE event_type = 'enrollment.approved' AND published_at IS NOT NULL"));
  }

  @Test
  void approvalsAreMirroredToRedisPubSub() {
    io.vertx.redis.client.RedisConnection conn = TestApp.await(io.vertx.redis.client.Redis.createClient(
      TestApp.get().vertx(), TestApp.config().getJsonObject("redis").getString("url")).connect());
    io.vertx.core.Promise<JsonObject> received = io.vertx.core.Promise.promise();
    conn.handler(message -> {
      // pub/sub pushes arrive as ["message", channel, payload]
      if (message.size() == 3 && "message".equals(message.get(0).toString())) {
        received.tryComplete(new JsonObject(message.get(2).toString()));
      }
    });
    try {
      TestApp.await(conn.send(io.vertx.redis.client.Request.cmd(io.vertx.redis.client.Command.SUBSCRIBE)
        .arg("enrollment.approved")));
      String id = registered("budi@example.com");
      assertEquals(200, decide("enrollment.approve", id, admin).send().status());
      JsonObject event = TestApp.await(received.future());
      assertEquals("enrollment.approved", event.getString("event_type"));
      assertEquals(id, event.getJsonObject("data").getString("enrollment_id"));
      assertEquals("enrollment", event.getJsonObject("metadata").getString("source_service"));
    } finally {
      conn.close();
    }
  }

  @Test
  void thirtyConcurrentApprovalsOnAFiveSeatCourseApproveExactlyFive() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 30; i++) ids.add(registered("student" + i + "@example.com"));
    List<Api.Call> calls = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (String id : ids) {
      Api.Call call = decide("enrollment.approve", id, admin);
      calls.add(call);
      sent.add(call.sendAsync());
    }
    TestApp.await(Future.join(sent));
    int approved = 0;
    for (int i = 0; i < 30; i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      if (r.status() == 200) approved++;
      else assertEquals("ENROLLMENT_COURSE_FULL", r.code(), r.toString());
    }
    assertEquals(5, approved);
    assertEquals(5, count("SELECT count(*) FROM enrollment.enrollments WHERE status = 'approved'"));
    assertEquals(25, count("SELECT count(*) FROM enrollment.enrollments WHERE status = 'pending'"));
  }

  @Test
  void approvalPlacesTheStudentOnAClassAndTheCountsFollow() {
    String instructor = TestUsers.create("instructor", "guru@example.com", PASSWORD, "active");
    String room = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", "Studio 1")
      .put("capacity", 8).put("instruments", new io.vertx.core.json.JsonArray().add("piano"))).send().data().getString("id");
    String start = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(3).atTime(3, 0)
      .toInstant(java.time.ZoneOffset.UTC).toString();
    Response schedule = Api.get().call("scheduling.createSchedule").token(admin).body(new JsonObject()
      .put("course_id", course).put("instructor_id", instructor).put("room_id", room).put("start_time", start)).send();
    assertEquals(201, schedule.status(), schedule.toString());
    String scheduleId = schedule.data().getString("id");

    Response registered = register(registration(course, "budi@example.com", key())
      .put("preferred_schedule_ids", new io.vertx.core.json.JsonArray().add(scheduleId))).send();
    assertEquals(201, registered.status(), registered.toString());
    String id = registered.data().getString("enrollment_id");
    assertError(decide("enrollment.approve", id, admin).body(new JsonObject().put("schedule_id", UUID.randomUUID().toString()))
      .send(), 400, "ENROLLMENT_INVALID_SCHEDULE");
    assertEquals(200, decide("enrollment.approve", id, admin).body(new JsonObject().put("schedule_id", scheduleId)).send().status());

    JsonObject detail = Api.get().call("catalog.getCourse").path("id", course).send().data();
    JsonObject upcoming = detail.getJsonArray("upcoming_schedules").getJsonObject(0);
    assertEquals(scheduleId, upcoming.getString("id"));
    assertEquals(1, upcoming.getInteger("enrolled_students"));
    assertEquals(4, upcoming.getInteger("available_slots"));
    assertEquals(1, Api.get().call("scheduling.getSchedule").path("id", scheduleId).token(admin).send().data()
      .getInteger("enrolled_count"));
    // the class's instructor now counts the student among theirs
    String teacher = TestUsers.login("guru@example.com", PASSWORD).getString("access_token");
    assertEquals(200, decide("enrollment.get", id, teacher).send().status());
  }

  @Test
  void cancellingAnApprovedEnrollmentFreesItsSeat() {
    TestApp.sql("UPDATE catalog.courses SET max_students = 1");
    String first = registered("one@example.com");
    String second = registered("two@example.com");
    assertEquals(200, decide("enrollment.approve", first, admin).send().status());
    assertError(decide("enrollment.approve", second, admin).send(), 409, "ENROLLMENT_COURSE_FULL");
    Response cancelled = decide("enrollment.cancel", first, admin).send();
    assertEquals("cancelled", cancelled.data().getString("status"));
    assertEquals(200, decide("enrollment.approve", second, admin).send().status());
    assertError(decide("enrollment.cancel", first, admin).send(), 409, "ENROLLMENT_INVALID_STATUS");
  }

  @Test
  void rejectTakesAReason() {
    String id = registered("budi@example.com");
    Response r = decide("enrollment.reject", id, admin).body(new JsonObject().put("reason", "Course is full")).send();
    assertEquals(200, r.status(), r.toString());
    assertEquals("rejected", r.data().getString("status"));
    assertEquals("Course is full", decide("enrollment.get", id, admin).send().data().getString("rejection_reason"));
    // a rejected registration no longer counts as pending: the email may register again
    assertEquals(201, register(registration(course, "budi@example.com", key())).send().status());
  }

  @Test
  void studentsSeeAndCancelOnlyTheirOwn() {
    String[] budi = studentWithRegistration("budi@example.com");
    String[] sari = studentWithRegistration("sari@example.com");
    Response mine = Api.get().call("enrollment.listMine").token(budi[1]).send();
    assertEquals(1, mine.data().getJsonArray("enrollments").size());
    assertEquals(budi[0], mine.data().getJsonArray("enrollments").getJsonObject(0).getString("id"));
    assertEquals(200, decide("enrollment.get", budi[0], budi[1]).send().status());
    assertError(decide("enrollment.get", sari[0], budi[1]).send(), 404, "ENROLLMENT_NOT_FOUND");
    assertError(decide("enrollment.cancel", sari[0], budi[1]).send(), 404, "ENROLLMENT_NOT_FOUND");
    assertEquals("cancelled", decide("enrollment.cancel", budi[0], budi[1]).send().data().getString("status"));
    assertError(decide("enrollment.approve", sari[0], budi[1]).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("enrollment.list").token(budi[1]).send(), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("enrollment.list").send(), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void adminListsFilterAndPage() {
    String a = registered("a@example.com");
    registered("b@example.com");
    registered("c@example.com");
    decide("enrollment.approve", a, admin).send();
    Response pending = Api.get().call("enrollment.list").token(admin).query("status", "pending").query("limit", "1").send();
    assertEquals(2, pending.data().getJsonObject("pagination").getInteger("total"));
    assertEquals(1, pending.data().getJsonArray("enrollments").size());
    assertEquals("Guitar for Beginners", pending.data().getJsonArray("enrollments").getJsonObject(0)
      .getJsonObject("course").getString("title"));
    assertEquals(1, Api.get().call("enrollment.list").token(admin).query("status", "approved").send()
      .data().getJsonObject("pagination").getInteger("total"));
    assertEquals(2, Api.get().call("enrollment.pendingBookings").token(admin).send().data().getJsonArray("enrollments").size());
    assertError(Api.get().call("enrollment.list").token(admin).query("status", "lost").send(), 400, "VALIDATION_INVALID_ENUM");
    assertError(Api.get().call("enrollment.list").token(admin).query("limit", "500").send(), 400, "VALIDATION_ERROR");
  }

  @Test
  void instructorsSeeTheirCoursesOnly() {
    String instructorId = TestUsers.create("instructor", "guru@example.com", PASSWORD, "active");
    String instructor = TestUsers.login("guru@example.com", PASSWORD).getString("access_token");
    String other = registered("budi@example.com");
    TestApp.sql("UPDATE catalog.courses SET instructor_id = NULL");
    assertEquals(0, Api.get().call("enrollment.list").token(instructor).send().data().getJsonArray("enrollments").size());
    assertError(decide("enrollment.get", other, instructor).send(), 404, "ENROLLMENT_NOT_FOUND");
    TestApp.sql("UPDATE catalog.courses SET instructor_id = '" + instructorId + "'");
    assertEquals(1, Api.get().call("enrollment.list").token(instructor).send().data().getJsonArray("enrollments").size());
    assertEquals(200, decide("enrollment.get", other, instructor).send().status());
    // and, once approved, the student is one of theirs
    decide("enrollment.approve", other, admin).send();
    assertEquals(1, Api.get().call("auth.listStudents").token(instructor).send().data().getJsonArray("students").size());
  }

  @Test
  void pendingRegistrationsExpireOnceEvenWithTwoRunnersAtOnce() {
    for (int i = 0; i < 4; i++) registered("late" + i + "@example.com");
    registered("fresh@example.com");
    TestApp.sql("UPDATE enrollment.enrollments SET expires_at = now() - interval '1 minute' WHERE email LIKE 'late%'");
    var bus = TestApp.get().vertx().eventBus();
    var first = bus.<JsonObject>request("enrollment.internal.runExpiry", new JsonObject());
    var second = bus.<JsonObject>request("enrollment.internal.runExpiry", new JsonObject());
    TestApp.await(Future.join(first, second));
    assertEquals(4, first.result().body().getInteger("expired") + second.result().body().getInteger("expired"));
    assertEquals(4, count("SELECT count(*) FROM enrollment.enrollments WHERE status = 'expired'"));
    assertEquals(4, count("SELECT count(*) FROM enrollment.outbox WHERE event_type = 'enrollment.expired'"));
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments WHERE status = 'pending'"));

    Response expired = Api.get().call("enrollment.expiredBookings").header("X-Service-Key", TestApp.SERVICE_KEY).send();
    assertEquals(4, expired.data().getJsonArray("expired_bookings").size());
    assertError(Api.get().call("enrollment.expiredBookings").token(admin).send(), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void bookingPathsWorkOverTheSameRecords() {
    String[] budi = studentWithRegistration("budi@example.com");
    String studentId = Academy.string("SELECT student_id::text FROM enrollment.enrollments WHERE id = '" + budi[0] + "'");
    String second = Academy.course(admin, "Drums", 2);

    // a logged-in student books another course with their own account data
    Response booked = Api.get().call("enrollment.createBooking").token(budi[1])
      .body(new JsonObject().put("course_id", second).put("notes", "after school")).send();
    assertEquals(201, booked.status(), booked.toString());
    assertEquals("budi@example.com", booked.data().getJsonObject("student_data").getString("email"));

    Response mine = Api.get().call("enrollment.userBookings").path("userId", studentId).token(budi[1]).send();
    assertEquals(2, mine.data().getJsonArray("enrollments").size());
    assertError(Api.get().call("enrollment.userBookings").path("userId", UUID.randomUUID().toString()).token(budi[1]).send(),
      403, "AUTH_FORBIDDEN");

    String bookingId = booked.data().getString("enrollment_id");
    assertEquals("approved", Api.get().call("enrollment.confirmBooking").path("id", bookingId).token(admin).send()
      .data().getString("status"));
    assertEquals("rejected", Api.get().call("enrollment.rejectBooking").path("id", budi[0]).token(admin).send()
      .data().getString("status"));

    Response updated = Api.get().call("enrollment.updateEnrollment").path("id", bookingId).token(admin)
      .body(new JsonObject().put("notes", "moved to evenings")).send();
    assertEquals("moved to evenings", updated.data().getString("notes"));
    assertEquals(200, Api.get().call("enrollment.getEnrollment").path("id", bookingId).token(admin).send().status());
    assertEquals(2, Api.get().call("enrollment.listEnrollments").token(admin).send().data().getJsonArray("enrollments").size());

    assertError(Api.get().call("enrollment.deleteBooking").path("id", bookingId).token(admin).send(), 409, "ENROLLMENT_INVALID_STATUS");
    assertEquals(200, Api.get().call("enrollment.deleteBooking").path("id", budi[0]).token(admin).send().status());
    assertError(Api.get().call("enrollment.deleteBooking").path("id", budi[0]).token(admin).send(), 404, "ENROLLMENT_NOT_FOUND");
  }

  @Test
  void adminsEnrollStudentsDirectlyWithinCapacity() {
    String s1 = TestUsers.create("student", "s1@example.com", PASSWORD, "active");
    String s2 = TestUsers.create("student", "s2@example.com", PASSWORD, "active");
    String teacher = TestUsers.create("instructor", "t@example.com", PASSWORD, "active");
    TestApp.sql("UPDATE catalog.courses SET max_students = 1");
    Response r = Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", s1).put("course_id", course)).send();
    assertEquals(201, r.status(), r.toString());
    assertEquals("approved", r.data().getString("status"));
    assertError(Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", s2).put("course_id", course)).send(), 409, "ENROLLMENT_COURSE_FULL");
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments WHERE student_id = '" + s2 + "'"), "nothing half-done");
    assertError(Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", teacher).put("course_id", course)).send(), 400, "ENROLLMENT_INVALID_STUDENT");
  }

  @Test
  void bookingStatsCountByStatusAndInstrument() {
    String a = registered("a@example.com");
    registered("b@example.com");
    decide("enrollment.approve", a, admin).send();
    JsonObject stats = Api.get().call("enrollment.bookingStats").token(admin).send().data();
    assertEquals(2, stats.getInteger("total_bookings"));
    assertEquals(1, stats.getInteger("pending_bookings"));
    assertEquals(1, stats.getInteger("confirmed_bookings"));
    assertEquals(2, stats.getInteger("bookings_this_month"));
    assertEquals(2, stats.getJsonObject("bookings_by_instrument").getInteger("piano"));
    assertError(Api.get().call("enrollment.bookingStats").send(), 401, "AUTH_UNAUTHORIZED");
  }
}

package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/**
 * Online classes and a course's sessions (issue 17, seed 003 §2.3): a class without a room needs an https meeting link
 * and clashes by its instructor only; the link is shown to the people of the class only; GET /api/courses/{id}/sessions
 * lists a course's live classes, past and future, to whoever may read the course.
 */
class SessionsTest {
  static final String LINK = "https://meet.example.com/abc-defg-hij";
  static String admin;
  static Account teacher, teacher2, outsider, student, otherStudent;
  static String course, otherCourse;
  String room;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@sessions.test");
    teacher2 = Sched.account("instructor", "teacher2@sessions.test");
    outsider = Sched.account("instructor", "outsider@sessions.test");
    student = Sched.account("student", "student@sessions.test");
    otherStudent = Sched.account("student", "other@sessions.test");
    TestApp.sql("UPDATE auth.users SET full_name = 'Bu Sari' WHERE email = 'teacher@sessions.test';"
      + "UPDATE auth.users SET full_name = 'Pak Dodi' WHERE email = 'teacher2@sessions.test'");
    course = Sched.course(admin, "Web Development Bootcamp", null, teacher.id()).getString("id");
    otherCourse = Sched.course(admin, "Data Science", null, outsider.id()).getString("id");
  }

  @BeforeEach
  void noClasses() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE;"
      + "TRUNCATE enrollment.enrollments CASCADE;"
      + "DELETE FROM catalog.course_instructors");
    room = Sched.room(admin, "Lab 1", 20).getString("id");
  }

  /** A class of the course without a room: online, with the link (null: none). */
  private static JsonObject online(String course, String instructor, String url, String start, String end) {
    JsonObject body = new JsonObject().put("course_id", course).put("start_time", start);
    if (instructor != null) body.put("instructor_id", instructor);
    if (url != null) body.put("meeting_url", url);
    if (end != null) body.put("end_time", end);
    return body;
  }

  private static Response update(String token, String id, JsonObject body) {
    return Api.get().call("scheduling.updateSchedule").path("id", id).token(token).body(body).send();
  }

  private static Response get(String token, String id) {
    return Api.get().call("scheduling.getSchedule").path("id", id).token(token).send();
  }

  private static Response sessions(String token, String courseId) {
    Api.Call call = Api.get().call("scheduling.courseSessions").path("id", courseId);
    if (token != null) call.token(token);
    return call.send();
  }

  private static JsonArray sessionList(String token, String courseId) {
    Response r = sessions(token, courseId);
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonArray("sessions");
  }

  private static void fieldError(Response r, String code, String field) {
    assertError(r, 400, code);
    assertEquals(field, r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"), r.toString());
  }

  // --- online classes -----------------------------------------------------------------------------

  @Test
  void anOnlineClassIsCreatedReadListedAndChanged() {
    Response created = Sched.create(admin, online(course, teacher.id(), LINK, Sched.at(5, 3, 0), Sched.at(5, 5, 0))
      .put("description", "  HTML & CSS Basics "));
    assertEquals(201, created.status(), created.toString());
    JsonObject s = created.data();
    String id = s.getString("id");
    assertNull(s.getValue("room_id"));
    assertNull(s.getValue("room"));
    assertTrue(s.getBoolean("online"));
    assertEquals(LINK, s.getString("meeting_url"));
    assertEquals("HTML & CSS Basics", s.getString("description"));
    assertEquals("Bu Sari", s.getJsonObject("instructor").getString("full_name"));
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE room_id IS NULL AND meeting_url = '" + LINK + "'"));

    JsonObject read = get(admin, id).data();
    assertNull(read.getValue("room"));
    assertEquals(LINK, read.getString("meeting_url"));
    assertEquals("HTML & CSS Basics", read.getString("description"));
    JsonObject listed = Api.get().call("scheduling.listSchedules").token(admin).query("course_id", course).send()
      .data().getJsonArray("schedules").getJsonObject(0);
    assertEquals(id, listed.getString("id"));
    assertNull(listed.getValue("room"));
    assertEquals(LINK, listed.getString("meeting_url"));

    // into a room: the link stays (a hybrid class) until it is cleared
    Response hybrid = update(teacher.token(), id, new JsonObject().put("room_id", room).put("description", "JavaScript Essentials"));
    assertEquals(200, hybrid.status(), hybrid.toString());
    assertEquals(room, hybrid.data().getString("room_id"));
    assertEquals("Lab 1", hybrid.data().getJsonObject("room").getString("name"));
    assertFalse(hybrid.data().getBoolean("online"));
    assertEquals(LINK, hybrid.data().getString("meeting_url"));
    assertEquals("JavaScript Essentials", hybrid.data().getString("description"));
    Response inRoom = update(admin, id, new JsonObject().put("meeting_url", (Object) null).put("description", (Object) null));
    assertEquals(200, inRoom.status(), inRoom.toString());
    assertNull(inRoom.data().getValue("meeting_url"));
    assertNull(inRoom.data().getValue("description"));
    // out of the room again: it needs a link
    fieldError(update(admin, id, new JsonObject().put("room_id", (Object) null)), "VALIDATION_REQUIRED_FIELD", "meeting_url");
    Response backOnline = update(admin, id, new JsonObject().put("room_id", (Object) null).put("meeting_url", "https://zoom.example/j/42"));
    assertEquals(200, backOnline.status(), backOnline.toString());
    assertNull(backOnline.data().getValue("room"));
    assertEquals("https://zoom.example/j/42", backOnline.data().getString("meeting_url"));
    // an online class keeps its link when only moved
    Response moved = update(admin, id, new JsonObject().put("start_time", Sched.at(6, 3, 0)));
    assertEquals(200, moved.status(), moved.toString());
    assertEquals("https://zoom.example/j/42", moved.data().getString("meeting_url"));
    assertNull(moved.data().getValue("room_id"));
  }

  @Test
  void aClassWithoutARoomNeedsAMeetingLink() {
    fieldError(Sched.create(admin, online(course, teacher.id(), null, Sched.at(5, 3, 0), null)), "VALIDATION_REQUIRED_FIELD", "meeting_url");
    fieldError(Sched.create(admin, online(course, teacher.id(), null, Sched.at(5, 3, 0), null).putNull("room_id")),
      "VALIDATION_REQUIRED_FIELD", "meeting_url");
    fieldError(Sched.create(admin, online(course, teacher.id(), null, Sched.at(5, 3, 0), null).putNull("meeting_url")),
      "VALIDATION_REQUIRED_FIELD", "meeting_url");
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
    // the database holds the rule too
    try {
      TestApp.sql("INSERT INTO scheduling.schedules (course_id, instructor_id, start_time, end_time) VALUES ('" + course + "', '"
        + teacher.id() + "', now() + interval '1 day', now() + interval '25 hours')");
      throw new AssertionError("a class without a room and without a link was accepted");
    } catch (IllegalStateException e) {
      assertTrue(e.getCause().getMessage().contains("schedules_room_or_meeting_url"), e.getCause().getMessage());
    }
  }

  @Test
  void meetingLinksMustBeHttpsUrls() {
    for (String bad : List.of("http://meet.example.com/abc", "meet.example.com/abc", "junk", "https://", "https:///path",
      "https://exa mple.com/x", "https://meet.example.com/a\u00a0b", "https://zoom.us@evil.example/j/1", "ftp://files.example",
      "javascript:alert(1)", "https://%zz")) {
      fieldError(Sched.create(admin, online(course, teacher.id(), bad, Sched.at(5, 3, 0), null)), "VALIDATION_ERROR", "meeting_url");
    }
    assertEquals(400, Sched.create(admin, online(course, teacher.id(), "https://e.example/" + "a".repeat(2000), Sched.at(5, 3, 0), null)).status());
    assertEquals(400, Sched.create(admin, online(course, teacher.id(), "", Sched.at(5, 3, 0), null)).status());
    // a link on a class in a room is checked the same way
    fieldError(Sched.create(admin, Sched.slot(course, teacher.id(), room, Sched.at(5, 3, 0), null).put("meeting_url", "http://x.example")),
      "VALIDATION_ERROR", "meeting_url");
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.schedules"));

    JsonObject ok = Sched.created(admin, online(course, teacher.id(), "HTTPS://Meet.Example.com/Room?pwd=X1", Sched.at(5, 3, 0), null));
    assertEquals("https://Meet.Example.com/Room?pwd=X1", ok.getString("meeting_url"));
    fieldError(update(admin, ok.getString("id"), new JsonObject().put("meeting_url", "http://meet.example.com")), "VALIDATION_ERROR", "meeting_url");
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE meeting_url = 'https://Meet.Example.com/Room?pwd=X1'"));
    // topics are bounded and must say something
    assertEquals(400, Sched.create(admin, online(course, teacher.id(), LINK, Sched.at(7, 3, 0), null).put("description", "   ")).status());
    assertEquals(400, Sched.create(admin, online(course, teacher.id(), LINK, Sched.at(7, 3, 0), null).put("description", "x".repeat(501))).status());
    assertEquals(201, Sched.create(admin, online(course, teacher.id(), LINK, Sched.at(7, 3, 0), null).put("description", "x".repeat(500))).status());
  }

  // --- conflicts ----------------------------------------------------------------------------------

  @Test
  void onlineClassesClashByTheirInstructorOnly() {
    JsonObject first = Sched.created(admin, online(course, teacher.id(), LINK, Sched.at(4, 10, 0), Sched.at(4, 11, 0)));
    // the same instructor at the same time: refused, naming the instructor
    Response clash = Sched.create(admin, online(course, teacher.id(), "https://meet.example.com/other", Sched.at(4, 10, 30), Sched.at(4, 11, 30)));
    assertError(clash, 409, "SCHEDULE_CONFLICT");
    JsonArray conflicts = clash.json().getJsonObject("details").getJsonArray("conflicts");
    assertEquals(1, conflicts.size(), conflicts.encode());
    assertEquals("instructor", conflicts.getJsonObject(0).getString("resource"));
    assertEquals(teacher.id(), conflicts.getJsonObject(0).getString("instructor_id"));
    assertEquals(first.getString("id"), conflicts.getJsonObject(0).getString("schedule_id"));
    // … also when the other class is in a room
    assertError(Sched.create(admin, Sched.slot(course, teacher.id(), room, Sched.at(4, 10, 0), Sched.at(4, 11, 0))), 409, "SCHEDULE_CONFLICT");
    // another instructor online at the same time (even with the same link): fine
    assertEquals(201, Sched.create(admin, online(course, teacher2.id(), LINK, Sched.at(4, 10, 0), Sched.at(4, 11, 0))).status());
    // an in-room class of a third instructor at the same time: fine
    assertEquals(201, Sched.create(admin, Sched.slot(course, outsider.id(), room, Sched.at(4, 10, 0), Sched.at(4, 11, 0))).status());
    assertEquals(3, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE status = 'scheduled'"));
    // moving an online class onto its instructor's other class is refused too
    JsonObject later = Sched.created(admin, online(course, teacher.id(), LINK, Sched.at(4, 12, 0), Sched.at(4, 13, 0)));
    Response move = update(admin, later.getString("id"), new JsonObject().put("start_time", Sched.at(4, 10, 15)));
    assertError(move, 409, "SCHEDULE_CONFLICT");
    assertEquals("instructor", move.json().getJsonObject("details").getJsonArray("conflicts").getJsonObject(0).getString("resource"));
  }

  @Test
  void theDatabaseLetsRoomlessClassesOverlapButNotTheirInstructor() {
    JsonObject first = Sched.created(admin, online(course, teacher.id(), LINK, Sched.at(4, 10, 0), Sched.at(4, 11, 0)));
    TestApp.sql("INSERT INTO scheduling.schedules (course_id, instructor_id, start_time, end_time, meeting_url) SELECT course_id, '"
      + teacher2.id() + "', start_time, end_time, meeting_url FROM scheduling.schedules WHERE id = '" + first.getString("id") + "'");
    try {
      TestApp.sql("INSERT INTO scheduling.schedules (course_id, instructor_id, start_time, end_time, meeting_url) SELECT course_id, "
        + "instructor_id, start_time + interval '30 minutes', end_time, meeting_url FROM scheduling.schedules WHERE id = '"
        + first.getString("id") + "'");
      throw new AssertionError("the instructor's overlapping online class was accepted");
    } catch (IllegalStateException e) {
      assertTrue(e.getCause().getMessage().contains("schedules_instructor_no_overlap"), e.getCause().getMessage());
    }
    assertEquals(2, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE room_id IS NULL"));
  }

  /** 20 clients put one instructor online at the same time: the database lets exactly one through. */
  @Test
  void twentyConcurrentOnlineClassesOfOneInstructorHaveExactlyOneWinner() {
    List<Api.Call> calls = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(Api.get().call("scheduling.createSchedule").token(admin)
        .body(online(course, teacher.id(), LINK + "/" + i, Sched.at(9, 10, 0), Sched.at(9, 11, 0))));
    }
    for (Api.Call call : calls) sent.add(call.sendAsync());
    TestApp.await(Future.join(sent));
    int created = 0;
    for (int i = 0; i < sent.size(); i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      if (r.status() == 201) {
        created++;
      } else {
        assertError(r, 409, "SCHEDULE_CONFLICT");
        assertEquals("instructor", r.json().getJsonObject("details").getJsonArray("conflicts").getJsonObject(0).getString("resource"));
      }
    }
    assertEquals(1, created);
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE status = 'scheduled'"));
  }

  // --- who schedules ------------------------------------------------------------------------------

  @Test
  void instructorsScheduleOnlineClassesOnlyInCoursesTheyTeach() {
    assertError(Sched.create(outsider.token(), online(course, null, LINK, Sched.at(5, 3, 0), null)), 403, "AUTH_FORBIDDEN");
    assertError(Sched.create(teacher2.token(), online(course, teacher2.id(), LINK, Sched.at(5, 3, 0), null)), 403, "AUTH_FORBIDDEN");
    assertError(Sched.create(student.token(), online(course, teacher.id(), LINK, Sched.at(5, 3, 0), null)), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.createSchedule").body(online(course, teacher.id(), LINK, Sched.at(5, 3, 0), null)).send(),
      401, "AUTH_UNAUTHORIZED");
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.schedules"));
    JsonObject own = Sched.created(teacher.token(), online(course, null, LINK, Sched.at(5, 3, 0), null).put("description", "Git"));
    assertEquals(teacher.id(), own.getString("instructor_id"));
    assertEquals(LINK, own.getString("meeting_url"));
    // another instructor can neither move, re-link nor cancel it; its own instructor cancels it (issue 17: admin and
    // the course's instructors; ac196c1 changed the rule, this test had kept the old admin-only one)
    assertError(update(outsider.token(), own.getString("id"), new JsonObject().put("meeting_url", "https://evil.example/x")), 403, "AUTH_FORBIDDEN");
    assertError(Api.get().call("scheduling.deleteSchedule").path("id", own.getString("id")).token(outsider.token()).send(), 403, "AUTH_FORBIDDEN");
    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", own.getString("id")).token(teacher.token()).send().status());
  }

  // --- who reads the link -------------------------------------------------------------------------

  @Test
  void theLinkIsShownToThePeopleOfTheClassOnly() {
    String id = Sched.created(admin, online(course, teacher.id(), LINK, Sched.at(5, 3, 0), null)).getString("id");
    Sched.enroll(student.id(), course, null);
    Sched.enroll(otherStudent.id(), otherCourse, null);
    Response assigned = Api.get().call("catalog.assignCourseInstructor").path("id", course).token(admin)
      .body(new JsonObject().put("instructor_id", teacher2.id())).send();
    assertEquals(201, assigned.status(), assigned.toString());

    for (String reader : List.of(admin, teacher.token(), teacher2.token(), student.token())) {
      assertEquals(LINK, get(reader, id).data().getString("meeting_url"));
      assertEquals(LINK, Api.get().call("scheduling.listSchedules").token(reader).send().data().getJsonArray("schedules")
        .getJsonObject(0).getString("meeting_url"));
      assertEquals(LINK, sessionList(reader, course).getJsonObject(0).getString("meeting_url"));
    }
    for (String stranger : List.of(outsider.token(), otherStudent.token())) {
      JsonObject seen = get(stranger, id).data();
      assertNull(seen.getValue("meeting_url"));
      assertTrue(seen.getBoolean("online"));
      assertNull(Api.get().call("scheduling.listSchedules").token(stranger).send().data().getJsonArray("schedules")
        .getJsonObject(0).getValue("meeting_url"));
      assertNull(sessionList(stranger, course).getJsonObject(0).getValue("meeting_url"));
    }
    JsonObject anonymous = sessionList(null, course).getJsonObject(0);
    assertNull(anonymous.getValue("meeting_url"));
    assertTrue(anonymous.getBoolean("online"));
    // the public course detail shows the class, never its link
    JsonObject upcoming = Api.get().call("catalog.getCourse").path("id", course).send().data().getJsonArray("upcoming_schedules").getJsonObject(0);
    assertEquals(id, upcoming.getString("id"));
    assertNull(upcoming.getValue("room"));
    assertTrue(upcoming.getBoolean("online"));
    assertFalse(upcoming.containsKey("meeting_url"));
  }

  @Test
  void theCalendarShowsOnlineClassesAndTopics() {
    Sched.created(admin, online(course, teacher.id(), LINK, Sched.at(5, 3, 0), null).put("description", "HTML & CSS Basics"));
    String forTeacher = Api.get().call("scheduling.calendar").token(teacher.token()).query("course_id", course).send().text();
    assertTrue(forTeacher.contains("SUMMARY:Web Development Bootcamp: HTML & CSS Basics\r\n"), forTeacher);
    assertTrue(forTeacher.contains("LOCATION:" + LINK + "\r\n"), forTeacher);
    assertTrue(forTeacher.contains("URL:" + LINK + "\r\n"), forTeacher);
    String forStranger = Api.get().call("scheduling.calendar").token(outsider.token()).query("course_id", course).send().text();
    // the feed's words follow the language: Indonesian by default, English on request (issue 20)
    assertTrue(forStranger.contains("LOCATION:Daring\r\n"), forStranger);
    assertFalse(forStranger.contains(LINK), forStranger);
    String inEnglish = Api.get().call("scheduling.calendar").token(outsider.token()).query("course_id", course)
      .header("Accept-Language", "en").send().text();
    assertTrue(inEnglish.contains("LOCATION:Online\r\n"), inEnglish);
    assertFalse(inEnglish.contains(LINK), inEnglish);
  }

  // --- sessions of a course -----------------------------------------------------------------------

  /**
   * Review of issue 17: "every time shown in WIB" — a session carries its start and end in the academy's zone, in
   * Indonesian; an evening class at the year's end ends on the next day of the next year (WIB, UTC+7).
   */
  @Test
  void sessionsShowTheirTimesInTheAcademysZone() {
    int year = java.time.Year.now(java.time.ZoneOffset.UTC).getValue() + 1;
    Response created = Sched.create(admin, online(course, teacher.id(), LINK, year + "-12-31T16:30:00Z", (year + 1) + "-01-01T00:30:00+07:00"));
    assertEquals(201, created.status(), created.toString());
    JsonObject session = sessionList(null, course).getJsonObject(0);
    assertEquals(year + "-12-31T16:30:00Z", session.getString("start_time"));
    assertEquals("31 Desember " + year + " pukul 23.30", session.getString("start_time_local"));
    assertEquals("1 Januari " + (year + 1) + " pukul 00.30", session.getString("end_time_local"));
    assertEquals(1, session.getInteger("duration_hours"));
  }


  @Test
  void aCoursesSessionsArePastAndFutureInTimeOrder() {
    JsonObject past = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(2, 1, 0), Sched.at(2, 3, 0))
      .put("description", "Intro"));
    TestApp.sql("UPDATE scheduling.schedules SET start_time = start_time - interval '10 days', end_time = end_time - interval '10 days' "
      + "WHERE id = '" + past.getString("id") + "'");
    JsonObject later = Sched.created(admin, online(course, teacher2.id(), LINK, Sched.at(9, 13, 0), Sched.at(9, 14, 30))
      .put("description", "JavaScript Essentials"));
    JsonObject soon = Sched.created(admin, online(course, teacher.id(), LINK, Sched.at(3, 13, 0), Sched.at(3, 15, 0))
      .put("description", "HTML & CSS Basics"));
    JsonObject cancelled = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(4, 1, 0), null));
    assertEquals(200, Api.get().call("scheduling.deleteSchedule").path("id", cancelled.getString("id")).token(admin).send().status());
    Sched.created(admin, online(otherCourse, outsider.id(), LINK, Sched.at(3, 13, 0), null)); // another course's

    Response r = sessions(null, course);
    assertEquals(200, r.status(), r.toString());
    JsonArray list = r.data().getJsonArray("sessions");
    assertEquals(List.of(past.getString("id"), soon.getString("id"), later.getString("id")),
      list.stream().map(s -> ((JsonObject) s).getString("id")).toList());
    assertEquals(3, r.data().getJsonObject("pagination").getInteger("total"));
    assertEquals(100, r.data().getJsonObject("pagination").getInteger("limit"));

    JsonObject first = list.getJsonObject(0);
    assertEquals(course, first.getString("course_id"));
    assertTrue(Instant.parse(first.getString("start_time")).isBefore(Instant.now()), "a past session is listed");
    assertEquals(2, first.getInteger("duration_hours"));
    assertEquals("Intro", first.getString("description"));
    assertEquals(new JsonObject().put("id", room).put("name", "Lab 1"), first.getJsonObject("room"));
    assertFalse(first.getBoolean("online"));
    assertEquals(new JsonObject().put("id", teacher.id()).put("name", "Bu Sari"), first.getJsonObject("instructor"));

    JsonObject second = list.getJsonObject(1);
    assertNull(second.getValue("room"));
    assertTrue(second.getBoolean("online"));
    assertEquals("HTML & CSS Basics", second.getString("description"));
    assertEquals(Instant.parse(Sched.at(3, 13, 0)), Instant.parse(second.getString("start_time")));
    assertEquals(Instant.parse(Sched.at(3, 15, 0)), Instant.parse(second.getString("end_time")));
    JsonObject third = list.getJsonObject(2);
    assertEquals(1.5, third.getDouble("duration_hours"));
    assertEquals("Pak Dodi", third.getJsonObject("instructor").getString("name"));
    assertEquals("JavaScript Essentials", third.getString("description"));

    Response page = Api.get().call("scheduling.courseSessions").path("id", course).query("limit", "2").query("page", "2").send();
    assertEquals(200, page.status(), page.toString());
    assertEquals(List.of(later.getString("id")), page.data().getJsonArray("sessions").stream().map(s -> ((JsonObject) s).getString("id")).toList());
    assertEquals(2, page.data().getJsonObject("pagination").getInteger("total_pages"));
    assertEquals(400, Api.get().call("scheduling.courseSessions").path("id", course).query("limit", "101").send().status());
  }

  @Test
  void aCourseWithoutClassesHasNoSessions() {
    Response r = sessions(student.token(), otherCourse);
    assertEquals(200, r.status(), r.toString());
    assertEquals(0, r.data().getJsonArray("sessions").size());
    assertEquals(0, r.data().getJsonObject("pagination").getInteger("total"));
  }

  @Test
  void sessionsFollowTheCoursesVisibility() {
    String archived = Sched.course(admin, "Legacy PHP", null, teacher.id()).getString("id");
    Sched.created(admin, online(archived, teacher.id(), LINK, Sched.at(5, 3, 0), null));
    Response off = Api.get().call("catalog.updateCourse").path("id", archived).token(admin).body(new JsonObject().put("is_active", false)).send();
    assertEquals(200, off.status(), off.toString());

    assertEquals(1, sessionList(admin, archived).size());
    assertEquals(1, sessionList(teacher.token(), archived).size()); // its owner
    for (String token : new String[]{null, student.token(), outsider.token()}) {
      assertError(sessions(token, archived), 404, "COURSE_NOT_FOUND");
      // the same answer as the course itself
      Api.Call detail = Api.get().call("catalog.getCourse").path("id", archived);
      if (token != null) detail.token(token);
      assertError(detail.send(), 404, "COURSE_NOT_FOUND");
    }
    assertError(sessions(null, UUID.randomUUID().toString()), 404, "COURSE_NOT_FOUND");
    assertError(sessions(admin, UUID.randomUUID().toString()), 404, "COURSE_NOT_FOUND");
    assertEquals(400, sessions(null, "web-dev").status());
    assertError(sessions("not-a-token", course), 401, "AUTH_UNAUTHORIZED");
  }
}

package verticles.scheduling;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.scheduling.Sched.assertError;

/**
 * Calendar subscriptions by secret URL (issue 20): fetched without a bearer, each role's classes, rotation revokes the
 * old URL, the token stored hashed only and never logged, ETag and 304.
 */
class CalendarFeedTest {
  static String admin;
  static Account teacher, teacher2, student, student2;
  static JsonObject mine, theirs, unplaced;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "teacher@feed.test");
    teacher2 = Sched.account("instructor", "teacher2@feed.test");
    student = Sched.account("student", "student@feed.test");
    student2 = Sched.account("student", "student2@feed.test");
    String course = Sched.course(admin, "Gitar Dasar", "Guitar", teacher.id()).getString("id");
    String course2 = Sched.course(admin, "Biola Dasar", "Violin", teacher2.id()).getString("id");
    String room = Sched.room(admin, "Studio Feed", 10).getString("id");
    mine = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(2, 2, 0), null));
    theirs = Sched.created(admin, Sched.slot(course2, teacher2.id(), room, Sched.at(2, 5, 0), null));
    unplaced = Sched.created(admin, Sched.slot(course, teacher.id(), room, Sched.at(3, 2, 0), null));
    // the student's approved placement on one class (SQL, as enrollment's approval would write it)
    Sched.enroll(student.id(), course, mine.getString("id"));
  }

  /** A fresh feed URL for the token's user. */
  private static String subscribe(String token) {
    Response r = Api.get().call("scheduling.createCalendarFeed").token(token).send();
    assertEquals(200, r.status(), r.toString());
    String url = r.data().getString("url");
    assertTrue(url.startsWith(TestApp.config().getString("public_url") + "/api/schedules/calendar/"), url);
    assertTrue(url.endsWith(".ics"), url);
    return url;
  }

  /** The last path segment of a feed URL: {@code <token>.ics}. */
  private static String feedOf(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** The feed fetched as a calendar app does: no Authorization header. */
  private static Response fetch(String url) {
    return Api.get().call("scheduling.calendarFeed").path("feed", feedOf(url)).send();
  }

  @Test
  void aStudentsFeedIsFetchedWithoutABearerAndHoldsTheirClassesOnly() {
    Response r = fetch(subscribe(student.token()));
    assertEquals(200, r.status(), r.toString());
    assertTrue(r.header("Content-Type").startsWith("text/calendar"), r.header("Content-Type"));
    assertEquals("private, max-age=300", r.header("Cache-Control"));
    assertNotNull(r.header("ETag"));
    String text = r.text();
    assertTrue(text.startsWith("BEGIN:VCALENDAR\r\n") && text.endsWith("END:VCALENDAR\r\n"), text);
    assertTrue(text.contains("UID:" + mine.getString("id") + "@academy"), text);
    assertFalse(text.contains(theirs.getString("id")), "another course's class");
    assertFalse(text.contains(unplaced.getString("id")), "a class of the course the student is not placed on");
  }

  /**
   * Issue 20: a subscribed feed is Indonesian by default; asked for in English, its URL carries {@code ?lang=en}, so
   * a calendar app (which sends no Accept-Language of the user's choosing) gets the English labels.
   */
  @Test
  void aSubscribedFeedSpeaksTheLanguageItWasAskedIn() {
    String id = fetch(subscribe(teacher.token())).text();
    assertTrue(id.contains("\r\nX-WR-CALNAME:Kelas Akademi – "), id);
    assertTrue(id.contains("\r\nDESCRIPTION:Instruktur: "), id);
    Response asked = Api.get().call("scheduling.createCalendarFeed").token(teacher.token()).header("Accept-Language", "en").send();
    assertEquals(200, asked.status(), asked.toString());
    String url = asked.data().getString("url");
    assertTrue(url.endsWith(".ics?lang=en"), url);
    String feed = url.substring(url.lastIndexOf('/') + 1, url.indexOf('?'));
    String en = Api.get().call("scheduling.calendarFeed").path("feed", feed).query("lang", "en").send().text();
    assertTrue(en.contains("\r\nX-WR-CALNAME:Academy classes of "), en);
    assertTrue(en.contains("\r\nDESCRIPTION:Instructor: "), en);
  }

  @Test
  void anInstructorsFeedHoldsTheClassesTheyTeach() {
    String text = fetch(subscribe(teacher.token())).text();
    assertTrue(text.contains(mine.getString("id")) && text.contains(unplaced.getString("id")), text);
    assertFalse(text.contains(theirs.getString("id")));
    String other = fetch(subscribe(teacher2.token())).text();
    assertTrue(other.contains(theirs.getString("id")));
    assertFalse(other.contains(mine.getString("id")));
  }

  @Test
  void anAdminsFeedHoldsEveryClass() {
    String text = fetch(subscribe(admin)).text();
    for (JsonObject s : List.of(mine, theirs, unplaced)) assertTrue(text.contains(s.getString("id")), text);
  }

  @Test
  void aStudentWithoutPlacementsHasAnEmptyCalendar() {
    String text = fetch(subscribe(student2.token())).text();
    assertTrue(text.startsWith("BEGIN:VCALENDAR") && !text.contains("BEGIN:VEVENT"), text);
  }

  @Test
  void askingAgainRotatesTheUrlAndTheOldOneIsRefused() {
    String first = subscribe(student.token());
    assertEquals(200, fetch(first).status());
    String second = subscribe(student.token());
    assertNotEquals(first, second);
    assertError(fetch(first), 404, "CALENDAR_FEED_NOT_FOUND");
    assertEquals(200, fetch(second).status());
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.calendar_feeds WHERE user_id = '" + student.id() + "'"));
  }

  @Test
  void concurrentRotationsLeaveExactlyOneWorkingUrl() {
    List<Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) sent.add(Api.get().call("scheduling.createCalendarFeed").token(teacher2.token()).sendAsync());
    Set<String> urls = new HashSet<>();
    for (var f : sent) {
      Response r = Api.get().call("scheduling.createCalendarFeed").checked(TestApp.await(f));
      assertEquals(200, r.status(), r.toString());
      urls.add(r.data().getString("url"));
    }
    assertEquals(10, urls.size());
    assertEquals(1, urls.stream().filter(url -> fetch(url).status() == 200).count());
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.calendar_feeds WHERE user_id = '" + teacher2.id() + "'"));
  }

  @Test
  void theTokenIsStoredAsItsHashOnly() {
    String token = feedOf(subscribe(student.token())).replace(".ics", "");
    assertEquals(43, token.length());
    assertEquals(1, TestApp.count("SELECT count(*) FROM scheduling.calendar_feeds WHERE token_hash = sha256(convert_to('"
      + token + "', 'UTF8'))"));
    assertEquals(0, TestApp.count("SELECT count(*) FROM scheduling.calendar_feeds WHERE encode(token_hash, 'escape') LIKE '%"
      + token + "%' OR encode(token_hash, 'hex') = '" + token + "'"));
  }

  @Test
  void aCurrentEtagIsAnswered304() {
    String url = subscribe(teacher.token());
    Response first = fetch(url);
    String etag = first.header("ETag");
    Response again = Api.get().call("scheduling.calendarFeed").path("feed", feedOf(url)).header("If-None-Match", etag).send();
    assertEquals(304, again.status(), again.toString());
    assertEquals(first.text(), fetch(url).text(), "equal classes give equal bytes");
    Response stale = Api.get().call("scheduling.calendarFeed").path("feed", feedOf(url)).header("If-None-Match", "\"old\"").send();
    assertEquals(200, stale.status());
  }

  @Test
  void headOfAFeedAnswersItsHeadersWithoutTheCalendar() {
    String url = subscribe(student.token());
    Response get = fetch(url);
    assertEquals(200, get.status(), get.toString());
    String path = "/api/schedules/calendar/" + feedOf(url);
    Response head = Api.get().raw(io.vertx.core.http.HttpMethod.HEAD, path, null, null);
    assertEquals(200, head.status(), head.toString());
    for (String name : new String[]{"Content-Type", "ETag", "Cache-Control"}) assertEquals(get.header(name), head.header(name), name);
    assertTrue(head.header("Content-Type").startsWith("text/calendar"), head.header("Content-Type"));
    assertNotNull(head.header("ETag"));
    assertEquals(String.valueOf(get.body().length()), head.header("Content-Length"));
    assertEquals(0, head.body().length(), "no calendar on HEAD");
    // a calendar app's conditional HEAD is 304 like its GET; an unknown feed 404 like its GET
    Response current = Api.get().raw(io.vertx.core.http.HttpMethod.HEAD, path,
      io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("If-None-Match", get.header("ETag")), null);
    assertEquals(304, current.status());
    assertEquals(404, Api.get().raw(io.vertx.core.http.HttpMethod.HEAD, "/api/schedules/calendar/" + "A".repeat(43) + ".ics",
      null, null).status());
  }

  @Test
  void unknownMalformedAndForeignFeedsAre404() {
    assertError(Api.get().call("scheduling.calendarFeed").path("feed", "A".repeat(43) + ".ics").send(), 404, "CALENDAR_FEED_NOT_FOUND");
    assertError(Api.get().call("scheduling.calendarFeed").path("feed", "abc.ics").send(), 404, "CALENDAR_FEED_NOT_FOUND");
    assertError(Api.get().call("scheduling.calendarFeed").path("feed", "feed").send(), 404, "CALENDAR_FEED_NOT_FOUND");
    String token = feedOf(subscribe(teacher.token())).replace(".ics", "");
    assertError(Api.get().call("scheduling.calendarFeed").path("feed", token + ".ical").send(), 404, "CALENDAR_FEED_NOT_FOUND");
    assertError(Api.get().call("scheduling.calendarFeed").path("feed", token.toLowerCase() + ".ics").send(), 404,
      "CALENDAR_FEED_NOT_FOUND");
    assertEquals(400, Api.get().call("scheduling.calendarFeed").path("feed", "x".repeat(101)).send().status());
  }

  @Test
  void subscribingNeedsASignedInUser() {
    assertError(Api.get().call("scheduling.createCalendarFeed").send(), 401, "AUTH_UNAUTHORIZED");
    assertError(Api.get().call("scheduling.createCalendarFeed").token("not-a-token").send(), 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void aDeletedAccountsFeedIs404() {
    Account leaving = Sched.account("student", "leaving@feed.test");
    String url = subscribe(leaving.token());
    assertEquals(200, fetch(url).status());
    Response deleted = Api.get().call("auth.deleteUser").path("id", leaving.id()).token(admin).send();
    assertEquals(200, deleted.status(), deleted.toString());
    assertError(fetch(url), 404, "CALENDAR_FEED_NOT_FOUND");
  }

  @Test
  void theFeedFollowsTheCurrentRole() {
    Account promoted = Sched.account("student", "promoted@feed.test");
    String url = subscribe(promoted.token());
    assertFalse(fetch(url).text().contains("BEGIN:VEVENT"));
    Response changed = Api.get().call("auth.changeRole").path("id", promoted.id()).token(admin)
      .body(new JsonObject().put("role", "admin")).send();
    assertEquals(200, changed.status(), changed.toString());
    assertTrue(fetch(url).text().contains(theirs.getString("id")), "an admin's feed holds every class");
  }

  @Test
  void theAccessLogNeverCarriesTheToken() {
    Logger access = (Logger) LoggerFactory.getLogger("access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try {
      String url = subscribe(student.token());
      String token = feedOf(url).replace(".ics", "");
      assertEquals(200, fetch(url).status());
      assertEquals(404, Api.get().call("scheduling.calendarFeed").path("feed", "B".repeat(43) + ".ics").send().status());
      // a form on GET is refused by a root handler before the route: logged the same way
      Api.get().raw(io.vertx.core.http.HttpMethod.GET, "/api/schedules/calendar/" + feedOf(url),
        io.vertx.core.MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/x-www-form-urlencoded"), null);
      List<String> logged = lines.list.stream().map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs()).toList();
      assertTrue(logged.stream().anyMatch(l -> l.contains("/api/schedules/calendar/{feed}")), logged.toString());
      assertTrue(logged.stream().noneMatch(l -> l.contains(token) || l.contains("BBBBBBBB")), logged.toString());
    } finally {
      access.detachAppender(lines);
    }
  }

  /** The router routes the normalized path, so every spelling that reaches the feed (or names it) is logged as the template. */
  @Test
  void theAccessLogNeverCarriesTheTokenOfAnOddlySpelledPath() {
    Logger access = (Logger) LoggerFactory.getLogger("access");
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    access.addAppender(lines);
    try {
      String feed = feedOf(subscribe(student2.token()));
      String token = feed.replace(".ics", "");
      lines.list.clear();
      String[] paths = {"/api/schedules/./calendar/" + feed, "/api//schedules/calendar/" + feed, "//api/schedules/calendar/" + feed,
        "/%61pi/schedules/calendar/" + feed, "/api/schedules/calendar/x/../" + feed, "/api/schedules/calendar/%2E%2E/calendar/" + feed,
        "/api/schedules/calendar//" + feed, "/api/schedules/calendar%2F" + feed, "/API/Schedules/Calendar/" + feed};
      for (String path : paths) {
        for (io.vertx.core.http.HttpMethod method : new io.vertx.core.http.HttpMethod[]{io.vertx.core.http.HttpMethod.GET,
          io.vertx.core.http.HttpMethod.HEAD}) {
          Response r = Api.get().raw(method, path, null, null);
          assertTrue(r.status() < 500, path + " " + r);
        }
      }
      // in absolute form (RFC 9112 §3.2.2), routed and refused as unparsable (a target over the length limit)
      String absolute = "http://127.0.0.1:" + TestApp.port() + "/api/schedules/calendar/" + feed;
      assertEquals(200, verticles.http.RawHttp.send("GET " + absolute + " HTTP/1.1", null).status());
      assertEquals(414, verticles.http.RawHttp.send("GET " + absolute + "?x=" + "y".repeat(20_000) + " HTTP/1.1", null).status());
      List<String> logged = lines.list.stream().map(e -> e.getFormattedMessage() + " " + e.getKeyValuePairs()).toList();
      assertEquals(paths.length * 2 + 2, logged.size(), logged.toString());
      assertTrue(logged.stream().noneMatch(l -> l.contains(token)), logged.toString());
    } finally {
      access.detachAppender(lines);
    }
  }
}

package verticles.coursework;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the coursework job tests set up through the existing API — courses, accounts, enrollments (approved, pending,
 * or approved from a public registration in a language) — runs of the jobs, and the emails they read back.
 */
final class JobFixtures {
  static final String PASSWORD = "Coursework-Pass-42";

  private JobFixtures() {
  }

  record Account(String id, String email, String token) {
  }

  /** An active account with its full name (accounts are inserted, as in every test; the rest goes through HTTP). */
  static Account account(String role, String email, String fullName) {
    String id = TestUsers.create(role, email, PASSWORD, "active");
    TestApp.sql("UPDATE auth.users SET full_name = '" + fullName + "' WHERE id = '" + id + "'");
    return new Account(id, email, TestUsers.login(email, PASSWORD).getString("access_token"));
  }

  /** An active course created by the admin. */
  static String course(String admin, String title, String instructorId) {
    JsonObject body = new JsonObject().put("title", title).put("level", "beginner").put("price_per_session", 150000)
      .put("duration_minutes", 90).put("max_students", 20).put("is_active", true);
    if (instructorId != null) body.put("instructor_id", instructorId);
    Api.Response r = Api.get().call("catalog.createCourse").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  /** The admin enrolls the student directly (approved at once; the student is emailed the approval). */
  static void approved(String admin, String studentId, String courseId) {
    Api.Response r = Api.get().call("enrollment.createEnrollment").token(admin)
      .body(new JsonObject().put("student_id", studentId).put("course_id", courseId)).send();
    assertEquals(201, r.status(), r.toString());
  }

  /** The student books the course: a pending registration. */
  static void pending(Account student, String courseId) {
    Api.Response r = Api.get().call("enrollment.createBooking").token(student.token())
      .body(new JsonObject().put("course_id", courseId)).send();
    assertEquals(201, r.status(), r.toString());
  }

  /**
   * A public registration in the language {@code acceptLanguage} asks for, approved by the admin (which creates the
   * applicant's student account, named {@code fullName}). → the account's id.
   */
  static String approvedFromRegistration(String admin, String courseId, String email, String fullName, String acceptLanguage) {
    Api.Response registered = Api.get().call("enrollment.register").header("Accept-Language", acceptLanguage)
      .body(new JsonObject().put("full_name", fullName).put("email", email).put("wa_number", "081234567890")
        .put("course_id", courseId).put("consent", true).put("captcha_token", TestApp.CAPTCHA_PASS)
        .put("idempotency_key", "coursework-" + UUID.randomUUID())).send();
    assertEquals(201, registered.status(), registered.toString());
    Api.Response approved = Api.get().call("enrollment.approve").path("id", registered.data().getString("enrollment_id"))
      .token(admin).body(new JsonObject()).send();
    assertEquals(200, approved.status(), approved.toString());
    return approved.data().getJsonObject("student").getString("id");
  }

  /** One run of the jobs on {@code vertx}'s node that really ran (a run meeting another's lock skips: ask again). */
  static JsonObject run(Vertx vertx) {
    for (int i = 0; i < 30; i++) {
      JsonObject result = TestApp.await(vertx.eventBus().<JsonObject>request(Jobs.RUN, new JsonObject(),
        new DeliveryOptions().setLocalOnly(true).setSendTimeout(20_000))).body();
      if (!result.getBoolean("skipped", false)) return result;
    }
    return fail("the coursework jobs stayed locked");
  }

  /** One run on the shared test academy. */
  static JsonObject run() {
    return run(TestApp.get().vertx());
  }

  /** The emails {@code to} has received whose subject starts with {@code subjectStart}, waiting for {@code n} of them. */
  static List<Mailbox.Mail> mails(String to, String subjectStart, int n) {
    for (int received = 1; ; received++) {
      List<Mailbox.Mail> found = Mailbox.await(to, received).stream().filter(m -> m.subject().startsWith(subjectStart)).toList();
      if (found.size() >= n) return found;
    }
  }

  /** Emails of {@code template} queued for {@code to} (notify's queue: one row per dedupe key). */
  static long queued(String template, String to) {
    return TestApp.count("SELECT count(*) FROM notify.messages WHERE template = '" + template + "' AND to_address = '" + to + "'");
  }

  /** How an email shows an instant: Indonesian, in the academy's zone (WIB). */
  static String shown(Instant instant) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy 'pukul' HH.mm", Locale.forLanguageTag("id-ID"))
      .format(instant.atZone(ZoneId.of("Asia/Jakarta"))) + " WIB";
  }

  /** The same in English. */
  static String shownInEnglish(Instant instant) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH).format(instant.atZone(ZoneId.of("Asia/Jakarta"))) + " WIB";
  }
}

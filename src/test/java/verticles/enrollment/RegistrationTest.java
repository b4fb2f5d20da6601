package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.TestApp.count;
import static verticles.enrollment.Academy.key;
import static verticles.enrollment.Academy.register;
import static verticles.enrollment.Academy.registration;

/** Public registration: the seed's answer, exactly once, spam limits, captcha, status check. */
class RegistrationTest {
  String admin;
  String course;

  @BeforeEach
  void reset() {
    Academy.reset();
    admin = Academy.admin();
    course = Academy.course(admin, "Piano Basics for Beginners", 5);
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertEquals(code, r.code(), r.toString());
  }

  @Test
  void registrationAnswersLikeTheSeedAndTouchesNoAccount() {
    Promise<JsonObject> created = Promise.promise();
    MessageConsumer<JsonObject> consumer = TestApp.get().vertx().eventBus()
      .consumer("events.enrollment.created", m -> created.tryComplete(m.body()));
    TestApp.await(consumer.completion());
    try {
      Response r = register(registration(course, "Budi@Example.com", key())).send();
      assertEquals(201, r.status(), r.toString());
      JsonObject data = r.data();
      assertTrue(data.getString("registration_number").matches("REG-\\d{4}-\\d{2}-001"), data.getString("registration_number"));
      assertTrue(data.getString("access_code").matches("[A-Za-z0-9_-]{24}"), data.toString());
      assertEquals("pending", data.getString("status"));
      assertEquals("budi@example.com", data.getJsonObject("student_data").getString("email"));
      assertEquals("+6281234567890", data.getJsonObject("student_data").getString("wa_number"));
      assertEquals("Piano Basics for Beginners", data.getJsonObject("course").getString("title"));
      assertEquals(500000, data.getJsonObject("course").getInteger("price_per_session"));
      assertEquals(new JsonArray().add("Admin akan menghubungi Anda via WhatsApp dalam 1x24 jam")
        .add("Cek email untuk konfirmasi pendaftaran").add("Siapkan alat musik (jika sudah punya)"),
        data.getJsonArray("next_steps"), "the seed's own texts (seed 000 §5.1)");
      assertEquals("Pendaftaran berhasil! Kami akan menghubungi Anda segera.", r.json().getString("message"));

      // no account is created or read: the applicant and guardian stay on the registration until approval
      assertEquals(0, count("SELECT count(*) FROM auth.users WHERE email = 'budi@example.com'"));
      assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments WHERE student_id IS NULL "
        + "AND guardian->>'name' = 'Ibu Rina' AND guardian->>'wa_number' = '+628111111111'"));
      assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments WHERE preferred_days = '{saturday,sunday}' "
        + "AND time_preferences LIKE 'Weekend%' AND expires_at > now() + interval '2 days'"));
      JsonObject event = TestApp.await(created.future());
      assertEquals(data.getString("enrollment_id"), event.getJsonObject("data").getString("enrollment_id"));
      assertEquals("enrollment", event.getJsonObject("metadata").getString("source_service"));
    } finally {
      consumer.unregister();
    }
  }

  @Test
  void theBookingPathTakesTheSameBody() {
    Response r = Api.get().call("enrollment.registerCourse").body(registration(course, "sari@example.com", key())).send();
    assertEquals(201, r.status(), r.toString());
  }

  @Test
  void aRetriedKeyReplaysTheFirstAnswer() {
    String key = key();
    Response first = register(registration(course, "budi@example.com", key)).send();
    Response again = register(registration(course, "budi@example.com", key).put("captcha_token", "a-new-token")).send();
    assertEquals(201, again.status());
    assertEquals(first.json(), again.json());
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void theKeyMayComeAsAHeader() {
    String key = key();
    JsonObject body = registration(course, "budi@example.com", null);
    body.remove("idempotency_key");
    Response first = register(body).header("Idempotency-Key", key).send();
    assertEquals(201, first.status(), first.toString());
    assertEquals(first.json(), register(body).header("Idempotency-Key", key).send().json());
    assertError(register(body).send(), 400, "VALIDATION_REQUIRED_FIELD");
  }

  @Test
  void theSameKeyWithOtherDataIs422() {
    String key = key();
    register(registration(course, "budi@example.com", key)).send();
    assertError(register(registration(course, "budi@example.com", key).put("full_name", "Someone Else")).send(),
      422, "IDEMPOTENCY_KEY_REUSED");
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void hundredConcurrentSubmissionsWithOneKeyMakeOneRegistration() {
    String key = key();
    List<Api.Call> calls = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      Api.Call call = register(registration(course, "budi@example.com", key));
      calls.add(call);
      sent.add(call.sendAsync());
    }
    TestApp.await(Future.join(sent));
    Set<String> bodies = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      assertEquals(201, r.status(), r.toString());
      bodies.add(r.json().encode());
    }
    assertEquals(1, bodies.size(), "every response identical");
    assertEquals(1, count("SELECT count(*) FROM enrollment.enrollments"));
    assertEquals(1, count("SELECT count(*) FROM enrollment.registration_keys"));
    assertTrue(bodies.iterator().next().contains("-001\""), "replays spend no number: " + bodies);
  }

  @Test
  void tenConcurrentRegistrationsForOneEmailLeaveExactlyThreePending() {
    List<Api.Call> calls = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String other = Academy.course(admin, "Course " + i, 5);
      Api.Call call = register(registration(other, i % 2 == 0 ? "RINA@example.com" : "rina@example.com", key()));
      calls.add(call);
      sent.add(call.sendAsync());
    }
    TestApp.await(Future.join(sent));
    for (int i = 0; i < 10; i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      assertEquals(201, r.status(), "the public answer does not tell: " + r);
    }
    assertEquals(3, count("SELECT count(*) FROM enrollment.enrollments WHERE email_key = 'rina@example.com' AND status = 'pending'"));
    assertEquals(10, count("SELECT count(*) FROM enrollment.registration_keys"), "refusals are kept for replays too");
  }

  /**
   * Enumeration (issue 14.4): a second pending registration for the same email and course answers exactly like
   * a new one (same status, message, fields), stores nothing, replays for its key, and its number and code open
   * nothing; a staff member's email registers like anyone's.
   */
  @Test
  void aRefusedRegistrationAnswersLikeANewOne() {
    Response first = register(registration(course, "budi@example.com", key())).send();
    String key = key();
    Response again = register(registration(course, "BUDI@example.com", key)).send();
    Response fresh = register(registration(course, "sari@example.com", key())).send();
    assertEquals(201, again.status(), again.toString());
    assertEquals(first.json().getString("message"), again.json().getString("message"));
    assertEquals(first.data().fieldNames(), again.data().fieldNames());
    assertTrue(again.data().getString("access_code").matches("[A-Za-z0-9_-]{24}"));
    assertEquals(again.json(), register(registration(course, "BUDI@example.com", key)).send().json(), "a retry replays it");
    assertEquals(2, count("SELECT count(*) FROM enrollment.enrollments"), "budi's first and sari's");
    // every registration spends one number, refused or not: no gap tells them apart
    assertEquals(List.of(1, 2, 3), List.of(first, again, fresh).stream().map(r -> r.data().getString("registration_number"))
      .map(n -> Integer.parseInt(n.substring(n.lastIndexOf('-') + 1))).toList());
    // its status check answers like a new registration's (the caller learns nothing they did not type)
    Response check = check("budi@example.com", again.data().getString("registration_number"), again.data().getString("access_code"));
    Response checkFresh = check("sari@example.com", fresh.data().getString("registration_number"), fresh.data().getString("access_code"));
    assertEquals(200, check.status(), check.toString());
    assertEquals(checkFresh.data().getJsonArray("enrollments").getJsonObject(0).fieldNames(),
      check.data().getJsonArray("enrollments").getJsonObject(0).fieldNames());
    assertEquals("pending", check.data().getJsonArray("enrollments").getJsonObject(0).getString("status"));
    assertEquals(1, count("SELECT count(*) FROM enrollment.refused_registrations WHERE reason = 'already_pending'"));

    Response staff = register(registration(course, TestApp.ADMIN_EMAIL, key())).send();
    assertEquals(201, staff.status(), staff.toString());
    assertEquals(first.data().fieldNames(), staff.data().fieldNames());
  }

  /**
   * Address variants (issue 14.5): after three pending registrations for one mailbox, its variants (case, +tag,
   * Gmail dots, googlemail, a trailing dot) are the same anti-abuse key: no fourth row, no account.
   */
  @Test
  void addressVariantsShareThePendingCap() {
    for (int i = 0; i < 3; i++) {
      assertEquals(201, register(registration(Academy.course(admin, "Variant " + i, 5), "siti.rahma@gmail.com", key())).send().status());
    }
    for (String variant : List.of("SitiRahma@gmail.com", "siti.rahma+1@gmail.com", "s.i.t.i.rahma@googlemail.com",
        "siti.rahma@gmail.com.", "Siti.Rahma+les@GMAIL.COM")) {
      Response r = register(registration(Academy.course(admin, "Other " + variant, 5), variant, key())).send();
      assertEquals(201, r.status(), r.toString());
    }
    assertEquals(3, count("SELECT count(*) FROM enrollment.enrollments"));
    assertEquals(3, count("SELECT count(*) FROM enrollment.enrollments WHERE email = 'siti.rahma@gmail.com'"),
      "the stored address stays as typed");
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE role = 'student'"));
  }

  @Test
  void registrationNumbersAreUniqueAndIncreasingUnderConcurrency() {
    List<Api.Call> calls = new ArrayList<>();
    List<Future<HttpResponse<Buffer>>> sent = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Api.Call call = register(registration(course, "student" + i + "@example.com", key()));
      calls.add(call);
      sent.add(call.sendAsync());
    }
    TestApp.await(Future.join(sent));
    TreeSet<Integer> numbers = new TreeSet<>();
    for (int i = 0; i < 20; i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      assertEquals(201, r.status(), r.toString());
      String number = r.data().getString("registration_number");
      numbers.add(Integer.parseInt(number.substring(number.lastIndexOf('-') + 1)));
    }
    assertEquals(20, numbers.size());
    assertEquals(1, numbers.first());
    assertEquals(20, numbers.last());
  }

  /** Numbers grow past three digits without being cut (REG-…-1000 is not REG-…-100 again). */
  @Test
  void registrationNumbersPastNineHundredNinetyNineStayUnique() {
    TestApp.sql("SELECT setval('enrollment.registration_number_seq', 998)");
    List<String> numbers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Response r = register(registration(course, "late" + i + "@example.com", key())).send();
      assertEquals(201, r.status(), r.toString());
      numbers.add(r.data().getString("registration_number"));
    }
    assertEquals(List.of("999", "1000", "1001"), numbers.stream().map(n -> n.substring(n.lastIndexOf('-') + 1)).toList());
    assertEquals(3, count("SELECT count(DISTINCT registration_number) FROM enrollment.enrollments"));
  }

  @Test
  void courseMustBeOpen() {
    Api.get().call("catalog.updateCourse").token(admin).path("id", course).body(new JsonObject().put("is_active", false)
      .put("updated_at", Api.get().call("catalog.getCourse").token(admin).path("id", course).send().data().getString("updated_at")))
      .send();
    assertError(register(registration(course, "budi@example.com", key())).send(), 409, "ENROLLMENT_COURSE_INACTIVE");
    assertError(register(registration(java.util.UUID.randomUUID().toString(), "budi@example.com", key())).send(),
      404, "COURSE_NOT_FOUND");
  }

  @Test
  void badInputIsRefusedAndNothingIsStored() {
    assertError(register(registration(course, "budi@example.com", key()).put("consent", false)).send(), 400,
      "ENROLLMENT_CONSENT_REQUIRED");
    assertError(register(registration(course, "not-an-email", key())).send(), 400, "VALIDATION_INVALID_EMAIL");
    assertError(register(registration(course, "budi@example.com", key()).put("wa_number", "12345")).send(), 400,
      "VALIDATION_INVALID_PHONE");
    assertError(register(registration(course, "budi@example.com", key()).put("experience_level", "guru")).send(), 400,
      "VALIDATION_INVALID_ENUM");
    assertError(register(registration(course, "budi@example.com", key()).put("status", "approved")).send(), 400,
      "VALIDATION_UNKNOWN_FIELD");
    assertError(register(registration(course, "budi@example.com", key())
      .put("preferred_schedule_ids", new io.vertx.core.json.JsonArray().add(java.util.UUID.randomUUID().toString()))).send(),
      400, "ENROLLMENT_INVALID_SCHEDULE");
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void captchaIsVerifiedAndFailsClosed() {
    assertError(register(registration(course, "budi@example.com", key()).put("captcha_token", TestApp.CAPTCHA_FAIL)).send(),
      400, "CAPTCHA_INVALID");
    JsonObject missing = registration(course, "budi@example.com", key());
    missing.remove("captcha_token");
    assertError(register(missing).send(), 400, "CAPTCHA_INVALID");
    assertError(register(registration(course, "budi@example.com", key()).put("captcha_token", TestApp.CAPTCHA_DOWN)).send(),
      503, "CAPTCHA_UNAVAILABLE");
    assertError(register(registration(course, "budi@example.com", key()).put("captcha_token", TestApp.CAPTCHA_GARBAGE)).send(),
      503, "CAPTCHA_UNAVAILABLE");
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments"));
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE email = 'budi@example.com'"));
  }

  /**
   * The status check (issue 14.3) answers for the one registration its access code opens, never for a number a
   * caller guessed next to one they made themselves, and never lists other registrations of the email.
   */
  @Test
  void statusCheckNeedsTheAccessCode() {
    Response r = register(registration(course, "budi@example.com", key())).send();
    String number = r.data().getString("registration_number");
    String code = r.data().getString("access_code");
    String other = Academy.course(admin, "Gitar", 5);
    Response second = register(registration(other, "budi@example.com", key())).send();
    Response ok = check("Budi+x@Example.com", number, code);
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("Budi Santoso", ok.data().getString("full_name"));
    assertEquals(1, ok.data().getJsonArray("enrollments").size(), "only the registration the code opens");
    assertEquals(number, ok.data().getJsonArray("enrollments").getJsonObject(0).getString("registration_number"));
    assertEquals("Piano Basics for Beginners", ok.data().getJsonArray("enrollments").getJsonObject(0).getString("course_title"));

    // a stranger who registered the next number with their own code cannot read Budi's
    Response mine = register(registration(other, "mallory@example.com", key())).send();
    Response wrongCode = check("budi@example.com", number, mine.data().getString("access_code"));
    Response wrongNumber = check("budi@example.com", second.data().getString("registration_number"), code);
    Response wrongEmail = check("other@example.com", number, code);
    assertError(wrongCode, 404, "ENROLLMENT_NOT_FOUND");
    assertEquals(wrongCode.json(), wrongNumber.json());
    assertEquals(wrongCode.json(), wrongEmail.json());
    assertError(Api.get().call("enrollment.checkStatus").query("email", "budi@example.com")
      .query("registration_number", number).send(), 400, "VALIDATION_REQUIRED_FIELD");
  }

  private static Response check(String email, String number, String code) {
    return Api.get().call("enrollment.checkStatus").query("email", email).query("registration_number", number)
      .query("access_code", code).send();
  }
}

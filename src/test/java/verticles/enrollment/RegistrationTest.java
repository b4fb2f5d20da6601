package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
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
import static verticles.enrollment.Academy.count;
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
  void registrationAnswersLikeTheSeedAndCreatesTheStudent() {
    Promise<JsonObject> created = Promise.promise();
    MessageConsumer<JsonObject> consumer = TestApp.get().vertx().eventBus()
      .consumer("events.enrollment.created", m -> created.tryComplete(m.body()));
    TestApp.await(consumer.completion());
    try {
      Response r = register(registration(course, "Budi@Example.com", key())).send();
      assertEquals(201, r.status(), r.toString());
      JsonObject data = r.data();
      assertTrue(data.getString("registration_number").matches("REG-\\d{4}-\\d{2}-001"), data.getString("registration_number"));
      assertEquals("pending", data.getString("status"));
      assertEquals("budi@example.com", data.getJsonObject("student_data").getString("email"));
      assertEquals("+6281234567890", data.getJsonObject("student_data").getString("wa_number"));
      assertEquals("Piano Basics for Beginners", data.getJsonObject("course").getString("title"));
      assertEquals(500000, data.getJsonObject("course").getInteger("price_per_session"));
      assertEquals(3, data.getJsonArray("next_steps").size());
      assertEquals("Pendaftaran berhasil! Kami akan menghubungi Anda segera.", r.json().getString("message"));

      assertEquals(1, count("SELECT count(*) FROM auth.users WHERE email = 'budi@example.com' AND role = 'student'"));
      assertEquals(1, count("SELECT count(*) FROM auth.student_profiles p JOIN auth.users u ON u.id = p.user_id "
        + "WHERE u.email = 'budi@example.com' AND p.parent_name = 'Ibu Rina' AND p.parent_phone_number = '+628111111111'"));
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
    assertEquals(1, count("SELECT last_value FROM enrollment.registration_counters"), "no number was spent twice");
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
    int created = 0;
    for (int i = 0; i < 10; i++) {
      Response r = calls.get(i).checked(sent.get(i).result());
      if (r.status() == 201) created++;
      else assertEquals("ENROLLMENT_PENDING_LIMIT", r.code(), r.toString());
    }
    assertEquals(3, created);
    assertEquals(3, count("SELECT count(*) FROM enrollment.enrollments WHERE email = 'rina@example.com' AND status = 'pending'"));
  }

  @Test
  void onePendingRegistrationPerEmailAndCourse() {
    assertEquals(201, register(registration(course, "budi@example.com", key())).send().status());
    assertError(register(registration(course, "BUDI@example.com", key())).send(), 409, "ENROLLMENT_ALREADY_EXISTS");
  }

  @Test
  void registrationNumbersAreUniqueAndGapFreeUnderConcurrency() {
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

  @Test
  void statusCheckNeedsTheMatchingPair() {
    Response r = register(registration(course, "budi@example.com", key())).send();
    String number = r.data().getString("registration_number");
    Response ok = Api.get().call("enrollment.checkStatus").query("email", "budi@example.com")
      .query("registration_number", number).send();
    assertEquals(200, ok.status(), ok.toString());
    assertEquals("Budi Santoso", ok.data().getString("full_name"));
    assertEquals(number, ok.data().getJsonArray("enrollments").getJsonObject(0).getString("registration_number"));
    assertEquals("Piano Basics for Beginners", ok.data().getJsonArray("enrollments").getJsonObject(0).getString("course_title"));

    Response wrongNumber = Api.get().call("enrollment.checkStatus").query("email", "budi@example.com")
      .query("registration_number", "REG-2000-01-001").send();
    Response wrongEmail = Api.get().call("enrollment.checkStatus").query("email", "other@example.com")
      .query("registration_number", number).send();
    assertError(wrongNumber, 404, "ENROLLMENT_NOT_FOUND");
    assertEquals(wrongNumber.json(), wrongEmail.json());
    assertError(Api.get().call("enrollment.checkStatus").query("email", "budi@example.com").send(), 400,
      "VALIDATION_REQUIRED_FIELD");
  }
}

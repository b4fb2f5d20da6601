package verticles.enrollment;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.TestNode;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static verticles.TestApp.count;
import static verticles.enrollment.Academy.key;
import static verticles.enrollment.Academy.registration;

/**
 * Every way the captcha verification itself can fail answers 503 CAPTCHA_UNAVAILABLE and stores nothing; only
 * the verifier's "no" is the applicant's 400.
 */
class CaptchaTest {
  String course;

  @BeforeEach
  void reset() {
    Academy.reset();
    course = Academy.course(Academy.admin(), "Captcha Piano", 5);
  }

  private static void assertUnavailable(Response r) {
    assertEquals(503, r.status(), r.toString());
    assertEquals("CAPTCHA_UNAVAILABLE", r.code(), r.toString());
  }

  private Response register(Api api, String token) {
    return api.call("enrollment.register").body(registration(course, "applicant@example.com", key()).put("captcha_token", token)).send();
  }

  @Test
  void aVerifierThatAnswersWithAnErrorStatusIs503() {
    assertUnavailable(register(Api.get(), TestApp.CAPTCHA_DOWN));      // 500
    assertUnavailable(register(Api.get(), TestApp.CAPTCHA_NOT_FOUND)); // 404
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void aVerifierThatAnswersNonsenseIs503() {
    assertUnavailable(register(Api.get(), TestApp.CAPTCHA_GARBAGE));     // HTML
    assertUnavailable(register(Api.get(), TestApp.CAPTCHA_BROKEN_JSON)); // truncated JSON
    assertUnavailable(register(Api.get(), TestApp.CAPTCHA_NO_VERDICT));  // "success": "yes"
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void aVerifierThatNeverAnswersIs503() {
    assertUnavailable(register(Api.get(), TestApp.CAPTCHA_SILENT));
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void aVerifierThatCannotBeReachedIs503(@TempDir Path dir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_CAPTCHA_VERIFY_URL", "http://127.0.0.1:" + TestApp.freePort() + "/siteverify"); // nobody listens
    try (TestNode node = TestNode.start(dir, env)) {
      assertUnavailable(register(node.api(), TestApp.CAPTCHA_PASS));
    }
    env.put("ACADEMY_CAPTCHA_VERIFY_URL", "http://captcha.invalid/siteverify"); // no such host
    try (TestNode node = TestNode.start(dir, env)) {
      assertUnavailable(register(node.api(), TestApp.CAPTCHA_PASS));
    }
    assertEquals(0, count("SELECT count(*) FROM enrollment.enrollments"));
  }

  @Test
  void theVerifiersNoIsTheApplicants400() {
    Response r = register(Api.get(), TestApp.CAPTCHA_FAIL);
    assertEquals(400, r.status(), r.toString());
    assertEquals("CAPTCHA_INVALID", r.code());
  }
}

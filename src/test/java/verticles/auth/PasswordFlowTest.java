package verticles.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.auth.AccountFlows.NEW_PASSWORD;
import static verticles.auth.AccountFlows.PASSWORD;
import static verticles.auth.AccountFlows.assertError;
import static verticles.TestApp.count;
import static verticles.auth.AccountFlows.field;
import static verticles.auth.AccountFlows.forgot;
import static verticles.auth.AccountFlows.me;
import static verticles.auth.AccountFlows.outboxEmails;

/**
 * The password flows of issue 16 through HTTP: forgot → email → reset → old sessions refused → login; the same answer
 * and no email for an unknown address; single-use, expiring, purpose-bound reset links; a public registrant claiming
 * the password-less account its approval created; the password change that keeps only the caller's session.
 */
class PasswordFlowTest {
  static final String STUDENT = "siti@contoh.id";

  @BeforeEach
  void reset() {
    TestApp.resetData();
  }

  private static Response resetPassword(String token, String password) {
    return Api.get().call("auth.resetPassword").body(new JsonObject().put("token", token).put("password", password)).send();
  }

  private static Response changePassword(String accessToken, String current, String next) {
    return Api.get().call("auth.changePassword").token(accessToken)
      .body(new JsonObject().put("current_password", current).put("new_password", next)).send();
  }

  private static Response refresh(String refreshToken) {
    return Api.get().call("auth.refresh").body(new JsonObject().put("refresh_token", refreshToken)).send();
  }

  // --- forgot and reset -------------------------------------------------------------------------

  @Test
  void forgotThenResetEndsEverySessionAndTheNewPasswordWorks() {
    TestUsers.create("student", STUDENT, PASSWORD, "active");
    JsonObject phone = TestUsers.login(STUDENT, PASSWORD), laptop = TestUsers.login(STUDENT, PASSWORD);

    Response asked = Api.get().call("auth.forgotPassword").header("Accept-Language", "en")
      .body(new JsonObject().put("email", "Siti@Contoh.id")).send();
    assertEquals(200, asked.status(), asked.toString());
    Mailbox.Mail mail = Mailbox.one(STUDENT);
    assertEquals("Reset your Academy password", mail.subject());
    String token = AccountFlows.token(STUDENT, "reset", 1);
    assertEquals(1, count("SELECT round(extract(epoch FROM expires_at - created_at) / 3600) FROM auth.password_tokens "
      + "WHERE purpose = 'reset_password'"), "valid for one hour");

    // a weak password is refused and leaves the link usable
    Response weak = resetPassword(token, "password1");
    assertError(weak, 400, "AUTH_PASSWORD_TOO_WEAK");
    assertEquals("password", field(weak));
    assertEquals(200, me(phone.getString("access_token")).status(), "nothing changed yet");

    Response done = resetPassword(token, NEW_PASSWORD);
    assertEquals(200, done.status(), done.toString());
    assertError(resetPassword(token, NEW_PASSWORD), 401, "AUTH_INVALID_TOKEN"); // single use
    for (JsonObject session : new JsonObject[]{phone, laptop}) {
      assertError(me(session.getString("access_token")), 401, "AUTH_UNAUTHORIZED");
      assertError(refresh(session.getString("refresh_token")), 401, "AUTH_INVALID_TOKEN");
    }
    assertError(AccountFlows.login("auth.login", STUDENT, PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
    Response login = AccountFlows.login("auth.studentLogin", STUDENT, NEW_PASSWORD);
    assertEquals(200, login.status(), login.toString());
    assertTrue(me(login.data().getString("token")).data().getBoolean("email_verified"), "the link proved the address");
  }

  @Test
  void anUnknownEmailGetsTheSameAnswerAndNoEmail() {
    TestUsers.create("student", STUDENT, PASSWORD, "active");
    Response known = forgot(STUDENT);
    Response unknown = forgot("nobody@contoh.id");
    assertEquals(200, unknown.status());
    assertEquals(known.json(), unknown.json(), "the same answer whether or not the email has an account");
    Response english = Api.get().call("auth.forgotPassword").body(new JsonObject().put("email", "nobody@contoh.id"))
      .header("Accept-Language", "en").send();
    assertEquals("If your email is registered, you will receive reset instructions shortly", english.json().getString("message"));
    // the answers came after commit: whatever would be emailed is in the outbox by now
    assertEquals(0, count("SELECT count(*) FROM auth.outbox WHERE data->>'to' = 'nobody@contoh.id'"));
    assertEquals(1, outboxEmails(STUDENT, "password-reset"));
    assertEquals(1, count("SELECT count(*) FROM auth.password_tokens"));
    Mailbox.one(STUDENT); // delivered; and nothing for the unknown address, which the queue never saw
    assertEquals(0, count("SELECT count(*) FROM notify.messages WHERE to_address = 'nobody@contoh.id'"));
    assertTrue(Mailbox.read("nobody@contoh.id").isEmpty());
    // a deleted account is no account
    String gone = TestUsers.create("student", "gone@contoh.id", PASSWORD, "active");
    TestApp.sql("UPDATE auth.users SET deleted_at = now() WHERE id = '" + gone + "'");
    assertEquals(known.json(), forgot("gone@contoh.id").json());
    assertEquals(0, count("SELECT count(*) FROM auth.outbox WHERE data->>'to' = 'gone@contoh.id'"));
  }

  @Test
  void anOlderResetLinkStopsWorkingOnceOneWasUsedAndLinksExpire() {
    TestUsers.create("student", STUDENT, PASSWORD, "active");
    forgot(STUDENT);
    forgot(STUDENT);
    String first = AccountFlows.token(STUDENT, "reset", 1), second = AccountFlows.token(STUDENT, "reset", 2);
    assertEquals(200, resetPassword(second, NEW_PASSWORD).status());
    assertError(resetPassword(first, "Another-Strong-Pass-91"), 401, "AUTH_INVALID_TOKEN");

    forgot(STUDENT);
    String third = AccountFlows.token(STUDENT, "reset", 3);
    TestApp.sql("UPDATE auth.password_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    assertError(resetPassword(third, "Another-Strong-Pass-91"), 401, "AUTH_INVALID_TOKEN");
    assertError(resetPassword("unknown-token", "Another-Strong-Pass-91"), 401, "AUTH_INVALID_TOKEN");
    assertEquals(200, AccountFlows.login("auth.login", STUDENT, NEW_PASSWORD).status());
  }

  @Test
  void aResetLinkDoesNotVerifyAnEmailOrSetAnInvitedPassword() {
    TestUsers.create("student", STUDENT, PASSWORD, "active");
    forgot(STUDENT);
    String token = AccountFlows.token(STUDENT, "reset", 1);
    assertError(Api.get().call("auth.verifyEmail").body(new JsonObject().put("token", token)).send(), 401, "AUTH_INVALID_TOKEN");
    assertError(Api.get().call("auth.setPassword").body(new JsonObject().put("token", token).put("password", NEW_PASSWORD))
      .send(), 401, "AUTH_INVALID_TOKEN");
    assertEquals(200, resetPassword(token, NEW_PASSWORD).status(), "still usable for its own purpose");
  }

  /**
   * Issue 16: a public registrant's account, created when an admin approves the registration, has no password; its
   * owner cannot register the address again (409 pointing to forgot-password), claims it through forgot-password —
   * the reset sets its first password — and sees the registration.
   */
  @Test
  void aPublicRegistrantClaimsTheAccountItsApprovalCreatedAndSeesTheRegistration() {
    String admin = TestUsers.adminToken();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    Response course = Api.get().call("catalog.createCourse").token(admin).body(new JsonObject().put("title", "Piano Dasar")
      .put("description", "Kelas piano untuk pemula").put("level", "beginner").put("instrument", "piano")
      .put("price_per_session", 250000).put("duration_minutes", 60).put("max_students", 5).put("is_active", true)).send();
    assertEquals(201, course.status(), course.toString());
    String email = "budi.applicant@contoh.id";
    Response registered = Api.get().call("enrollment.register").body(new JsonObject().put("full_name", "Budi Santoso")
      .put("wa_number", "081234567890").put("email", email).put("course_id", course.data().getString("id"))
      .put("consent", true).put("captcha_token", TestApp.CAPTCHA_PASS).put("idempotency_key", "key-" + UUID.randomUUID())).send();
    assertEquals(201, registered.status(), registered.toString());
    String enrollmentId = registered.data().getString("enrollment_id");
    Response approved = Api.get().call("enrollment.approve").path("id", enrollmentId).token(admin).send();
    assertEquals(200, approved.status(), approved.toString());
    assertEquals("created", approved.data().getJsonObject("student").getString("account"));

    assertError(AccountFlows.login("auth.studentLogin", email, PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
    Response again = Api.get().call("auth.register").body(AccountFlows.registration("Budi Santoso", email, "UMUM", null))
      .header("Accept-Language", "en").send();
    assertError(again, 409, "AUTH_EMAIL_ALREADY_EXISTS");
    assertTrue(again.json().getString("error").contains("forgot password"), again.toString());

    assertEquals(200, forgot(email).status());
    assertEquals(200, resetPassword(AccountFlows.token(email, "reset", 1), NEW_PASSWORD).status());
    Response login = AccountFlows.login("auth.studentLogin", email, NEW_PASSWORD);
    assertEquals(200, login.status(), login.toString());
    assertEquals(approved.data().getJsonObject("student").getString("id"), login.data().getJsonObject("user").getString("id"));
    Response mine = Api.get().call("enrollment.listMine").token(login.data().getString("token")).send();
    assertEquals(200, mine.status(), mine.toString());
    assertEquals(1, mine.data().getJsonArray("enrollments").size(), mine.toString());
    JsonObject enrollment = mine.data().getJsonArray("enrollments").getJsonObject(0);
    assertEquals(enrollmentId, enrollment.getString("id"), enrollment.encode());
    assertEquals("approved", enrollment.getString("status"));
  }

  // --- change password ----------------------------------------------------------------------------

  @Test
  void changingThePasswordKeepsThisSessionAndEndsTheOthers() {
    TestUsers.create("instructor", "guru@contoh.id", PASSWORD, "active");
    JsonObject here = TestUsers.login("guru@contoh.id", PASSWORD), there = TestUsers.login("guru@contoh.id", PASSWORD);
    Response changed = changePassword(here.getString("access_token"), PASSWORD, NEW_PASSWORD);
    assertEquals(200, changed.status(), changed.toString());
    assertEquals(200, me(here.getString("access_token")).status(), "the caller's session stays");
    assertEquals(200, refresh(here.getString("refresh_token")).status());
    assertError(me(there.getString("access_token")), 401, "AUTH_UNAUTHORIZED");
    assertError(refresh(there.getString("refresh_token")), 401, "AUTH_INVALID_TOKEN");
    assertError(AccountFlows.login("auth.login", "guru@contoh.id", PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
    assertEquals(200, AccountFlows.login("auth.instructorLogin", "guru@contoh.id", NEW_PASSWORD).status());
  }

  @Test
  void aWrongCurrentPasswordIsRefusedLikeALoginAndCountsTowardsTheLockout() {
    TestUsers.create("student", STUDENT, PASSWORD, "active");
    String token = TestUsers.login(STUDENT, PASSWORD).getString("access_token");
    // a weak new password is the client's mistake: 400 naming it, not counted as a failure
    Response weak = changePassword(token, PASSWORD, "password");
    assertError(weak, 400, "AUTH_PASSWORD_TOO_WEAK");
    assertEquals("new_password", field(weak));
    int maxFailures = TestApp.config().getJsonObject("login").getInteger("max_failures");
    for (int i = 0; i < maxFailures; i++) {
      assertError(changePassword(token, "Not-The-Password-1", NEW_PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
    }
    assertError(changePassword(token, PASSWORD, NEW_PASSWORD), 429, "AUTH_TOO_MANY_ATTEMPTS");
    assertError(AccountFlows.login("auth.login", STUDENT, PASSWORD), 429, "AUTH_TOO_MANY_ATTEMPTS");
    assertEquals(200, me(token).status(), "a refused change ends no session");
  }

  /** Review of issue 16: a lockout someone caused with wrong passwords ends when the owner resets the password. */
  @Test
  void aResetEndsALockoutOthersCaused() {
    TestUsers.create("student", STUDENT, PASSWORD, "active");
    int maxFailures = TestApp.config().getJsonObject("login").getInteger("max_failures");
    for (int i = 0; i < maxFailures; i++) AccountFlows.login("auth.login", STUDENT, "Not-The-Password-1");
    assertError(AccountFlows.login("auth.login", STUDENT, PASSWORD), 429, "AUTH_TOO_MANY_ATTEMPTS");
    assertEquals(200, forgot(STUDENT).status());
    Mailbox.one(STUDENT);
    assertEquals(200, resetPassword(AccountFlows.token(STUDENT, "reset", 1), NEW_PASSWORD).status());
    Response login = AccountFlows.login("auth.studentLogin", STUDENT, NEW_PASSWORD);
    assertEquals(200, login.status(), login.toString());
  }

  @Test
  void changingThePasswordNeedsASignedInCallerAndBothFields() {
    assertError(Api.get().call("auth.changePassword").body(new JsonObject().put("current_password", PASSWORD)
      .put("new_password", NEW_PASSWORD)).send(), 401, "AUTH_UNAUTHORIZED");
    TestUsers.create("student", STUDENT, PASSWORD, "active");
    String token = TestUsers.login(STUDENT, PASSWORD).getString("access_token");
    assertError(Api.get().call("auth.changePassword").token(token).body(new JsonObject().put("new_password", NEW_PASSWORD))
      .send(), 400, "VALIDATION_REQUIRED_FIELD");
    assertError(Api.get().call("auth.forgotPassword").body(new JsonObject().put("email", "not-an-email")).send(), 400,
      "VALIDATION_INVALID_EMAIL");
  }
}

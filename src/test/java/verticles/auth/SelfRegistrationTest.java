package verticles.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.auth.AccountFlows.PASSWORD;
import static verticles.auth.AccountFlows.assertError;
import static verticles.TestApp.count;
import static verticles.auth.AccountFlows.field;
import static verticles.auth.AccountFlows.me;
import static verticles.auth.AccountFlows.outboxEmails;
import static verticles.auth.AccountFlows.register;
import static verticles.auth.AccountFlows.registration;

/**
 * Self-registration of student accounts (issue 16, seed 003 §1.2.1) through HTTP: register → verify the email with the
 * emailed link → log in → me; UMUM and DIKE with NIM format and uniqueness; an email with an account of any kind is 409
 * pointing to forgot-password; captcha and the password policy; verification tokens that are unknown, used, expired or
 * of another purpose.
 */
class SelfRegistrationTest {
  @BeforeEach
  void reset() {
    TestApp.resetData();
  }

  private static Response verify(String token) {
    return Api.get().call("auth.verifyEmail").body(new JsonObject().put("token", token)).send();
  }

  private static long accounts(String email) {
    return count("SELECT count(*) FROM auth.users WHERE email = '" + email + "'");
  }

  @Test
  void aStudentRegistersVerifiesTheEmailAndSignsIn() {
    Response r = Api.get().call("auth.register").header("Accept-Language", "en-US,en;q=0.9")
      .body(registration("Rina Wulandari", "Rina@Contoh.id", "UMUM", null)).send();
    assertEquals(201, r.status(), r.toString());
    JsonObject user = r.data().getJsonObject("user");
    assertEquals("Rina Wulandari", user.getString("name"));
    assertEquals("rina@contoh.id", user.getString("email"));
    assertEquals("student", user.getString("role"));
    assertEquals("UMUM", user.getString("type"));
    assertTrue(user.containsKey("nim"));
    assertNull(user.getString("nim"));
    assertFalse(user.getBoolean("email_verified"));
    JsonObject tokens = r.data().getJsonObject("tokens");
    assertEquals(3600, tokens.getInteger("expires_in"));
    assertNotNull(tokens.getString("refresh_token"));

    // signed in at once
    Response before = me(tokens.getString("access_token"));
    assertEquals(200, before.status(), before.toString());
    assertEquals(user.getString("id"), before.data().getString("id"));
    assertFalse(before.data().getBoolean("email_verified"));

    // the verification email, in the language asked for, with a link to the public page
    Mailbox.Mail mail = Mailbox.one("rina@contoh.id");
    assertEquals("Confirm your email address", mail.subject());
    assertTrue(mail.text().contains("Hello Rina Wulandari"), mail.text());
    String token = AccountFlows.token("rina@contoh.id", "verify", 1);
    assertEquals(200, verify(token).status());
    assertError(verify(token), 401, "AUTH_INVALID_TOKEN"); // single use

    Response login = AccountFlows.login("auth.studentLogin", "rina@contoh.id", PASSWORD);
    assertEquals(200, login.status(), login.toString());
    Response after = me(login.data().getString("token"));
    assertTrue(after.data().getBoolean("email_verified"));
    assertEquals("UMUM", after.data().getString("type"));
    assertEquals(200, AccountFlows.login("auth.login", "rina@contoh.id", PASSWORD).status());
  }

  @Test
  void theVerificationEmailIsIndonesianByDefault() {
    assertEquals(201, register(registration("Dewi Lestari", "dewi@contoh.id", "UMUM", null)).status());
    Mailbox.Mail mail = Mailbox.one("dewi@contoh.id");
    assertEquals("Konfirmasi alamat email Anda", mail.subject());
    assertTrue(mail.text().contains("Halo Dewi Lestari"), mail.text());
  }

  @Test
  void aDikeStudentRegistersWithAUniqueNim() {
    Response r = register(registration("Agus DIKE", "agus@ugm.ac.id", "DIKE", "24/000000/PA/000000"));
    assertEquals(201, r.status(), r.toString());
    assertEquals("DIKE", r.data().getJsonObject("user").getString("type"));
    assertEquals("24/000000/PA/000000", r.data().getJsonObject("user").getString("nim"));
    Response login = AccountFlows.login("auth.studentLogin", "agus@ugm.ac.id", PASSWORD);
    assertEquals("24/000000/PA/000000", login.data().getJsonObject("user").getString("nim"));
    // the last group may have five digits (NN/NNNNNN/XX/NNNNN)
    assertEquals(201, register(registration("Budi DIKE", "budi@ugm.ac.id", "DIKE", "22/498765/PA/21456")).status());

    Response taken = register(registration("Copy Cat", "copy@ugm.ac.id", "DIKE", "24/000000/PA/000000"));
    assertError(taken, 409, "AUTH_NIM_ALREADY_EXISTS");
    assertEquals("nim", field(taken));
    assertEquals(0, accounts("copy@ugm.ac.id"), "nothing stored for a refused registration");
    assertEquals(0, outboxEmails("copy@ugm.ac.id", "email-verification"), "nothing emailed");
  }

  @Test
  void theNimMustFitTheType() {
    Response missing = register(registration("No Nim", "nonim@ugm.ac.id", "DIKE", null));
    assertError(missing, 400, "VALIDATION_REQUIRED_FIELD");
    assertEquals("nim", field(missing));
    Response umum = register(registration("Umum Nim", "umum@contoh.id", "UMUM", "24/000000/PA/000000"));
    assertError(umum, 400, "VALIDATION_ERROR");
    assertEquals("nim", field(umum));
    for (String bad : new String[]{"24/0000/PA/000000", "24/000000/pa/000000", "24-000000-PA-000000", "24/000000/PA/0000",
      "24/000000/PA/0000000", " 24/000000/PA/000000", "24/000000/PA/000000\n"}) {
      Response r = register(registration("Bad Nim", "badnim@ugm.ac.id", "DIKE", bad));
      assertEquals(400, r.status(), bad + ": " + r);
      assertEquals("nim", field(r), bad);
    }
    Response type = register(registration("Odd Type", "odd@contoh.id", "VIP", null));
    assertError(type, 400, "VALIDATION_INVALID_ENUM");
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE role = 'student'"));
  }

  @Test
  void anEmailWithAnAccountIs409PointingToForgotPassword() {
    TestUsers.create("student", "siti@contoh.id", PASSWORD, "active");
    TestUsers.create("instructor", "guru@contoh.id", PASSWORD, "active");
    // a student created by approving a public registration has no password: its owner claims it with forgot-password
    TestUsers.create("student", "applicant@contoh.id", null, "active");
    for (String email : new String[]{"siti@contoh.id", "SITI@contoh.id", "guru@contoh.id", "applicant@contoh.id"}) {
      Response r = Api.get().call("auth.register").body(registration("Someone", email, "UMUM", null))
        .header("Accept-Language", "en").send();
      assertError(r, 409, "AUTH_EMAIL_ALREADY_EXISTS");
      assertTrue(r.json().getString("error").contains("forgot password"), r.toString());
    }
    assertEquals(0, count("SELECT count(*) FROM auth.outbox"), "no email for a refused registration");
    assertEquals(0, count("SELECT count(*) FROM auth.password_tokens"));
    assertError(AccountFlows.login("auth.login", "applicant@contoh.id", PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
  }

  @Test
  void theCaptchaAndThePasswordPolicyApply() {
    Response refused = register(registration("Bot", "bot@contoh.id", "UMUM", null).put("captcha_token", TestApp.CAPTCHA_FAIL));
    assertError(refused, 400, "CAPTCHA_INVALID");
    JsonObject without = registration("Bot", "bot@contoh.id", "UMUM", null);
    without.remove("captcha_token");
    assertError(register(without), 400, "CAPTCHA_INVALID");
    assertError(register(registration("Bot", "bot@contoh.id", "UMUM", null).put("captcha_token", TestApp.CAPTCHA_DOWN)),
      503, "CAPTCHA_UNAVAILABLE");
    for (String weak : new String[]{"short1!", "Password123!", "alllowercaseletters"}) {
      Response r = register(registration("Bot", "bot@contoh.id", "UMUM", null).put("password", weak));
      assertError(r, 400, "AUTH_PASSWORD_TOO_WEAK");
      assertEquals("password", field(r));
    }
    assertEquals(0, accounts("bot@contoh.id"));
    assertEquals(0, count("SELECT count(*) FROM auth.outbox"));
  }

  @Test
  void roleAndUnknownFieldsCannotBeRegistered() {
    for (String field : new String[]{"role", "status", "email_verified"}) {
      Response r = register(registration("Sneaky", "sneaky@contoh.id", "UMUM", null).put(field, "admin"));
      assertError(r, 400, "VALIDATION_UNKNOWN_FIELD");
      assertEquals(field, field(r));
    }
    assertError(register(new JsonObject().put("email", "x@contoh.id")), 400, "VALIDATION_REQUIRED_FIELD");
    assertEquals(0, accounts("sneaky@contoh.id"));
  }

  @Test
  void verificationTokensAreSingleUseExpiringAndOnlyForVerification() {
    assertEquals(201, register(registration("Eko", "eko@contoh.id", "UMUM", null)).status());
    String token = AccountFlows.token("eko@contoh.id", "verify", 1);
    assertError(verify("not-a-token"), 401, "AUTH_INVALID_TOKEN");
    // a verification token does not reset a password
    assertError(Api.get().call("auth.resetPassword").body(new JsonObject().put("token", token)
      .put("password", AccountFlows.NEW_PASSWORD)).send(), 401, "AUTH_INVALID_TOKEN");
    assertError(Api.get().call("auth.setPassword").body(new JsonObject().put("token", token)
      .put("password", AccountFlows.NEW_PASSWORD)).send(), 401, "AUTH_INVALID_TOKEN");
    assertEquals(48, count("SELECT round(extract(epoch FROM expires_at - created_at) / 3600) FROM auth.password_tokens "
      + "WHERE purpose = 'verify_email'"));
    TestApp.sql("UPDATE auth.password_tokens SET expires_at = now() - interval '1 second' WHERE purpose = 'verify_email'");
    assertError(verify(token), 401, "AUTH_INVALID_TOKEN");
    assertEquals(0, count("SELECT count(*) FROM auth.users WHERE email_verified AND email = 'eko@contoh.id'"));
  }
}

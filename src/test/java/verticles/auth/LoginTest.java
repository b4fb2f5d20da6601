package verticles.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoginTest {
  static final String STUDENT = "student@test.academy", PASSWORD = "Student-Pass-42";

  @BeforeAll
  static void reset() {
    TestApp.resetData();
    TestUsers.create("student", STUDENT, PASSWORD, "active");
  }

  private static Response login(String email, String password) {
    return Api.get().call("auth.login").body(new JsonObject().put("email", email).put("password", password)).send();
  }

  @Test
  void adminLogsInWithTheSeedShape() {
    Response r = login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    assertEquals(200, r.status());
    assertTrue(r.json().getBoolean("success"));
    assertEquals("Login successful", r.json().getString("message"));
    JsonObject admin = r.data().getJsonObject("admin");
    assertEquals(TestApp.ADMIN_EMAIL, admin.getString("email"));
    assertEquals("admin", admin.getString("role"));
    JsonObject tokens = r.data().getJsonObject("tokens");
    assertEquals(3600, tokens.getInteger("expires_in"));
    assertEquals(3, tokens.getString("access_token").split("\\.").length);
    assertNotEquals(tokens.getString("access_token"), tokens.getString("refresh_token"));
  }

  @Test
  void emailIsCaseInsensitive() {
    assertEquals(200, login(STUDENT.toUpperCase(), PASSWORD).status());
  }

  @Test
  void storedMixedCaseEmailsMatchCaseInsensitively() {
    // citext must compare case-insensitively at run time, not only in the unique index
    TestUsers.create("student", "Mixed.Case@School.ID", PASSWORD, "active");
    assertEquals(200, login("mixed.case@school.id", PASSWORD).status());
  }

  @Test
  void everyRoleLogsInThroughTheSameEndpoint() {
    Response r = login(STUDENT, PASSWORD);
    assertEquals(200, r.status());
    assertEquals("student", r.data().getJsonObject("admin").getString("role"));
  }

  @Test
  void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
    Response wrong = login(STUDENT, "Not-The-Password-1");
    Response unknown = login("nobody@test.academy", "Not-The-Password-1");
    assertEquals(401, wrong.status());
    assertEquals(401, unknown.status());
    assertEquals("AUTH_INVALID_CREDENTIALS", wrong.code());
    assertEquals(wrong.json(), unknown.json());
    assertFalse(wrong.json().getBoolean("success"));
  }

  @Test
  void suspendedAccountCannotLogIn() {
    TestUsers.create("instructor", "suspended@test.academy", PASSWORD, "suspended");
    Response r = login("suspended@test.academy", PASSWORD);
    assertEquals(403, r.status());
    assertEquals("AUTH_ACCOUNT_DISABLED", r.code());
  }

  @Test
  void accountWithoutPasswordCannotLogIn() {
    TestUsers.create("instructor", "pending@test.academy", null, "pending");
    Response r = login("pending@test.academy", "Whatever-Pass-1");
    assertEquals(401, r.status());
    assertEquals("AUTH_INVALID_CREDENTIALS", r.code());
  }

  @Test
  void validationFailuresNameEachField() {
    Response r = Api.get().call("auth.login")
      .body(new JsonObject().put("email", "not-an-email").put("role", "admin")).send();
    assertEquals(400, r.status());
    assertFalse(r.json().getBoolean("success"));
    assertEquals("VALIDATION_ERROR", r.code());
    var fields = r.json().getJsonObject("details").getJsonArray("fields");
    assertEquals(3, fields.size(), fields.encode());
    assertEquals(new JsonObject().put("field", "password").put("code", "VALIDATION_REQUIRED_FIELD").put("message", "wajib diisi"),
      fields.getJsonObject(0)); // the per-field text in Indonesian by default (issue 20)
    assertEquals("email", fields.getJsonObject(1).getString("field"));
    assertEquals("VALIDATION_INVALID_EMAIL", fields.getJsonObject(1).getString("code"));
    assertEquals("role", fields.getJsonObject(2).getString("field"));
    assertEquals("VALIDATION_UNKNOWN_FIELD", fields.getJsonObject(2).getString("code"));
  }

  @Test
  void aSingleKindOfFailureCarriesItsOwnCode() {
    Response r = Api.get().call("auth.login").body(new JsonObject().put("email", "a@b.co")).send();
    assertEquals(400, r.status());
    assertEquals("VALIDATION_REQUIRED_FIELD", r.code());
  }

  @Test
  void meReturnsTheUserWithLastLogin() {
    String token = TestUsers.login(STUDENT, PASSWORD).getString("access_token");
    Response r = Api.get().call("auth.me").token(token).send();
    assertEquals(200, r.status());
    assertEquals(STUDENT, r.data().getString("email"));
    assertEquals("student", r.data().getString("role"));
    assertNotNull(r.data().getString("last_login_at"));
  }

  @Test
  void passwordsAreStoredAsArgon2id() throws Exception {
    try (Connection c = TestApp.connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT password_hash FROM auth.users WHERE email = '" + TestApp.ADMIN_EMAIL + "'")) {
      rs.next();
      assertTrue(rs.getString(1).startsWith("$argon2id$v=19$m=19456,t=2,p=1$"), rs.getString(1));
    }
  }

  @Test
  void userStatsAreForAdminsOnly() {
    Response admin = Api.get().call("auth.userStats").token(TestUsers.adminToken()).send();
    assertEquals(200, admin.status());
    assertEquals(1, admin.data().getInteger("total_admins"));
    assertTrue(admin.data().getInteger("total_students") >= 1);

    String student = TestUsers.login(STUDENT, PASSWORD).getString("access_token");
    Response forbidden = Api.get().call("auth.userStats").token(student).send();
    assertEquals(403, forbidden.status());
    assertEquals("AUTH_FORBIDDEN", forbidden.code());
  }
}

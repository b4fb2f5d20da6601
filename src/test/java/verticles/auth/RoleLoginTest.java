package verticles.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api.Response;
import verticles.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static verticles.auth.AccountFlows.PASSWORD;
import static verticles.auth.AccountFlows.assertError;
import static verticles.auth.AccountFlows.login;
import static verticles.auth.AccountFlows.me;

/**
 * The course platform's role-scoped logins (seed 001 §1–2, issue 16): each serves one role; an account of another
 * role is refused exactly like a wrong password and counts as a failure towards the lockout.
 */
class RoleLoginTest {
  static final String INSTRUCTOR = "guru@contoh.id", STUDENT = "murid@contoh.id";

  @BeforeEach
  void reset() {
    TestApp.resetData();
    TestUsers.create("instructor", INSTRUCTOR, PASSWORD, "active");
    String student = TestUsers.create("student", STUDENT, PASSWORD, "active");
    TestApp.sql("UPDATE auth.users SET type = 'DIKE', nim = '24/000123/PA/000456' WHERE id = '" + student + "'");
  }

  @Test
  void anInstructorLogsInWithTheSeedShape() {
    Response r = login("auth.instructorLogin", INSTRUCTOR, PASSWORD);
    assertEquals(200, r.status(), r.toString());
    JsonObject user = r.data().getJsonObject("user");
    assertEquals("instructor", user.getString("role"));
    assertEquals(INSTRUCTOR, user.getString("email"));
    assertEquals("Test instructor", user.getString("name"));
    assertFalse(user.containsKey("type"), "type and nim are for students");
    assertFalse(user.containsKey("nim"));
    assertEquals(r.data().getString("token"), r.data().getJsonObject("tokens").getString("access_token"));
    assertEquals(200, me(r.data().getString("token")).status());
  }

  @Test
  void aStudentLogsInWithTypeAndNim() {
    Response r = login("auth.studentLogin", STUDENT.toUpperCase(), PASSWORD);
    assertEquals(200, r.status(), r.toString());
    JsonObject user = r.data().getJsonObject("user");
    assertEquals("student", user.getString("role"));
    assertEquals("DIKE", user.getString("type"));
    assertEquals("24/000123/PA/000456", user.getString("nim"));
    assertEquals("student", me(r.data().getString("token")).data().getString("role"));
  }

  @Test
  void anotherRoleGetsExactlyTheAnswerOfAWrongPassword() {
    Response wrongPassword = login("auth.studentLogin", STUDENT, "Not-The-Password-1");
    assertError(wrongPassword, 401, "AUTH_INVALID_CREDENTIALS");
    for (String[] attempt : new String[][]{
      {"auth.studentLogin", INSTRUCTOR}, {"auth.studentLogin", TestApp.ADMIN_EMAIL},
      {"auth.instructorLogin", STUDENT}, {"auth.instructorLogin", TestApp.ADMIN_EMAIL}}) {
      String password = attempt[1].equals(TestApp.ADMIN_EMAIL) ? TestApp.ADMIN_PASSWORD : PASSWORD;
      Response r = login(attempt[0], attempt[1], password);
      assertEquals(wrongPassword.status(), r.status(), attempt[0] + " " + attempt[1]);
      assertEquals(wrongPassword.json(), r.json(), attempt[0] + " " + attempt[1]);
      assertNull(r.header("Retry-After"));
    }
    assertEquals(wrongPassword.json(), login("auth.instructorLogin", "nobody@contoh.id", PASSWORD).json());
    // the same accounts log in through their own door
    assertEquals(200, login("auth.login", INSTRUCTOR, PASSWORD).status());
  }

  @Test
  void anotherRoleCountsAsAFailedLogin() {
    int maxFailures = TestApp.config().getJsonObject("login").getInteger("max_failures");
    for (int i = 0; i < maxFailures; i++) {
      assertError(login("auth.studentLogin", INSTRUCTOR, PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
    }
    Response locked = login("auth.instructorLogin", INSTRUCTOR, PASSWORD);
    assertError(locked, 429, "AUTH_TOO_MANY_ATTEMPTS");
    assertEquals(locked.header("Retry-After"), String.valueOf(locked.json().getJsonObject("details").getInteger("retry_after")));
  }

  @Test
  void suspendedAndPasswordlessAccounts() {
    TestUsers.create("student", "suspended@contoh.id", PASSWORD, "suspended");
    TestUsers.create("instructor", "suspended-guru@contoh.id", PASSWORD, "suspended");
    TestUsers.create("student", "nopassword@contoh.id", null, "active");
    assertError(login("auth.studentLogin", "suspended@contoh.id", PASSWORD), 403, "AUTH_ACCOUNT_DISABLED");
    // the role is checked with the password: a suspended account of another role says nothing about itself
    assertError(login("auth.studentLogin", "suspended-guru@contoh.id", PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
    assertError(login("auth.studentLogin", "nopassword@contoh.id", PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
  }

  @Test
  void theBodyIsValidated() {
    Response r = verticles.Api.get().call("auth.studentLogin").body(new JsonObject().put("email", STUDENT)).send();
    assertError(r, 400, "VALIDATION_REQUIRED_FIELD");
    Response extra = verticles.Api.get().call("auth.instructorLogin").body(new JsonObject().put("email", INSTRUCTOR)
      .put("password", PASSWORD).put("role", "admin")).send();
    assertError(extra, 400, "VALIDATION_UNKNOWN_FIELD");
  }
}

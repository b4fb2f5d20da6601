package verticles.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Brute-force protection: per account and per IP, counted in PostgreSQL, with growing back-off. */
class LockoutTest {
  static final String USER = "lockout@test.academy", PASSWORD = "Lockout-Pass-42";
  static final int MAX_FAILURES = 5, BASE_SECONDS = 30;

  @BeforeEach
  void reset() {
    TestApp.resetData();
    TestUsers.create("student", USER, PASSWORD, "active");
  }

  private static Response login(String email, String password) {
    return Api.get().call("auth.login").body(new JsonObject().put("email", email).put("password", password)).send();
  }

  @Test
  void accountLocksAfterRepeatedFailuresEvenForTheRightPassword() {
    for (int i = 0; i < MAX_FAILURES; i++) assertEquals(401, login(USER, "Wrong-Pass-" + i).status());

    Response locked = login(USER, PASSWORD);
    assertEquals(429, locked.status());
    assertEquals("AUTH_TOO_MANY_ATTEMPTS", locked.code());
    int retryAfter = locked.json().getJsonObject("details").getInteger("retry_after");
    assertTrue(retryAfter > 0 && retryAfter <= BASE_SECONDS, "retry_after " + retryAfter);
    assertEquals(Integer.toString(retryAfter), locked.header("Retry-After"));

    // another account from the same IP is not affected by this account's lock
    assertEquals(200, login(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD).status());
  }

  @Test
  void backOffGrowsWithEveryFurtherFailure() throws Exception {
    for (int i = 0; i < MAX_FAILURES; i++) login(USER, "Wrong-Pass-" + i);
    assertEquals(BASE_SECONDS, lockSeconds("email:" + USER));
    // let the lock lapse (in the database, not by waiting), then fail once more: the lock doubles
    TestApp.sql("UPDATE auth.login_failures SET locked_until = now() - interval '1 second'");
    assertEquals(401, login(USER, "Wrong-Pass-again").status());
    assertEquals(2 * BASE_SECONDS, lockSeconds("email:" + USER));
  }

  @Test
  void unknownEmailsLockTheSameWaySoExistenceIsNotRevealed() {
    for (int i = 0; i < MAX_FAILURES; i++) assertEquals(401, login("ghost@test.academy", "Wrong-Pass-" + i).status());
    assertEquals(429, login("ghost@test.academy", "Wrong-Pass-x").status());
  }

  @Test
  void successfulLoginClearsTheAccountCount() {
    for (int i = 0; i < MAX_FAILURES - 1; i++) login(USER, "Wrong-Pass-" + i);
    assertEquals(200, login(USER, PASSWORD).status());
    for (int i = 0; i < MAX_FAILURES - 1; i++) assertEquals(401, login(USER, "Wrong-Pass-" + i).status());
    assertEquals(200, login(USER, PASSWORD).status());
  }

  @Test
  void oneIpGuessingManyAccountsIsLocked() {
    int ipMax = TestApp.config().getJsonObject("login").getInteger("ip_max_failures");
    for (int i = 0; i < ipMax; i++) assertEquals(401, login("victim" + i + "@test.academy", "Guess-Pass-1").status());
    Response r = login(USER, PASSWORD);
    assertEquals(429, r.status());
    assertEquals("AUTH_TOO_MANY_ATTEMPTS", r.code());
  }

  private static long lockSeconds(String subject) throws Exception {
    try (Connection c = TestApp.connection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
      "SELECT round(extract(epoch FROM locked_until - updated_at)) FROM auth.login_failures WHERE subject = '" + subject + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}

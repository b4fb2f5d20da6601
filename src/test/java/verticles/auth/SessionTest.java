package verticles.auth;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Refresh rotation, reuse detection, expiry and logout. */
class SessionTest {
  static final String USER = "session@test.academy", PASSWORD = "Session-Pass-42";

  @BeforeAll
  static void reset() {
    TestApp.resetData();
    TestUsers.create("instructor", USER, PASSWORD, "active");
  }

  private static Response refresh(String token) {
    return Api.get().call("auth.refresh").body(new JsonObject().put("refresh_token", token)).send();
  }

  private static int meStatus(String access) {
    return Api.get().call("auth.me").token(access).send().status();
  }

  @Test
  void refreshRotatesTheToken() {
    JsonObject first = TestUsers.login(USER, PASSWORD);
    Response r = refresh(first.getString("refresh_token"));
    assertEquals(200, r.status(), r.toString());
    JsonObject second = r.data();
    assertNotEquals(first.getString("refresh_token"), second.getString("refresh_token"));
    assertEquals(3600, second.getInteger("expires_in"));
    assertEquals(200, meStatus(second.getString("access_token")));
    // the new refresh token works in turn
    assertEquals(200, refresh(second.getString("refresh_token")).status());
  }

  @Test
  void reusingARotatedTokenEndsTheSession() {
    JsonObject first = TestUsers.login(USER, PASSWORD);
    JsonObject second = refresh(first.getString("refresh_token")).data();

    Response reuse = refresh(first.getString("refresh_token"));
    assertEquals(401, reuse.status());
    assertEquals("AUTH_INVALID_TOKEN", reuse.code());

    // everything of that session is dead: the newest refresh token and every access token
    assertEquals("AUTH_INVALID_TOKEN", refresh(second.getString("refresh_token")).code());
    assertEquals(401, meStatus(second.getString("access_token")));
    assertEquals(401, meStatus(first.getString("access_token")));
    // other sessions of the same user are untouched
    assertEquals(200, meStatus(TestUsers.login(USER, PASSWORD).getString("access_token")));
  }

  @Test
  void unknownRefreshTokenIsRefused() {
    Response r = refresh("no-such-token");
    assertEquals(401, r.status());
    assertEquals("AUTH_INVALID_TOKEN", r.code());
  }

  @Test
  void expiredRefreshTokenSaysSo() {
    JsonObject tokens = TestUsers.login(USER, PASSWORD);
    TestApp.sql("UPDATE auth.refresh_tokens SET expires_at = now() - interval '1 second' WHERE used_at IS NULL");
    Response r = refresh(tokens.getString("refresh_token"));
    assertEquals(401, r.status());
    assertEquals("AUTH_REFRESH_TOKEN_EXPIRED", r.code());
  }

  @Test
  void suspendedUserCannotRefresh() {
    String email = "to-suspend@test.academy";
    TestUsers.create("student", email, PASSWORD, "active");
    JsonObject tokens = TestUsers.login(email, PASSWORD);
    TestApp.sql("UPDATE auth.users SET status = 'suspended' WHERE email = '" + email + "'");
    assertEquals("AUTH_INVALID_TOKEN", refresh(tokens.getString("refresh_token")).code());
  }

  @Test
  void logoutInvalidatesBothTokens() {
    JsonObject tokens = TestUsers.login(USER, PASSWORD);
    String access = tokens.getString("access_token");
    Response out = Api.get().call("auth.logout").token(access).header("Accept-Language", "en").send();
    assertEquals(200, out.status());
    assertEquals("Logged out successfully", out.json().getString("message"));

    Response after = Api.get().call("auth.me").token(access).send();
    assertEquals(401, after.status());
    assertEquals("revoked", after.json().getJsonObject("details").getString("reason"));
    assertEquals("AUTH_INVALID_TOKEN", refresh(tokens.getString("refresh_token")).code());
    // a second logout with the dead token is refused, not an error
    assertEquals(401, Api.get().call("auth.logout").token(access).send().status());
  }

  @Test
  void logoutNeedsAToken() {
    assertEquals(401, Api.get().call("auth.logout").send().status());
  }

  @Test
  void refreshValidatesItsBody() {
    Response r = Api.get().call("auth.refresh").body(new JsonObject()).send();
    assertEquals(400, r.status());
    assertEquals("VALIDATION_REQUIRED_FIELD", r.code());
    assertEquals("refresh_token", r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
  }
}

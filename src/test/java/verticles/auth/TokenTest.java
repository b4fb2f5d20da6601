package verticles.auth;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.infra.Jwt;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Step 2 of the request path: only our own, live access tokens pass. */
class TokenTest {
  static final String STUDENT = "token-student@test.academy", PASSWORD = "Student-Pass-42";
  static String studentId;
  static String studentToken;

  @BeforeAll
  static void reset() {
    TestApp.resetData();
    studentId = TestUsers.create("student", STUDENT, PASSWORD, "active");
    studentToken = TestUsers.login(STUDENT, PASSWORD).getString("access_token");
  }

  private static Response me(String authorization) {
    Api.Call call = Api.get().call("auth.me");
    if (authorization != null) call.header("Authorization", authorization);
    return call.send();
  }

  private static void assertUnauthorized(Response r, String reason) {
    assertEquals(401, r.status(), r.toString());
    assertEquals("AUTH_UNAUTHORIZED", r.code());
    assertEquals(reason, r.json().getJsonObject("details").getString("reason"));
    assertEquals("Bearer", r.header("WWW-Authenticate"));
  }

  /** Signs claims with the academy's real key, so only the claim under test is wrong. */
  private static String sign(JsonObject claims, JWTOptions options) {
    JWTAuth jwt = Jwt.provider(TestApp.get().vertx(), TestApp.config());
    return jwt.generateToken(claims, options);
  }

  private static JsonObject validClaims() {
    return new JsonObject().put("sub", studentId).put("email", STUDENT).put("role", "student")
      .put("sid", UUID.randomUUID().toString()).put("jti", UUID.randomUUID().toString()).put("typ", "access");
  }

  private static JWTOptions validOptions() {
    return Jwt.options(TestApp.config().getJsonObject("jwt"));
  }

  @Test
  void validTokenPasses() {
    assertEquals(200, me("Bearer " + studentToken).status());
    assertEquals(200, me("Bearer " + sign(validClaims(), validOptions())).status());
  }

  @Test
  void missingTokenIsRefused() {
    assertUnauthorized(me(null), "missing");
    assertUnauthorized(me("Basic dXNlcjpwYXNz"), "missing");
    assertUnauthorized(me("Bearer "), "missing");
  }

  @Test
  void garbageIsRefused() {
    assertUnauthorized(me("Bearer not-a-jwt"), "invalid");
  }

  @Test
  void algNoneIsRefused() {
    String[] parts = studentToken.split("\\.");
    String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
    assertUnauthorized(me("Bearer " + header + "." + parts[1] + "."), "invalid");
  }

  @Test
  void tamperedTokenIsRefused() {
    String[] parts = studentToken.split("\\.");
    JsonObject payload = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
    String forged = b64(payload.put("role", "admin").encode());
    assertUnauthorized(me("Bearer " + parts[0] + "." + forged + "." + parts[2]), "invalid");
  }

  @Test
  void otherKeyIsRefused() {
    JsonObject config = TestApp.config().copy();
    config.getJsonObject("jwt").put("secret", "another-secret-another-secret-another-secret");
    String token = Jwt.provider(TestApp.get().vertx(), config).generateToken(validClaims(), validOptions());
    assertUnauthorized(me("Bearer " + token), "invalid");
  }

  @Test
  void expiredTokenIsRefused() {
    long now = System.currentTimeMillis() / 1000;
    JWTOptions options = validOptions().setExpiresInSeconds(0);
    String token = sign(validClaims().put("iat", now - 7200).put("exp", now - 3600), options.setNoTimestamp(true));
    assertUnauthorized(me("Bearer " + token), "expired");
  }

  @Test
  void tokenWithoutExpiryIsRefused() {
    assertUnauthorized(me("Bearer " + sign(validClaims(), validOptions().setExpiresInSeconds(0))), "invalid");
  }

  @Test
  void wrongIssuerOrAudienceIsRefused() {
    assertUnauthorized(me("Bearer " + sign(validClaims(), validOptions().setIssuer("someone-else"))), "invalid");
    assertUnauthorized(me("Bearer " + sign(validClaims(), validOptions().setAudience(List.of("other-api")))), "invalid");
  }

  @Test
  void refreshTokenIsNeverAnAccessToken() {
    String refresh = TestUsers.login(STUDENT, PASSWORD).getString("refresh_token");
    assertUnauthorized(me("Bearer " + refresh), "invalid");
    // nor is a signed token that does not say it is an access token
    assertUnauthorized(me("Bearer " + sign(validClaims().put("typ", "refresh"), validOptions())), "invalid");
  }

  @Test
  void wrongRoleIsForbidden() {
    Response r = Api.get().call("auth.userStats").token(studentToken).send();
    assertEquals(403, r.status());
    assertEquals("AUTH_FORBIDDEN", r.code());
  }

  @Test
  void authenticationComesBeforeValidation() {
    // an admin-only operation with a bad query would be 400 for an admin; others never learn that
    assertEquals(401, Api.get().call("auth.userStats").send().status());
  }

  private static String b64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }
}

package verticles.http;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.TestNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Request rate limits on two nodes sharing Redis. The nodes trust 127.0.0.1 as a proxy, so each test
 * speaks for its own client IP through X-Forwarded-For. The window is a day long, so a test never
 * straddles two windows in practice.
 */
class RateLimitTest {
  static TestNode a, b;
  static Api apiA, apiB;

  private static Map<String, String> env(String redisUrl) {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_REDIS_URL", redisUrl);
    env.put("ACADEMY_RATE_LIMITS", "on");
    env.put("ACADEMY_RATE_LIMIT_PUBLIC", "3");
    env.put("ACADEMY_RATE_LIMIT_AUTHENTICATED", "5");
    env.put("ACADEMY_RATE_LIMIT_ADMIN", "7");
    env.put("ACADEMY_RATE_LIMIT_WINDOW_SECONDS", "86400");
    env.put("ACADEMY_HTTP_TRUSTED_PROXIES", "127.0.0.1");
    return env;
  }

  @BeforeAll
  static void start(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
    TestApp.resetData();
    String redis = TestApp.config().getJsonObject("redis").getString("url");
    a = TestNode.start(dirA, env(redis));
    b = TestNode.start(dirB, env(redis));
    apiA = a.api();
    apiB = b.api();
  }

  @AfterAll
  static void stop() {
    if (a != null) a.close();
    if (b != null) b.close();
  }

  private static String clientIp() {
    return "10." + (int) (Math.random() * 200) + "." + (int) (Math.random() * 200) + "." + (int) (Math.random() * 200);
  }

  private static Response courses(Api api, String ip) {
    return api.call("catalog.listCourses").header("X-Forwarded-For", ip).send();
  }

  @Test
  void publicCallersGetTheirQuotaPerIpWithHeadersThen429() {
    String ip = clientIp();
    for (int i = 1; i <= 3; i++) {
      Response r = courses(apiA, ip);
      assertEquals(200, r.status(), r.toString());
      assertEquals("3", r.header("X-RateLimit-Limit"));
      assertEquals(Integer.toString(3 - i), r.header("X-RateLimit-Remaining"));
      assertTrue(Long.parseLong(r.header("X-RateLimit-Reset")) > System.currentTimeMillis() / 1000 - 5);
      assertEquals("\"public\";q=3;w=86400", r.header("RateLimit-Policy"));
      assertTrue(r.header("RateLimit").startsWith("\"public\";r=" + (3 - i) + ";t="), r.header("RateLimit"));
    }
    Response limited = apiA.call("catalog.listCourses").header("X-Forwarded-For", ip).header("Accept-Language", "en").send();
    assertEquals(429, limited.status());
    assertEquals("RATE_LIMIT_EXCEEDED", limited.code());
    assertEquals("Too many requests", limited.json().getString("error"));
    int retryAfter = limited.json().getJsonObject("details").getInteger("retry_after");
    assertTrue(retryAfter > 0 && retryAfter <= 86400);
    assertEquals(Integer.toString(retryAfter), limited.header("Retry-After"));
    // another client is not affected
    assertEquals(200, courses(apiA, clientIp()).status());
  }

  @Test
  void theCountIsSharedAcrossNodes() {
    String ip = clientIp();
    assertEquals(200, courses(apiA, ip).status());
    assertEquals(200, courses(apiB, ip).status());
    assertEquals(200, courses(apiA, ip).status());
    assertEquals(429, courses(apiB, ip).status());
  }

  @Test
  void signedInCallersCountPerUserWithTheirTier() {
    String email = "limited-" + UUID.randomUUID() + "@school.id";
    verticles.auth.TestUsers.create("student", email, "Member-Pass-42", "active");
    String ip = clientIp();
    Response login = apiA.call("auth.login").header("X-Forwarded-For", ip)
      .body(new JsonObject().put("email", email).put("password", "Member-Pass-42")).send();
    String token = login.data().getJsonObject("tokens").getString("access_token");
    for (int i = 0; i < 5; i++) {
      Response r = apiA.call("auth.me").token(token).header("X-Forwarded-For", clientIp()).send();
      assertEquals(200, r.status(), r.toString());
      assertEquals("5", r.header("X-RateLimit-Limit"));
    }
    Response limited = apiB.call("auth.me").token(token).header("X-Forwarded-For", clientIp()).send();
    assertEquals(429, limited.status());
    assertNotNull(limited.header("Retry-After"));
  }

  /**
   * Operations with their own {@code x-rate-limit} (registration: 20 an hour; chat session start: 30) count
   * every attempt per client, valid or not, under a public tier wide enough not to interfere; the tier and
   * other operations stay available to that client.
   */
  @Test
  void operationLimitsAreTighterThanTheTier(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(TestApp.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_RATE_LIMIT_PUBLIC", "1000");
    try (TestNode node = TestNode.start(dir, env)) {
      Api api = node.api();
      String ip = clientIp();
      for (int i = 1; i <= 20; i++) {
        Response r = api.call("enrollment.register").header("X-Forwarded-For", ip).body(new JsonObject()).send();
        assertEquals(400, r.status(), "counted before validation: " + r);
        assertEquals("\"registration\";q=20;w=3600", r.header("RateLimit-Policy"));
        assertEquals(Integer.toString(20 - i), r.header("X-RateLimit-Remaining"));
      }
      Response limited = api.call("enrollment.register").header("X-Forwarded-For", ip).body(new JsonObject()).send();
      assertEquals(429, limited.status(), limited.toString());
      assertEquals("RATE_LIMIT_EXCEEDED", limited.code());
      assertEquals(20, limited.json().getJsonObject("details").getInteger("limit"));
      assertEquals(3600, limited.json().getJsonObject("details").getInteger("window_seconds"));
      assertTrue(Integer.parseInt(limited.header("Retry-After")) <= 3600);
      // the same client may still browse
      assertEquals(200, courses(api, ip).status());
      // another client is not affected
      assertEquals(400, api.call("enrollment.register").header("X-Forwarded-For", clientIp()).body(new JsonObject()).send().status());

      for (int i = 1; i <= 30; i++) {
        Response r = api.call("chat.createSession").header("X-Forwarded-For", ip).body(new JsonObject()).send();
        assertEquals(400, r.status(), r.toString());
      }
      Response chat = api.call("chat.createSession").header("X-Forwarded-For", ip).body(new JsonObject()).send();
      assertEquals(429, chat.status(), chat.toString());
      assertEquals("\"chat.createSession\";q=30;w=3600", chat.header("RateLimit-Policy"));
      assertEquals(2.0, metric(node, "academy_rate_limit_rejections_total"), "each 429 is counted");
    }
  }

  /**
   * The booking document's alias path is the same operation and shares the bucket: after {@code /api/enrollments}
   * answered 429, {@code /api/booking/register-course} does too (it answered 201 before: twice the limit).
   */
  @Test
  void theAliasRegistrationPathSharesTheBucket(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(TestApp.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_RATE_LIMIT_PUBLIC", "1000");
    try (TestNode node = TestNode.start(dir, env)) {
      Api api = node.api();
      String ip = clientIp();
      for (int i = 1; i <= 10; i++) {
        assertEquals(400, api.call("enrollment.register").header("X-Forwarded-For", ip).body(new JsonObject()).send().status());
        assertEquals(400, api.call("enrollment.registerCourse").header("X-Forwarded-For", ip).body(new JsonObject()).send().status());
      }
      Response alias = api.call("enrollment.registerCourse").header("X-Forwarded-For", ip).body(new JsonObject()).send();
      assertEquals(429, alias.status(), alias.toString());
      assertEquals("\"registration\";q=20;w=3600", alias.header("RateLimit-Policy"));
      assertEquals(429, api.call("enrollment.register").header("X-Forwarded-For", ip).body(new JsonObject()).send().status());
    }
  }

  /**
   * The public status check counts per email whatever the IP (10 an hour), so nobody walks registration numbers
   * and codes of one address from many IPs; address variants (case, +tag) are one email; others are unaffected.
   */
  @Test
  void theStatusCheckIsLimitedPerEmail(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(TestApp.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_RATE_LIMIT_PUBLIC", "1000");
    try (TestNode node = TestNode.start(dir, env)) {
      Api api = node.api();
      String email = "walker-" + UUID.randomUUID() + "@contoh.id";
      for (int i = 1; i <= 10; i++) {
        String variant = i % 2 == 0 ? email.toUpperCase(java.util.Locale.ROOT) : email.replace("@", "+" + i + "@");
        Response r = check(api, variant);
        assertEquals(404, r.status(), r.toString());
      }
      Response limited = check(api, email);
      assertEquals(429, limited.status(), limited.toString());
      assertEquals("RATE_LIMIT_EXCEEDED", limited.code());
      assertEquals("\"status-check\";q=10;w=3600", limited.header("RateLimit-Policy"));
      assertEquals(404, check(api, "other-" + email).status());
    }
  }

  /**
   * Issue 16: forgot-password is limited per email whatever the IP (5 an hour: nobody floods one mailbox with reset
   * emails from many IPs) and per IP whatever the email (20 an hour); both count unknown emails alike, so a 429 says
   * nothing about accounts. Self-registration is limited per IP (10 an hour).
   */
  @Test
  void accountOperationsAreLimitedPerEmailAndPerIp(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(TestApp.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_RATE_LIMIT_PUBLIC", "1000");
    try (TestNode node = TestNode.start(dir, env)) {
      Api api = node.api();
      String email = "forgetful-" + UUID.randomUUID() + "@contoh.id";
      for (int i = 1; i <= 5; i++) {
        String variant = i % 2 == 0 ? email.toUpperCase(java.util.Locale.ROOT) : email.replace("@", "+" + i + "@");
        assertEquals(200, forgot(api, clientIp(), variant).status());
      }
      Response perEmail = forgot(api, clientIp(), email);
      assertEquals(429, perEmail.status(), perEmail.toString());
      assertEquals("RATE_LIMIT_EXCEEDED", perEmail.code());
      assertEquals("\"password-reset-email\";q=5;w=3600", perEmail.header("RateLimit-Policy"));
      assertEquals(200, forgot(api, clientIp(), "other-" + email).status());

      String ip = clientIp();
      for (int i = 1; i <= 20; i++) assertEquals(200, forgot(api, ip, "someone-" + i + "-" + email).status());
      Response perIp = forgot(api, ip, "yet-another-" + email);
      assertEquals(429, perIp.status(), perIp.toString());
      assertEquals("\"password-reset-ip\";q=20;w=3600", perIp.header("RateLimit-Policy"));

      String registrant = clientIp();
      for (int i = 1; i <= 10; i++) {
        Response r = api.call("auth.register").header("X-Forwarded-For", registrant).body(new JsonObject()).send();
        assertEquals(400, r.status(), "counted before validation: " + r);
      }
      Response registration = api.call("auth.register").header("X-Forwarded-For", registrant).body(new JsonObject()).send();
      assertEquals(429, registration.status(), registration.toString());
      assertEquals("\"account-registration\";q=10;w=3600", registration.header("RateLimit-Policy"));
    }
  }

  private static Response forgot(Api api, String ip, String email) {
    return api.call("auth.forgotPassword").header("X-Forwarded-For", ip).body(new JsonObject().put("email", email)).send();
  }

  private static Response check(Api api, String email) {
    return api.call("enrollment.checkStatus").header("X-Forwarded-For", clientIp()).query("email", email)
      .query("registration_number", "REG-2026-12-001").query("access_code", "AAAAAAAAAAAAAAAAAAAAAAAA").send();
  }

  /**
   * A burst of parallel requests from one client that overflows the node's queue for Redis connections is refused,
   * not served unchecked (found by a hostile client: 150 registrations at once from one address, 107 accepted of the 20
   * allowed). Here a pool of one connection and a queue of one: only an unreachable Redis fails open.
   */
  @Test
  void aBurstBeyondTheRedisQueueIsRefusedNotServedUnchecked(@TempDir Path dir) throws Exception {
    Map<String, String> env = env(TestApp.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_REDIS_MAX_POOL_SIZE", "1");
    env.put("ACADEMY_REDIS_MAX_POOL_WAITING", "1");
    env.put("ACADEMY_ROLES", "http,catalog,scheduling");
    try (TestNode node = TestNode.start(dir, env)) {
      String ip = clientIp();
      HttpClient client = node.vertx().createHttpClient(new HttpClientOptions(), new PoolOptions().setHttp1MaxSize(64));
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        answers.add(client.request(new RequestOptions().setPort(node.port()).setHost("127.0.0.1").setURI("/api/courses")
            .putHeader("X-Forwarded-For", ip))
          .compose(request -> request.send()).compose(response -> response.body().map(body -> response.statusCode())));
      }
      List<Integer> statuses = answers.stream().map(TestApp::await).toList();
      client.close();
      assertTrue(statuses.stream().allMatch(status -> status == 200 || status == 429), statuses.toString());
      assertTrue(statuses.stream().filter(status -> status == 200).count() <= 3, "the public tier is 3: " + statuses);
      assertEquals(0.0, metric(node, "academy_rate_limit_fail_open_total"), "Redis was there: nothing served unchecked");
    }
  }

  /** A counter's value on the node's GET /metrics (Prometheus text, from its management port). */
  private static double metric(TestNode node, String name) {
    String text = TestApp.metrics(node.config());
    return text.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  void withoutRedisRequestsAreServed(@TempDir Path dir) throws Exception {
    Map<String, String> env = env("redis://127.0.0.1:" + TestApp.freePort());
    env.put("ACADEMY_ROLES", "http,catalog,scheduling");
    try (TestNode node = TestNode.start(dir, env)) {
      Api api = node.api();
      String ip = clientIp();
      for (int i = 0; i < 5; i++) assertEquals(200, courses(api, ip).status(), "fails open");
      assertEquals(5.0, metric(node, "academy_rate_limit_fail_open_total"), "each unchecked request is counted");
      assertEquals(null, api.raw(HttpMethod.GET, "/health", MultiMap.caseInsensitiveMultiMap(), null).header("X-RateLimit-Limit"));
    }
  }
}

package verticles.http;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The router's own behaviour: errors as JSON envelopes, limits, headers, infrastructure routes. */
class RouterTest {
  private static Response raw(HttpMethod method, String path, MultiMap headers, Buffer body) {
    return Api.get().raw(method, path, headers, body);
  }

  private static MultiMap json() {
    return MultiMap.caseInsensitiveMultiMap().add("Content-Type", "application/json");
  }

  private static void assertEnvelope(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertTrue(r.header("Content-Type").startsWith("application/json"), r.header("Content-Type"));
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code());
    assertNotNull(r.json().getString("error"));
  }

  @Test
  void healthReportsEveryServiceUp() {
    Response r = raw(HttpMethod.GET, "/health", null, null);
    assertEquals(200, r.status(), r.toString());
    JsonObject body = r.json();
    assertEquals("ok", body.getString("status"));
    assertNotNull(body.getString("timestamp"));
    JsonObject services = body.getJsonObject("services");
    for (String s : new String[]{"http", "auth", "catalog", "enrollment", "scheduling", "chat", "analytics", "recommendation", "database", "redis"}) {
      assertEquals("up", services.getString(s), s);
    }
  }

  @Test
  void unknownRouteIsJson404() {
    assertEnvelope(raw(HttpMethod.GET, "/api/nothing-here", null, null), 404, "NOT_FOUND");
  }

  @Test
  void wrongMethodIsJson405() {
    assertEnvelope(raw(HttpMethod.DELETE, "/api/auth/login", null, null), 405, "METHOD_NOT_ALLOWED");
  }

  /** HEAD answers as GET does: status and headers alike, Content-Length the GET body's, and no body. */
  static void assertHeadLikeGet(Response get, Response head) {
    assertEquals(get.status(), head.status(), head.toString());
    for (String name : new String[]{"Content-Type", "ETag", "Cache-Control", "Vary", "WWW-Authenticate"}) {
      assertEquals(get.header(name), head.header(name), name);
    }
    assertEquals(String.valueOf(get.body().length()), head.header("Content-Length"));
    assertEquals(0, head.body().length(), "no body on HEAD");
  }

  @Test
  void headIsAnsweredLikeGetWithoutABodyWithTheSameAuthentication() {
    MultiMap english = MultiMap.caseInsensitiveMultiMap().add("Accept-Language", "en");
    // a public GET (the catalog, cached), twice: the second from the near cache
    // the very first catalog read of a fresh Redis has no catalog version yet (CatalogCache: answered without an
    // ETag); one read first, so this class also passes alone
    raw(HttpMethod.GET, "/api/courses?limit=1", english, null);
    Response courses = raw(HttpMethod.GET, "/api/courses?limit=5", english, null);
    assertEquals(200, courses.status(), courses.toString());
    assertHeadLikeGet(courses, raw(HttpMethod.HEAD, "/api/courses?limit=5", english, null));
    assertHeadLikeGet(courses, raw(HttpMethod.HEAD, "/api/courses?limit=5", english, null));
    // a protected GET: 401 without a token, as GET
    Response anonymous = raw(HttpMethod.GET, "/api/auth/me", english, null);
    assertEquals(401, anonymous.status());
    assertHeadLikeGet(anonymous, raw(HttpMethod.HEAD, "/api/auth/me", english, null));
    // … and with one, the caller's own answer
    MultiMap bearer = MultiMap.caseInsensitiveMultiMap().addAll(english)
      .add("Authorization", "Bearer " + verticles.auth.TestUsers.adminToken());
    Response me = raw(HttpMethod.GET, "/api/auth/me", bearer, null);
    assertEquals(200, me.status(), me.toString());
    assertHeadLikeGet(me, raw(HttpMethod.HEAD, "/api/auth/me", bearer, null));
    // infrastructure and pages too; other methods stay 405
    assertHeadLikeGet(raw(HttpMethod.GET, "/health/ready", null, null), raw(HttpMethod.HEAD, "/health/ready", null, null));
    assertHeadLikeGet(raw(HttpMethod.GET, "/openapi.yaml", null, null), raw(HttpMethod.HEAD, "/openapi.yaml", null, null));
    Response page = raw(HttpMethod.HEAD, "/staff/", null, null);
    assertEquals(200, page.status(), page.toString());
    assertEquals(0, page.body().length());
    assertEnvelope(raw(HttpMethod.DELETE, "/api/courses", null, null), 405, "METHOD_NOT_ALLOWED");
  }

  /** A request target in absolute form (RFC 9112 §3.2.2), which proxies send, is routed by its path for HEAD as for GET. */
  @Test
  void headWithAnAbsoluteFormTargetIsAnsweredLikeItsGet() {
    String target = "http://127.0.0.1:" + TestApp.port() + "/api/courses?limit=3";
    RawHttp.Answer get = RawHttp.send("GET " + target + " HTTP/1.1", null);
    RawHttp.Answer head = RawHttp.send("HEAD " + target + " HTTP/1.1", null);
    assertEquals(200, get.status(), get.toString());
    assertEquals(get.status(), head.status(), head.toString());
    assertEquals(get.headers().get("content-type"), head.headers().get("content-type"));
    assertEquals(get.headers().get("content-length"), head.headers().get("content-length"));
    assertEquals("nosniff", head.headers().get("x-content-type-options"));
    assertEquals("", head.body());
    // without a path, or the asterisk form: never a 5xx, whatever the method
    for (String odd : new String[]{"http://127.0.0.1:" + TestApp.port(), "http://127.0.0.1:" + TestApp.port() + "?x=1", "*",
      "HTTP://127.0.0.1/api/courses"}) {
      for (String method : new String[]{"GET", "HEAD"}) {
        RawHttp.Answer answer = RawHttp.send(method + " " + odd + " HTTP/1.1", null);
        assertTrue(answer.status() < 500, method + " " + odd + " " + answer);
      }
    }
  }

  @Test
  void oversizedBodyIs413() {
    Buffer big = Buffer.buffer("{\"email\":\"" + "a".repeat(1_100_000) + "\"}");
    assertEnvelope(raw(HttpMethod.POST, "/api/auth/login", json(), big), 413, "PAYLOAD_TOO_LARGE");
  }

  @Test
  void malformedJsonIs400() {
    assertEnvelope(raw(HttpMethod.POST, "/api/auth/login", json(), Buffer.buffer("{\"email\":")), 400,
      "VALIDATION_INVALID_JSON");
  }

  @Test
  void missingBodyIs400() {
    Response r = raw(HttpMethod.POST, "/api/auth/login", json(), null);
    assertEnvelope(r, 400, "VALIDATION_REQUIRED_FIELD");
    assertEquals("body", r.json().getJsonObject("details").getJsonArray("fields").getJsonObject(0).getString("field"));
  }

  @Test
  void otherContentTypesAndUploadsAreRefused() {
    MultiMap text = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "text/plain");
    assertEnvelope(raw(HttpMethod.POST, "/api/auth/login", text, Buffer.buffer("hi")), 415, "UNSUPPORTED_MEDIA_TYPE");
    MultiMap multipart = MultiMap.caseInsensitiveMultiMap().add("Content-Type", "multipart/form-data; boundary=XX");
    Buffer upload = Buffer.buffer("--XX\r\nContent-Disposition: form-data; name=\"f\"; filename=\"a.txt\"\r\n\r\nhello\r\n--XX--\r\n");
    assertEnvelope(raw(HttpMethod.POST, "/api/auth/login", multipart, upload), 415, "UNSUPPORTED_MEDIA_TYPE");
  }

  @Test
  void requestIdIsEchoedOrGenerated() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "trace-123");
    assertEquals("trace-123", raw(HttpMethod.GET, "/health", headers, null).header("X-Request-Id"));
    String generated = raw(HttpMethod.GET, "/health", null, null).header("X-Request-Id");
    assertEquals(36, generated.length());
    MultiMap hostile = MultiMap.caseInsensitiveMultiMap().add("X-Request-Id", "bad id <script>");
    assertEquals(36, raw(HttpMethod.GET, "/health", hostile, null).header("X-Request-Id").length());
  }

  @Test
  void securityHeadersAreSet() {
    Response r = raw(HttpMethod.GET, "/api/auth/me", null, null);
    assertEquals("nosniff", r.header("X-Content-Type-Options"));
    assertEquals("DENY", r.header("X-Frame-Options"));
    assertEquals("no-referrer", r.header("Referrer-Policy"));
    assertNotNull(r.header("Content-Security-Policy"));
  }

  @Test
  void corsAllowsOnlyConfiguredOrigins() {
    String allowed = TestApp.config().getJsonObject("http").getString("cors_origins");
    MultiMap preflight = MultiMap.caseInsensitiveMultiMap()
      .add("Origin", allowed).add("Access-Control-Request-Method", "POST")
      .add("Access-Control-Request-Headers", "content-type,authorization");
    Response ok = raw(HttpMethod.OPTIONS, "/api/auth/login", preflight, null);
    assertEquals(allowed, ok.header("Access-Control-Allow-Origin"));
    assertEquals("true", ok.header("Access-Control-Allow-Credentials"));

    MultiMap evil = MultiMap.caseInsensitiveMultiMap()
      .add("Origin", "https://evil.example").add("Access-Control-Request-Method", "POST");
    Response refused = raw(HttpMethod.OPTIONS, "/api/auth/login", evil, null);
    assertNull(refused.header("Access-Control-Allow-Origin"));
  }

  @Test
  void metricsAndReadinessAreServed() {
    raw(HttpMethod.GET, "/api/auth/me", null, null);
    String metrics = TestApp.metrics(TestApp.config()); // the management port (see MetricsTest)
    assertTrue(metrics.lines().anyMatch(l -> l.startsWith("academy_http_requests_seconds_count{") && l.contains("operation=\"auth.me\"")
      && l.contains("status=\"401\"") && l.contains("method=\"GET\"")), "HTTP requests by operation, method and status");
    assertTrue(metrics.contains("vertx_eventbus_"), "event-bus metrics");
    assertTrue(metrics.contains("academy_rate_limit_rejections_total"));
    assertTrue(metrics.contains("academy_redis_fallback_total"));
    Response ready = raw(HttpMethod.GET, "/health/ready", null, null);
    assertEquals(200, ready.status());
    assertEquals("ready", ready.json().getString("status"));
  }

  @Test
  void contractAndDocsAreServed() {
    Response contract = raw(HttpMethod.GET, "/openapi.yaml", null, null);
    assertEquals(200, contract.status());
    assertTrue(contract.text().startsWith("openapi: 3.1.0"));
    Response docs = raw(HttpMethod.GET, "/docs/", null, null);
    assertEquals(200, docs.status());
    assertTrue(docs.text().contains("swagger-ui-bundle.js"));
    String script = docs.text().replaceAll("(?s).*src=\"(/webjars/[^\"]+swagger-ui-bundle.js)\".*", "$1");
    assertEquals(200, raw(HttpMethod.GET, script, null, null).status());
  }

  /** The SockJS iframe transport's page loads the bundled sockjs-client, not one from a CDN. */
  @Test
  void chatIframePageLoadsTheBundledSockJsClient() {
    Response page = raw(HttpMethod.GET, "/api/chat/connect/iframe.html", null, null);
    assertEquals(200, page.status());
    String script = page.text().replaceAll("(?s).*<script src=\"([^\"]+)\".*", "$1");
    assertEquals("/webjars/sockjs-client/1.5.1/sockjs.min.js", script);
    Response client = raw(HttpMethod.GET, script, null, null);
    assertEquals(200, client.status());
    assertTrue(client.text().contains("SockJS"));
  }
  /**
   * The SockJS endpoints answer a client's mistake as the API does: vertx-web's chunking test (a 500 and a stack trace
   * in the log on Vert.x 5) is not offered, and an xhr_send post with no frames or unreadable ones is 400 in the
   * envelope, not SockJS's plain-text 500 (found by a hostile client).
   */
  @Test
  void sockJsEndpointsAnswerBadInputWithTheEnvelope() {
    assertEnvelope(raw(HttpMethod.POST, "/api/chat/connect/chunking_test", null, null), 404, "NOT_FOUND");
    assertEnvelope(raw(HttpMethod.OPTIONS, "/api/chat/connect/chunking_test", null, null), 404, "NOT_FOUND");
    String session = "/api/chat/connect/000/" + java.util.UUID.randomUUID().toString().substring(0, 8);
    // SockJS closes the connection that carried a poll's answer: this client must not send the next request on it
    Response open = raw(HttpMethod.POST, session + "/xhr", MultiMap.caseInsensitiveMultiMap().add("Connection", "close"), null);
    assertEquals(200, open.status());
    assertEquals("o", open.text().trim());
    assertEnvelope(raw(HttpMethod.POST, session + "/xhr_send", null, null), 400, "VALIDATION_ERROR");
    assertEnvelope(raw(HttpMethod.POST, session + "/xhr_send", null, Buffer.buffer("[\"unfinished")), 400, "VALIDATION_INVALID_JSON");
    assertEnvelope(raw(HttpMethod.POST, session + "/xhr_send", null, Buffer.buffer("a=1")), 400, "VALIDATION_INVALID_JSON");
    // frames that are not text: SockJS answered 204 and logged a NullPointerException
    assertEnvelope(raw(HttpMethod.POST, session + "/xhr_send", null, Buffer.buffer("[null]")), 400, "VALIDATION_INVALID_JSON");
    assertEnvelope(raw(HttpMethod.POST, session + "/xhr_send", null, Buffer.buffer("[\"{}\", {}]")), 400, "VALIDATION_INVALID_JSON");
    // a path SockJS does not serve is 404 whatever the body
    assertEnvelope(raw(HttpMethod.POST, "/api/chat/connect/xhr_send", null, null), 404, "NOT_FOUND");
    // frames SockJS can read still reach the bridge (a frame it cannot parse is answered on the socket, not here)
    assertEquals(204, raw(HttpMethod.POST, session + "/xhr_send", null, Buffer.buffer("[\"{}\"]")).status());
  }
}

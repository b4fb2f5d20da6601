package verticles;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api.Response;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Whole nodes: restarts on the same data dir, a subset of roles, Redis outages, clustering. */
class NodeTest {

  private static Response login(Api api, String email, String password) {
    return api.call("auth.login").body(new JsonObject().put("email", email).put("password", password)).send();
  }

  /** The demo music school of a fresh dev install: its courses are on the public catalog. */
  private static void assertDemoAcademy(Api api) {
    Response courses = api.call("catalog.listCourses").query("limit", "50").send();
    assertEquals(200, courses.status(), courses.toString());
    assertEquals(5, courses.data().getJsonObject("pagination").getInteger("total"), courses.toString());
    Response piano = api.call("catalog.listCourses").query("search", "piano").send();
    assertEquals("Piano untuk Pemula", piano.data().getJsonArray("courses").getJsonObject(0).getString("title"));
  }

  @Test
  void generatedAdminPasswordIsPrintedOnceAndDataSurvivesARestart(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = Map.of("ACADEMY_ADMIN_PASSWORD", "", "ACADEMY_ADMIN_EMAIL", "first@school.id",
      "ACADEMY_DEMO_ACADEMY", "true");
    String printed = captureStdout(() -> {
      try (TestNode node = TestNode.start(dataDir, env)) {
        assertEquals(200, login(node.api(), "first@school.id", extract(stdoutSoFar())).status());
        assertDemoAcademy(node.api());
      }
    });
    String password = extract(printed);
    assertTrue(password.length() >= 20);

    String second = captureStdout(() -> {
      try (TestNode node = TestNode.start(dataDir, env)) {
        assertEquals(200, login(node.api(), "first@school.id", password).status(), "same data, same admin");
        assertDemoAcademy(node.api()); // seeded once: still five courses, not ten
      }
    });
    assertFalse(second.contains(password), "the password is printed only once");
  }

  @Test
  void productionRefusesToGenerateAnAdminPassword(@TempDir Path dataDir) {
    Map<String, String> env = TestApp.productionEnv();
    env.put("ACADEMY_ADMIN_PASSWORD", "");
    JsonObject config = TestApp.config(dataDir, env);
    Exception e = assertThrows(Exception.class, () -> Academy.start(config).stop());
    assertTrue(e.getMessage().contains("ACADEMY_ADMIN_PASSWORD"), e.getMessage());
  }

  @Test
  void theFirstAdminCannotHaveACommonPassword(@TempDir Path dataDir) {
    JsonObject config = TestApp.config(dataDir, Map.of("ACADEMY_ADMIN_PASSWORD", "Password123"));
    Exception e = assertThrows(Exception.class, () -> Academy.start(config).stop());
    assertTrue(e.getMessage().contains("ACADEMY_ADMIN_PASSWORD") && e.getMessage().contains("too common"), e.getMessage());
    assertFalse(e.getMessage().contains("Password123"), "the reason never repeats the password");
  }

  @Test
  void productionNeverSeedsTheDemoAcademy(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.productionEnv();
    env.put("ACADEMY_DEMO_ACADEMY", "true");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Response courses = node.api().call("catalog.listCourses").send();
      assertEquals(200, courses.status(), courses.toString());
      assertEquals(0, courses.data().getJsonObject("pagination").getInteger("total"), "an empty academy, no demo data");
    }
  }

  /** event_loops: the node runs every verticle on that many event-loop threads, and they all answer. */
  @Test
  void aNodeRunsOnTheEventLoopsItIsGiven(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_EVENT_LOOPS", "1");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      Response health = api.raw(HttpMethod.GET, "/health", null, null);
      assertEquals(200, health.status(), health.toString());
      assertEquals(200, login(api, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD).status());
      int loops = 0;
      for (var loop : ((io.vertx.core.internal.VertxInternal) node.vertx()).nettyEventLoopGroup()) loops++;
      assertEquals(1, loops);
    }
  }

  @Test
  void aNodeWithoutTheOwningVerticleAnswers503(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http,catalog");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      Response r = login(api, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      assertEquals(503, r.status());
      assertEquals("SERVICE_UNAVAILABLE", r.code());
      Response health = api.raw(HttpMethod.GET, "/health", null, null);
      assertEquals(503, health.status());
      assertEquals("degraded", health.json().getString("status"));
      assertEquals("down", health.json().getJsonObject("services").getString("auth"));
      assertEquals("up", health.json().getJsonObject("services").getString("catalog"));
    }
  }

  @Test
  void withRedisDownRequestsStillWorkAndRevokedTokensStayRevoked(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_REDIS_URL", "redis://127.0.0.1:" + TestApp.freePort());
    env.put("ACADEMY_ROLES", "http,auth");
    try (TestNode node = TestNode.start(dataDir, env)) {
      Api api = node.api();
      Response in = login(api, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      assertEquals(200, in.status(), in.toString());
      String access = in.data().getJsonObject("tokens").getString("access_token");
      assertEquals(200, api.call("auth.me").token(access).send().status());
      assertEquals(200, api.call("auth.logout").token(access).send().status());
      Response after = api.call("auth.me").token(access).send();
      assertEquals(401, after.status());
      assertEquals("revoked", after.json().getJsonObject("details").getString("reason"));
      assertEquals("down", api.raw(HttpMethod.GET, "/health", null, null).json().getJsonObject("services").getString("redis"));
    }
  }

  @Test
  void clusteredNodesServeEachOthersOperations(@TempDir Path dataA, @TempDir Path dataB) throws Exception {
    Map<String, String> env = clustered("academy-test-" + java.util.UUID.randomUUID());
    try (TestNode domain = TestNode.start(dataB, TestNode.withRoles(env, "auth,catalog,enrollment,scheduling,chat,analytics,notify,coursework,billing,recommendation"));
         TestNode router = TestNode.start(dataA, TestNode.withRoles(env, "http"))) {
      Api api = router.api();
      assertEquals(200, api.call("auth.userStats").token(router.adminToken()).send().status());
      Response health = api.raw(HttpMethod.GET, "/health", null, null);
      assertEquals(200, health.status(), health.toString());
    }
  }

  /** Settings of a node of the named Hazelcast cluster on the shared test infrastructure. */
  private static Map<String, String> clustered(String cluster) {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_CLUSTER_ENABLED", "true");
    env.put("ACADEMY_CLUSTER_NAME", cluster);
    return env;
  }

  /**
   * SIGTERM on an HTTP node: /health/ready answers 503 while the node still serves (the drain delay, for load
   * balancers), and a request already in flight is finished, not cut. The request is held on this node's bus
   * (a test consumer stands in for the catalog) until readiness has been seen failing, then relayed to the
   * shared academy's catalog for a real answer.
   */
  @Test
  void aDrainingHttpNodeIsNotReadyAndFinishesItsRequests(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_ROLES", "http");
    env.put("ACADEMY_HTTP_DRAIN_DELAY_MS", "5000");
    TestNode node = TestNode.start(dataDir, env); // stopped by the test itself
    Api api = Api.at(TestApp.get().vertx(), node.port()); // a client that outlives the node
    io.vertx.core.Promise<io.vertx.core.eventbus.Message<Object>> held = io.vertx.core.Promise.promise();
    TestApp.await(node.vertx().eventBus().<Object>consumer("catalog.listCourses", held::tryComplete).completion());
    assertEquals(200, api.raw(HttpMethod.GET, "/health/ready", null, null).status());

    java.util.concurrent.CompletableFuture<Response> inFlight =
      java.util.concurrent.CompletableFuture.supplyAsync(() -> api.call("catalog.listCourses").send());
    io.vertx.core.eventbus.Message<Object> request = TestApp.await(held.future());
    java.util.concurrent.CompletableFuture<Void> stopped = java.util.concurrent.CompletableFuture.runAsync(node::close);
    Response ready = api.raw(HttpMethod.GET, "/health/ready", null, null);
    for (int attempt = 0; ready.status() == 200 && attempt < 1000; attempt++) {
      ready = api.raw(HttpMethod.GET, "/health/ready", null, null);
    }
    assertEquals(503, ready.status(), ready.toString());
    assertEquals("draining", ready.json().getString("status"));
    assertFalse(inFlight.isDone(), "the held request is still in flight");

    request.reply(TestApp.await(TestApp.get().vertx().eventBus().request("catalog.listCourses", request.body())).body());
    Response answered = inFlight.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertEquals(200, answered.status(), answered.toString());
    stopped.get(60, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void clusteredNodesTalkOverMutualTls(@TempDir Path dataA, @TempDir Path dataB, @TempDir Path keys) throws Exception {
    Path keystore = keys.resolve("cluster.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
      "-genkeypair", "-alias", "academy", "-keyalg", "EC", "-storetype", "PKCS12", "-keystore", keystore.toString(),
      "-storepass", "cluster-secret", "-dname", "CN=academy-cluster", "-validity", "30").inheritIO().start();
    assertEquals(0, keytool.waitFor());
    Map<String, String> env = clustered("academy-tls-" + java.util.UUID.randomUUID());
    env.put("ACADEMY_CLUSTER_TLS_KEYSTORE", keystore.toString());
    env.put("ACADEMY_CLUSTER_TLS_PASSWORD", "cluster-secret");
    try (TestNode domain = TestNode.start(dataB, TestNode.withRoles(env, "auth,catalog,enrollment,scheduling,chat,analytics,notify,coursework,billing,recommendation"));
         TestNode router = TestNode.start(dataA, TestNode.withRoles(env, "http"))) {
      assertEquals(200, login(router.api(), TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD).status());
    }
  }

  // --- stdout capture for the printed-once password ---------------------------------------------

  private static ByteArrayOutputStream captured;

  private interface Body {
    void run() throws Exception;
  }

  private static synchronized String captureStdout(Body body) throws Exception {
    PrintStream original = System.out;
    captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true));
    try {
      body.run();
    } finally {
      System.setOut(original);
    }
    return captured.toString();
  }

  private static String stdoutSoFar() {
    return captured.toString();
  }

  private static String extract(String printed) {
    Matcher m = Pattern.compile("password: (\\S+)").matcher(printed);
    assertTrue(m.find(), "the generated password is printed");
    return m.group(1);
  }
}

package verticles;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api.Response;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
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

  /** Settings that reuse the shared test database and (unless replaced) its Redis. */
  private static Map<String, String> sharedInfrastructure() {
    JsonObject db = TestApp.config().getJsonObject("database");
    Map<String, String> env = new HashMap<>();
    env.put("ACADEMY_DATABASE_HOST", db.getString("host"));
    env.put("ACADEMY_DATABASE_PORT", db.getInteger("port").toString());
    env.put("ACADEMY_DATABASE_USER", db.getString("user"));
    env.put("ACADEMY_DATABASE_PASSWORD", db.getString("password"));
    env.put("ACADEMY_REDIS_URL", TestApp.config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_JWT_SECRET", TestApp.config().getJsonObject("jwt").getString("secret"));
    return env;
  }

  @Test
  void generatedAdminPasswordIsPrintedOnceAndDataSurvivesARestart(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = Map.of("ACADEMY_ADMIN_PASSWORD", "", "ACADEMY_ADMIN_EMAIL", "first@school.id");
    JsonObject config = TestApp.config(dataDir, env);
    String printed = captureStdout(() -> {
      Academy node = Academy.start(config);
      try {
        Api api = Api.at(node.vertx(), config.getJsonObject("http").getInteger("port"));
        assertEquals(200, login(api, "first@school.id", extract(stdoutSoFar())).status());
      } finally {
        node.stop();
      }
    });
    String password = extract(printed);
    assertTrue(password.length() >= 20);

    JsonObject again = TestApp.config(dataDir, env);
    String second = captureStdout(() -> {
      Academy node = Academy.start(again);
      try {
        Api api = Api.at(node.vertx(), again.getJsonObject("http").getInteger("port"));
        assertEquals(200, login(api, "first@school.id", password).status(), "same data, same admin");
      } finally {
        node.stop();
      }
    });
    assertFalse(second.contains(password), "the password is printed only once");
  }

  @Test
  void productionRefusesToGenerateAnAdminPassword(@TempDir Path dataDir) {
    JsonObject config = TestApp.config(dataDir, Map.of("ACADEMY_ADMIN_PASSWORD", "", "ACADEMY_MODE", "production",
      "ACADEMY_JWT_SECRET", "0123456789abcdef0123456789abcdef-x", "ACADEMY_CAPTCHA_PROVIDER", "turnstile"));
    Exception e = assertThrows(Exception.class, () -> Academy.start(config).stop());
    assertTrue(e.getMessage().contains("ACADEMY_ADMIN_PASSWORD"), e.getMessage());
  }

  @Test
  void aNodeWithoutTheOwningVerticleAnswers503(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = sharedInfrastructure();
    env.put("ACADEMY_ROLES", "http,catalog");
    JsonObject config = TestApp.config(dataDir, env);
    Academy node = Academy.start(config);
    try {
      Api api = Api.at(node.vertx(), config.getJsonObject("http").getInteger("port"));
      Response r = login(api, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      assertEquals(503, r.status());
      assertEquals("SERVICE_UNAVAILABLE", r.code());
      Response health = api.raw(HttpMethod.GET, "/health", null, null);
      assertEquals(503, health.status());
      assertEquals("degraded", health.json().getString("status"));
      assertEquals("down", health.json().getJsonObject("services").getString("auth"));
      assertEquals("up", health.json().getJsonObject("services").getString("catalog"));
    } finally {
      node.stop();
    }
  }

  @Test
  void withRedisDownRequestsStillWorkAndRevokedTokensStayRevoked(@TempDir Path dataDir) throws Exception {
    Map<String, String> env = sharedInfrastructure();
    env.put("ACADEMY_REDIS_URL", "redis://127.0.0.1:" + TestApp.freePort());
    env.put("ACADEMY_ROLES", "http,auth");
    JsonObject config = TestApp.config(dataDir, env);
    Academy node = Academy.start(config);
    try {
      Api api = Api.at(node.vertx(), config.getJsonObject("http").getInteger("port"));
      Response in = login(api, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      assertEquals(200, in.status(), in.toString());
      String access = in.data().getJsonObject("tokens").getString("access_token");
      assertEquals(200, api.call("auth.me").token(access).send().status());
      assertEquals(200, api.call("auth.logout").token(access).send().status());
      Response after = api.call("auth.me").token(access).send();
      assertEquals(401, after.status());
      assertEquals("revoked", after.json().getJsonObject("details").getString("reason"));
      assertEquals("down", api.raw(HttpMethod.GET, "/health", null, null).json().getJsonObject("services").getString("redis"));
    } finally {
      node.stop();
    }
  }

  @Test
  void clusteredNodesServeEachOthersOperations(@TempDir Path dataA, @TempDir Path dataB) throws Exception {
    Map<String, String> env = sharedInfrastructure();
    env.put("ACADEMY_CLUSTER_ENABLED", "true");
    env.put("ACADEMY_CLUSTER_NAME", "academy-test-" + java.util.UUID.randomUUID());
    env.put("ACADEMY_ROLES", "auth,catalog,enrollment,scheduling,chat,analytics");
    Academy domain = Academy.start(TestApp.config(dataB, env));
    env.put("ACADEMY_ROLES", "http");
    JsonObject routerConfig = TestApp.config(dataA, env);
    Academy router = Academy.start(routerConfig);
    try {
      Api api = Api.at(router.vertx(), routerConfig.getJsonObject("http").getInteger("port"));
      Response r = login(api, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
      assertEquals(200, r.status(), r.toString());
      String access = r.data().getJsonObject("tokens").getString("access_token");
      assertEquals(200, api.call("auth.userStats").token(access).send().status());
      Response health = api.raw(HttpMethod.GET, "/health", null, null);
      assertEquals(200, health.status(), health.toString());
    } finally {
      router.stop();
      domain.stop();
    }
    // the router node alone: its operations fail fast instead of hanging
  }

  @Test
  void clusteredNodesTalkOverMutualTls(@TempDir Path dataA, @TempDir Path dataB, @TempDir Path keys) throws Exception {
    Path keystore = keys.resolve("cluster.p12");
    Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
      "-genkeypair", "-alias", "academy", "-keyalg", "EC", "-storetype", "PKCS12", "-keystore", keystore.toString(),
      "-storepass", "cluster-secret", "-dname", "CN=academy-cluster", "-validity", "30").inheritIO().start();
    assertEquals(0, keytool.waitFor());
    Map<String, String> env = sharedInfrastructure();
    env.put("ACADEMY_CLUSTER_ENABLED", "true");
    env.put("ACADEMY_CLUSTER_NAME", "academy-tls-" + java.util.UUID.randomUUID());
    env.put("ACADEMY_CLUSTER_TLS_KEYSTORE", keystore.toString());
    env.put("ACADEMY_CLUSTER_TLS_PASSWORD", "cluster-secret");
    env.put("ACADEMY_ROLES", "auth,catalog,enrollment,scheduling,chat,analytics");
    Academy domain = Academy.start(TestApp.config(dataB, env));
    env.put("ACADEMY_ROLES", "http");
    JsonObject routerConfig = TestApp.config(dataA, env);
    Academy router = Academy.start(routerConfig);
    try {
      Api api = Api.at(router.vertx(), routerConfig.getJsonObject("http").getInteger("port"));
      assertEquals(200, login(api, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD).status());
    } finally {
      router.stop();
      domain.stop();
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

package verticles;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api.Response;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Production mode refuses unsafe settings at start, each with a message naming the setting; the embedded servers
 * need generated passwords and keep PostgreSQL's durable settings; /docs and /openapi.yaml are a setting.
 */
class ProductionTest {
  private static final String GOOD_SECRET = TestApp.PRODUCTION_SECRET;

  private static JsonObject production(Path dir, Map<String, String> overrides) {
    return TestApp.productionConfig(dir, overrides);
  }

  private static String refusal(JsonObject config) {
    return TestApp.refusal(config);
  }

  @Test
  void aJwtSecretOfOneRepeatedCharacterIsRefused(@TempDir Path dir) {
    String message = refusal(production(dir, Map.of("ACADEMY_JWT_SECRET", "a".repeat(32))));
    assertTrue(message.contains("ACADEMY_JWT_SECRET") && message.contains("different characters"), message);
  }

  @Test
  void aJwtSecretThatRepeatsAPatternIsRefused(@TempDir Path dir) {
    String message = refusal(production(dir, Map.of("ACADEMY_JWT_SECRET", "0123456789abcdef".repeat(2))));
    assertTrue(message.contains("ACADEMY_JWT_SECRET") && message.contains("repeats"), message);
  }

  @Test
  void localhostCorsOriginsAreRefused(@TempDir Path dir) {
    for (String origins : new String[]{"http://localhost:3000", "https://school.id,http://127.0.0.1:8080", "http://[::1]:3000"}) {
      String message = refusal(production(dir, Map.of("ACADEMY_HTTP_CORS_ORIGINS", origins)));
      assertTrue(message.contains("ACADEMY_HTTP_CORS_ORIGINS") && message.contains("local CORS origin"), message);
    }
  }

  @Test
  void wildcardCorsIsRefused(@TempDir Path dir) {
    for (String origins : new String[]{"*", "https://*.school.id"}) {
      String message = refusal(production(dir, Map.of("ACADEMY_HTTP_CORS_ORIGINS", origins)));
      assertTrue(message.contains("wildcard CORS"), message);
    }
  }

  @Test
  void aCaptchaProviderWithoutItsSecretIsRefusedInEveryMode(@TempDir Path dir) {
    for (String mode : new String[]{"production", "dev"}) {
      String message = refusal(production(dir, Map.of("ACADEMY_MODE", mode, "ACADEMY_CAPTCHA_SECRET", "")));
      assertTrue(message.contains("ACADEMY_CAPTCHA_SECRET"), message);
    }
  }

  @Test
  void aCaptchaProviderWithoutAVerifyUrlIsRefused(@TempDir Path dir) {
    for (String url : new String[]{"", "challenges.cloudflare.com/turnstile", "ftp://captcha.example/verify"}) {
      String message = refusal(production(dir, Map.of("ACADEMY_CAPTCHA_VERIFY_URL", url)));
      assertTrue(message.contains("ACADEMY_CAPTCHA_VERIFY_URL"), message);
    }
  }

  @Test
  void metricsOffLoopbackWithoutATokenAreRefused(@TempDir Path dir) {
    String message = refusal(production(dir, Map.of("ACADEMY_METRICS_HOST", "0.0.0.0")));
    assertTrue(message.contains("ACADEMY_METRICS_TOKEN"), message);
  }

  @Test
  void aNonDurableEmbeddedDatabaseIsRefused(@TempDir Path dir) {
    String message = refusal(production(dir, Map.of("ACADEMY_DATABASE_EMBEDDED_DURABLE", "false")));
    assertTrue(message.contains("ACADEMY_DATABASE_EMBEDDED_DURABLE"), message);
  }

  /**
   * The embedded servers of a production node: PostgreSQL takes password (SCRAM) logins only, with the password
   * generated into the data dir (0600), and runs with fsync, synchronous_commit and full_page_writes on and with
   * autovacuum paced for sharing the application's cores (20 ms cost delay); Redis
   * answers only after AUTH with its generated password. The API docs are off.
   */
  @Test
  void embeddedServersNeedTheGeneratedPasswordsAndStayDurable(@TempDir Path dir) throws Exception {
    try (TestNode node = TestNode.start(dir, TestApp.productionEnv())) {
      for (String file : new String[]{"postgres.password", "redis.password"}) {
        Path secret = dir.resolve(file);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), file);
        assertTrue(Files.readString(secret).trim().length() >= 32, file);
      }
      JsonObject db = node.config().getJsonObject("database");
      String url = "jdbc:postgresql://127.0.0.1:" + db.getInteger("port") + "/academy";
      SQLException noPassword = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "").close());
      assertTrue(noPassword.getMessage().contains("SCRAM"), "the server asks for a SCRAM password: " + noPassword.getMessage());
      SQLException wrong = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "postgres", "wrong").close());
      assertEquals("28P01", wrong.getSQLState(), wrong.getMessage());
      String password = Files.readString(dir.resolve("postgres.password")).trim();
      try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement()) {
        for (String setting : new String[]{"fsync", "synchronous_commit", "full_page_writes"}) {
          try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
            rs.next();
            assertEquals("on", rs.getString(1), setting);
          }
        }
        try (ResultSet rs = s.executeQuery("SHOW autovacuum_vacuum_cost_delay")) {
          rs.next();
          assertEquals("20ms", rs.getString(1), "autovacuum paced for a database sharing the application's cores");
        }
      }
      int redisPort = Integer.parseInt(node.config().getJsonObject("redis").getString("url").replaceAll(".*:(\\d+)$", "$1"));
      String unauthenticated = redis(redisPort, "PING\r\n");
      assertTrue(unauthenticated.startsWith("-NOAUTH"), "Redis refuses clients without the password: " + unauthenticated);
      String redisPassword = Files.readString(dir.resolve("redis.password")).trim();
      assertTrue(redis(redisPort, "AUTH " + redisPassword + "\r\nPING\r\n").contains("+PONG"));

      assertEquals(200, node.api().call("catalog.listCourses").send().status(), "the node itself uses them");
      for (String path : new String[]{"/docs/", "/openapi.yaml"}) {
        Response docs = node.api().raw(HttpMethod.GET, path, null, null);
        assertEquals(404, docs.status(), path + " is off in production by default");
        assertFalse(docs.json().getBoolean("success"));
      }
    }
  }

  @Test
  void theApiDocsCanBeTurnedOnInProduction(@TempDir Path dir) throws Exception {
    Map<String, String> env = TestNode.withRoles(TestApp.sharedEnv(), "http");
    env.putAll(TestApp.productionEnv());
    env.put("ACADEMY_HTTP_API_DOCS", "on");
    try (TestNode node = TestNode.start(dir, env)) {
      assertEquals(200, node.api().raw(HttpMethod.GET, "/openapi.yaml", null, null).status());
      assertEquals(200, node.api().raw(HttpMethod.GET, "/docs/", null, null).status());
    }
  }

  /** One exchange over a plain socket: what Redis answers to {@code commands}. */
  private static String redis(int port, String commands) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(commands.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder answer = new StringBuilder();
      byte[] buffer = new byte[256];
      int expected = commands.split("\r\n").length;
      while (answer.toString().split("\r\n", -1).length - 1 < expected) { // one line per command
        int n = in.read(buffer);
        if (n < 0) break;
        answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
      return answer.toString();
    }
  }
}

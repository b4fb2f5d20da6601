package verticles;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import verticles.infra.Config;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One academy per test JVM — embedded PostgreSQL and Redis, every verticle — started on first use and
 * stopped when the JVM ends. Test classes share it and reset the data they touch with {@link #resetData()}.
 */
public final class TestApp {
  public static final String ADMIN_EMAIL = "admin@test.academy";
  public static final String ADMIN_PASSWORD = "Test-Boss-Pass-1";
  public static final String SERVICE_KEY = "Ts9-vK2pQ7xL4mW8rB1nZ6cF3hJ0dG5y";

  private static Academy academy;

  private TestApp() {
  }

  public static synchronized Academy get() {
    if (academy == null) {
      try {
        Path dataDir = Files.createTempDirectory("academy-test");
        academy = Academy.start(config(dataDir, Map.of()));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> captchaVerifier.close()));
        Runtime.getRuntime().addShutdownHook(new Thread(academy::stop));
      } catch (Exception e) {
        throw new IllegalStateException("Test academy did not start", e);
      }
    }
    return academy;
  }

  /** A configuration on free ports under {@code dataDir}; {@code env} adds ACADEMY_* overrides. */
  public static JsonObject config(Path dataDir, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("ACADEMY_DATA_DIR", dataDir.toString());
    all.put("ACADEMY_HTTP_PORT", Integer.toString(freePort()));
    all.put("ACADEMY_DATABASE_EMBEDDED_PORT", Integer.toString(freePort()));
    all.put("ACADEMY_REDIS_EMBEDDED_PORT", Integer.toString(freePort()));
    all.put("ACADEMY_METRICS_PORT", Integer.toString(freePort()));
    // test config, explicitly: throwaway databases skip fsync (CrashTest runs the durable default), and nodes
    // pointed at a dead Redis on purpose start at once (StartupTest sets its own wait)
    all.put("ACADEMY_DATABASE_EMBEDDED_DURABLE", "false");
    all.put("ACADEMY_REDIS_CONNECT_WAIT_SECONDS", "0");
    all.put("ACADEMY_ADMIN_EMAIL", ADMIN_EMAIL);
    all.put("ACADEMY_ADMIN_PASSWORD", ADMIN_PASSWORD);
    all.put("ACADEMY_SERVICE_KEY", SERVICE_KEY);
    all.put("ACADEMY_DEMO_ACADEMY", "false"); // tests seed what they assert; NodeTest checks the demo academy
    all.put("ACADEMY_RATE_LIMITS", "off"); // the suite makes thousands of requests from one IP; RateLimitTest turns them on
    // every node sends to the suite's SMTP server (tests read it over IMAP); retries come fast
    all.putAll(Mailbox.env());
    all.put("ACADEMY_MAIL_RETRY_BASE_SECONDS", "1");
    all.put("ACADEMY_MAIL_RETRY_MAX_SECONDS", "4");
    all.put("ACADEMY_MAIL_POLL_SECONDS", "1");
    all.put("ACADEMY_MAIL_RATE_PER_MINUTE", "100000"); // the suite sends hundreds of emails a minute; DeliveryTest sets its own
    all.put("ACADEMY_MAIL_RATE_PER_SECOND", "100000");
    all.put("ACADEMY_CAPTCHA_PROVIDER", "turnstile");
    all.put("ACADEMY_CAPTCHA_SECRET", "test-captcha-secret");
    all.put("ACADEMY_CAPTCHA_VERIFY_URL", "http://127.0.0.1:" + captchaPort() + "/siteverify");
    // payments (issue 18): the local Midtrans-compatible gateway (billing.FakeGateway)
    all.put("ACADEMY_BILLING_GATEWAY_URL", verticles.billing.FakeGateway.url());
    all.put("ACADEMY_BILLING_SERVER_KEY", verticles.billing.FakeGateway.SERVER_KEY);
    all.putAll(env);
    // the links in emails lead to this node, so a test (or a browser) can follow them
    all.putIfAbsent("ACADEMY_PUBLIC_URL", "http://127.0.0.1:" + all.get("ACADEMY_HTTP_PORT"));
    return Config.load(null, all);
  }

  /** A JWT secret production accepts. */
  public static final String PRODUCTION_SECRET = "q3L9xV2mT8rB5nW1kZ7pC4hJ6yF0dG2s-Lw";

  /**
   * The settings of a complete production node (on top of {@link #config}'s): a good JWT secret, public origins and
   * address, a durable database, SMTP with STARTTLS required; a mutable map for a test's overrides.
   */
  public static Map<String, String> productionEnv() {
    return new HashMap<>(Map.of("ACADEMY_MODE", "production", "ACADEMY_JWT_SECRET", PRODUCTION_SECRET,
      "ACADEMY_HTTP_CORS_ORIGINS", "https://school.id", "ACADEMY_PUBLIC_URL", "https://school.id",
      "ACADEMY_DATABASE_EMBEDDED_DURABLE", "true", "ACADEMY_MAIL_STARTTLS", "required"));
  }

  /** A production node's config under {@code dir}: {@link #productionEnv()} with {@code overrides} on top. */
  public static JsonObject productionConfig(Path dir, Map<String, String> overrides) {
    Map<String, String> env = productionEnv();
    env.putAll(overrides);
    return config(dir, env);
  }

  /** A node that must refuse to start: the reason, which Main prints as "Academy could not start: …". */
  public static String refusal(JsonObject config) {
    Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> Academy.start(config).stop());
    return e.getMessage();
  }

  /**
   * The local captcha verifier the test academy is configured with (a real HTTP server speaking the
   * Turnstile/reCAPTCHA protocol). Token "pass" is accepted, "fail" refused, "down" gets a 500 and
   * "garbage" an answer without a verdict; a wrong secret is refused.
   */
  public static final String CAPTCHA_PASS = "pass", CAPTCHA_FAIL = "fail", CAPTCHA_DOWN = "down", CAPTCHA_GARBAGE = "garbage";
  /** More ways a verifier fails: a 2xx that is not JSON, JSON without a boolean verdict, a 404, no answer at all. */
  public static final String CAPTCHA_BROKEN_JSON = "broken-json", CAPTCHA_NO_VERDICT = "no-verdict",
    CAPTCHA_NOT_FOUND = "not-found", CAPTCHA_SILENT = "silent";
  private static io.vertx.core.Vertx captchaVerifier;
  private static int captchaPort;

  private static synchronized int captchaPort() {
    if (captchaVerifier == null) {
      captchaVerifier = io.vertx.core.Vertx.vertx();
      var router = io.vertx.ext.web.Router.router(captchaVerifier);
      router.post("/siteverify").handler(io.vertx.ext.web.handler.BodyHandler.create(false)).handler(ctx -> {
        String token = ctx.request().getFormAttribute("response");
        boolean secretOk = "test-captcha-secret".equals(ctx.request().getFormAttribute("secret"));
        switch (token == null ? "" : token) {
          case CAPTCHA_DOWN -> ctx.response().setStatusCode(500).end("upstream error");
          case CAPTCHA_GARBAGE -> ctx.response().putHeader("Content-Type", "text/html").end("<html>maintenance</html>");
          case CAPTCHA_BROKEN_JSON -> ctx.response().putHeader("Content-Type", "application/json").end("{\"success\": tr");
          case CAPTCHA_NO_VERDICT -> ctx.json(new JsonObject().put("success", "yes"));
          case CAPTCHA_NOT_FOUND -> ctx.response().setStatusCode(404).end();
          case CAPTCHA_SILENT -> { } // never answers: the verifier's timeout decides
          default -> ctx.json(new JsonObject().put("success", secretOk && CAPTCHA_PASS.equals(token)));
        }
      });
      captchaPort = await(captchaVerifier.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
    }
    return captchaPort;
  }

  /**
   * Settings for an extra node on the shared test database, Redis and JWT key (add roles, cluster, …);
   * a mutable map.
   */
  public static Map<String, String> sharedEnv() {
    JsonObject db = get().config().getJsonObject("database");
    Map<String, String> env = new HashMap<>();
    env.put("ACADEMY_DATABASE_HOST", db.getString("host"));
    env.put("ACADEMY_DATABASE_PORT", db.getInteger("port").toString());
    env.put("ACADEMY_DATABASE_USER", db.getString("user"));
    env.put("ACADEMY_DATABASE_PASSWORD", db.getString("password"));
    env.put("ACADEMY_REDIS_URL", get().config().getJsonObject("redis").getString("url"));
    env.put("ACADEMY_JWT_SECRET", get().config().getJsonObject("jwt").getString("secret"));
    return env;
  }

  /** The Prometheus text of a node's management port ({@code metrics.host}:{@code metrics.port}, GET /metrics). */
  public static String metrics(JsonObject nodeConfig) {
    JsonObject metrics = nodeConfig.getJsonObject("metrics");
    io.vertx.ext.web.client.WebClient client = io.vertx.ext.web.client.WebClient.create(get().vertx());
    try {
      var response = await(client.get(metrics.getInteger("port"), metrics.getString("host"), "/metrics").send());
      if (response.statusCode() != 200) throw new IllegalStateException("GET /metrics answered " + response.statusCode());
      return response.bodyAsString();
    } finally {
      client.close();
    }
  }

  public static int port() {
    return get().config().getJsonObject("http").getInteger("port");
  }

  public static JsonObject config() {
    return get().config();
  }

  /** Empties every table but the first admin and the migration history, and the mailboxes. */
  public static void resetData() {
    sql("""
      TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE;
      TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE;
      TRUNCATE scheduling.calendar_feeds;
      TRUNCATE enrollment.enrollments, enrollment.pending_per_email, enrollment.course_seats,
               enrollment.registration_keys, enrollment.refused_registrations, enrollment.outbox CASCADE;
      TRUNCATE notify.messages, notify.attempts, notify.templates, auth.outbox CASCADE;
      TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE;
      TRUNCATE billing.invoices, billing.invoice_counters, billing.closed_enrollments, billing.package_courses,
               billing.packages, billing.outbox CASCADE;
      TRUNCATE billing.gateway_notifications; -- payments (issue 18): the webhook's audit
      ALTER SEQUENCE enrollment.registration_number_seq RESTART;
      TRUNCATE auth.login_failures, auth.revoked_tokens, auth.refresh_tokens, auth.refresh_families,
               auth.password_tokens, auth.student_profiles, auth.instructor_profiles CASCADE;
      DELETE FROM auth.users WHERE email <> '%s';
      UPDATE auth.users SET role = 'admin', deleted_at = NULL, status = 'active';
      """.formatted(ADMIN_EMAIL));
    Mailbox.clear();
  }

  /**
   * Retires every cached catalog read as a catalog write does: a new version in Redis, told to every node's
   * catalog and router (for data changed behind the catalog's back, e.g. by {@link #sql}).
   */
  public static void retireCatalogCache() {
    var redis = io.vertx.redis.client.RedisAPI.api(io.vertx.redis.client.Redis.createClient(get().vertx(),
      config().getJsonObject("redis").getString("url")));
    try {
      String version = await(redis.incr(verticles.bus.CacheVersions.CATALOG_VERSION_KEY)).toString();
      verticles.bus.CacheVersions.publish(get().vertx(), verticles.bus.CacheVersions.CATALOG, version);
    } finally {
      redis.close();
    }
  }

  /**
   * Runs SQL on the test database (JDBC on the test thread, never on an event loop). Data changed behind the
   * app's back has no event, so the scheduling verticles' upcoming-classes caches are told to forget (as a
   * writer does), before the next request can reach them.
   */
  public static void sql(String statements) {
    try (Connection c = connection(); Statement s = c.createStatement()) {
      s.execute(statements);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    verticles.bus.CacheVersions.publish(get().vertx(), verticles.bus.CacheVersions.SCHEDULES, null);
  }

  /** The number the query's first row starts with (JDBC on the test thread), e.g. {@code SELECT count(*) FROM …}. */
  public static long count(String sql) {
    try (Connection c = connection(); Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Connection connection() throws SQLException {
    JsonObject db = get().config().getJsonObject("database");
    return DriverManager.getConnection("jdbc:postgresql://" + db.getString("host") + ":" + db.getInteger("port")
      + "/" + db.getString("name"), db.getString("user"), db.getString("password"));
  }

  /**
   * A port to listen on, below the kernel's ephemeral range (32768–60999 on Linux): a port the OS hands out with
   * {@code new ServerSocket(0)} can be taken by an outgoing connection (to PostgreSQL, Redis, SMTP, Hazelcast) before
   * the node binds it, which failed a run now and then. Each port is handed out once per JVM.
   */
  public static synchronized int freePort() {
    java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
    for (int tries = 0; tries < 200; tries++) {
      int port = random.nextInt(20_000, 32_000);
      if (!HANDED_OUT.add(port)) continue;
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(false);
        socket.bind(new java.net.InetSocketAddress("0.0.0.0", port));
        return port;
      } catch (IOException inUse) {
        // taken: try another
      }
    }
    throw new IllegalStateException("no free port between 20000 and 32000");
  }

  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}

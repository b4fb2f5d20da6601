package verticles.cluster;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real cluster of separate JVM processes on 127.0.0.1 (Hazelcast over TCP): one router node and two
 * replicas of every domain role, sharing the test academy's PostgreSQL and Redis. Nodes are started
 * once for the class; each test leaves two healthy replicas behind.
 */
class ClusterProcessTest {
  private static final String DOMAIN = "auth,catalog,enrollment,scheduling,chat,analytics,notify,coursework,billing,recommendation";
  private static final String CLUSTER = "academy-it-" + UUID.randomUUID();
  private static Node router, replicaA, replicaB;
  private static Api api;

  /** One child JVM running verticles.Main, with its console captured to a file. */
  private static final class Node {
    final String roles;
    final int port;
    final Process process;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    final Path log;
    /** Console lines so far, and the texts someone waits for (guarded by {@code lines}). */
    private final List<String> lines = new ArrayList<>();
    private final Map<String, CompletableFuture<String>> awaited = new java.util.HashMap<>();

    Node(String roles) throws IOException {
      this(roles, Map.of());
    }

    Node(String roles, Map<String, String> settings) throws IOException {
      this.roles = roles;
      this.port = TestApp.freePort();
      this.log = Files.createTempFile("academy-node-", ".log");
      JsonObject db = TestApp.config().getJsonObject("database");
      ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "verticles.Main", "--cluster", "--roles", roles,
        "--port", Integer.toString(port));
      Map<String, String> env = builder.environment();
      env.put("ACADEMY_DATA_DIR", Files.createTempDirectory("academy-node").toString());
      env.put("ACADEMY_DATABASE_HOST", db.getString("host"));
      env.put("ACADEMY_DATABASE_PORT", db.getInteger("port").toString());
      env.put("ACADEMY_DATABASE_USER", db.getString("user"));
      env.put("ACADEMY_DATABASE_PASSWORD", db.getString("password"));
      env.put("ACADEMY_REDIS_URL", TestApp.config().getJsonObject("redis").getString("url"));
      env.put("ACADEMY_JWT_SECRET", TestApp.config().getJsonObject("jwt").getString("secret"));
      env.put("ACADEMY_CLUSTER_NAME", CLUSTER);
      env.put("ACADEMY_RATE_LIMITS", "off");
      env.put("ACADEMY_METRICS_PORT", Integer.toString(TestApp.freePort()));
      env.put("ACADEMY_ADMIN_EMAIL", TestApp.ADMIN_EMAIL);
      env.put("ACADEMY_ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD);
      env.putAll(verticles.Mailbox.env());
      env.putAll(settings);
      builder.redirectErrorStream(true);
      process = builder.start();
      Thread reader = new Thread(this::pump, "node-" + port);
      reader.setDaemon(true);
      reader.start();
    }

    /** Copies the console to the log file and completes {@link #ready} on the start-up line. */
    private void pump() {
      try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = in.readLine()) != null) {
          Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.APPEND);
          synchronized (lines) {
            lines.add(line);
            for (var wait : awaited.entrySet()) if (line.contains(wait.getKey())) wait.getValue().complete(line);
          }
          if (line.startsWith("Academy is running") || line.startsWith("Academy node running")) ready.complete(null);
        }
      } catch (IOException ignored) {
        // the process ended
      }
      ready.completeExceptionally(new IllegalStateException("node " + roles + " ended before it was ready; see " + log));
    }

    /** The first console line that contains the text, once the node has printed it (at most 30 s). */
    String awaitLine(String text) throws Exception {
      CompletableFuture<String> found = new CompletableFuture<>();
      synchronized (lines) {
        lines.stream().filter(line -> line.contains(text)).findFirst().ifPresentOrElse(found::complete,
          () -> awaited.put(text, found));
      }
      return found.get(30, TimeUnit.SECONDS);
    }

    Node awaitReady() throws Exception {
      ready.get(120, TimeUnit.SECONDS);
      return this;
    }

    /** SIGTERM: the graceful path (drain, leave the cluster). */
    void stop() throws InterruptedException {
      process.destroy();
      assertTrue(process.waitFor(60, TimeUnit.SECONDS), "node " + roles + " stopped in time");
    }

    void kill() throws InterruptedException {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
  }

  @BeforeAll
  static void start() throws Exception {
    TestApp.resetData();
    replicaA = new Node(DOMAIN).awaitReady();
    replicaB = new Node(DOMAIN).awaitReady();
    router = new Node("http", Map.of("ACADEMY_LOG_FORMAT", "json")).awaitReady();
    api = Api.at(TestApp.get().vertx(), router.port);
  }

  @AfterAll
  static void stopAll() throws InterruptedException {
    for (Node node : new Node[]{router, replicaA, replicaB}) if (node != null) node.kill();
  }

  private static Response courses() {
    return api.call("catalog.listCourses").send();
  }

  @Test
  void requestsThroughTheRouterAreServedByTheOtherNodes() {
    Response login = api.call("auth.login").body(new JsonObject().put("email", TestApp.ADMIN_EMAIL)
      .put("password", TestApp.ADMIN_PASSWORD)).send();
    assertEquals(200, login.status(), login.toString());
    String token = login.data().getJsonObject("tokens").getString("access_token");
    assertEquals(200, api.call("auth.me").token(token).send().status());
    assertEquals(200, courses().status());
  }

  /**
   * With {@code log_format: json} every request is one JSON line (logback's JSON encoder: the fields in
   * {@code kvpList}) carrying its id, operation, status, duration and user ("-" for a visitor).
   */
  @Test
  void theRouterLogsEachRequestAsOneJsonLine() throws Exception {
    String visitorRequest = "json-log-" + UUID.randomUUID();
    assertEquals(200, api.call("catalog.listCourses").header("X-Request-Id", visitorRequest).send().status());
    JsonObject visitor = accessLine(visitorRequest);
    assertEquals("catalog.listCourses", visitor.getString("operation"));
    assertEquals("GET", visitor.getString("method"));
    assertEquals("/api/courses", visitor.getString("path"));
    assertEquals("200", visitor.getString("status"));
    assertTrue(Long.parseLong(visitor.getString("duration_ms")) >= 0);
    assertEquals("-", visitor.getString("user_id"));

    Response login = api.call("auth.login").body(new JsonObject().put("email", TestApp.ADMIN_EMAIL)
      .put("password", TestApp.ADMIN_PASSWORD)).send();
    String adminId = login.data().getJsonObject("admin").getString("id");
    String adminRequest = "json-log-" + UUID.randomUUID();
    assertEquals(200, api.call("auth.me").token(login.data().getJsonObject("tokens").getString("access_token"))
      .header("X-Request-Id", adminRequest).send().status());
    JsonObject admin = accessLine(adminRequest);
    assertEquals("auth.me", admin.getString("operation"));
    assertEquals(adminId, admin.getString("user_id"));
  }

  /** The router's access-log fields for one request id, from its JSON console line. */
  private static JsonObject accessLine(String requestId) throws Exception {
    JsonObject line = new JsonObject(router.awaitLine(requestId));
    assertEquals("access", line.getString("loggerName"));
    assertEquals("INFO", line.getString("level"));
    JsonObject fields = new JsonObject();
    line.getJsonArray("kvpList").forEach(kv -> fields.mergeIn((JsonObject) kv));
    assertEquals(requestId, fields.getString("request_id"));
    return fields;
  }

  /**
   * Two replicas of a role share its messages: the bus spreads requests over both processes. Asked from an
   * observer node, which first waits until it sees both replicas' consumers (a node that has just joined
   * learns the cluster's registrations a moment later).
   */
  @Test
  void twoReplicasShareTheLoad() throws Exception {
    com.hazelcast.config.Config hz = new com.hazelcast.config.ClasspathXmlConfig("conf/cluster.xml").setClusterName(CLUSTER);
    io.vertx.core.VertxOptions options = new io.vertx.core.VertxOptions();
    options.getEventBusOptions().setHost("127.0.0.1").setPort(0);
    var manager = new io.vertx.spi.cluster.hazelcast.HazelcastClusterManager(hz);
    io.vertx.core.Vertx observer = TestApp.await(io.vertx.core.Vertx.builder().with(options)
      .withClusterManager(manager).buildClustered());
    try {
      for (int attempt = 0; registrations(manager, "catalog.health") < 2; attempt++) {
        assertTrue(attempt < 600, "the observer sees both replicas within 30 s");
        TestApp.await(observer.timer(50));
      }
      java.util.Set<String> nodes = new java.util.HashSet<>();
      for (int i = 0; i < 20; i++) {
        nodes.add(TestApp.await(observer.eventBus().<JsonObject>request("catalog.health", new JsonObject())).body().getString("node"));
      }
      assertEquals(2, nodes.size(), "answered by both replicas: " + nodes);
    } finally {
      TestApp.await(observer.close());
    }
  }

  private static int registrations(io.vertx.core.spi.cluster.ClusterManager manager, String address) {
    io.vertx.core.Promise<List<io.vertx.core.spi.cluster.RegistrationInfo>> found = io.vertx.core.Promise.promise();
    manager.getRegistrations(address, found);
    return TestApp.await(found.future()).size();
  }

  /**
   * Steady request loops (four at once, over two verticles) keep running while each replica is stopped
   * (SIGTERM) and started again in turn: not one request may fail. A stopping node first withdraws its
   * consumers from the cluster and serves what was already routed to it (WithdrawingClusterManager).
   */
  @Test
  void aRollingRestartFailsNoRequest() throws Exception {
    String token = api.call("auth.login").body(new JsonObject().put("email", TestApp.ADMIN_EMAIL)
      .put("password", TestApp.ADMIN_PASSWORD)).send().data().getJsonObject("tokens").getString("access_token");
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicInteger served = new AtomicInteger();
    List<String> failures = new ArrayList<>();
    List<Thread> loops = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      boolean me = i == 0;
      Thread loop = new Thread(() -> {
        while (running.get()) {
          Response r = me ? api.call("auth.me").token(token).send() : courses();
          if (r.status() == 200) served.incrementAndGet();
          else synchronized (failures) {
            failures.add(r.toString());
          }
        }
      }, "steady-load-" + i);
      loop.start();
      loops.add(loop);
    }
    try {
      replicaA.stop();
      replicaA = new Node(DOMAIN).awaitReady();
      replicaB.stop();
      replicaB = new Node(DOMAIN).awaitReady();
    } finally {
      running.set(false);
      for (Thread loop : loops) loop.join(60_000);
    }
    assertEquals(List.of(), failures, "failed requests during the rolling restart");
    assertTrue(served.get() > 100, "the loops kept running: " + served.get());
  }

  /**
   * kill -9 of a replica under load: no request waits longer than the bus timeout, and once the cluster
   * has noticed, every request is served by the survivor; a new replica joins and serves too.
   */
  @Test
  void aKilledReplicaNeverHangsRequestsAndServiceRecovers() throws Exception {
    replicaA.kill();
    Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
    int consecutiveOk = 0;
    for (int i = 0; i < 400 && consecutiveOk < 20; i++) {
      int status = courses().status();
      statuses.merge(status, 1, Integer::sum);
      assertTrue(status == 200 || status == 503 || status == 504, "only served or a clear failure: " + status);
      consecutiveOk = status == 200 ? consecutiveOk + 1 : 0;
    }
    assertEquals(20, consecutiveOk, "service came back by itself: " + statuses);
    replicaA = new Node(DOMAIN).awaitReady();
    for (int i = 0; i < 10; i++) assertEquals(200, courses().status());
  }
}

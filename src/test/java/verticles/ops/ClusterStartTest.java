package verticles.ops;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Api;
import verticles.Api.Response;
import verticles.AppProcess;
import verticles.TestApp;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Operating several nodes as the README says, with separate processes: a node that hosts the embedded servers and
 * another that uses them. Nodes wait for the database at start; after a kill -9 of the hosting node its restart takes
 * over the servers it left running, without interrupting the other node; a second node on the same data dir is
 * refused; a node that lost its database answers 503 DB_CONNECTION_ERROR.
 */
class ClusterStartTest {
  private static final String DB_PASSWORD = "db-password-0123456789-abcdefghijklmnop";
  private static final String REDIS_PASSWORD = "redis-password-0123456789-abcdefghijk";

  /** The node that hosts the embedded servers, with the passwords every node is given. */
  private static Map<String, String> host(Path dataDir) {
    Map<String, String> env = AppProcess.standalone(dataDir);
    env.put("ACADEMY_DATABASE_PASSWORD", DB_PASSWORD);
    env.put("ACADEMY_REDIS_PASSWORD", REDIS_PASSWORD);
    return env;
  }

  /** A node on the host's servers (external to it). */
  private static Map<String, String> user(Path dataDir, Map<String, String> host, int waitSeconds) {
    Map<String, String> env = AppProcess.standalone(dataDir);
    env.put("ACADEMY_DATABASE_HOST", "127.0.0.1");
    env.put("ACADEMY_DATABASE_PORT", host.get("ACADEMY_DATABASE_EMBEDDED_PORT"));
    env.put("ACADEMY_DATABASE_USER", "postgres");
    env.put("ACADEMY_DATABASE_PASSWORD", DB_PASSWORD);
    env.put("ACADEMY_DATABASE_CONNECT_WAIT_SECONDS", Integer.toString(waitSeconds));
    env.put("ACADEMY_REDIS_URL", "redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + host.get("ACADEMY_REDIS_EMBEDDED_PORT"));
    env.put("ACADEMY_REDIS_CONNECT_WAIT_SECONDS", Integer.toString(waitSeconds));
    return env;
  }

  private static Api api(Map<String, String> env) {
    return Api.at(TestApp.get().vertx(), Integer.parseInt(env.get("ACADEMY_HTTP_PORT")));
  }

  private static Response login(Api api) {
    return api.call("auth.login")
      .body(new JsonObject().put("email", TestApp.ADMIN_EMAIL).put("password", TestApp.ADMIN_PASSWORD)).send();
  }

  @Test
  void aNodeStartedBeforeTheDatabaseWaitsForIt(@TempDir Path hostDir, @TempDir Path userDir) throws Exception {
    Map<String, String> hostEnv = host(hostDir);
    Map<String, String> userEnv = user(userDir, hostEnv, 180);
    AppProcess early = AppProcess.start(userEnv);
    AppProcess host = null;
    try {
      assertTrue(early.awaitLine("Waiting for PostgreSQL").contains("attempt 1"), "the early node waits, logged");
      assertTrue(early.process.isAlive(), "and does not exit");
      host = AppProcess.start(hostEnv).awaitReady();
      early.awaitReady();
      assertEquals(200, login(api(userEnv)).status(), "the early node serves once the database is up");
    } finally {
      early.stop();
      if (host != null) host.stop();
    }
  }

  @Test
  void theWaitIsBoundedAndNamesItsSetting(@TempDir Path dir) throws Exception {
    Map<String, String> env = AppProcess.standalone(dir);
    env.put("ACADEMY_DATABASE_HOST", "127.0.0.1");
    env.put("ACADEMY_DATABASE_PORT", Integer.toString(TestApp.freePort())); // nobody listens
    env.put("ACADEMY_DATABASE_CONNECT_WAIT_SECONDS", "2");
    AppProcess node = AppProcess.start(env);
    assertEquals(1, node.exitCode());
    assertTrue(node.console().contains("Waiting for PostgreSQL"), node.console());
    assertTrue(node.console().contains("was not reachable within 2 s (ACADEMY_DATABASE_CONNECT_WAIT_SECONDS)"), node.console());
  }

  /**
   * kill -9 of the hosting node leaves its PostgreSQL and Redis running, and the other node keeps using them; the
   * restart on the same data dir takes them over (the same postmaster: the other node is never cut off) and a
   * graceful stop then stops them. A second node started on a data dir whose owner is alive is refused and
   * leaves the servers alone. Once the servers are gone the other node answers 503 DB_CONNECTION_ERROR.
   */
  @Test
  void aRestartTakesOverTheServersAKilledNodeLeftRunning(@TempDir Path hostDir, @TempDir Path userDir,
                                                         @TempDir Path otherDir) throws Exception {
    Map<String, String> hostEnv = host(hostDir);
    Map<String, String> userEnv = user(userDir, hostEnv, 60);
    AppProcess host = AppProcess.start(hostEnv).awaitReady();
    AppProcess other = null;
    try {
      other = AppProcess.start(userEnv).awaitReady();
      Api otherApi = api(userEnv);
      assertEquals(200, login(otherApi).status());
      long postmaster = AppProcess.postmaster(hostDir).orElseThrow().pid();
      long redis = AppProcess.redis(hostDir).orElseThrow().pid();

      host.killJvm();
      assertTrue(AppProcess.postmaster(hostDir).isPresent() && AppProcess.redis(hostDir).isPresent(), "left running");
      assertEquals(200, login(otherApi).status(), "the other node still has its database");

      host = AppProcess.start(hostEnv).awaitReady();
      assertTrue(host.console().contains("Took over the embedded PostgreSQL"), host.console());
      assertTrue(host.console().contains("Took over the embedded Redis"), host.console());
      assertEquals(postmaster, AppProcess.postmaster(hostDir).orElseThrow().pid(), "the same server, never stopped");
      assertEquals(redis, AppProcess.redis(hostDir).orElseThrow().pid());
      assertEquals(200, login(api(hostEnv)).status());
      assertEquals(200, login(otherApi).status());

      Map<String, String> intruderEnv = new HashMap<>(hostEnv);
      intruderEnv.put("ACADEMY_HTTP_PORT", Integer.toString(TestApp.freePort()));
      intruderEnv.put("ACADEMY_METRICS_PORT", Integer.toString(TestApp.freePort()));
      AppProcess intruder = AppProcess.start(intruderEnv);
      assertEquals(1, intruder.exitCode());
      assertTrue(intruder.console().contains("Another running academy node owns the embedded servers"), intruder.console());
      assertEquals(postmaster, AppProcess.postmaster(hostDir).orElseThrow().pid(), "the refused node touched nothing");
      assertEquals(200, login(otherApi).status());

      host.stop();
      assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "stopped with its owner");
      assertFalse(ProcessHandle.of(redis).map(ProcessHandle::isAlive).orElse(false));
      Response lost = login(otherApi);
      assertEquals(503, lost.status(), lost.toString());
      assertEquals("DB_CONNECTION_ERROR", lost.code(), lost.toString());
    } finally {
      if (other != null) other.stop();
      if (host.process.isAlive()) host.stop();
      AppProcess.postmaster(hostDir).ifPresent(ProcessHandle::destroyForcibly);
      AppProcess.redis(hostDir).ifPresent(ProcessHandle::destroyForcibly);
    }
  }
}

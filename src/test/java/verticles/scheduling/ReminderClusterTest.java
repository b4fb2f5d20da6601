package verticles.scheduling;

import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.TestNode;
import verticles.TestApp;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reminder job's lock is cluster-wide: two clustered scheduling nodes (Hazelcast), and while one of them
 * holds the lock, a run on either node skips. (Each class is claimed by one UPDATE … RETURNING as well, see
 * SchedulingBusTest, so overlapping runs could not remind a class twice anyway.)
 */
class ReminderClusterTest {

  private static Map<String, String> node(String cluster) {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_CLUSTER_ENABLED", "true");
    env.put("ACADEMY_CLUSTER_NAME", cluster);
    env.put("ACADEMY_ROLES", "scheduling");
    env.put("ACADEMY_SCHEDULING_REMINDER_INTERVAL_SECONDS", "3600"); // only the runs asked for here
    return env;
  }

  /** One reminder run on exactly this node (a local-only send reaches this node's own consumer). */
  private static JsonObject run(TestNode on) {
    return TestApp.await(on.vertx().eventBus().<JsonObject>request("scheduling.internal.sendReminders", new JsonObject(),
      new io.vertx.core.eventbus.DeliveryOptions().setLocalOnly(true))).body();
  }

  @Test
  void whileOneNodeHoldsTheLockEveryNodeSkips(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
    String cluster = "academy-reminders-" + UUID.randomUUID();
    try (TestNode a = TestNode.start(dirA, node(cluster)); TestNode b = TestNode.start(dirB, node(cluster))) {
      Lock held = TestApp.await(a.vertx().sharedData().getLock(SchedulingVerticle.REMINDER_LOCK));
      try {
        assertTrue(run(b).getBoolean("skipped", false), "node B skips while node A holds the lock");
        assertTrue(run(a).getBoolean("skipped", false), "so does node A itself");
      } finally {
        held.release();
      }
      assertFalse(run(b).getBoolean("skipped", false), "node B runs once the lock is free");
      assertFalse(run(a).getBoolean("skipped", false), "and so does node A");

      // and a node holding it for a run shuts node A out the same way
      Lock heldByB = TestApp.await(b.vertx().sharedData().getLock(SchedulingVerticle.REMINDER_LOCK));
      try {
        assertTrue(run(a).getBoolean("skipped", false), "node A skips while node B holds the lock");
      } finally {
        heldByB.release();
      }
    }
  }
}

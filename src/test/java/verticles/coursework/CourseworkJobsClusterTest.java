package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Lock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.TestNode;
import verticles.auth.TestUsers;
import verticles.coursework.JobFixtures.Account;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.coursework.JobFixtures.mails;
import static verticles.coursework.JobFixtures.queued;

/**
 * The coursework jobs run once per cluster and survive restarts: two clustered coursework nodes (Hazelcast, jobs every
 * second, and runs asked of both at once) remind each student of a due assignment once; while one node holds the
 * lock the other skips; a node started afterwards on the same database reminds nobody again.
 */
class CourseworkJobsClusterTest {

  private static Map<String, String> node(String cluster, String roles) {
    Map<String, String> env = TestApp.sharedEnv();
    if (cluster != null) {
      env.put("ACADEMY_CLUSTER_ENABLED", "true");
      env.put("ACADEMY_CLUSTER_NAME", cluster);
    }
    env.put("ACADEMY_ROLES", roles);
    env.put("ACADEMY_COURSEWORK_JOB_INTERVAL_SECONDS", "1");
    return env;
  }

  /** A run asked of exactly this node (a local-only send reaches its own consumer); may answer skipped. */
  private static Future<JsonObject> runOn(TestNode node) {
    return node.vertx().eventBus().<JsonObject>request(Jobs.RUN, new JsonObject(),
      new DeliveryOptions().setLocalOnly(true).setSendTimeout(20_000)).map(m -> m.body());
  }

  /** Runs asked of both nodes at the same moment, a few times: none of them may remind or email anything. */
  private static void nothingMoreOn(TestNode a, TestNode b) {
    for (int i = 0; i < 3; i++) {
      List<Future<JsonObject>> runs = new ArrayList<>(List.of(runOn(a), runOn(b)));
      TestApp.await(Future.all(runs));
      for (Future<JsonObject> run : runs) {
        JsonObject reminders = run.result().getJsonObject("reminders", new JsonObject()); // none when skipped
        assertEquals(0, reminders.getInteger("reminded", 0), run.result().encode());
        assertEquals(0, reminders.getInteger("emails", 0), run.result().encode());
      }
    }
  }

  @Test
  void twoNodesRemindEachStudentOnceAndARestartedNodeRemindsNobodyAgain(@TempDir Path dirA, @TempDir Path dirB,
                                                                        @TempDir Path dirC) throws Exception {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    String admin = TestUsers.adminToken();
    Account ani = JobFixtures.account("student", "ani@cluster-jobs.test", "Ani Lestari");
    Account budi = JobFixtures.account("student", "budi@cluster-jobs.test", "Budi Santoso");
    String course = JobFixtures.course(admin, "Basis Data", null);
    JobFixtures.approved(admin, ani.id(), course);
    JobFixtures.approved(admin, budi.id(), course);
    Mailbox.clear();

    // the shared test academy is no member of the cluster: its own jobs are kept out for this test
    Lock sharedAcademysJobs = TestApp.await(TestApp.get().vertx().sharedData().getLock(Jobs.LOCK));
    try {
      Instant due = Instant.now().plus(8, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
      String assignment;
      String cluster = "academy-coursework-" + UUID.randomUUID();
      try (TestNode a = TestNode.start(dirA, node(cluster, "coursework,enrollment,auth,catalog,notify"));
           TestNode b = TestNode.start(dirB, node(cluster, "coursework"))) {
        // through the shared academy's API (its own run, started at once, waits for the lock held above and skips):
        // the cluster's nodes announce it and remind its students
        assignment = Work.assignment(admin, course, "Normalisasi tabel", "ACTIVE", due, 100, false);
        TestApp.await(Future.all(runOn(a), runOn(b))); // at the same moment, beside both nodes' periodic runs
        JobFixtures.run(b.vertx()); // and one more that ran: the reminder is done by now, on whichever node
        assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.assignments WHERE reminded_at IS NOT NULL AND id = '" + assignment + "'"));
        for (Account student : new Account[]{ani, budi}) {
          assertEquals("Pengingat tugas: Normalisasi tabel, batas " + JobFixtures.shown(due),
            mails(student.email(), "Pengingat tugas: ", 1).get(0).subject());
          assertEquals(1, queued(DueDateReminders.TEMPLATE, student.email()), student.email());
        }
        assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.outbox WHERE event_type = 'assignment.reminder'"));
        nothingMoreOn(a, b);

        // the lock is the cluster's: while node A holds it, a run on either node skips
        Lock held = TestApp.await(a.vertx().sharedData().getLock(Jobs.LOCK));
        try {
          assertTrue(TestApp.await(runOn(b)).getBoolean("skipped", false), "node B skips while node A holds the lock");
          assertTrue(TestApp.await(runOn(a)).getBoolean("skipped", false), "so does node A itself");
        } finally {
          held.release();
        }
      }

      // a restart: a node on the same database finds the assignment reminded and every email queued
      try (TestNode c = TestNode.start(dirC, node(null, "coursework,enrollment,auth,catalog,notify"))) {
        JsonObject after = JobFixtures.run(c.vertx());
        assertEquals(0, after.getJsonObject("reminders").getInteger("reminded"), after.encode());
        assertEquals(0, after.getJsonObject("reminders").getInteger("emails"), after.encode());
        assertEquals(0, after.getJsonObject("announcements").getInteger("emails"), after.encode());
      }
      for (Account student : new Account[]{ani, budi}) {
        assertEquals(1, queued(DueDateReminders.TEMPLATE, student.email()), student.email());
        assertEquals(1, mails(student.email(), "Pengingat tugas: ", 1).size(), student.email());
      }
      assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.outbox WHERE event_type = 'assignment.reminder'"));
      assertEquals(1, TestApp.count("SELECT count(*) FROM coursework.assignments WHERE reminded_at IS NOT NULL AND id = '" + assignment + "'"));
    } finally {
      sharedAcademysJobs.release();
    }
  }
}

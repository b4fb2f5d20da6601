package verticles.billing;

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

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.TestApp.count;

/**
 * The invoice expiry job runs once per cluster: two clustered billing nodes (Hazelcast, the job every second, and runs
 * asked of both at once) expire an unpaid invoice past due once and email its student once ({@code invoice-expired});
 * an invoice not yet due stays unpaid; while one node holds the lock the other skips.
 */
class InvoiceExpiryClusterTest {

  private static Map<String, String> node(String cluster, String roles) {
    Map<String, String> env = TestApp.sharedEnv();
    env.put("ACADEMY_CLUSTER_ENABLED", "true");
    env.put("ACADEMY_CLUSTER_NAME", cluster);
    env.put("ACADEMY_ROLES", roles);
    env.put("ACADEMY_BILLING_EXPIRY_CHECK_SECONDS", "1");
    return env;
  }

  /** A run asked of exactly this node (a local-only send reaches its own consumer); may answer skipped. */
  private static Future<JsonObject> runOn(TestNode node) {
    return node.vertx().eventBus().<JsonObject>request(InvoiceExpiry.RUN, new JsonObject(),
      new DeliveryOptions().setLocalOnly(true).setSendTimeout(20_000)).map(m -> m.body());
  }

  /**
   * The invoice's due date moved into the past with SQL: no API moves a clock, and waiting {@code billing.due_days}
   * is no test.
   */
  private static void pastDue(String invoiceId) {
    TestApp.sql("UPDATE billing.invoices SET due_at = now() - interval '1 minute' WHERE id = '" + invoiceId + "'");
  }

  @Test
  void twoNodesExpireAnInvoicePastDueOnceAndEmailItsStudentOnce(@TempDir Path dirA, @TempDir Path dirB) throws Exception {
    Billing.reset();
    String admin = TestUsers.adminToken();
    String course = Billing.course(admin, "Gitar Klasik", 250_000, 10);
    JsonObject due = Billing.approvedWithInvoice(admin, Billing.registered(course, "telat@example.com"), null);
    JsonObject notDue = Billing.approvedWithInvoice(admin, Billing.registered(course, "tepat@example.com"), null);
    pastDue(due.getString("invoice_id"));
    Mailbox.clear();

    // the shared test academy is no member of the cluster: its own job is kept out for this test
    Lock sharedAcademysJob = TestApp.await(TestApp.get().vertx().sharedData().getLock(InvoiceExpiry.LOCK));
    try {
      String cluster = "academy-billing-" + UUID.randomUUID();
      try (TestNode a = TestNode.start(dirA, node(cluster, "billing,auth,notify"));
           TestNode b = TestNode.start(dirB, node(cluster, "billing"))) {
        int expired = 0;
        for (int i = 0; i < 3; i++) { // at the same moment, beside both nodes' periodic runs
          List<Future<JsonObject>> runs = new ArrayList<>(List.of(runOn(a), runOn(b)));
          TestApp.await(Future.all(runs));
          for (Future<JsonObject> run : runs) expired += run.result().getInteger("expired", 0);
        }
        assertTrue(expired <= 1, "runs asked expired " + expired);
        assertEquals("expired", Billing.string("SELECT status::text FROM billing.invoices WHERE id = '" + due.getString("invoice_id") + "'"));
        assertEquals("unpaid", Billing.string("SELECT status::text FROM billing.invoices WHERE id = '" + notDue.getString("invoice_id") + "'"));
        assertEquals(1, count("SELECT count(*) FROM billing.outbox WHERE event_type = 'invoice.expired'"));

        Mailbox.Mail mail = Mailbox.one("telat@example.com", "Tagihan " + due.getString("number") + " kedaluwarsa");
        assertTrue(mail.text().contains("Rp 1.000.000"), mail.text());
        assertEquals(1, count("SELECT count(*) FROM notify.messages WHERE template = 'invoice-expired'"));
        assertEquals(0, count("SELECT count(*) FROM notify.messages WHERE template = 'invoice-expired' AND to_address = 'tepat@example.com'"));

        // the lock is the cluster's: while node A holds it, a run on either node skips
        Lock held = TestApp.await(a.vertx().sharedData().getLock(InvoiceExpiry.LOCK));
        try {
          assertTrue(TestApp.await(runOn(b)).getBoolean("skipped", false), "node B skips while node A holds the lock");
          assertTrue(TestApp.await(runOn(a)).getBoolean("skipped", false), "so does node A itself");
        } finally {
          held.release();
        }
      }
    } finally {
      sharedAcademysJob.release();
    }
  }
}

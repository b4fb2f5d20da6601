package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.AuthClient;
import verticles.bus.Iso;
import verticles.bus.NotifyClient;
import verticles.bus.Outbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The invoice expiry job (issue 18), once per cluster: every {@code billing.expiry_check_seconds} each node tries the
 * cluster-wide lock {@link #LOCK} (1 s; {@code vertx.sharedData().getLockWithTimeout}, Hazelcast in a cluster — the
 * mechanism of enrollment's expiry and coursework's jobs); the holder expires unpaid invoices past due, at most
 * {@link #BATCH} a run (another run follows at once after a full one), and releases it. The students' names and
 * addresses are asked of auth first (no bus call inside the transaction; without auth nothing expires this run); one
 * transaction then marks the invoices {@code expired} ({@code closed_at}) and writes each one's
 * {@code invoice.expired} event and {@code invoice-expired} email (in the invoice's language) to billing's outbox. The
 * lock only spares work: the UPDATE changes only rows still unpaid and skips rows another transaction holds, so even
 * overlapping runs expire and email each invoice once.
 */
final class InvoiceExpiry {
  private static final Logger LOG = LoggerFactory.getLogger(InvoiceExpiry.class);
  static final String LOCK = "billing.expiry";
  /** Internal address: one run on this node now → {expired, emails} or {skipped: true} (operators, tests). */
  static final String RUN = "billing.internal.runExpiry";
  static final String TEMPLATE = "invoice-expired";
  private static final int BATCH = 100;

  private final Vertx vertx;
  private final Pool db;
  private final Outbox outbox;
  private final AuthClient auth;
  private long timer = -1;
  private boolean running, stopped;
  private Future<?> current = Future.succeededFuture();

  InvoiceExpiry(Vertx vertx, Pool db, Outbox outbox, DeliveryOptions ask) {
    this.vertx = vertx;
    this.db = db;
    this.outbox = outbox;
    this.auth = new AuthClient(vertx, ask);
  }

  void start(int intervalSeconds) {
    timer = vertx.setPeriodic(intervalSeconds * 1000L, id -> {
      if (!running) {
        running = true;
        current = run().onComplete(done -> running = false);
      }
    });
  }

  /** Stops the periodic runs; → when this node's run in progress has ended (so the pool may close). */
  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    return current.<Void>mapEmpty().otherwiseEmpty();
  }

  /** One run under the cluster-wide lock → {expired, emails}, or {skipped: true} while another run holds it. */
  Future<JsonObject> run() {
    return vertx.sharedData().getLockWithTimeout(LOCK, 1000).transform(locked -> {
      if (locked.failed() || stopped) {
        if (locked.succeeded()) locked.result().release();
        return Future.succeededFuture(new JsonObject().put("skipped", true));
      }
      JsonObject total = new JsonObject().put("expired", 0).put("emails", 0);
      return batches(total)
        .onFailure(e -> LOG.warn("Invoice expiry postponed: {}", e.getMessage()))
        .onComplete(done -> locked.result().release());
    });
  }

  /** Expires batch after batch until one is not full. */
  private Future<JsonObject> batches(JsonObject total) {
    return batch().compose(done -> {
      total.put("expired", total.getInteger("expired") + done[0]).put("emails", total.getInteger("emails") + done[1]);
      if (done[0] > 0) outbox.flush();
      return done[0] == BATCH && !stopped ? batches(total) : Future.succeededFuture(total);
    });
  }

  /** → {expired, emails} of one batch. */
  private Future<int[]> batch() {
    return db.preparedQuery(BillingSql.DUE_STUDENTS).execute(Tuple.of(BATCH)).compose(due -> {
      List<String> students = new ArrayList<>();
      for (Row row : due) students.add(row.getUUID("student_id").toString());
      if (students.isEmpty()) return Future.succeededFuture(new int[]{0, 0});
      return auth.users(students).compose(accounts -> expire(students, accounts));
    });
  }

  private Future<int[]> expire(List<String> students, Map<String, JsonObject> accounts) {
    UUID[] ids = students.stream().map(UUID::fromString).toArray(UUID[]::new);
    return db.withTransaction(conn -> conn.preparedQuery(BillingSql.EXPIRE_DUE).execute(Tuple.of(ids, BATCH)).compose(rows -> {
      List<JsonObject> emails = new ArrayList<>();
      List<Future<Void>> events = new ArrayList<>();
      for (Row row : rows) {
        String student = row.getUUID("student_id").toString();
        JsonObject event = new JsonObject().put("invoice_id", row.getUUID("id").toString()).put("number", row.getString("number"))
          .put("enrollment_id", row.getUUID("enrollment_id").toString()).put("student_id", student)
          .put("course_id", row.getUUID("course_id").toString()).put("amount", row.getLong("amount"))
          .put("due_at", Iso.of(row.getOffsetDateTime("due_at")));
        events.add(Outbox.add(conn, "billing", "invoice.expired", event, null));
        JsonObject account = accounts.get(student); // a deleted account has no one to write to
        if (account != null) {
          emails.add(NotifyClient.email(TEMPLATE, account.getString("email"), row.getString("language"), new JsonObject()
            .put("name", account.getString("full_name")).put("number", row.getString("number"))
            .put("description", row.getString("description")).put("amount", row.getLong("amount"))
            .put("due_at", Iso.of(row.getOffsetDateTime("due_at")))));
        }
      }
      return Future.all(events).compose(v -> Outbox.emails(conn, "billing", emails, null))
        .map(v -> new int[]{rows.rowCount(), emails.size()});
    }));
  }
}

package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Transactional outbox of a verticle's schema ({@code <schema>.outbox}, DESIGN.md §5 and §14): a domain event or an
 * email is written in the same transaction as the change it describes, and leaves only after that transaction
 * committed — never before commit, never lost after it. {@link #flush} runs after every change and periodically.
 * <ul>
 *   <li>Events are published (bus + Redis, via {@link Events}); delivery is at least once.</li>
 *   <li>Emails ({@link #email}) are handed to the notify verticle ({@link NotifyClient#enqueue}) and marked done only
 *   when it acknowledged them. The row's id is the email's dedupe key ({@code <schema>.outbox:<id>}) unless the row
 *   names its own, so a hand-over repeated after a crash queues nothing twice; while notify is unreachable the
 *   rows wait for the next flush.</li>
 *   <li>Commands ({@link #command}) are the same hand-over to another verticle's internal address (billing's invoice
 *   for an approved enrollment, enrollment's "paid" mark): asked with request/reply, marked done when the owner
 *   acknowledged; the owner makes them idempotent (a unique key, or the row's {@code command_key}), since a crash
 *   between the answer and the mark repeats one. A 4xx answer drops the row (logged), anything else retries.</li>
 * </ul>
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  /** The event type of an email row, and of a command row (data {@code {address, body}}). */
  static final String EMAIL = "email", COMMAND = "command";

  private final Pool db;
  private final Events events;
  private final NotifyClient notify;
  private final String schema;
  private final Vertx vertx;
  private final DeliveryOptions ask;
  private final String pendingEvents, pendingHandOvers, done;

  /** The outbox of {@code schema} (a table {@code <schema>.outbox} of migration V4's shape). */
  public Outbox(Vertx vertx, Pool db, Events events, String schema, DeliveryOptions ask) {
    this.vertx = vertx;
    this.ask = ask;
    this.db = db;
    this.events = events;
    this.notify = new NotifyClient(vertx, ask);
    this.schema = schema;
    // rows another node is flushing are skipped; hand-overs apart, so emails waiting for notify never hold events back
    String pending = "SELECT id, event_type, data, triggered_by FROM " + schema + ".outbox WHERE published_at IS NULL AND event_type %s ('"
      + EMAIL + "', '" + COMMAND + "') ORDER BY id LIMIT " + BATCH + " FOR UPDATE SKIP LOCKED";
    this.pendingEvents = pending.formatted("NOT IN");
    this.pendingHandOvers = pending.formatted("IN");
    // an email row handed over keeps its recipient and template but not its variables (set-password tokens, access
    // codes): notify has them
    this.done = "UPDATE " + schema + ".outbox SET published_at = now(), data = CASE WHEN event_type = '" + EMAIL
      + "' THEN data - 'variables' ELSE data END WHERE id = ANY($1)";
  }

  /** Rows per pass; a full pass is followed by another at once (an import of thousands of accounts). */
  private static final int BATCH = 100;
  private static final String INSERT = "INSERT INTO %s.outbox (event_type, data, triggered_by) VALUES ($1, $2, $3)";

  /** Records an event inside the caller's transaction on {@code schema}'s outbox. */
  public static Future<Void> add(SqlConnection conn, String schema, String type, JsonObject data, String triggeredBy) {
    return add(conn, schema, List.of(type), data, triggeredBy);
  }

  /** Records events of several types with the same data, in one round trip. */
  public static Future<Void> add(SqlConnection conn, String schema, List<String> types, JsonObject data, String triggeredBy) {
    List<Tuple> rows = new ArrayList<>();
    for (String type : types) rows.add(Tuple.of(type, data, triggeredBy));
    return conn.preparedQuery(INSERT.formatted(schema)).executeBatch(rows).mapEmpty();
  }

  /**
   * Records an email inside the caller's transaction: {@code email} as {@link NotifyClient#email} builds it (a
   * {@code dedupe_key} of its own is optional — e.g. one per class and student for reminders).
   */
  public static Future<Void> email(SqlConnection conn, String schema, JsonObject email, String triggeredBy) {
    return add(conn, schema, EMAIL, email, triggeredBy);
  }

  /** Records several emails inside the caller's transaction, in one round trip (none: nothing). */
  public static Future<Void> emails(SqlConnection conn, String schema, List<JsonObject> emails, String triggeredBy) {
    if (emails.isEmpty()) return Future.succeededFuture();
    List<Tuple> rows = new ArrayList<>();
    for (JsonObject email : emails) rows.add(Tuple.of(EMAIL, email, triggeredBy));
    return conn.preparedQuery(INSERT.formatted(schema)).executeBatch(rows).mapEmpty();
  }

  /**
   * Records, inside the caller's transaction, a command for another verticle: {@code body} is asked of {@code address}
   * (an internal address, through its owner's typed client's constant) after commit, until acknowledged. The body
   * carries {@code command_key} = {@code <schema>.outbox:<row id>} for owners that have no natural unique key.
   */
  public static Future<Void> command(SqlConnection conn, String schema, String address, JsonObject body, String triggeredBy) {
    return add(conn, schema, COMMAND, new JsonObject().put("address", address).put("body", body), triggeredBy);
  }

  private boolean flushing, again;

  /**
   * Publishes and hands over what is committed and not yet out. Calls while a flush runs coalesce into one more
   * pass after it (a burst of registrations costs a few flushes, not one each), and so does a pass that took a full
   * batch (more rows are waiting). Never fails: the next flush (or the periodic sweep) retries.
   */
  public void flush() {
    if (flushing) {
      again = true;
      return;
    }
    flushing = true;
    again = false;
    // side by side: emails waiting on a slow notify never hold events back
    Future<Boolean> events = publishCommitted(), emails = handOver();
    Future.join(events, emails).onComplete(done -> {
      if (events.result() || emails.result()) again = true;
      flushing = false;
      if (again) flush();
    });
  }

  /** → whether a full batch was published (more may wait). */
  private Future<Boolean> publishCommitted() {
    return db.withTransaction(conn -> conn.query(pendingEvents).execute().compose(rows -> {
        List<Long> ids = new ArrayList<>();
        for (Row row : rows) {
          events.publish(row.getString("event_type"), (JsonObject) row.getValue("data"), row.getString("triggered_by"));
          ids.add(row.getLong("id"));
        }
        return (ids.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(done).execute(Tuple.of(ids.toArray(new Long[0]))))
          .map(v -> ids.size() == BATCH);
      }))
      .otherwise(e -> {
        LOG.warn("Outbox flush of {} postponed: {}", schema, e.getMessage());
        return false;
      });
  }

  /** An email row to notify, a command row to its address → when acknowledged. */
  private Future<?> handOver(long id, String type, JsonObject data) {
    if (COMMAND.equals(type)) {
      JsonObject body = data.getJsonObject("body").copy().put("command_key", schema + ".outbox:" + id);
      return vertx.eventBus().request(data.getString("address"), body, ask);
    }
    JsonObject email = data.copy();
    if (email.getString("dedupe_key") == null) email.put("dedupe_key", schema + ".outbox:" + id);
    return notify.enqueue(email);
  }

  /**
   * Each email and command row to its receiver; the acknowledged ones are marked in the same transaction that locked
   * them. → whether a full batch was handed over (more may wait; a batch not taken waits for the next flush).
   */
  private Future<Boolean> handOver() {
    return db.withTransaction(conn -> conn.query(pendingHandOvers).execute().compose(rows -> {
        List<Future<Long>> handed = new ArrayList<>();
        for (Row row : rows) {
          long id = row.getLong("id");
          String type = row.getString("event_type");
          handed.add(handOver(id, type, (JsonObject) row.getValue("data")).map(answer -> id).otherwise(e -> {
            ApiError refused = ApiError.from(e);
            if (refused != null && refused.status() >= 400 && refused.status() < 500) {
              // the receiver will never take it (an unknown template, no recipient, a gone enrollment): a bug to fix,
              // logged, not a reason to hold every later row of this outbox back
              LOG.error("{} {} of {}'s outbox refused and dropped: {} {}", type, id, schema, refused.status(), e.getMessage());
              return id;
            }
            LOG.warn("{} {} of {}'s outbox not handed over yet: {}", type, id, schema, e.getMessage());
            return null;
          }));
        }
        return Future.join(handed).compose(all -> {
          List<Long> ids = new ArrayList<>();
          for (Future<Long> f : handed) if (f.result() != null) ids.add(f.result());
          return (ids.isEmpty() ? Future.succeededFuture() : conn.preparedQuery(done).execute(Tuple.of(ids.toArray(new Long[0]))))
            .map(v -> ids.size() == BATCH);
        });
      }))
      .otherwise(e -> {
        LOG.warn("Outbox hand-overs of {} postponed: {}", schema, e.getMessage());
        return false;
      });
  }
}

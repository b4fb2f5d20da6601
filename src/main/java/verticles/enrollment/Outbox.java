package verticles.enrollment;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.Events;

import java.util.ArrayList;
import java.util.List;

/**
 * Transactional outbox: an event is written in the same transaction as the change it describes and
 * published (bus + Redis, via {@link Events}) only after that transaction committed. {@link #flush}
 * runs after every change and periodically, so an event survives a node stopping in between
 * (delivery is at least once).
 */
final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);

  private final Pool db;
  private final Events events;

  Outbox(Pool db, Events events) {
    this.db = db;
    this.events = events;
  }

  /** Records an event inside the caller's transaction. */
  static Future<Void> add(SqlConnection conn, String type, JsonObject data, String triggeredBy) {
    return add(conn, List.of(type), data, triggeredBy);
  }

  /** Records events of several types with the same data, in one round trip. */
  static Future<Void> add(SqlConnection conn, List<String> types, JsonObject data, String triggeredBy) {
    List<Tuple> rows = new ArrayList<>();
    for (String type : types) rows.add(Tuple.of(type, data, triggeredBy));
    return conn.preparedQuery(EnrollmentSql.OUTBOX_ADD).executeBatch(rows).mapEmpty();
  }

  private boolean flushing, again;

  /**
   * Publishes what is committed and not yet published. Calls while a flush runs coalesce into one more
   * pass after it (a burst of registrations costs a few flushes, not one each). Never fails: the next
   * flush (or the periodic sweep) retries.
   */
  void flush() {
    if (flushing) {
      again = true;
      return;
    }
    flushing = true;
    again = false;
    publishCommitted().onComplete(done -> {
      flushing = false;
      if (again) flush();
    });
  }

  private Future<Void> publishCommitted() {
    return db.withTransaction(conn -> conn.query(EnrollmentSql.OUTBOX_PENDING).execute().compose(rows -> {
        List<Long> ids = new ArrayList<>();
        for (Row row : rows) {
          events.publish(row.getString("event_type"), (JsonObject) row.getValue("data"), row.getString("triggered_by"));
          ids.add(row.getLong("id"));
        }
        return ids.isEmpty() ? Future.succeededFuture()
          : conn.preparedQuery(EnrollmentSql.OUTBOX_DONE).execute(Tuple.of(ids.toArray(new Long[0])));
      }))
      .<Void>mapEmpty()
      .otherwise(e -> {
        LOG.warn("Outbox flush postponed: {}", e.getMessage());
        return null;
      });
  }
}

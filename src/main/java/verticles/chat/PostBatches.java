package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Group commit for chat messages (issue 13): a message is written with the others that arrived while earlier
 * batches were on their way — one statement ({@code chat.post_messages}, V30), one transaction, one WAL flush for
 * the whole batch. Nothing waits for a timer: when fewer than {@link #IN_FLIGHT} batches are out, a message leaves
 * at once (alone, at low load). Each message is still decided on its own, under its session's row lock (see V30);
 * a batch that fails as a whole is retried message by message, so one bad message fails only itself.
 */
final class PostBatches {
  /** Batches out at once per verticle instance (a pool of 8 keeps room for everything else). */
  private static final int IN_FLIGHT = 2;
  /** Messages per batch at most. */
  private static final int MAX_BATCH = 256;

  /**
   * One message to write. {@code exclusive}: an instructor, who may not write in another staff member's
   * conversation; {@code offlineNotice}/{@code offlineNoticeEn}: the notice's Indonesian and English texts when a
   * visitor writes outside office hours, else null — the database writes the one of the session's language (V30).
   */
  record Post(UUID sessionId, String role, String content, UUID senderId, String senderName, String clientMessageId,
              boolean exclusive, String offlineNotice, String offlineNoticeEn) {
  }

  /**
   * What the database decided: {@code outcome} ok | repeated | not_found | closed | assigned | rate_limited; the
   * stored message (ok, repeated) and the offline notice it caused (or null); the session's status and hand-off
   * before the message; {@code retryAfter} (seconds, rate_limited); {@code assignedTo} (assigned).
   */
  record Outcome(String outcome, JsonObject message, JsonObject notice, String status, boolean handoff, int retryAfter,
                 UUID assignedTo) {
  }

  private record Pending(Post post, Promise<Outcome> promise) {
  }

  private final Pool db;
  private final int perMinute;
  private final List<Pending> waiting = new ArrayList<>();
  private int inFlight;

  PostBatches(Pool db, int perMinute) {
    this.db = db;
    this.perMinute = perMinute;
  }

  Future<Outcome> post(Post post) {
    Promise<Outcome> promise = Promise.promise();
    waiting.add(new Pending(post, promise));
    if (inFlight < IN_FLIGHT) send();
    return promise.future();
  }

  private void send() {
    if (waiting.isEmpty()) return;
    List<Pending> batch = new ArrayList<>(waiting.subList(0, Math.min(MAX_BATCH, waiting.size())));
    waiting.subList(0, batch.size()).clear();
    inFlight++;
    write(batch).onComplete(done -> {
      inFlight--;
      send();
    });
  }

  /** Writes the batch and settles its promises; a failure of the whole statement is retried one message at a time. */
  private Future<Void> write(List<Pending> batch) {
    return execute(batch).transform(done -> {
      if (done.succeeded()) {
        settle(batch, done.result());
        return Future.succeededFuture();
      }
      if (batch.size() == 1) {
        batch.get(0).promise().fail(done.cause());
        return Future.succeededFuture();
      }
      Future<Void> each = Future.succeededFuture();
      for (Pending one : batch) each = each.eventually(() -> write(List.of(one)));
      return each;
    });
  }

  private Future<RowSet<Row>> execute(List<Pending> batch) {
    int n = batch.size();
    UUID[] sessions = new UUID[n], senders = new UUID[n];
    String[] roles = new String[n], contents = new String[n], names = new String[n], clientIds = new String[n],
      offline = new String[n], offlineEn = new String[n];
    Boolean[] exclusive = new Boolean[n];
    for (int i = 0; i < n; i++) {
      Post p = batch.get(i).post();
      sessions[i] = p.sessionId();
      roles[i] = p.role();
      contents[i] = p.content();
      senders[i] = p.senderId();
      names[i] = p.senderName();
      clientIds[i] = p.clientMessageId();
      exclusive[i] = p.exclusive();
      offline[i] = p.offlineNotice();
      offlineEn[i] = p.offlineNoticeEn();
    }
    return db.preparedQuery(ChatSql.POST_MESSAGES).execute(Tuple.tuple().addArrayOfUUID(sessions)
      .addArrayOfString(roles).addArrayOfString(contents).addArrayOfUUID(senders).addArrayOfString(names)
      .addArrayOfString(clientIds).addArrayOfBoolean(exclusive).addArrayOfString(offline).addArrayOfString(offlineEn)
      .addInteger(perMinute));
  }

  private static void settle(List<Pending> batch, RowSet<Row> rows) {
    Row[] message = new Row[batch.size()], notice = new Row[batch.size()];
    for (Row row : rows) {
      int i = row.getInteger("idx") - 1;
      if ("notice".equals(row.getString("kind"))) notice[i] = row;
      else message[i] = row;
    }
    for (int i = 0; i < batch.size(); i++) {
      Row row = message[i];
      if (row == null) {
        batch.get(i).promise().fail(new IllegalStateException("chat.post_messages returned no row for a message"));
        continue;
      }
      Boolean handoff = row.getBoolean("handoff");
      Integer retry = row.getInteger("retry_after");
      batch.get(i).promise().complete(new Outcome(row.getString("outcome"),
        row.getUUID("id") == null ? null : ChatRows.message(row), notice[i] == null ? null : ChatRows.message(notice[i]),
        row.getString("status"), handoff != null && handoff, retry == null ? 0 : retry, row.getUUID("assigned_to")));
    }
  }
}

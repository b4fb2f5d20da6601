package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Languages;
import verticles.bus.Reply;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Messages: history, posting (REST and bridge alike go through {@link #post}) and the catalog
 * {@link Assistant}'s answers.
 * <p>
 * Every message is committed to PostgreSQL before anyone is told about it: the {@code new_message}
 * pushes, the {@code message_delivered} acknowledgement and the REST answer all come after the commit.
 */
final class Messages {
  private static final Logger LOG = LoggerFactory.getLogger(Messages.class);

  private final Vertx vertx;
  private final Pool db;
  private final JsonObject settings;
  private final OfficeHours officeHours;
  private final Notices notices;
  private final Events events;
  private final Staff staff;
  private final Pushes pushes;
  private final Sessions sessions;
  private final Assistant assistant;
  private final PostBatches batches;
  private final Set<Long> timers = new HashSet<>();

  Messages(Vertx vertx, Pool db, JsonObject settings, OfficeHours officeHours, Notices notices, Events events, Staff staff,
           Pushes pushes, Sessions sessions, Assistant assistant) {
    this.vertx = vertx;
    this.db = db;
    this.settings = settings;
    this.officeHours = officeHours;
    this.notices = notices;
    this.events = events;
    this.staff = staff;
    this.pushes = pushes;
    this.sessions = sessions;
    this.assistant = assistant;
    this.batches = new PostBatches(db, settings.getInteger("messages_per_minute"));
  }

  /** Cancels the assistant's pending timers (the verticle stops). */
  void stop() {
    timers.forEach(vertx::cancelTimer);
  }

  /** What posting a message did: the stored message, system notices it caused, and whether the assistant should answer. */
  record Posted(UUID sessionId, long seq, JsonObject message, List<JsonObject> notices, boolean assistantDue,
                boolean officeOpen, boolean repeated) {
  }

  // --- REST -------------------------------------------------------------------------------------

  /** The course platform's history: newest {@code limit} before the {@code before} message, oldest first. */
  Future<Reply> list(BusRequest req) {
    Actor actor = Actor.of(req.user());
    int limit = req.query().getInteger("limit", 50);
    String before = req.query().getString("before");
    return sessions.sessionFor(actor, req.pathParam("id")).compose(row -> {
      UUID sessionId = row.getUUID("id");
      Future<Long> cursor = before == null ? Future.succeededFuture(null)
        : db.preparedQuery(ChatSql.SEQ_OF).execute(Tuple.of(sessionId, UUID.fromString(before))).compose(rows ->
          rows.size() == 0 ? Future.failedFuture(ErrorCode.VALIDATION_ERROR.error("before is not a message of this session",
            ApiError.fieldDetails("before", "VALIDATION_ERROR", "unknown message")))
            : Future.succeededFuture(rows.iterator().next().getLong("seq")));
      return cursor.compose(seq -> db.preparedQuery(ChatSql.MESSAGES_BEFORE).execute(Tuple.of(sessionId, limit + 1, seq)))
        .map(rows -> {
          List<JsonObject> newestFirst = new ArrayList<>();
          for (Row m : rows) newestFirst.add(ChatRows.message(m));
          boolean more = newestFirst.size() > limit;
          List<JsonObject> page = newestFirst.subList(0, Math.min(limit, newestFirst.size()));
          JsonArray messages = new JsonArray();
          for (int i = page.size() - 1; i >= 0; i--) messages.add(page.get(i));
          return Reply.ok(new JsonObject().put("session_id", sessionId.toString()).put("messages", messages)
            .put("has_more", more));
        });
    });
  }

  /**
   * The REST fallback: stores the message and answers {user_message, assistant_message, system_messages}.
   * Without a push channel the assistant answers within the request, when the conversation is waiting for
   * it (not claimed by staff, no "talk to a human"); if nothing can answer: 503 CHATGPT_API_ERROR (the
   * visitor's message is kept and staff see it).
   */
  Future<Reply> send(BusRequest req) {
    Actor actor = Actor.of(req.user());
    JsonObject body = req.body();
    String content = body.getString("content");
    return sessions.sessionFor(actor, req.pathParam("id"))
      .compose(row -> post(actor, row.getUUID("id"), content, body.getString("client_message_id")))
      .compose(posted -> {
        JsonObject data = new JsonObject().put("user_message", posted.message()).put("assistant_message", null)
          .put("system_messages", new JsonArray(posted.notices()));
        if (!posted.assistantDue()) return Future.succeededFuture(Reply.created(data, "Message sent"));
        return assistantReply(posted.sessionId(), posted.seq(), true)
          .map(answer -> Reply.created(data.put("assistant_message", answer), "Message sent"));
      });
  }

  // --- posting ----------------------------------------------------------------------------------

  /**
   * Stores one message: closed sessions refuse, an instructor may not write in another staff member's conversation,
   * a retried client_message_id returns the stored message, the visitor's rate limit is counted in the database,
   * the offline notice is written once. Pushes and the event follow the commit. Messages are written in batches
   * ({@link PostBatches}); a visitor asking for a human takes the one-message transaction that also hands off.
   */
  Future<Posted> post(Actor actor, UUID sessionId, String content, String clientMessageId) {
    boolean open = officeHours.isOpen(Instant.now());
    Future<String> senderName = actor.staff() ? staff.name(actor.userId(), actor.email()) : Future.succeededFuture(null);
    boolean handoff = !actor.staff() && Assistant.wantsHuman(content);
    return senderName.compose(name -> handoff ? postWithHandoff(sessionId, content, clientMessageId, open)
        : batched(actor, sessionId, content, clientMessageId, name, open))
      .map(posted -> {
        if (!posted.repeated()) {
          pushes.message(posted.message());
          posted.notices().forEach(pushes::message);
          events.publish("chat.message.sent", new JsonObject().put("message_id", posted.message().getString("id"))
            .put("session_id", sessionId.toString()).put("role", posted.message().getString("role")),
            actor.userId() == null ? "visitor" : actor.userId());
        }
        return posted;
      });
  }

  private Future<Posted> batched(Actor actor, UUID sessionId, String content, String clientMessageId, String senderName,
                                 boolean open) {
    boolean visitor = !actor.staff();
    PostBatches.Post post = new PostBatches.Post(sessionId, actor.messageRole(), content,
      actor.staff() ? UUID.fromString(actor.userId()) : null, senderName, clientMessageId, actor.staff() && !actor.admin(),
      visitor && !open ? notices.offline(Languages.INDONESIAN) : null,
      visitor && !open ? notices.offline(Languages.ENGLISH) : null);
    return batches.post(post).compose(stored -> switch (stored.outcome()) {
      case "ok" -> {
        boolean due = visitor && "waiting".equals(stored.status()) && !stored.handoff() && settings.getBoolean("assistant_enabled");
        yield Future.succeededFuture(new Posted(sessionId, stored.message().getLong("seq"), stored.message(),
          stored.notice() == null ? List.of() : List.of(stored.notice()), due, open, false));
      }
      case "repeated" -> Future.succeededFuture(new Posted(sessionId, stored.message().getLong("seq"), stored.message(),
        List.of(), false, open, true));
      case "closed" -> Future.failedFuture(ChatErrors.closed());
      case "assigned" -> Future.failedFuture(assigned(stored.assignedTo()));
      case "rate_limited" -> Future.failedFuture(tooManyMessages(stored.retryAfter()));
      default -> Future.failedFuture(ChatErrors.sessionNotFound());
    });
  }

  /** A visitor's "talk to a human" as a message: stored and handed off in one transaction with the session row locked. */
  private Future<Posted> postWithHandoff(UUID sessionId, String content, String clientMessageId, boolean open) {
    return db.withTransaction(conn -> conn.preparedQuery(ChatSql.LOCK_SESSION)
      .execute(Tuple.of(sessionId))
      .compose(rows -> {
        if (rows.size() == 0) return Future.failedFuture(ChatErrors.sessionNotFound());
        Row session = rows.iterator().next();
        if ("closed".equals(session.getString("status"))) return Future.failedFuture(ChatErrors.closed());
        Future<RowSet<Row>> earlier = clientMessageId == null ? Future.succeededFuture(null)
          : conn.preparedQuery(ChatSql.MESSAGE_BY_CLIENT_ID).execute(Tuple.of(sessionId, clientMessageId));
        return earlier.compose(previous -> {
          if (previous != null && previous.size() > 0) {
            Row stored = previous.iterator().next();
            return Future.succeededFuture(new Posted(sessionId, stored.getLong("seq"), ChatRows.message(stored), List.of(),
              false, open, true));
          }
          return fresh(conn, session, content, clientMessageId, open);
        });
      }));
  }

  private static ApiError assigned(UUID owner) {
    return ErrorCode.CHAT_SESSION_ASSIGNED.error("Another staff member has this conversation",
      new JsonObject().put("assigned_to", owner.toString()));
  }

  private static ApiError tooManyMessages(int retryAfter) {
    return ErrorCode.RATE_LIMIT_EXCEEDED.error("Too many messages. Please wait before sending another message.",
      new JsonObject().put("retry_after", Math.max(1, retryAfter)));
  }

  /** The visitor's message, the offline notice when due, and the hand-off (unless the session has one already). */
  private Future<Posted> fresh(SqlConnection conn, Row session, String content, String clientMessageId, boolean open) {
    UUID sessionId = session.getUUID("id");
    boolean notifyOffline = !open && !session.getBoolean("offline_notified");
    return rateLimit(conn, sessionId)
      .compose(v -> insert(conn, sessionId, "user", content, null, null, false, clientMessageId))
      .compose(message -> conn.preparedQuery(ChatSql.TOUCH_SESSION).execute(Tuple.of(sessionId, notifyOffline, "user", null,
          null, OffsetDateTime.parse(message.getString("created_at"))))
        .compose(v -> notifyOffline
          ? insert(conn, sessionId, "system", notices.offline(session.getString("language")), null, null, false, null)
            .map(List::of)
          : Future.succeededFuture(List.<JsonObject>of()))
        .compose(offline -> session.getBoolean("handoff") ? Future.succeededFuture(offline)
          : handoffInside(conn, sessionId, open, notifyOffline, session.getBoolean("offline_notified"),
              session.getString("language")).map(more -> {
            List<JsonObject> all = new ArrayList<>(offline);
            all.addAll(more);
            return all;
          }))
        .map(all -> new Posted(sessionId, message.getLong("seq"), message.copy(), all, false, open, false)));
  }

  /** "Talk to a human" typed as a message: the hand-off within the same transaction. */
  private Future<List<JsonObject>> handoffInside(SqlConnection conn, UUID sessionId, boolean open, boolean noticeJustSent,
                                                 boolean noticeSentBefore, String language) {
    return conn.preparedQuery(ChatSql.HANDOFF).execute(Tuple.of(sessionId, !open)).compose(v -> {
      if (!open && noticeJustSent) return Future.succeededFuture(List.<JsonObject>of());
      return insert(conn, sessionId, "system", notices.handoff(open, noticeSentBefore, language), null, null, false, null)
        .map(List::of);
    });
  }

  /** 20 visitor messages per minute per session (chat.messages_per_minute), counted in the database. */
  private Future<Void> rateLimit(SqlConnection conn, UUID sessionId) {
    int limit = settings.getInteger("messages_per_minute");
    return conn.preparedQuery(ChatSql.RECENT_USER_MESSAGES).execute(Tuple.of(sessionId, limit)).compose(rows -> {
      Row row = rows.iterator().next();
      if (row.getLong("n") < limit) return Future.succeededFuture();
      Integer retry = row.getInteger("retry_after");
      return Future.failedFuture(tooManyMessages(retry == null ? 60 : retry));
    });
  }

  /** One INSERT inside the caller's transaction: the stored message as API JSON. */
  static Future<JsonObject> insert(SqlConnection conn, UUID sessionId, String role, String content, UUID senderId,
                                   String senderName, boolean bot, String clientMessageId) {
    return conn.preparedQuery(ChatSql.INSERT_MESSAGE)
      .execute(Tuple.tuple().addValue(sessionId).addValue(role).addValue(content).addValue(senderId)
        .addValue(senderName).addValue(bot).addValue(clientMessageId))
      .map(rows -> ChatRows.message(rows.iterator().next()));
  }

  // --- the assistant ----------------------------------------------------------------------------

  /**
   * Over the bridge the assistant gives staff {@code chat.assistant_wait_seconds} to answer first (none
   * outside office hours). The timer lives on this node: if the node stops first, that answer is skipped
   * and the conversation stays in the inbox.
   */
  void scheduleAssistant(Posted posted) {
    long wait = posted.officeOpen() ? settings.getLong("assistant_wait_seconds") * 1000 : 0;
    if (wait <= 0) {
      answerLater(posted);
      return;
    }
    long[] id = new long[1];
    id[0] = vertx.setTimer(wait, t -> {
      timers.remove(id[0]);
      answerLater(posted);
    });
    timers.add(id[0]);
  }

  private void answerLater(Posted posted) {
    assistantReply(posted.sessionId(), posted.seq(), false).onFailure(e ->
      LOG.warn("The assistant did not answer in session {}: {}", posted.sessionId(), e.getMessage()));
  }

  /**
   * The assistant's answer to the visitor's latest messages, stored only if the conversation still waits for
   * it: nobody answered and the visitor wrote nothing newer since message {@code seq}, not claimed, no
   * hand-off. Null when it no longer should answer.
   */
  private Future<JsonObject> assistantReply(UUID sessionId, long seq, boolean now) {
    return db.preparedQuery(ChatSql.LAST_USER_MESSAGES).execute(Tuple.of(sessionId))
      .compose(rows -> {
        List<String> recent = new ArrayList<>();
        String language = Languages.INDONESIAN;
        for (Row row : rows) {
          recent.add(0, row.getString("content"));
          language = row.getString("language");
        }
        return assistant.answer(String.join("\n", recent), language);
      })
      .compose(answer -> db.withTransaction(conn -> conn.preparedQuery(ChatSql.LOCK_SESSION).execute(Tuple.of(sessionId))
        .compose(rows -> {
          Row session = rows.size() == 0 ? null : rows.iterator().next();
          if (session == null || !"waiting".equals(session.getString("status")) || session.getBoolean("handoff")) {
            return Future.succeededFuture((JsonObject) null);
          }
          return conn.preparedQuery(ChatSql.ANSWERED_SINCE).execute(Tuple.of(sessionId, seq)).compose(answered ->
            answered.iterator().next().getBoolean("answered") && !now ? Future.succeededFuture((JsonObject) null)
              : insert(conn, sessionId, "assistant", answer, null, "Assistant", true, null)
              .compose(message -> conn.preparedQuery(ChatSql.TOUCH_SESSION).execute(Tuple.of(sessionId, false,
                  "assistant", null, null, OffsetDateTime.parse(message.getString("created_at"))))
                .map(v -> message)));
        })))
      .map(message -> {
        if (message != null) {
          pushes.message(message);
          events.publish("chat.message.sent", new JsonObject().put("message_id", message.getString("id"))
            .put("session_id", sessionId.toString()).put("role", "assistant"), "assistant");
        }
        return message;
      });
  }
}

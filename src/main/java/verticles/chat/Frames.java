package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;
import verticles.bus.Values;
import verticles.infra.Budgets;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Frames from the SockJS bridge ({@code chat.internal.frame}, {type, data}); the bridge has checked the sender
 * against the session and put both in the headers. Replies go to the frame's reply address
 * ({@code message_delivered} for send_message, {@code ok} otherwise); failures arrive there as the bridge's
 * err frames with the ApiError as message.
 * <p>
 * Limits: besides the bridge's budget per socket, each session's sender (its visitor, each staff member) has a
 * budget per frame type on this node ({@code chat.session_frame_burst}, {@code chat.session_frames_per_second};
 * over it: 429 {@code RATE_LIMIT_EXCEEDED} with {@code retry_after}). Typing is coalesced: at most one push per
 * session and side per {@code chat.typing_interval_ms}, the latest state sent at the end of the interval. A read
 * receipt that moves nothing writes nothing and pushes nothing.
 * <p>
 * Order: a session's frames are handled one after the other, in the order they arrived (the bridge forwards each
 * socket's frames in order), so its messages are stored and pushed in the order sent.
 */
final class Frames {
  static final int MAX_CONTENT = 2000;
  /** Headers the bridge sets (see the http verticle's ChatBridge). */
  static final String SESSION_HEADER = "x-chat-session", SENDER_HEADER = "x-chat-sender", REFUSED_HEADER = "x-chat-refused",
    RETRY_HEADER = "x-chat-retry-after";
  /** Senders whose budgets are remembered at once (least recently active forgotten first). */
  private static final int MAX_BUDGETS = 20_000;

  private final Vertx vertx;
  private final Pool db;
  private final Sessions sessions;
  private final Messages messages;
  private final Pushes pushes;
  private final Notices notices;
  private final Budgets budgets;
  private final long typingIntervalMs;
  /** Per session, the last frame being handled: the next one starts when it is done. */
  private final Map<String, Future<JsonObject>> tails = new HashMap<>();
  /** Per session and side, typing state waiting for the end of its interval. */
  private final Map<String, Typing> typing = new HashMap<>();

  Frames(Vertx vertx, Pool db, JsonObject settings, Sessions sessions, Messages messages, Pushes pushes,
         Notices notices) {
    this.vertx = vertx;
    this.db = db;
    this.sessions = sessions;
    this.messages = messages;
    this.pushes = pushes;
    this.notices = notices;
    this.budgets = new Budgets(settings.getInteger("session_frame_burst"), settings.getDouble("session_frames_per_second"),
      MAX_BUDGETS);
    this.typingIntervalMs = settings.getLong("typing_interval_ms");
  }

  /** Cancels the typing timers (the verticle stops). */
  void stop() {
    typing.values().forEach(t -> vertx.cancelTimer(t.timer));
  }

  Future<JsonObject> handle(JsonObject headers, JsonObject body) {
    if ("over_budget".equals(headers.getString(REFUSED_HEADER))) {
      return Future.failedFuture(overBudget("socket", retryHeader(headers)));
    }
    if ("too_large".equals(headers.getString(REFUSED_HEADER))) {
      return Future.failedFuture(ErrorCode.PAYLOAD_TOO_LARGE.error("The frame is too large"));
    }
    if ("bad_text".equals(headers.getString(REFUSED_HEADER))) {
      return Future.failedFuture(ErrorCode.VALIDATION_INVALID_ENCODING.forField("data",
        "must not contain NUL characters or unpaired surrogates"));
    }
    String sessionId = headers.getString(SESSION_HEADER);
    String sender = headers.getString(SENDER_HEADER);
    if (sessionId == null || sender == null) return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("Unverified frame"));
    Actor actor = Actor.ofFrame(new JsonObject(sender), sessionId);
    JsonObject data = body.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    String type = body.getValue("type") instanceof String t ? t : "";
    String budget = sessionId + "|" + (actor.staff() ? actor.userId() : "visitor") + "|" + (type.length() > 20 ? "other" : type);
    int retryAfter = budgets.take(budget, System.currentTimeMillis());
    if (retryAfter > 0) return Future.failedFuture(overBudget("session", retryAfter));
    if ("typing".equals(type)) return typing(actor, sessionId, data);
    return inOrder(sessionId, () -> dispatch(actor, sessionId, type, data));
  }

  private static ApiError overBudget(String budget, int retryAfter) {
    return ErrorCode.RATE_LIMIT_EXCEEDED.error("Too many frames. Please slow down.",
      new JsonObject().put("retry_after", retryAfter).put("budget", budget));
  }

  private static int retryHeader(JsonObject headers) {
    try {
      return Math.max(1, Integer.parseInt(headers.getString(RETRY_HEADER, "1")));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** Runs the work after the session's previous frame is done (whatever its outcome). */
  private Future<JsonObject> inOrder(String sessionId, Supplier<Future<JsonObject>> work) {
    Future<JsonObject> previous = tails.getOrDefault(sessionId, Future.succeededFuture());
    Future<JsonObject> next = previous.transform(done -> {
      try {
        return work.get();
      } catch (RuntimeException e) {
        return Future.failedFuture(e);
      }
    });
    tails.put(sessionId, next);
    next.onComplete(done -> tails.remove(sessionId, next));
    return next;
  }

  private Future<JsonObject> dispatch(Actor actor, String sessionId, String type, JsonObject data) {
    return switch (type) {
      case "send_message" -> message(actor, sessionId, data);
      case "message_read" -> sessions.sessionFor(actor, sessionId).compose(row -> markRead(actor, row.getUUID("id"), data));
      case "handoff" -> sessions.sessionFor(actor, sessionId).compose(row -> sessions.handoff(row.getUUID("id")))
        .map(v -> Pushes.frame("ok", new JsonObject()));
      case "close_session" -> sessions.sessionFor(actor, sessionId)
        .compose(row -> sessions.close(row.getUUID("id"), row.getString("language"),
          notices.closeReason(actor.staff(), row.getString("language"))))
        .map(session -> Pushes.frame("ok", new JsonObject()));
      default -> Future.failedFuture(ChatErrors.invalid("type", "must be send_message, typing, message_read, handoff or close_session"));
    };
  }

  private Future<JsonObject> message(Actor actor, String sessionId, JsonObject data) {
    Object raw = data.getValue("content");
    if (!(raw instanceof String content) || content.isBlank()) {
      return Future.failedFuture(ChatErrors.invalid("content", "is required"));
    }
    if (content.length() > MAX_CONTENT) {
      return Future.failedFuture(ErrorCode.VALIDATION_ERROR.error("The message is longer than " + MAX_CONTENT + " characters",
        ApiError.fieldDetails("content", "VALIDATION_ERROR", "at most " + MAX_CONTENT + " characters")));
    }
    Object clientId = data.getValue("client_message_id");
    if (clientId != null && !(clientId instanceof String s && s.length() <= 64)) {
      return Future.failedFuture(ChatErrors.invalid("client_message_id", "must be a string of at most 64 characters"));
    }
    // no session lookup first: the bridge matched the sender to this session, and posting refuses an unknown one
    UUID session = Values.uuidOrNull(sessionId);
    if (session == null) return Future.failedFuture(ChatErrors.sessionNotFound());
    return messages.post(actor, session, content, (String) clientId)
      .map(posted -> {
        if (posted.assistantDue()) messages.scheduleAssistant(posted);
        JsonObject message = posted.message();
        return Pushes.frame("message_delivered", new JsonObject()
          .put("message_id", message.getString("id"))
          .put("client_message_id", message.getString("client_message_id"))
          .put("delivered_at", Instant.now().toString()));
      });
  }

  /** Typing state of one side of a session: pushed at once, then at most once per interval (the latest). */
  private static final class Typing {
    long timer = -1;
    JsonObject pending;
  }

  private Future<JsonObject> typing(Actor actor, String sessionId, JsonObject data) {
    if (Values.uuidOrNull(sessionId) == null) return Future.failedFuture(ChatErrors.sessionNotFound());
    JsonObject state = new JsonObject()
      .put("session_id", sessionId)
      .put("role", actor.messageRole())
      .put("is_typing", !(data.getValue("is_typing") instanceof Boolean b) || b);
    String key = sessionId + "|" + actor.messageRole();
    Typing entry = typing.computeIfAbsent(key, k -> new Typing());
    if (entry.timer < 0) {
      pushTyping(state);
      entry.timer = vertx.setTimer(typingIntervalMs, id -> typingInterval(key));
    } else {
      entry.pending = state;
    }
    return Future.succeededFuture(Pushes.frame("ok", new JsonObject()));
  }

  /** The end of an interval: the latest state waiting is pushed (and another interval begins), or the entry goes. */
  private void typingInterval(String key) {
    Typing entry = typing.get(key);
    if (entry == null) return;
    if (entry.pending == null) {
      typing.remove(key);
      return;
    }
    pushTyping(entry.pending);
    entry.pending = null;
    entry.timer = vertx.setTimer(typingIntervalMs, id -> typingInterval(key));
  }

  private void pushTyping(JsonObject state) {
    pushes.toSession(state.getString("session_id"), "typing", state, "user".equals(state.getString("role")));
  }

  /**
   * Read receipts: the reader marks the other side's messages up to message_id as read. Only forward: a
   * receipt that marks nothing new (already read, or an older message) does no UPDATE and no push.
   */
  private Future<JsonObject> markRead(Actor actor, UUID sessionId, JsonObject data) {
    UUID messageId = Values.uuidOrNull(data.getString("message_id"));
    if (messageId == null) return Future.failedFuture(ChatErrors.invalid("message_id", "must be a message id"));
    String[] otherSide = actor.staff() ? new String[]{"user"} : new String[]{"assistant", "system"};
    return db.preparedQuery(ChatSql.READ_TARGET).execute(Tuple.of(sessionId, messageId, otherSide)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ChatErrors.invalid("message_id", "is not a message of this session"));
      Row target = rows.iterator().next();
      if (!target.getBoolean("unread")) return Future.succeededFuture(Pushes.frame("ok", new JsonObject().put("count", 0)));
      return db.preparedQuery(ChatSql.MARK_READ).execute(Tuple.of(sessionId, target.getLong("seq"), otherSide))
        .map(marked -> {
          if (marked.rowCount() > 0) {
            JsonObject receipt = new JsonObject().put("session_id", sessionId.toString()).put("message_id", messageId.toString())
              .put("reader_role", actor.messageRole()).put("read_at", Instant.now().toString()).put("count", marked.rowCount());
            pushes.toSession(sessionId.toString(), "message_read", receipt, !actor.staff());
          }
          return Pushes.frame("ok", new JsonObject().put("count", marked.rowCount()));
        });
    });
  }
}

package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;
import verticles.bus.Values;

import java.time.Instant;
import java.util.UUID;

/**
 * Frames from the SockJS bridge ({@code chat.internal.frame}, {type, data}); the bridge has checked the sender
 * against the session and put both in the headers. Replies go to the frame's reply address
 * ({@code message_delivered} for send_message, {@code ok} otherwise); failures arrive there as the bridge's
 * err frames with the ApiError as message.
 */
final class Frames {
  static final int MAX_CONTENT = 2000;
  /** Headers the bridge sets (see the http verticle's ChatBridge). */
  static final String SESSION_HEADER = "x-chat-session", SENDER_HEADER = "x-chat-sender", REFUSED_HEADER = "x-chat-refused";

  private final Pool db;
  private final Sessions sessions;
  private final Messages messages;
  private final Pushes pushes;

  Frames(Pool db, Sessions sessions, Messages messages, Pushes pushes) {
    this.db = db;
    this.sessions = sessions;
    this.messages = messages;
    this.pushes = pushes;
  }

  Future<JsonObject> handle(JsonObject headers, JsonObject body) {
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
    String type = body.getString("type", "");
    return switch (type) {
      case "send_message" -> message(actor, sessionId, data);
      case "typing" -> typing(actor, sessionId, data);
      case "message_read" -> sessions.sessionFor(actor, sessionId).compose(row -> markRead(actor, row.getUUID("id"), data));
      case "handoff" -> sessions.sessionFor(actor, sessionId).compose(row -> sessions.handoff(row.getUUID("id")))
        .map(v -> Pushes.frame("ok", new JsonObject()));
      case "close_session" -> sessions.sessionFor(actor, sessionId)
        .compose(row -> sessions.close(row.getUUID("id"), actor.staff() ? "Closed by staff" : "Closed by the visitor"))
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
    return sessions.sessionFor(actor, sessionId)
      .compose(row -> messages.post(actor, row.getUUID("id"), content, (String) clientId))
      .map(posted -> {
        if (posted.assistantDue()) messages.scheduleAssistant(posted);
        JsonObject message = posted.message();
        return Pushes.frame("message_delivered", new JsonObject()
          .put("message_id", message.getString("id"))
          .put("client_message_id", message.getString("client_message_id"))
          .put("delivered_at", Instant.now().toString()));
      });
  }

  private Future<JsonObject> typing(Actor actor, String sessionId, JsonObject data) {
    JsonObject typing = new JsonObject()
      .put("session_id", sessionId)
      .put("role", actor.messageRole())
      .put("is_typing", !(data.getValue("is_typing") instanceof Boolean b) || b);
    pushes.toSession(sessionId, "typing", typing, !actor.staff());
    return Future.succeededFuture(Pushes.frame("ok", new JsonObject()));
  }

  /** Read receipts: the reader marks the other side's messages up to message_id as read. */
  private Future<JsonObject> markRead(Actor actor, UUID sessionId, JsonObject data) {
    UUID messageId = Values.uuidOrNull(data.getString("message_id"));
    if (messageId == null) return Future.failedFuture(ChatErrors.invalid("message_id", "must be a message id"));
    String[] otherSide = actor.staff() ? new String[]{"user"} : new String[]{"assistant", "system"};
    return db.preparedQuery(ChatSql.SEQ_OF).execute(Tuple.of(sessionId, messageId))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(ChatErrors.invalid("message_id", "is not a message of this session"))
        : db.preparedQuery(ChatSql.MARK_READ).execute(Tuple.of(sessionId, rows.iterator().next().getLong("seq"), otherSide)))
      .map(marked -> {
        JsonObject receipt = new JsonObject().put("session_id", sessionId.toString()).put("message_id", messageId.toString())
          .put("reader_role", actor.messageRole()).put("read_at", Instant.now().toString()).put("count", marked.rowCount());
        pushes.toSession(sessionId.toString(), "message_read", receipt, !actor.staff());
        return Pushes.frame("ok", new JsonObject().put("count", marked.rowCount()));
      });
  }
}

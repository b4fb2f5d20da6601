package verticles.chat;

import verticles.bus.AuthClient;
import verticles.bus.ChatClient;import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.Values;
import verticles.infra.Database;
import verticles.infra.Jwt;
import verticles.infra.RedisStore;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Live chat (seed §6, the course platform's chat, the customer-service flow): guest and member sessions,
 * messages over the SockJS bridge ({@code chat.internal.frame}, frames the http verticle's bridge has
 * authorised) and over REST, the staff inbox ({@code chat.inbox}), assignment, metadata, closing,
 * statistics, office hours and the catalog {@link Assistant}.
 * <p>
 * Every message is committed to PostgreSQL before anyone is told about it: the {@code new_message}
 * pushes, the {@code message_delivered} acknowledgement and the REST answer all come after the commit.
 * Browsers listen on {@code chat.session.<id>} (frames {type, data}) and staff on {@code chat.inbox}.
 */
public final class ChatVerticle extends DomainVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(ChatVerticle.class);
  static final String INBOX = "chat.inbox";
  static final String SESSION_PREFIX = "chat.session.";
  static final int MAX_CONTENT = 2000;

  @Override
  protected void routes(Endpoints e) {
    e.on("chat.createSession", this::createSession)
      .on("chat.listSessions", this::listSessions)
      .on("chat.mySessions", this::mySessions)
      .on("chat.getSession", this::getSession)
      .on("chat.updateSession", this::updateSession)
      .on("chat.listMessages", this::listMessages)
      .on("chat.sendMessage", this::sendMessage)
      .on("chat.assignSession", this::assignSession)
      .on("chat.handoffSession", this::handoffSession)
      .on("chat.closeSession", this::closeSession)
      .on("chat.stats", this::stats)
      .internal(ChatClient.DASHBOARD, this::dashboard)
      .internalWithHeaders(ChatClient.FRAME, this::onFrame);
  }

  @Override
  protected String name() {
    return "chat";
  }

  private Pool db;
  private RedisAPI redis;
  private Events events;
  private JWTAuth chatTokens;
  private JWTOptions chatTokenOptions;
  private Assistant assistant;
  private OfficeHours officeHours;
  private AuthClient auth;
  private JsonObject settings;
  private final Set<Long> timers = new HashSet<>();
  /** Staff names by id (for "who wrote this" and "who owns this"), asked of auth once per node. */
  private final Map<String, String> staffNames = new ConcurrentHashMap<>();

  @Override
  protected Future<?> setUp() {
    settings = config().getJsonObject("chat");
    db = Database.pool(vertx, config());
    redis = RedisStore.api(vertx, config());
    events = new Events(vertx, redis, "chat");
    chatTokens = Jwt.chatProvider(vertx, config());
    chatTokenOptions = Jwt.chatOptions(config());
    officeHours = OfficeHours.from(config());
    auth = new AuthClient(vertx, askOptions());
    // the assistant asks the catalog, then scheduling: half each
    assistant = new Assistant(vertx, Llm.from(vertx, settings), officeHours.zone(), askOptions().getSendTimeout() / 2);
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> tearDown() {
    timers.forEach(vertx::cancelTimer);
    assistant.close();
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return db.query(ChatSql.PING).execute()
      .map(rows -> new JsonObject().put("status", "up").put("database", "up"))
      .otherwise(new JsonObject().put("status", "up").put("database", "down"));
  }

  // --- who is asking ----------------------------------------------------------------------------

  /** A visitor (guest chat token, or a signed-in user) or a staff member (admin, instructor). */
  record Actor(boolean staff, String userId, String role, String email, String chatSessionId) {
    static Actor of(BusRequest.Caller caller) {
      if (caller == null) return null;
      if ("guest".equals(caller.role())) {
        return new Actor(false, null, "guest", null, caller.json().getString("chat_session_id"));
      }
      boolean staff = caller.is("admin") || caller.is("instructor");
      return new Actor(staff, caller.id(), caller.role(), caller.email(), null);
    }

    /** The sender the bridge verified: {kind: visitor} (the session's own token) or {kind: staff, id, role, email}. */
    static Actor ofFrame(JsonObject sender, String sessionId) {
      if ("staff".equals(sender.getString("kind"))) {
        return new Actor(true, sender.getString("id"), sender.getString("role"), sender.getString("email"), null);
      }
      return new Actor(false, null, "guest", null, sessionId);
    }

    boolean admin() {
      return "admin".equals(role);
    }

    /** Staff see every conversation; a visitor only their own (by chat token or by account). */
    boolean mayUse(Row session) {
      if (staff) return true;
      if (chatSessionId != null) return chatSessionId.equals(session.getUUID("id").toString());
      UUID owner = session.getUUID("user_id");
      return owner != null && userId != null && owner.toString().equals(userId);
    }

    String messageRole() {
      return staff ? "assistant" : "user";
    }
  }

  /** The session row when the actor may use it: 404 when there is none, 403 when it is someone else's. */
  private Future<Row> sessionFor(Actor actor, String id) {
    UUID uuid = Values.uuidOrNull(id);
    if (uuid == null) return Future.failedFuture(sessionNotFound());
    return db.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(uuid)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(sessionNotFound());
      Row row = rows.iterator().next();
      return actor != null && actor.mayUse(row) ? Future.succeededFuture(row)
        : Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("This chat session is not yours"));
    });
  }

  // --- sessions ---------------------------------------------------------------------------------

  /**
   * Starts a conversation. Guests give name and email; a signed-in user's session is tied to their account
   * (and an open one is handed back instead of a second). Capped per client IP per hour in PostgreSQL.
   * The answer carries a chat token scoped to this one session.
   */
  private Future<Reply> createSession(BusRequest req) {
    Actor actor = Actor.of(req.user());
    JsonObject body = req.body();
    String topic = Values.trimmedOrNull(body.getString("topic", body.getString("title")));
    if (actor != null && actor.userId() != null) {
      return db.preparedQuery(ChatSql.SESSIONS_OF_USER).execute(Tuple.of(UUID.fromString(actor.userId())))
        .compose(rows -> {
          for (Row row : rows) {
            if (!"closed".equals(row.getString("status"))) return Future.succeededFuture(sessionCreated(row, false));
          }
          return userName(actor.userId(), body.getString("name"))
            .compose(name -> insertSession(req, UUID.fromString(actor.userId()), name, actor.email(), topic));
        });
    }
    String name = Values.trimmedOrNull(body.getString("name"));
    String email = Values.trimmedOrNull(body.getString("email"));
    if (name == null || email == null) {
      JsonArray fields = new JsonArray();
      if (name == null) fields.add(ApiError.fieldEntry("name", "VALIDATION_REQUIRED_FIELD", "is required without an account"));
      if (email == null) fields.add(ApiError.fieldEntry("email", "VALIDATION_REQUIRED_FIELD", "is required without an account"));
      return Future.failedFuture(ErrorCode.VALIDATION_REQUIRED_FIELD.error("Name and email are required",
        new JsonObject().put("fields", fields)));
    }
    return insertSession(req, null, name, email, topic);
  }

  private Future<Reply> insertSession(BusRequest req, UUID userId, String name, String email, String topic) {
    String ip = req.ip();
    int cap = settings.getInteger("sessions_per_ip_per_hour");
    return db.withTransaction(conn -> ipAllowance(conn, ip, cap)
        .compose(v -> conn.preparedQuery(ChatSql.INSERT_SESSION).execute(Tuple.of(userId, name, email, topic, ip)))
        .compose(rows -> conn.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(rows.iterator().next().getUUID("id")))))
      .map(rows -> {
        Row row = rows.iterator().next();
        JsonObject session = session(row);
        events.publish("chat.session.created", new JsonObject().put("session_id", session.getString("id"))
          .put("user_id", userId == null ? null : userId.toString()).put("topic", topic), triggeredBy(userId));
        inbox("session_created", session);
        return sessionCreated(row, true);
      });
  }

  private Future<Void> ipAllowance(SqlConnection conn, String ip, int cap) {
    if (ip == null) return Future.succeededFuture();
    return conn.preparedQuery(ChatSql.LOCK_IP).execute(Tuple.of(ip))
      .compose(v -> conn.preparedQuery(ChatSql.SESSIONS_FROM_IP).execute(Tuple.of(ip)))
      .compose(rows -> {
        Row row = rows.iterator().next();
        if (row.getLong("n") < cap) return Future.succeededFuture();
        Integer retry = row.getInteger("retry_after");
        return Future.failedFuture(ErrorCode.RATE_LIMIT_EXCEEDED.error(
          "Too many chat sessions from this address. Please wait before starting another one.",
          new JsonObject().put("retry_after", Math.max(1, retry == null ? 3600 : retry))));
      });
  }

  private Reply sessionCreated(Row row, boolean created) {
    JsonObject session = session(row);
    String token = chatTokens.generateToken(new JsonObject().put("typ", "chat").put("sub", session.getString("id"))
      .put("jti", UUID.randomUUID().toString()), chatTokenOptions);
    JsonObject data = new JsonObject()
      .put("session_id", session.getString("id"))
      .put("chat_token", token)
      .put("expires_in", settings.getInteger("token_ttl_seconds"))
      .put("session", session);
    return created ? Reply.created(data, "Chat session started") : Reply.ok(data, "Your open chat session");
  }

  /** Seed §6.2 with the status and owner filters of an inbox. */
  private Future<Reply> listSessions(BusRequest req) {
    Page page = Page.of(req);
    JsonObject query = req.query();
    UUID userId = Values.uuidOrNull(query.getString("user_id")), assignedTo = Values.uuidOrNull(query.getString("assigned_to"));
    String status = query.getString("status");
    Future<RowSet<Row>> rows = db.preparedQuery(ChatSql.LIST_SESSIONS)
      .execute(Tuple.of(userId, status, assignedTo, page.limit(), page.offset()));
    Future<RowSet<Row>> count = db.preparedQuery(ChatSql.COUNT_SESSIONS).execute(Tuple.of(userId, status, assignedTo));
    return Future.all(rows, count).map(done -> {
      JsonArray sessions = new JsonArray();
      for (Row row : rows.result()) sessions.add(session(row));
      long total = count.result().iterator().next().getLong("total");
      return Reply.ok(new JsonObject().put("sessions", sessions).put("pagination", page.pagination(total)));
    });
  }

  /** For the admin dashboard: {} → {active_chats, active_sessions: [the 10 most recent open sessions]}. */
  private Future<JsonObject> dashboard(JsonObject query) {
    return db.preparedQuery(ChatSql.OPEN_SESSIONS).execute(Tuple.of(10)).map(rows -> {
      JsonArray sessions = new JsonArray();
      long open = 0;
      for (Row row : rows) {
        open = row.getLong("open_total");
        sessions.add(session(row));
      }
      return new JsonObject().put("active_chats", open).put("active_sessions", sessions);
    });
  }

  /** Seed §6.4: a signed-in user's sessions; a guest's chat token shows its one session. */
  private Future<Reply> mySessions(BusRequest req) {
    Actor actor = Actor.of(req.user());
    Future<RowSet<Row>> rows = actor.chatSessionId() != null
      ? db.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(UUID.fromString(actor.chatSessionId())))
      : db.preparedQuery(ChatSql.SESSIONS_OF_USER).execute(Tuple.of(UUID.fromString(actor.userId())));
    return rows.map(found -> {
      JsonArray sessions = new JsonArray();
      for (Row row : found) sessions.add(session(row));
      return Reply.ok(new JsonObject().put("sessions", sessions));
    });
  }

  /** Seed §6.3: the session with a page of its history (oldest first, limit/offset) and total_messages. */
  private Future<Reply> getSession(BusRequest req) {
    Actor actor = Actor.of(req.user());
    int limit = req.query().getInteger("limit", 50);
    int offset = req.query().getInteger("offset", 0);
    return sessionFor(actor, req.pathParam("id")).compose(row -> db.preparedQuery(ChatSql.MESSAGES_PAGE)
      .execute(Tuple.of(row.getUUID("id"), limit, offset))
      .map(rows -> {
        JsonObject session = session(row);
        JsonArray messages = new JsonArray();
        for (Row m : rows) messages.add(message(m));
        return Reply.ok(session.put("messages", messages)
          .put("total_messages", session.getJsonObject("metadata").getLong("message_count")));
      }));
  }

  /** Seed §6.5: topic, tags and resolved; only what is sent changes. */
  private Future<Reply> updateSession(BusRequest req) {
    Actor actor = Actor.of(req.user());
    JsonObject metadata = req.body().getJsonObject("metadata", new JsonObject());
    JsonArray tags = metadata.getJsonArray("tags");
    String[] tagArray = tags == null ? null : tags.stream().map(t -> t.toString().trim()).filter(t -> !t.isEmpty())
      .distinct().toArray(String[]::new);
    return sessionFor(actor, req.pathParam("id"))
      .compose(row -> db.preparedQuery(ChatSql.UPDATE_METADATA).execute(Tuple.of(row.getUUID("id"),
        Values.trimmedOrNull(metadata.getString("topic")), tagArray, metadata.getBoolean("resolved"), tags != null)))
      .compose(rows -> reloadSession(req.pathParam("id")))
      .map(session -> {
        inbox("session_updated", session);
        return Reply.ok(session, "Session metadata updated successfully");
      });
  }

  /** The course platform's history: newest {@code limit} before the {@code before} message, oldest first. */
  private Future<Reply> listMessages(BusRequest req) {
    Actor actor = Actor.of(req.user());
    int limit = req.query().getInteger("limit", 50);
    String before = req.query().getString("before");
    return sessionFor(actor, req.pathParam("id")).compose(row -> {
      UUID sessionId = row.getUUID("id");
      Future<Long> cursor = before == null ? Future.succeededFuture(null)
        : db.preparedQuery(ChatSql.SEQ_OF).execute(Tuple.of(sessionId, UUID.fromString(before))).compose(rows ->
          rows.size() == 0 ? Future.failedFuture(ErrorCode.VALIDATION_ERROR.error("before is not a message of this session",
            ApiError.fieldDetails("before", "VALIDATION_ERROR", "unknown message")))
            : Future.succeededFuture(rows.iterator().next().getLong("seq")));
      return cursor.compose(seq -> db.preparedQuery(ChatSql.MESSAGES_BEFORE).execute(Tuple.of(sessionId, limit + 1, seq)))
        .map(rows -> {
          List<JsonObject> newestFirst = new ArrayList<>();
          for (Row m : rows) newestFirst.add(message(m));
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
   * Claim (staff, for themselves) or reassign (admins, to any active staff member). One owner at a time:
   * the UPDATE itself refuses a conversation someone else owns, unless an admin reassigns it.
   */
  private Future<Reply> assignSession(BusRequest req) {
    Actor actor = Actor.of(req.user());
    String target = req.body().getString("staff_id", actor.userId());
    if (!target.equals(actor.userId()) && !actor.admin()) {
      return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("Only admins assign conversations to someone else"));
    }
    Future<String> assignee = target.equals(actor.userId()) ? staffName(actor.userId(), actor.email()) : activeStaff(target);
    return sessionFor(actor, req.pathParam("id")).compose(row -> assignee.compose(name -> db.withTransaction(conn ->
        conn.preparedQuery(ChatSql.ASSIGN).execute(Tuple.of(row.getUUID("id"), UUID.fromString(target), name, actor.admin()))
          .compose(rows -> rows.size() == 1
            ? insertMessage(conn, row.getUUID("id"), "system", name + " joined the conversation.", null, null, false, null)
            : Future.failedFuture(notAssignable(row)))))
      .compose(notice -> {
        pushMessage(notice);
        return reloadSession(req.pathParam("id"));
      })
      .map(session -> {
        inbox("session_updated", session);
        return Reply.ok(session, "Conversation assigned to " + session.getJsonObject("assigned_to").getString("full_name"));
      }));
  }

  private static ApiError notAssignable(Row row) {
    if ("closed".equals(row.getString("status"))) return closed();
    return ErrorCode.CHAT_SESSION_ASSIGNED.error("Another staff member already has this conversation",
      new JsonObject().put("assigned_to", String.valueOf(row.getUUID("assigned_to"))));
  }

  /** "Talk to a human": the assistant stops answering and the conversation waits for staff. */
  private Future<Reply> handoffSession(BusRequest req) {
    Actor actor = Actor.of(req.user());
    return sessionFor(actor, req.pathParam("id"))
      .compose(row -> handoff(row.getUUID("id")))
      .compose(v -> reloadSession(req.pathParam("id")))
      .map(session -> Reply.ok(session, "Our staff will join the conversation"));
  }

  private Future<Void> handoff(UUID sessionId) {
    return db.withTransaction(conn -> conn.preparedQuery(ChatSql.LOCK_SESSION).execute(Tuple.of(sessionId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if ("closed".equals(row.getString("status"))) return Future.failedFuture(closed());
          if (row.getBoolean("handoff")) return Future.succeededFuture(List.<JsonObject>of());
          boolean open = officeHours.isOpen(Instant.now());
          String text = handoffNotice(open, row.getBoolean("offline_notified"));
          return conn.preparedQuery(ChatSql.HANDOFF).execute(Tuple.of(sessionId, !open))
            .compose(v -> insertMessage(conn, sessionId, "system", text, null, null, false, null))
            .map(List::of);
        }))
      .compose(notices -> {
        notices.forEach(this::pushMessage);
        return reloadSession(sessionId.toString()).map(session -> {
          if (!notices.isEmpty()) inbox("session_updated", session);
          return null;
        });
      });
  }

  /** The visitor or staff end the conversation; listeners get session_closed. */
  private Future<Reply> closeSession(BusRequest req) {
    Actor actor = Actor.of(req.user());
    String reason = Values.trimmedOrNull(req.body().getString("reason"));
    return sessionFor(actor, req.pathParam("id"))
      .compose(row -> close(row.getUUID("id"), reason != null ? reason
        : actor.staff() ? "Closed by staff" : "Closed by the visitor"))
      .map(session -> Reply.ok(session, "Chat session closed"));
  }

  private Future<JsonObject> close(UUID sessionId, String reason) {
    return db.withTransaction(conn -> conn.preparedQuery(ChatSql.CLOSE).execute(Tuple.of(sessionId, reason))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(closed())
          : insertMessage(conn, sessionId, "system", "Chat closed: " + reason, null, null, false, null)
          .map(notice -> new JsonObject().put("notice", notice)
            .put("closed_at", Iso.of(rows.iterator().next().getOffsetDateTime("closed_at"))))))
      .compose(done -> {
        pushMessage(done.getJsonObject("notice"));
        vertx.eventBus().publish(SESSION_PREFIX + sessionId, frame("session_closed", new JsonObject()
          .put("session_id", sessionId.toString()).put("reason", reason).put("closed_at", done.getString("closed_at"))));
        return reloadSession(sessionId.toString());
      })
      .map(session -> {
        inbox("session_updated", session);
        return session;
      });
  }

  /** Seed §6.6 from real timestamps; "today" in the academy's time zone. */
  private Future<Reply> stats(BusRequest req) {
    return db.preparedQuery(ChatSql.STATS).execute(Tuple.of(officeHours.zone().getId())).map(rows -> {
      Row row = rows.iterator().next();
      Double average = row.getDouble("average_response_time_minutes");
      return Reply.ok(new JsonObject()
        .put("active_sessions", row.getLong("active_sessions"))
        .put("total_sessions_today", row.getLong("total_sessions_today"))
        .put("total_messages_today", row.getLong("total_messages_today"))
        .put("average_response_time_minutes", average == null ? null : Math.round(average * 10) / 10.0)
        .put("sessions_closed_today", row.getLong("sessions_closed_today")));
    });
  }

  // --- messages ---------------------------------------------------------------------------------

  /**
   * The REST fallback: stores the message and answers {user_message, assistant_message, system_messages}.
   * Without a push channel the assistant answers within the request, when the conversation is waiting for
   * it (not claimed by staff, no "talk to a human"); if nothing can answer: 503 CHATGPT_API_ERROR (the
   * visitor's message is kept and staff see it).
   */
  private Future<Reply> sendMessage(BusRequest req) {
    Actor actor = Actor.of(req.user());
    JsonObject body = req.body();
    String content = body.getString("content");
    return sessionFor(actor, req.pathParam("id"))
      .compose(row -> post(actor, row.getUUID("id"), content, body.getString("client_message_id")))
      .compose(posted -> {
        JsonObject data = new JsonObject().put("user_message", posted.message()).put("assistant_message", null)
          .put("system_messages", new JsonArray(posted.notices()));
        if (!posted.assistantDue()) return Future.succeededFuture(Reply.created(data, "Message sent"));
        return assistantReply(posted.sessionId(), posted.seq(), true)
          .map(answer -> Reply.created(data.put("assistant_message", answer), "Message sent"));
      });
  }

  /**
   * A frame from the bridge ({type, data}); the bridge has checked the sender against the session and put
   * both in the headers. Replies go to the frame's reply address (message_delivered for send_message);
   * failures arrive there as the bridge's err frames with the ApiError as message.
   */
  private Future<JsonObject> onFrame(JsonObject headers, JsonObject body) {
    if ("too_large".equals(headers.getString("x-chat-refused"))) {
      return Future.failedFuture(ErrorCode.PAYLOAD_TOO_LARGE.error("The frame is too large"));
    }
    if ("bad_text".equals(headers.getString("x-chat-refused"))) {
      return Future.failedFuture(ErrorCode.VALIDATION_INVALID_ENCODING.forField("data",
        "must not contain NUL characters or unpaired surrogates"));
    }
    String sessionId = headers.getString("x-chat-session");
    String sender = headers.getString("x-chat-sender");
    if (sessionId == null || sender == null) return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("Unverified frame"));
    Actor actor = Actor.ofFrame(new JsonObject(sender), sessionId);
    JsonObject data = body.getValue("data") instanceof JsonObject d ? d : new JsonObject();
    String type = body.getString("type", "");
    return switch (type) {
      case "send_message" -> frameMessage(actor, sessionId, data);
      case "typing" -> typing(actor, sessionId, data);
      case "message_read" -> sessionFor(actor, sessionId).compose(row -> markRead(actor, row.getUUID("id"), data));
      case "handoff" -> sessionFor(actor, sessionId).compose(row -> handoff(row.getUUID("id")))
        .map(v -> frame("ok", new JsonObject()));
      case "close_session" -> sessionFor(actor, sessionId)
        .compose(row -> close(row.getUUID("id"), actor.staff() ? "Closed by staff" : "Closed by the visitor"))
        .map(session -> frame("ok", new JsonObject()));
      default -> Future.failedFuture(invalid("type", "must be send_message, typing, message_read, handoff or close_session"));
    };
  }

  private Future<JsonObject> frameMessage(Actor actor, String sessionId, JsonObject data) {
    Object raw = data.getValue("content");
    if (!(raw instanceof String content) || content.isBlank()) {
      return Future.failedFuture(invalid("content", "is required"));
    }
    if (content.length() > MAX_CONTENT) {
      return Future.failedFuture(ErrorCode.VALIDATION_ERROR.error("The message is longer than " + MAX_CONTENT + " characters",
        ApiError.fieldDetails("content", "VALIDATION_ERROR", "at most " + MAX_CONTENT + " characters")));
    }
    Object clientId = data.getValue("client_message_id");
    if (clientId != null && !(clientId instanceof String s && s.length() <= 64)) {
      return Future.failedFuture(invalid("client_message_id", "must be a string of at most 64 characters"));
    }
    return sessionFor(actor, sessionId)
      .compose(row -> post(actor, row.getUUID("id"), content, (String) clientId))
      .map(posted -> {
        if (posted.assistantDue()) scheduleAssistant(posted);
        JsonObject message = posted.message();
        return frame("message_delivered", new JsonObject()
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
    vertx.eventBus().publish(SESSION_PREFIX + sessionId, frame("typing", typing));
    if (!actor.staff()) vertx.eventBus().publish(INBOX, frame("typing", typing));
    return Future.succeededFuture(frame("ok", new JsonObject()));
  }

  /** Read receipts: the reader marks the other side's messages up to message_id as read. */
  private Future<JsonObject> markRead(Actor actor, UUID sessionId, JsonObject data) {
    UUID messageId = Values.uuidOrNull(data.getString("message_id"));
    if (messageId == null) return Future.failedFuture(invalid("message_id", "must be a message id"));
    String[] otherSide = actor.staff() ? new String[]{"user"} : new String[]{"assistant", "system"};
    return db.preparedQuery(ChatSql.SEQ_OF).execute(Tuple.of(sessionId, messageId))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(invalid("message_id", "is not a message of this session"))
        : db.preparedQuery(ChatSql.MARK_READ).execute(Tuple.of(sessionId, rows.iterator().next().getLong("seq"), otherSide)))
      .map(marked -> {
        JsonObject receipt = new JsonObject().put("session_id", sessionId.toString()).put("message_id", messageId.toString())
          .put("reader_role", actor.messageRole()).put("read_at", Instant.now().toString()).put("count", marked.rowCount());
        vertx.eventBus().publish(SESSION_PREFIX + sessionId, frame("message_read", receipt));
        if (!actor.staff()) vertx.eventBus().publish(INBOX, frame("message_read", receipt));
        return frame("ok", new JsonObject().put("count", marked.rowCount()));
      });
  }

  /** What posting a message did: the stored message, system notices it caused, and whether the assistant should answer. */
  private record Posted(UUID sessionId, long seq, JsonObject message, List<JsonObject> notices, boolean assistantDue,
                        boolean officeOpen, boolean repeated) {
  }

  /**
   * Stores one message in one transaction with the session row locked: closed sessions refuse, a retried
   * client_message_id returns the stored message, the visitor's rate limit is counted in the database, the
   * offline notice is written once. Pushes and the event follow the commit.
   */
  private Future<Posted> post(Actor actor, UUID sessionId, String content, String clientMessageId) {
    boolean open = officeHours.isOpen(Instant.now());
    Future<String> senderName = actor.staff() ? staffName(actor.userId(), actor.email()) : Future.succeededFuture(null);
    return senderName.compose(name -> db.withTransaction(conn -> conn.preparedQuery(ChatSql.LOCK_SESSION)
      .execute(Tuple.of(sessionId))
      .compose(rows -> {
        Row session = rows.iterator().next();
        if ("closed".equals(session.getString("status"))) return Future.failedFuture(closed());
        if (actor.staff() && !actor.admin() && session.getUUID("assigned_to") != null
          && !session.getUUID("assigned_to").toString().equals(actor.userId())) {
          return Future.failedFuture(ErrorCode.CHAT_SESSION_ASSIGNED.error("Another staff member has this conversation",
            new JsonObject().put("assigned_to", session.getUUID("assigned_to").toString())));
        }
        Future<RowSet<Row>> earlier = clientMessageId == null ? Future.succeededFuture(null)
          : conn.preparedQuery(ChatSql.MESSAGE_BY_CLIENT_ID).execute(Tuple.of(sessionId, clientMessageId));
        return earlier.compose(previous -> {
          if (previous != null && previous.size() > 0) {
            Row stored = previous.iterator().next();
            return Future.succeededFuture(new Posted(sessionId, stored.getLong("seq"), message(stored), List.of(), false, open, true));
          }
          return fresh(conn, actor, session, content, clientMessageId, name, open);
        });
      })))
      .map(posted -> {
        if (!posted.repeated()) {
          pushMessage(posted.message());
          posted.notices().forEach(this::pushMessage);
          events.publish("chat.message.sent", new JsonObject().put("message_id", posted.message().getString("id"))
            .put("session_id", sessionId.toString()).put("role", posted.message().getString("role")),
            actor.userId() == null ? "visitor" : actor.userId());
        }
        return posted;
      });
  }

  private Future<Posted> fresh(SqlConnection conn, Actor actor, Row session, String content, String clientMessageId,
                               String senderName, boolean open) {
    UUID sessionId = session.getUUID("id");
    boolean visitor = !actor.staff();
    Future<Void> allowed = visitor ? rateLimit(conn, sessionId) : Future.succeededFuture();
    boolean notifyOffline = visitor && !open && !session.getBoolean("offline_notified");
    UUID staffId = actor.staff() ? UUID.fromString(actor.userId()) : null;
    return allowed
      .compose(v -> insertMessage(conn, sessionId, actor.messageRole(), content, staffId, senderName, false, clientMessageId))
      .compose(message -> {
        OffsetDateTime at = OffsetDateTime.parse(message.getString("created_at"));
        return conn.preparedQuery(ChatSql.TOUCH_SESSION).execute(Tuple.of(sessionId, notifyOffline,
            actor.messageRole(), staffId, senderName, at))
          .compose(v -> notifyOffline
            ? insertMessage(conn, sessionId, "system", officeHours.offlineNotice(settings.getString("offline_message")),
            null, null, false, null).map(List::of)
            : Future.succeededFuture(List.<JsonObject>of()))
          .map(notices -> {
            boolean waiting = "waiting".equals(session.getString("status")) && !session.getBoolean("handoff");
            boolean due = visitor && waiting && settings.getBoolean("assistant_enabled") && !Assistant.wantsHuman(content);
            return new Posted(sessionId, message.getLong("seq"), message.copy(), notices, due, open, false);
          });
      })
      .compose(posted -> visitor && Assistant.wantsHuman(content) && !session.getBoolean("handoff")
        ? handoffInside(conn, sessionId, open, notifyOffline, session.getBoolean("offline_notified")).map(more -> {
          List<JsonObject> notices = new ArrayList<>(posted.notices());
          notices.addAll(more);
          return new Posted(posted.sessionId(), posted.seq(), posted.message(), notices, false, open, false);
        })
        : Future.succeededFuture(posted));
  }

  /** "Talk to a human" typed as a message: the hand-off within the same transaction. */
  private Future<List<JsonObject>> handoffInside(SqlConnection conn, UUID sessionId, boolean open, boolean noticeJustSent,
                                                 boolean noticeSentBefore) {
    return conn.preparedQuery(ChatSql.HANDOFF).execute(Tuple.of(sessionId, !open)).compose(v -> {
      if (!open && noticeJustSent) return Future.succeededFuture(List.<JsonObject>of());
      return insertMessage(conn, sessionId, "system", handoffNotice(open, noticeSentBefore), null, null, false, null)
        .map(List::of);
    });
  }

  private String handoffNotice(boolean open, boolean offlineNoticeSent) {
    if (open) return "We've let our team know. A staff member will join this conversation shortly.";
    return offlineNoticeSent ? "We've let our team know; they will reply when they are back."
      : officeHours.offlineNotice(settings.getString("offline_message"));
  }

  /** 20 visitor messages per minute per session (chat.messages_per_minute), counted in the database. */
  private Future<Void> rateLimit(SqlConnection conn, UUID sessionId) {
    int limit = settings.getInteger("messages_per_minute");
    return conn.preparedQuery(ChatSql.RECENT_USER_MESSAGES).execute(Tuple.of(sessionId, limit)).compose(rows -> {
      Row row = rows.iterator().next();
      if (row.getLong("n") < limit) return Future.succeededFuture();
      Integer retry = row.getInteger("retry_after");
      return Future.failedFuture(ErrorCode.RATE_LIMIT_EXCEEDED.error(
        "Too many messages. Please wait before sending another message.",
        new JsonObject().put("retry_after", Math.max(1, retry == null ? 60 : retry))));
    });
  }

  private Future<JsonObject> insertMessage(SqlConnection conn, UUID sessionId, String role, String content, UUID senderId,
                                           String senderName, boolean bot, String clientMessageId) {
    return conn.preparedQuery(ChatSql.INSERT_MESSAGE)
      .execute(Tuple.tuple().addValue(sessionId).addValue(role).addValue(content).addValue(senderId)
        .addValue(senderName).addValue(bot).addValue(clientMessageId))
      .map(rows -> message(rows.iterator().next()));
  }

  // --- the assistant ----------------------------------------------------------------------------

  /**
   * Over the bridge the assistant gives staff {@code chat.assistant_wait_seconds} to answer first (none
   * outside office hours). The timer lives on this node: if the node stops first, that answer is skipped
   * and the conversation stays in the inbox.
   */
  private void scheduleAssistant(Posted posted) {
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
        for (Row row : rows) recent.add(0, row.getString("content"));
        return assistant.answer(String.join("\n", recent));
      })
      .compose(answer -> db.withTransaction(conn -> conn.preparedQuery(ChatSql.LOCK_SESSION).execute(Tuple.of(sessionId))
        .compose(rows -> {
          Row session = rows.size() == 0 ? null : rows.iterator().next();
          if (session == null || !"waiting".equals(session.getString("status")) || session.getBoolean("handoff")) {
            return Future.succeededFuture((JsonObject) null);
          }
          return conn.preparedQuery(ChatSql.ANSWERED_SINCE).execute(Tuple.of(sessionId, seq)).compose(answered ->
            answered.iterator().next().getBoolean("answered") && !now ? Future.succeededFuture((JsonObject) null)
              : insertMessage(conn, sessionId, "assistant", answer, null, "Assistant", true, null)
              .compose(message -> conn.preparedQuery(ChatSql.TOUCH_SESSION).execute(Tuple.of(sessionId, false,
                  "assistant", null, null, OffsetDateTime.parse(message.getString("created_at"))))
                .map(v -> message)));
        })))
      .map(message -> {
        if (message != null) {
          pushMessage(message);
          events.publish("chat.message.sent", new JsonObject().put("message_id", message.getString("id"))
            .put("session_id", sessionId.toString()).put("role", "assistant"), "assistant");
        }
        return message;
      });
  }

  // --- pushes -----------------------------------------------------------------------------------

  /** new_message to the session's listeners (visitor and staff) and to the staff inbox. */
  private void pushMessage(JsonObject message) {
    JsonObject frame = frame("new_message", message);
    vertx.eventBus().publish(SESSION_PREFIX + message.getString("session_id"), frame);
    vertx.eventBus().publish(INBOX, frame);
  }

  private void inbox(String type, JsonObject data) {
    vertx.eventBus().publish(INBOX, frame(type, data));
    if ("session_updated".equals(type)) {
      vertx.eventBus().publish(SESSION_PREFIX + data.getString("id"), frame("session_updated", data));
    }
  }

  static JsonObject frame(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data);
  }

  // --- helpers ----------------------------------------------------------------------------------

  private Future<JsonObject> reloadSession(String id) {
    return db.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(UUID.fromString(id)))
      .map(rows -> session(rows.iterator().next()));
  }

  /** A staff member's display name (auth.internal.getUser, remembered); the email when auth cannot say. */
  private Future<String> staffName(String id, String email) {
    String known = staffNames.get(id);
    if (known != null) return Future.succeededFuture(known);
    return auth.user(id)
      .map(user -> {
        String name = user.getString("full_name", email);
        staffNames.put(id, name);
        return name;
      })
      .otherwise(e -> email == null ? "Staff" : email);
  }

  /** The assignee of an admin's reassignment: an active admin or instructor, else 400 CHAT_INVALID_ASSIGNEE. */
  private Future<String> activeStaff(String id) {
    if (Values.uuidOrNull(id) == null) return Future.failedFuture(invalidAssignee());
    return auth.userOrNull(id)
      .compose(user -> {
        if (user == null) return Future.failedFuture(invalidAssignee());
        boolean staff = ("admin".equals(user.getString("role")) || "instructor".equals(user.getString("role")))
          && "active".equals(user.getString("status"));
        if (!staff) return Future.failedFuture(invalidAssignee());
        staffNames.put(id, user.getString("full_name"));
        return Future.succeededFuture(user.getString("full_name"));
      });
  }

  private Future<String> userName(String id, String offered) {
    if (offered != null && !offered.isBlank()) return Future.succeededFuture(offered.trim());
    return auth.user(id)
      .map(user -> user.getString("full_name", "Member"))
      .otherwise("Member");
  }

  private static ApiError invalidAssignee() {
    return ErrorCode.CHAT_INVALID_ASSIGNEE.error("Conversations can be assigned to active admins and instructors only",
      ApiError.fieldDetails("staff_id", "CHAT_INVALID_ASSIGNEE", "not an active staff member"));
  }

  static JsonObject session(Row row) {
    UUID assigned = row.getUUID("assigned_to");
    String[] tags = row.getArrayOfStrings("tags");
    JsonArray tagList = new JsonArray();
    if (tags != null) for (String tag : tags) tagList.add(tag);
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("user", new JsonObject()
        .put("id", row.getUUID("user_id") == null ? null : row.getUUID("user_id").toString())
        .put("full_name", row.getString("visitor_name"))
        .put("email", row.getString("visitor_email")))
      .put("status", row.getString("status"))
      .put("assigned_to", assigned == null ? null : new JsonObject().put("id", assigned.toString())
        .put("full_name", row.getString("assigned_name")))
      .put("handoff", row.getBoolean("handoff"))
      .put("started_at", Iso.of(row.getOffsetDateTime("started_at")))
      .put("last_message_at", Iso.of(row.getOffsetDateTime("last_message_at")))
      .put("closed_at", Iso.of(row.getOffsetDateTime("closed_at")))
      .put("close_reason", row.getString("close_reason"))
      .put("metadata", new JsonObject()
        .put("topic", row.getString("topic"))
        .put("tags", tagList)
        .put("resolved", row.getBoolean("resolved"))
        .put("last_message", row.getString("last_message"))
        .put("message_count", row.getLong("message_count")));
  }

  static JsonObject message(Row row) {
    UUID sender = row.getUUID("sender_id");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("seq", row.getLong("seq"))
      .put("session_id", row.getUUID("session_id").toString())
      .put("role", row.getString("role"))
      .put("content", row.getString("content"))
      .put("bot", row.getBoolean("bot"))
      .put("sender", sender == null ? null : new JsonObject().put("id", sender.toString()).put("full_name", row.getString("sender_name")))
      .put("client_message_id", row.getString("client_message_id"))
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("read_at", Iso.of(row.getOffsetDateTime("read_at")));
  }

  private static String triggeredBy(UUID userId) {
    return userId == null ? "visitor" : userId.toString();
  }

  private static ApiError sessionNotFound() {
    return ErrorCode.CHAT_SESSION_NOT_FOUND.error("Chat session not found");
  }

  private static ApiError closed() {
    return ErrorCode.CHAT_SESSION_CLOSED.error("This chat session is closed");
  }

  private static ApiError invalid(String name, String problem) {
    return ErrorCode.VALIDATION_ERROR.error(name + " " + problem,
      ApiError.fieldDetails(name, "VALIDATION_ERROR", problem));
  }
}

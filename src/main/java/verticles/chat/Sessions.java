package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.Values;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Conversations (seed §6): starting one (guest or member, capped per client IP), the staff listing and the
 * dashboard's part, a visitor's own sessions, metadata, claiming and reassigning, hand-off, closing and the
 * statistics. Who may use a session is decided here ({@link #sessionFor}).
 */
final class Sessions {
  private final Pool db;
  private final JsonObject settings;
  private final Events events;
  private final JWTAuth chatTokens;
  private final JWTOptions chatTokenOptions;
  private final OfficeHours officeHours;
  private final Notices notices;
  private final Staff staff;
  private final Pushes pushes;

  Sessions(Pool db, JsonObject settings, Events events, JWTAuth chatTokens, JWTOptions chatTokenOptions,
           OfficeHours officeHours, Notices notices, Staff staff, Pushes pushes) {
    this.db = db;
    this.settings = settings;
    this.events = events;
    this.chatTokens = chatTokens;
    this.chatTokenOptions = chatTokenOptions;
    this.officeHours = officeHours;
    this.notices = notices;
    this.staff = staff;
    this.pushes = pushes;
  }

  /** The session row when the actor may use it: 404 when there is none, 403 when it is someone else's. */
  Future<Row> sessionFor(Actor actor, String id) {
    UUID uuid = Values.uuidOrNull(id);
    if (uuid == null) return Future.failedFuture(ChatErrors.sessionNotFound());
    return db.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(uuid)).compose(rows -> {
      if (rows.size() == 0) return Future.failedFuture(ChatErrors.sessionNotFound());
      Row row = rows.iterator().next();
      return actor != null && actor.mayUse(row) ? Future.succeededFuture(row)
        : Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("This chat session is not yours"));
    });
  }

  Future<JsonObject> reload(String id) {
    return db.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(UUID.fromString(id)))
      .map(rows -> ChatRows.session(rows.iterator().next()));
  }

  // --- starting ---------------------------------------------------------------------------------

  /**
   * Starts a conversation. Guests give name and email; a signed-in user's session is tied to their account
   * (and an open one is handed back instead of a second). Capped per client IP per hour in PostgreSQL.
   * The answer carries a chat token scoped to this one session. A new session speaks the request's language
   * ({@link BusRequest#language()}: {@code ?lang=}, else {@code Accept-Language}; issue 20): its system notices,
   * default close reasons and the assistant's answers; an open session handed back keeps its own.
   */
  Future<Reply> create(BusRequest req) {
    Actor actor = Actor.of(req.user());
    JsonObject body = req.body();
    String topic = Values.trimmedOrNull(body.getString("topic", body.getString("title")));
    if (actor != null && actor.userId() != null) {
      return db.preparedQuery(ChatSql.SESSIONS_OF_USER).execute(Tuple.of(UUID.fromString(actor.userId())))
        .compose(rows -> {
          for (Row row : rows) {
            if (!"closed".equals(row.getString("status"))) return Future.succeededFuture(created(row, false));
          }
          return staff.member(actor.userId(), body.getString("name"))
            .compose(name -> insert(req, UUID.fromString(actor.userId()), name, actor.email(), topic));
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
    return insert(req, null, name, email, topic);
  }

  private Future<Reply> insert(BusRequest req, UUID userId, String name, String email, String topic) {
    String ip = req.ip();
    int cap = settings.getInteger("sessions_per_ip_per_hour");
    return db.withTransaction(conn -> ipAllowance(conn, ip, cap)
        .compose(v -> conn.preparedQuery(ChatSql.INSERT_SESSION).execute(Tuple.of(userId, name, email, topic, ip,
          Notices.language(req.language()))))
        .compose(rows -> conn.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(rows.iterator().next().getUUID("id")))))
      .map(rows -> {
        Row row = rows.iterator().next();
        JsonObject session = ChatRows.session(row);
        events.publish("chat.session.created", new JsonObject().put("session_id", session.getString("id"))
          .put("user_id", userId == null ? null : userId.toString()).put("topic", topic),
          userId == null ? "visitor" : userId.toString());
        pushes.inbox("session_created", session);
        return created(row, true);
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

  private Reply created(Row row, boolean created) {
    JsonObject session = ChatRows.session(row);
    String token = chatTokens.generateToken(new JsonObject().put("typ", "chat").put("sub", session.getString("id"))
      .put("jti", UUID.randomUUID().toString()), chatTokenOptions);
    JsonObject data = new JsonObject()
      .put("session_id", session.getString("id"))
      .put("chat_token", token)
      .put("expires_in", settings.getInteger("token_ttl_seconds"))
      .put("session", session);
    return created ? Reply.created(data, "Chat session started") : Reply.ok(data, "Your open chat session");
  }

  // --- reading ----------------------------------------------------------------------------------

  /** Seed §6.2 with the status and owner filters of an inbox. */
  Future<Reply> list(BusRequest req) {
    Page page = Page.of(req);
    JsonObject query = req.query();
    UUID userId = Values.uuidOrNull(query.getString("user_id")), assignedTo = Values.uuidOrNull(query.getString("assigned_to"));
    String status = query.getString("status");
    Future<RowSet<Row>> rows = db.preparedQuery(ChatSql.LIST_SESSIONS)
      .execute(Tuple.of(userId, status, assignedTo, page.limit(), page.offset()));
    Future<RowSet<Row>> count = db.preparedQuery(ChatSql.COUNT_SESSIONS).execute(Tuple.of(userId, status, assignedTo));
    return Future.all(rows, count).map(done -> {
      JsonArray sessions = new JsonArray();
      for (Row row : rows.result()) sessions.add(ChatRows.session(row));
      long total = count.result().iterator().next().getLong("total");
      return Reply.ok(new JsonObject().put("sessions", sessions).put("pagination", page.pagination(total)));
    });
  }

  /** For the admin dashboard: {} → {active_chats, active_sessions: [the 10 most recent open sessions]}. */
  Future<JsonObject> dashboard(JsonObject query) {
    return db.preparedQuery(ChatSql.OPEN_SESSIONS).execute(Tuple.of(10)).map(rows -> {
      JsonArray sessions = new JsonArray();
      long open = 0;
      for (Row row : rows) {
        open = row.getLong("open_total");
        sessions.add(ChatRows.session(row));
      }
      return new JsonObject().put("active_chats", open).put("active_sessions", sessions);
    });
  }

  /** Seed §6.4: a signed-in user's sessions; a guest's chat token shows its one session. */
  Future<Reply> mine(BusRequest req) {
    Actor actor = Actor.of(req.user());
    Future<RowSet<Row>> rows = actor.chatSessionId() != null
      ? db.preparedQuery(ChatSql.SESSION_BY_ID).execute(Tuple.of(UUID.fromString(actor.chatSessionId())))
      : db.preparedQuery(ChatSql.SESSIONS_OF_USER).execute(Tuple.of(UUID.fromString(actor.userId())));
    return rows.map(found -> {
      JsonArray sessions = new JsonArray();
      for (Row row : found) sessions.add(ChatRows.session(row));
      return Reply.ok(new JsonObject().put("sessions", sessions));
    });
  }

  /** Seed §6.3: the session with a page of its history (oldest first, limit/offset) and total_messages. */
  Future<Reply> get(BusRequest req) {
    Actor actor = Actor.of(req.user());
    int limit = req.query().getInteger("limit", 50);
    int offset = req.query().getInteger("offset", 0);
    return sessionFor(actor, req.pathParam("id")).compose(row -> db.preparedQuery(ChatSql.MESSAGES_PAGE)
      .execute(Tuple.of(row.getUUID("id"), limit, offset))
      .map(rows -> {
        JsonObject session = ChatRows.session(row);
        JsonArray messages = new JsonArray();
        for (Row m : rows) messages.add(ChatRows.message(m));
        return Reply.ok(session.put("messages", messages)
          .put("total_messages", session.getJsonObject("metadata").getLong("message_count")));
      }));
  }

  /** Seed §6.6 from real timestamps; "today" in the academy's time zone. */
  Future<Reply> stats(BusRequest req) {
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

  // --- changing ---------------------------------------------------------------------------------

  /** Seed §6.5: topic, tags and resolved; only what is sent changes. */
  Future<Reply> update(BusRequest req) {
    Actor actor = Actor.of(req.user());
    JsonObject metadata = req.body().getJsonObject("metadata", new JsonObject());
    JsonArray tags = metadata.getJsonArray("tags");
    String[] tagArray = tags == null ? null : tags.stream().map(t -> t.toString().trim()).filter(t -> !t.isEmpty())
      .distinct().toArray(String[]::new);
    return sessionFor(actor, req.pathParam("id"))
      .compose(row -> db.preparedQuery(ChatSql.UPDATE_METADATA).execute(Tuple.of(row.getUUID("id"),
        Values.trimmedOrNull(metadata.getString("topic")), tagArray, metadata.getBoolean("resolved"), tags != null)))
      .compose(rows -> reload(req.pathParam("id")))
      .map(session -> {
        pushes.inbox("session_updated", session);
        return Reply.ok(session, "Session metadata updated successfully");
      });
  }

  /**
   * Claim (staff, for themselves) or reassign (admins, to any active staff member). One owner at a time:
   * the UPDATE itself refuses a conversation someone else owns, unless an admin reassigns it.
   */
  Future<Reply> assign(BusRequest req) {
    Actor actor = Actor.of(req.user());
    String target = req.body().getString("staff_id", actor.userId());
    if (!target.equals(actor.userId()) && !actor.admin()) {
      return Future.failedFuture(ErrorCode.AUTH_FORBIDDEN.error("Only admins assign conversations to someone else"));
    }
    Future<String> assignee = target.equals(actor.userId()) ? staff.name(actor.userId(), actor.email()) : staff.active(target);
    return sessionFor(actor, req.pathParam("id")).compose(row -> assignee.compose(name -> db.withTransaction(conn ->
        conn.preparedQuery(ChatSql.ASSIGN).execute(Tuple.of(row.getUUID("id"), UUID.fromString(target), name, actor.admin()))
          .compose(rows -> rows.size() == 1
            ? Messages.insert(conn, row.getUUID("id"), "system", notices.joined(name, row.getString("language")), null, null,
              false, null)
            : Future.failedFuture(ChatErrors.notAssignable(row)))))
      .compose(notice -> {
        pushes.message(notice);
        return reload(req.pathParam("id"));
      })
      .map(session -> {
        pushes.inbox("session_updated", session);
        return Reply.ok(session, "Conversation assigned to " + session.getJsonObject("assigned_to").getString("full_name"));
      }));
  }

  /** "Talk to a human": the assistant stops answering and the conversation waits for staff. */
  Future<Reply> handoff(BusRequest req) {
    Actor actor = Actor.of(req.user());
    return sessionFor(actor, req.pathParam("id"))
      .compose(row -> handoff(row.getUUID("id")))
      .compose(v -> reload(req.pathParam("id")))
      .map(session -> Reply.ok(session, "Our staff will join the conversation"));
  }

  Future<Void> handoff(UUID sessionId) {
    return db.withTransaction(conn -> conn.preparedQuery(ChatSql.LOCK_SESSION).execute(Tuple.of(sessionId))
        .compose(rows -> {
          Row row = rows.iterator().next();
          if ("closed".equals(row.getString("status"))) return Future.failedFuture(ChatErrors.closed());
          if (row.getBoolean("handoff")) return Future.succeededFuture(List.<JsonObject>of());
          boolean open = officeHours.isOpen(Instant.now());
          String text = notices.handoff(open, row.getBoolean("offline_notified"), row.getString("language"));
          return conn.preparedQuery(ChatSql.HANDOFF).execute(Tuple.of(sessionId, !open))
            .compose(v -> Messages.insert(conn, sessionId, "system", text, null, null, false, null))
            .map(List::of);
        }))
      .compose(posted -> {
        posted.forEach(pushes::message);
        return reload(sessionId.toString()).map(session -> {
          if (!posted.isEmpty()) pushes.inbox("session_updated", session);
          return null;
        });
      });
  }

  /**
   * The visitor or staff end the conversation; listeners get session_closed. Without a reason: "Ditutup oleh staf" /
   * "Closed by staff" (or "… pengunjung" / "… the visitor"), in the session's language.
   */
  Future<Reply> close(BusRequest req) {
    Actor actor = Actor.of(req.user());
    String reason = Values.trimmedOrNull(req.body().getString("reason"));
    return sessionFor(actor, req.pathParam("id"))
      .compose(row -> close(row.getUUID("id"), row.getString("language"), reason != null ? reason
        : notices.closeReason(actor.staff(), row.getString("language"))))
      .map(session -> Reply.ok(session, "Chat session closed"));
  }

  /** Closes the conversation with {@code reason} (as given) and its notice in the session's {@code language}. */
  Future<JsonObject> close(UUID sessionId, String language, String reason) {
    return db.withTransaction(conn -> conn.preparedQuery(ChatSql.CLOSE).execute(Tuple.of(sessionId, reason))
        .compose(rows -> rows.size() == 0 ? Future.failedFuture(ChatErrors.closed())
          : Messages.insert(conn, sessionId, "system", notices.closed(reason, language), null, null, false, null)
          .map(notice -> new JsonObject().put("notice", notice)
            .put("closed_at", Iso.of(rows.iterator().next().getOffsetDateTime("closed_at"))))))
      .compose(done -> {
        pushes.message(done.getJsonObject("notice"));
        pushes.toSession(sessionId.toString(), "session_closed", new JsonObject()
          .put("session_id", sessionId.toString()).put("reason", reason).put("closed_at", done.getString("closed_at")), false);
        return reload(sessionId.toString());
      })
      .map(session -> {
        pushes.inbox("session_updated", session);
        return session;
      });
  }
}

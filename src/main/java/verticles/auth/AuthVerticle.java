package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.AuthClient;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.Outbox;
import verticles.bus.Reply;
import verticles.bus.Values;
import verticles.infra.Captcha;
import verticles.infra.Config;
import verticles.infra.Database;
import verticles.infra.Jwt;
import verticles.infra.RedisStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Authentication (seed §2): login for every role, refresh-token rotation with reuse detection,
 * logout, the current user; brute-force lockout in PostgreSQL; the first admin. User management
 * (seed §3) is handled by {@link Users}, revocation by {@link Revocations}.
 */
public final class AuthVerticle extends DomainVerticle {
  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);
  private static final long REVOCATION_SYNC_MS = 60_000;

  @Override
  protected void routes(Endpoints e) {
    e.on("auth.login", this::login)
      .on("auth.refresh", this::refresh)
      .on("auth.logout", this::logout)
      .on("auth.me", this::me)
      .on("auth.userStats", this::userStats)
      .on("auth.listStudents", users::listStudents)
      .on("auth.listTeachers", users::listTeachers)
      .on("auth.getUser", users::get)
      .on("auth.updateMe", users::updateMe)
      .on("auth.createInstructor", users::createInstructor)
      .on("auth.setPassword", users::setPassword)
      .on("auth.changeRole", users::changeRole)
      .on("auth.deleteUser", users::delete)
      .on("auth.userByEmail", users::byEmail)
      // --- student import (issue 16) ---
      .on("auth.importStudents", studentImport::importStudents)
      // student accounts (issue 16)
      .on("auth.register", accounts::register)
      .on("auth.verifyEmail", accounts::verifyEmail)
      .on("auth.instructorLogin", req -> roleLogin(req, "instructor"))
      .on("auth.studentLogin", req -> roleLogin(req, "student"))
      .on("auth.changePassword", accounts::changePassword)
      .on("auth.forgotPassword", accounts::forgotPassword)
      .on("auth.resetPassword", accounts::resetPassword)
      .on("auth.patchMe", users::updateMe)
      .on("auth.listUsers", users::listAll)
      .internal(AuthClient.IS_REVOKED, query -> revocations.isRevoked(query))
      .internal(AuthClient.GET_USER, this::internalUser)
      .internal(AuthClient.GET_USERS, this::internalUsers)
      .internal(AuthClient.FIND_OR_CREATE_STUDENT, users::findOrCreateStudent);
  }

  @Override
  protected String name() {
    return "auth";
  }

  private Pool db;
  private RedisAPI redis;
  private Tokens tokens;
  private Sessions sessions;
  private Credentials credentials;
  private Revocations revocations;
  private Users users;
  private StudentImport studentImport;
  private Accounts accounts;
  private Captcha captcha;
  private Outbox outbox;
  private String timezone;
  private long syncTimer, outboxTimer;

  @Override
  protected Future<?> setUp() {
    JsonObject config = config();
    db = Database.pool(vertx, config);
    redis = RedisStore.api(vertx, config);
    JWTAuth jwt = Jwt.provider(vertx, config);
    tokens = new Tokens(jwt, config.getJsonObject("jwt"));
    revocations = new Revocations(db, redis, tokens.accessTtlSeconds(), vertx.eventBus());
    Events events = new Events(vertx, redis, "auth");
    // the account-invitation emails leave through auth's outbox (V13): after each change and every mail.poll_seconds
    outbox = new Outbox(vertx, db, events, "auth", askOptions());
    Invitations invitations = new Invitations(Config.publicUrl(config));
    users = new Users(vertx, db, revocations, events, outbox, invitations, askOptions());
    studentImport = new StudentImport(vertx, db, events, outbox, invitations);
    sessions = new Sessions(tokens);
    credentials = new Credentials(vertx, db, config.getJsonObject("login"));
    captcha = new Captcha(vertx, config.getJsonObject("captcha"));
    accounts = new Accounts(vertx, db, credentials, sessions, revocations, events, outbox, captcha, Config.publicUrl(config));
    timezone = config.getString("timezone");
    // the common-password list is loaded once per JVM, on a worker, before any password is checked
    return Future.all(vertx.executeBlocking(CommonPasswords::get, false), credentials.init())
      .compose(v -> AdminBootstrap.run(vertx, db, config))
      .compose(v -> revocations.sync())
      .onSuccess(v -> {
        syncTimer = vertx.setPeriodic(REVOCATION_SYNC_MS, id -> revocations.sync());
        outboxTimer = vertx.setPeriodic(config.getJsonObject("mail").getInteger("poll_seconds") * 1000L, id -> outbox.flush());
        outbox.flush(); // what a stopped node committed but did not hand over
      });
  }

  @Override
  protected Future<?> tearDown() {
    vertx.cancelTimer(syncTimer);
    vertx.cancelTimer(outboxTimer);
    captcha.close();
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }

  // --- login ------------------------------------------------------------------------------------

  /** Same answer for an unknown email and a wrong password; locked subjects get 429 + retry_after. */
  private Future<Reply> login(BusRequest req) {
    return signIn(req, null).map(signedIn -> Reply.ok(new JsonObject().put("admin", publicUser(signedIn.user()))
      .put("tokens", signedIn.tokens()), "Login successful"));
  }

  /**
   * The course platform's role-scoped logins (seed 001 §1–2, issue 16): the login for one role. A valid account of
   * another role gets exactly the 401 of a wrong password and counts as a failure towards the lockout, so these
   * endpoints tell nobody which role an account has. → {user (with type and nim for students), token (the access
   * token, seed 001's field), tokens}.
   */
  private Future<Reply> roleLogin(BusRequest req, String role) {
    return signIn(req, role).map(signedIn -> Reply.ok(new JsonObject().put("user", Accounts.accountJson(signedIn.user()))
      .put("token", signedIn.tokens().getString("access_token")).put("tokens", signedIn.tokens()), "Login successful"));
  }

  private record SignedIn(Row user, JsonObject tokens) {
  }

  /** Checks the credentials (of {@code role}, when given), then starts a login session for an active account. */
  private Future<SignedIn> signIn(BusRequest req, String role) {
    String email = req.body().getString("email").trim().toLowerCase(Locale.ROOT);
    return credentials.verify(email, req.body().getString("password"), req.ip(), role)
      .compose(user -> {
        if (!"active".equals(user.getString("status"))) {
          return Future.failedFuture(ErrorCode.AUTH_ACCOUNT_DISABLED.error("This account is not active"));
        }
        return credentials.succeeded(email)
          .compose(v -> db.preparedQuery(AuthSql.TOUCH_LAST_LOGIN).execute(Tuple.of(user.getUUID("id"))))
          .compose(v -> db.withTransaction(conn -> sessions.start(conn, user)))
          .map(issued -> new SignedIn(user, issued));
      });
  }

  // --- refresh ----------------------------------------------------------------------------------

  /** Rotates: the presented token is used up and a new one issued; presenting a used one ends the session. */
  private Future<Reply> refresh(BusRequest req) {
    byte[] hash = Tokens.hash(req.body().getString("refresh_token"));
    return db.withTransaction(conn -> conn.preparedQuery(AuthSql.CONSUME_REFRESH).execute(Tuple.of(hash))
        .compose(rows -> {
          Row consumed = first(rows);
          if (consumed == null) return Future.succeededFuture((JsonObject) null);
          UUID family = consumed.getUUID("family_id");
          return conn.preparedQuery(AuthSql.USER_BY_ID).execute(Tuple.of(consumed.getUUID("user_id")))
            .compose(users -> {
              Row user = first(users);
              if (user == null || !"active".equals(user.getString("status"))) {
                return Future.succeededFuture((JsonObject) null);
              }
              return sessions.issue(conn, user, family);
            });
        }))
      .compose(issued -> issued != null ? Future.succeededFuture(Reply.ok(issued, "Token refreshed"))
        : refreshRefused(hash));
  }

  private Future<Reply> refreshRefused(byte[] hash) {
    return db.preparedQuery(AuthSql.REFRESH_STATE).execute(Tuple.of(hash)).compose(rows -> {
      Row state = first(rows);
      if (state == null) return Future.failedFuture(ErrorCode.AUTH_INVALID_TOKEN.error("Invalid refresh token"));
      UUID family = state.getUUID("family_id");
      if (state.getValue("revoked_at") == null && state.getValue("used_at") != null) {
        LOG.warn("Refresh token reuse detected; ending session {}", family);
        return revocations.endSession(family, "reuse", null, 0).compose(v -> Future.failedFuture(
          ErrorCode.AUTH_INVALID_TOKEN.error("Refresh token was already used; the session has been ended")));
      }
      if (state.getValue("revoked_at") != null) {
        return Future.failedFuture(ErrorCode.AUTH_INVALID_TOKEN.error("The session has ended; log in again"));
      }
      if (state.getBoolean("expired")) {
        return Future.failedFuture(ErrorCode.AUTH_REFRESH_TOKEN_EXPIRED.error("Refresh token expired; log in again"));
      }
      // the account is no longer active
      return revocations.endSession(family, "account", null, 0).compose(v -> Future.failedFuture(
        ErrorCode.AUTH_INVALID_TOKEN.error("The session has ended; log in again")));
    });
  }

  // --- logout ---------------------------------------------------------------------------------

  /**
   * Ends the caller's login session (its refresh tokens and the presented access token). A body
   * {@code {"refresh_token"}} also ends that token's session when it is the caller's own (a client holding
   * tokens of an earlier login); an unknown or foreign token changes nothing and is not reported.
   */
  private Future<Reply> logout(BusRequest req) {
    Caller caller = req.user();
    String refresh = req.body().getString("refresh_token");
    Future<Void> other = refresh == null ? Future.succeededFuture()
      : db.preparedQuery(AuthSql.FAMILY_OF_REFRESH).execute(Tuple.of(Tokens.hash(refresh), UUID.fromString(caller.id())))
        .compose(rows -> {
          Row row = first(rows);
          UUID family = row == null ? null : row.getUUID("family_id");
          return family == null || family.toString().equals(caller.sessionId()) ? Future.succeededFuture()
            : revocations.endSession(family, "logout", null, 0);
        });
    return other.compose(v -> revocations.endSession(UUID.fromString(caller.sessionId()), "logout", caller.tokenId(),
        caller.tokenExpiresAt()))
      .map(v -> Reply.message("Logged out successfully"));
  }

  /** For other verticles: {id} → {id, email, full_name, role, status}, or 404 AUTH_USER_NOT_FOUND. */
  private Future<JsonObject> internalUser(JsonObject query) {
    UUID id;
    try {
      id = UUID.fromString(query.getString("id", ""));
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("User not found"));
    }
    return db.preparedQuery(AuthSql.USER_BY_ID).execute(Tuple.of(id)).compose(rows -> {
      Row user = first(rows);
      if (user == null) return Future.failedFuture(ErrorCode.AUTH_USER_NOT_FOUND.error("User not found"));
      return Future.succeededFuture(publicUser(user).put("status", user.getString("status")));
    });
  }

  /**
   * For other verticles, many at once: {ids} → {users: [{id, email, full_name, role, status}]}; ids of no live
   * account (unknown, deleted, not a uuid) are absent.
   */
  private Future<JsonObject> internalUsers(JsonObject query) {
    List<UUID> ids = new ArrayList<>();
    for (Object id : query.getJsonArray("ids", new JsonArray())) {
      UUID uuid = Values.uuidOrNull(String.valueOf(id));
      if (uuid != null) ids.add(uuid);
    }
    return db.preparedQuery(AuthSql.USERS_BY_IDS).execute(Tuple.of(ids.toArray(new UUID[0]))).map(rows -> {
      JsonArray users = new JsonArray();
      for (Row user : rows) users.add(publicUser(user).put("status", user.getString("status")));
      return new JsonObject().put("users", users);
    });
  }

  // --- current user, statistics -----------------------------------------------------------------

  /** A valid token whose account is gone (never issued for a live one): the caller is not authenticated. */
  static ApiError noAccount() {
    return verticles.infra.TokenCheck.unauthorized("invalid", "The account of this token does not exist");
  }

  private Future<Reply> me(BusRequest req) {
    return db.preparedQuery(AuthSql.USER_BY_ID).execute(Tuple.of(UUID.fromString(req.user().id())))
      .compose(rows -> {
        Row user = first(rows);
        if (user == null) return Future.failedFuture(noAccount());
        return Future.succeededFuture(Reply.ok(Accounts.accountJson(user)
          .put("status", user.getString("status"))
          .put("last_login_at", Iso.of(user.getOffsetDateTime("last_login_at")))));
      });
  }

  private Future<Reply> userStats(BusRequest req) {
    return db.preparedQuery(AuthSql.USER_STATS).execute(Tuple.of(timezone)).map(rows -> {
      Row row = rows.iterator().next();
      JsonObject stats = new JsonObject();
      for (int i = 0; i < row.size(); i++) stats.put(row.getColumnName(i), row.getLong(i));
      return Reply.ok(stats);
    });
  }

  private static JsonObject publicUser(Row user) {
    return new JsonObject()
      .put("id", user.getUUID("id").toString())
      .put("email", user.getString("email"))
      .put("full_name", user.getString("full_name"))
      .put("role", user.getString("role"));
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }
}

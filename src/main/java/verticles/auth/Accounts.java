package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Events;
import verticles.bus.Iso;
import verticles.bus.NotifyClient;
import verticles.bus.Outbox;
import verticles.bus.Reply;
import verticles.infra.Captcha;

import java.util.Locale;
import java.util.UUID;

/**
 * Student accounts and password flows (issue 16; seed 003 §1.2.1, the OTI Academy): self-registration as UMUM or DIKE
 * with an email verification, the password change, forgot and reset password. Emails leave through auth's outbox in
 * the transaction of their token; links carry the token in the URL fragment of the public page
 * ({@code <public_url>/#verify=…}, {@code #reset=…}), which browsers never send to a server.
 */
final class Accounts {
  static final int VERIFY_EMAIL_TTL_HOURS = 48, RESET_PASSWORD_TTL_HOURS = 1;
  /** The one answer of forgot-password, whether or not the email has an account (seed 003's wording). */
  static final String FORGOT_PASSWORD_ANSWER = "If your email is registered, you will receive reset instructions shortly";

  private final Vertx vertx;
  private final Pool db;
  private final Credentials credentials;
  private final Sessions sessions;
  private final PasswordTokens passwordTokens;
  private final Revocations revocations;
  private final Events events;
  private final Outbox outbox;
  private final Captcha captcha;
  private final String publicPage;

  /** {@code publicUrl}: where people reach the academy ({@code Config.publicUrl}), for the links in emails. */
  Accounts(Vertx vertx, Pool db, Credentials credentials, Sessions sessions, Revocations revocations, Events events,
           Outbox outbox, Captcha captcha, String publicUrl) {
    this.vertx = vertx;
    this.db = db;
    this.credentials = credentials;
    this.sessions = sessions;
    this.passwordTokens = new PasswordTokens(vertx, db, revocations);
    this.revocations = revocations;
    this.events = events;
    this.outbox = outbox;
    this.captcha = captcha;
    this.publicPage = publicUrl + "/#";
  }

  // --- self-registration ------------------------------------------------------------------------

  /**
   * Public: {name, email, password, type: UMUM|DIKE, nim?, captcha_token?} → 201 {user, tokens}: an active student
   * signed in at once, with an {@code email-verification} email (48 h link). Refusals, in this order (so that nobody
   * learns whether an email has an account without passing the captcha): 400 for a type/NIM mismatch or a weak
   * password; 400 {@code CAPTCHA_INVALID} / 503 {@code CAPTCHA_UNAVAILABLE}; 409 {@code AUTH_EMAIL_ALREADY_EXISTS} for
   * an email with a live account of any kind (including the password-less student an approved public registration
   * created: its owner claims it through forgot-password); 409 {@code AUTH_NIM_ALREADY_EXISTS}.
   */
  Future<Reply> register(BusRequest req) {
    JsonObject body = req.body();
    String email = body.getString("email").trim().toLowerCase(Locale.ROOT);
    String name = body.getString("name").trim();
    String type = body.getString("type"), nim = body.getString("nim"), password = body.getString("password");
    ApiError refused = typeMisfit(type, nim);
    if (refused == null) refused = Passwords.tooWeak(password, email, "password");
    if (refused != null) return Future.failedFuture(refused);
    String language = req.language();
    String token = PasswordTokens.newToken();
    return captcha.verify(body.getString("captcha_token"), req.ip())
      .compose(v -> vertx.executeBlocking(() -> Passwords.hash(password), false))
      .compose(hash -> db.withTransaction(conn -> conn.preparedQuery(AuthSql.INSERT_STUDENT_ACCOUNT)
        .execute(Tuple.of(email, hash, name, type, nim))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.failedFuture(ErrorCode.AUTH_EMAIL_ALREADY_EXISTS.error("An account with this email already "
              + "exists. If it is yours, use \"forgot password\" to set a new password and sign in."));
          }
          Row user = rows.iterator().next();
          UUID id = user.getUUID("id");
          return PasswordTokens.issue(conn, id, token, PasswordTokens.VERIFY_EMAIL, VERIFY_EMAIL_TTL_HOURS)
            .compose(expiresAt -> Outbox.email(conn, "auth", NotifyClient.email("email-verification", email, language,
              new JsonObject().put("name", name).put("verify_url", publicPage + "verify=" + token).put("token", token)
                .put("expires_at", expiresAt)), id.toString()))
            .compose(v -> sessions.start(conn, user))
            .map(tokens -> new JsonObject().put("user", accountJson(user)).put("tokens", tokens));
        })))
      .recover(Accounts::nimTaken)
      .map(registered -> {
        outbox.flush();
        JsonObject user = registered.getJsonObject("user");
        events.publish("user.registered", new JsonObject().put("user_id", user.getString("id")).put("email", email)
          .put("role", "student").put("type", type), user.getString("id"));
        return Reply.created(registered, "User registered successfully; confirm your email address with the link we sent");
      });
  }

  /** Public: {token} from the verification email → the address is verified; unknown, used or expired → 401. */
  Future<Reply> verifyEmail(BusRequest req) {
    ApiError invalid = ErrorCode.AUTH_INVALID_TOKEN.error("This verification link is invalid, used or expired");
    return db.withTransaction(conn -> PasswordTokens.spend(conn, req.body().getString("token"), PasswordTokens.VERIFY_EMAIL, invalid)
        .compose(user -> conn.preparedQuery(AuthSql.MARK_EMAIL_VERIFIED).execute(Tuple.of(user)))
        .compose(rows -> rows.rowCount() == 0 ? Future.failedFuture(invalid) : Future.succeededFuture()))
      .map(v -> Reply.message("Email address verified"));
  }

  // --- passwords --------------------------------------------------------------------------------

  /**
   * Any signed-in user: {current_password, new_password}. The current password is checked like a login (a wrong one is
   * 401 {@code AUTH_INVALID_CREDENTIALS} and counts towards the lockout, 429 while locked); a weak new one is 400. Every
   * other session of the user ends; the caller's own stays.
   */
  Future<Reply> changePassword(BusRequest req) {
    Caller caller = req.user();
    UUID id = UUID.fromString(caller.id());
    String email = caller.email().toLowerCase(Locale.ROOT);
    String next = req.body().getString("new_password");
    ApiError weak = Passwords.tooWeak(next, email, "new_password");
    if (weak != null) return Future.failedFuture(weak);
    return credentials.verify(email, req.body().getString("current_password"), req.ip(), null)
      .compose(user -> !user.getUUID("id").equals(id) ? Future.failedFuture(AuthVerticle.noAccount())
        : credentials.succeeded(email).compose(v -> vertx.executeBlocking(() -> Passwords.hash(next), false)))
      .compose(hash -> db.withTransaction(conn -> conn.preparedQuery(AuthSql.CHANGE_PASSWORD).execute(Tuple.of(id, hash))
        .compose(v -> revocations.endUserSessions(conn, id, "password", UUID.fromString(caller.sessionId())))))
      .compose(revocations::publish)
      .map(v -> Reply.message("Password updated successfully; your other sessions have been signed out"));
  }

  /**
   * Public: {email} → always the same 200. A live account of that email (with or without a password) gets a
   * {@code password-reset} email with a single-use link valid 1 h. Both cases take the same shape — one transaction of
   * two statements (the token insert that finds no account, then a stand-in for the outbox insert) — so the answer's
   * timing does not tell them apart; the router limits requests per email and per IP ({@code x-rate-limit}).
   */
  Future<Reply> forgotPassword(BusRequest req) {
    String email = req.body().getString("email").trim().toLowerCase(Locale.ROOT);
    String language = req.language();
    String token = PasswordTokens.newToken();
    return db.withTransaction(conn -> conn.preparedQuery(AuthSql.ISSUE_RESET_TOKEN)
        .execute(Tuple.of(email, Tokens.hash(token), RESET_PASSWORD_TTL_HOURS))
        .compose(rows -> {
          if (rows.size() == 0) return conn.preparedQuery(AuthSql.NO_EMAIL).execute().map(false);
          Row account = rows.iterator().next();
          return Outbox.email(conn, "auth", NotifyClient.email("password-reset", account.getString("email"), language,
              new JsonObject().put("name", account.getString("full_name")).put("reset_url", publicPage + "reset=" + token)
                .put("token", token).put("expires_at", Iso.of(account.getOffsetDateTime("expires_at")))), null)
            .map(true);
        }))
      .map(emailed -> {
        if (emailed) outbox.flush();
        return Reply.message(FORGOT_PASSWORD_ANSWER);
      });
  }

  /**
   * Public: {token, password} → the account's password is set (also its first one: how the owner of a password-less
   * account claims it), its other reset links stop working and every session ends. Unknown, used or expired → 401
   * {@code AUTH_INVALID_TOKEN}; a weak password → 400 and the link stays usable.
   */
  Future<Reply> resetPassword(BusRequest req) {
    return passwordTokens.setPassword(req.body().getString("token"), PasswordTokens.RESET_PASSWORD,
        req.body().getString("password"),
        ErrorCode.AUTH_INVALID_TOKEN.error("This reset link is invalid, used or expired; ask for a new one"))
      .map(v -> Reply.message("Password has been reset successfully; log in with the new password"));
  }

  // --- shared -----------------------------------------------------------------------------------

  /**
   * The account as the registration and the role-scoped logins answer it (seeds 001 §1–2 and 003 §1): {id, name,
   * full_name, email, role, email_verified}, plus {type, nim} for students. {@code user}: a row with those columns.
   */
  static JsonObject accountJson(Row user) {
    JsonObject json = new JsonObject()
      .put("id", user.getUUID("id").toString())
      .put("name", user.getString("full_name"))
      .put("full_name", user.getString("full_name"))
      .put("email", user.getString("email"))
      .put("role", user.getString("role"))
      .put("email_verified", user.getBoolean("email_verified"));
    if ("student".equals(user.getString("role"))) json.put("type", user.getString("type")).put("nim", user.getString("nim"));
    return json;
  }

  /** A DIKE account needs its NIM, and only a DIKE account has one: 400 naming {@code nim}, or null when they fit. */
  static ApiError typeMisfit(String type, String nim) {
    if ("DIKE".equals(type) && nim == null) {
      return ErrorCode.VALIDATION_REQUIRED_FIELD.forField("nim", "is required for a DIKE account");
    }
    if (!"DIKE".equals(type) && nim != null) {
      return ErrorCode.VALIDATION_ERROR.forField("nim", "is only given with type DIKE");
    }
    return null;
  }

  /** A second live account with the same NIM (the database's unique index) → 409 {@code AUTH_NIM_ALREADY_EXISTS}. */
  static <T> Future<T> nimTaken(Throwable e) {
    return Future.failedFuture(e instanceof PgException pg && "23505".equals(pg.getSqlState())
      && AuthSql.NIM_INDEX.equals(pg.getConstraint())
      ? ErrorCode.AUTH_NIM_ALREADY_EXISTS.error("Another account already has this NIM",
        ApiError.fieldDetails("nim", ErrorCode.AUTH_NIM_ALREADY_EXISTS.name(), "is already taken"))
      : e);
  }
}

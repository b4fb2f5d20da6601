package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.Iso;

import java.util.UUID;

/**
 * One-time account tokens ({@code auth.password_tokens}, V2 and V15): 256 random bits sent only by email, stored as
 * SHA-256, single use, expiring, and spent only for their own purpose — an invitation's set-password link
 * ({@link #SET_PASSWORD}, 72 h), a password reset ({@link #RESET_PASSWORD}, 1 h), an email verification
 * ({@link #VERIFY_EMAIL}, 48 h).
 */
final class PasswordTokens {
  static final String SET_PASSWORD = "set_password", RESET_PASSWORD = "reset_password", VERIFY_EMAIL = "verify_email";

  private final Vertx vertx;
  private final Pool db;
  private final Revocations revocations;

  PasswordTokens(Vertx vertx, Pool db, Revocations revocations) {
    this.vertx = vertx;
    this.db = db;
    this.revocations = revocations;
  }

  /** A new token's text (for the email; only its hash is stored by {@link #issue}). */
  static String newToken() {
    return Tokens.newRefreshToken();
  }

  /** Stores {@code token} for {@code user} inside the caller's transaction: → its expiry (ISO-8601). */
  static Future<String> issue(SqlConnection conn, UUID user, String token, String purpose, int hours) {
    return conn.preparedQuery(AuthSql.INSERT_TOKEN).execute(Tuple.of(Tokens.hash(token), user, hours, purpose))
      .map(rows -> Iso.of(rows.iterator().next().getOffsetDateTime("expires_at")));
  }

  /** Spends a live token of {@code purpose} inside the caller's transaction: → its user, or fails with {@code invalid}. */
  static Future<UUID> spend(SqlConnection conn, String token, String purpose, ApiError invalid) {
    return conn.preparedQuery(AuthSql.CONSUME_TOKEN).execute(Tuple.of(Tokens.hash(token), purpose))
      .compose(rows -> rows.size() == 0 ? Future.failedFuture(invalid)
        : Future.succeededFuture(rows.iterator().next().getUUID("user_id")));
  }

  /**
   * Sets the password of the account a set-password or reset token belongs to: a weak password is 400
   * {@code AUTH_PASSWORD_TOO_WEAK} and leaves the token usable; an unknown, used or expired token (or one spent
   * concurrently) fails with {@code invalid}. In one transaction: the token is spent with every other live token of
   * its purpose, the password set (the address is proven, a pending account becomes active), and every session of
   * the account ends (published after commit).
   */
  Future<Void> setPassword(String token, String purpose, String password, ApiError invalid) {
    return db.preparedQuery(AuthSql.TOKEN_OWNER).execute(Tuple.of(Tokens.hash(token), purpose))
      .compose(rows -> {
        if (rows.size() == 0) return Future.failedFuture(invalid);
        ApiError weak = Passwords.tooWeak(password, rows.iterator().next().getString("email"), "password");
        if (weak != null) return Future.failedFuture(weak);
        return vertx.executeBlocking(() -> Passwords.hash(password), false);
      })
      .compose(passwordHash -> db.withTransaction(conn -> spend(conn, token, purpose, invalid)
        .compose(user -> conn.preparedQuery(AuthSql.VOID_TOKENS).execute(Tuple.of(user, purpose))
          .compose(v -> conn.preparedQuery(AuthSql.SET_PASSWORD).execute(Tuple.of(user, passwordHash)))
          // the owner proved the address: a lockout someone else caused with wrong passwords ends too
          .compose(v -> conn.preparedQuery(AuthSql.CLEAR_ACCOUNT_FAILURES).execute(Tuple.of(user)))
          .compose(v -> revocations.endUserSessions(conn, user, "password")))))
      .compose(revocations::publish);
  }
}

package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.util.UUID;

/**
 * Checking an email and password, with brute-force protection in PostgreSQL (seed §2): failures are counted per
 * account ({@code email:<address>}) and per client IP ({@code ip:<address>}); from {@code login.max_failures} /
 * {@code login.ip_max_failures} on, the subject is locked for base × 2^(failures − threshold) seconds, capped, and
 * answered 429 {@code AUTH_TOO_MANY_ATTEMPTS}. Every refusal is the same 401 {@code AUTH_INVALID_CREDENTIALS} and costs
 * one Argon2 verification (unknown emails and accounts without a password are checked against a dummy hash), so
 * neither the answer nor its timing tells which emails exist. Used by the logins and the password change.
 */
final class Credentials {
  private final Vertx vertx;
  private final Pool db;
  private final JsonObject login;
  private String dummyHash;

  /** {@code login}: the {@code login.*} settings. */
  Credentials(Vertx vertx, Pool db, JsonObject login) {
    this.vertx = vertx;
    this.db = db;
    this.login = login;
  }

  /** Computes the dummy hash (on a worker); before any {@link #verify}. */
  Future<Void> init() {
    return vertx.executeBlocking(() -> Passwords.hash(UUID.randomUUID().toString()), false)
      .onSuccess(hash -> dummyHash = hash).mapEmpty();
  }

  /**
   * The account ({@code USER_BY_EMAIL} row) whose email and password these are, and — when {@code role} is not null —
   * whose role it is: an account of another role is refused exactly like a wrong password (same 401, counted as a
   * failure). Fails 429 {@code AUTH_TOO_MANY_ATTEMPTS} {retry_after} while the account or the IP is locked.
   */
  Future<Row> verify(String email, String password, String ip, String role) {
    String emailSubject = "email:" + email, ipSubject = "ip:" + ip;
    return db.preparedQuery(AuthSql.LOCKED_FOR).execute(Tuple.of(new String[]{emailSubject, ipSubject}))
      .compose(rows -> {
        Integer wait = rows.iterator().next().getInteger("wait");
        if (wait != null && wait > 0) return Future.failedFuture(tooManyAttempts(wait));
        return db.preparedQuery(AuthSql.USER_BY_EMAIL).execute(Tuple.of(email));
      })
      .compose(rows -> {
        Row user = first(rows);
        String stored = user == null ? null : user.getString("password_hash");
        boolean eligible = stored != null && (role == null || role.equals(user.getString("role")));
        return vertx.executeBlocking(() -> Passwords.verify(password, stored == null ? dummyHash : stored), false)
          .compose(matches -> matches && eligible ? Future.succeededFuture(user)
            : recordFailure(emailSubject, ipSubject).compose(v -> Future.failedFuture(
              ErrorCode.AUTH_INVALID_CREDENTIALS.error("Invalid email or password"))));
      });
  }

  /** After a successful check: the account's failure count starts again (the IP's does not). */
  Future<Void> succeeded(String email) {
    return db.preparedQuery(AuthSql.CLEAR_FAILURES).execute(Tuple.of("email:" + email)).mapEmpty();
  }

  private Future<Void> recordFailure(String emailSubject, String ipSubject) {
    return Future.all(
      countFailure(emailSubject, login.getInteger("max_failures")),
      countFailure(ipSubject, login.getInteger("ip_max_failures"))).mapEmpty();
  }

  /** Counts a failure; from the threshold on, locks the subject for base × 2^(over) seconds, capped. */
  private Future<Void> countFailure(String subject, int threshold) {
    return db.preparedQuery(AuthSql.COUNT_FAILURE).execute(Tuple.of(subject, login.getInteger("failure_window_seconds")))
      .compose(rows -> {
        int failures = rows.iterator().next().getInteger("failures");
        if (failures < threshold) return Future.succeededFuture();
        long lock = Math.min((long) login.getInteger("lockout_base_seconds") << Math.min(failures - threshold, 20),
          login.getInteger("lockout_max_seconds"));
        return db.preparedQuery(AuthSql.LOCK_SUBJECT).execute(Tuple.of(subject, (double) lock)).mapEmpty();
      });
  }

  private static ApiError tooManyAttempts(int waitSeconds) {
    return ErrorCode.AUTH_TOO_MANY_ATTEMPTS.error("Too many failed login attempts, try again later",
      new JsonObject().put("retry_after", waitSeconds));
  }

  private static Row first(RowSet<Row> rows) {
    return rows.size() == 0 ? null : rows.iterator().next();
  }
}

package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.UUID;

/**
 * Login sessions: a refresh family per login (revoking it ends the session) and its rotating refresh tokens, stored
 * hashed. Used by every way of signing in — the logins, the refresh, and a self-registration that signs the new
 * student in at once.
 */
final class Sessions {
  private final Tokens tokens;

  Sessions(Tokens tokens) {
    this.tokens = tokens;
  }

  /**
   * Starts a session for {@code user} (a row with id, email, role) inside the caller's transaction: the seed's token
   * block {access_token, refresh_token, token_type, expires_in}.
   */
  Future<JsonObject> start(SqlConnection conn, Row user) {
    return conn.preparedQuery(AuthSql.INSERT_FAMILY).execute(Tuple.of(user.getUUID("id")))
      .compose(rows -> issue(conn, user, rows.iterator().next().getUUID("id")));
  }

  /** A new refresh token of session {@code family} and an access token. */
  Future<JsonObject> issue(SqlConnection conn, Row user, UUID family) {
    String refresh = Tokens.newRefreshToken();
    return conn.preparedQuery(AuthSql.INSERT_REFRESH)
      .execute(Tuple.of(Tokens.hash(refresh), family, tokens.refreshTtlDays()))
      .map(v -> tokens.pair(user, family, refresh));
  }
}

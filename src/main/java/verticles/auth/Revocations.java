package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.AuthClient;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Ending sessions and access tokens. PostgreSQL is the truth; Redis ({@code revoked:<jti>},
 * {@code revoked:sid:<session>}) is the router's fast path, refilled by {@link #sync} so a Redis that
 * restarted or missed a write catches up. Every revocation is also published on the bus
 * ({@link AuthClient#REVOKED}) once stored, so holders of live connections (the SockJS bridge) drop them at once.
 */
final class Revocations {
  private static final Logger LOG = LoggerFactory.getLogger(Revocations.class);

  private final Pool db;
  private final RedisAPI redis;
  private final int accessTtlSeconds;
  private final EventBus bus;

  Revocations(Pool db, RedisAPI redis, int accessTtlSeconds, EventBus bus) {
    this.db = db;
    this.redis = redis;
    this.accessTtlSeconds = accessTtlSeconds;
    this.bus = bus;
  }

  /** The login sessions a user change ended, and why; {@link #publish} them after the commit. */
  record Ended(List<UUID> families, String reason) {
  }

  /** Ends one login session and, when given, one access token (logout, refresh-token reuse). */
  Future<Void> endSession(UUID family, String reason, String jti, long jtiExpiresAt) {
    Future<RowSet<Row>> stored = db.withTransaction(conn -> {
      Future<RowSet<Row>> revoked = conn.preparedQuery(AuthSql.REVOKE_FAMILY).execute(Tuple.of(family, reason));
      return jti == null ? revoked : revoked.compose(v -> conn.preparedQuery(AuthSql.REVOKE_ACCESS_TOKEN)
        .execute(Tuple.of(UUID.fromString(jti), (double) jtiExpiresAt)));
    });
    return stored.compose(v -> {
      long now = System.currentTimeMillis() / 1000;
      Future<?> token = jti == null ? Future.succeededFuture() : mark(jti, Math.max(1, jtiExpiresAt - now));
      return Future.join(mark("sid:" + family, accessTtlSeconds), token)
        .<Void>mapEmpty()
        .onComplete(done -> announce(List.of(family), jti, reason));
    });
  }

  /** Ends every session of a user inside the caller's transaction; publish the result after commit. */
  Future<Ended> endUserSessions(SqlConnection conn, UUID user, String reason) {
    return endUserSessions(conn, user, reason, null);
  }

  /** Ends every session of a user but {@code keep} (the caller's own, on a password change; null: none). */
  Future<Ended> endUserSessions(SqlConnection conn, UUID user, String reason, UUID keep) {
    return conn.preparedQuery(AuthSql.REVOKE_USER_SESSIONS).execute(Tuple.of(user, reason, keep)).map(rows -> {
      List<UUID> families = new ArrayList<>();
      for (Row row : rows) families.add(row.getUUID("id"));
      return new Ended(families, reason);
    });
  }

  /** The Redis and bus side of {@link #endUserSessions}, once the transaction committed. */
  Future<Void> publish(Ended ended) {
    List<Future<?>> writes = new ArrayList<>();
    for (UUID family : ended.families()) writes.add(mark("sid:" + family, accessTtlSeconds));
    return Future.join(writes).<Void>mapEmpty().onComplete(done -> announce(ended.families(), null, ended.reason()));
  }

  /** Tells every node (after Redis, so a check that reads Redis from now on agrees): {sids, jtis, reason}. */
  private void announce(List<UUID> families, String jti, String reason) {
    if (families.isEmpty() && jti == null) return;
    JsonArray sids = new JsonArray();
    families.forEach(family -> sids.add(family.toString()));
    bus.publish(AuthClient.REVOKED, new JsonObject().put("sids", sids)
      .put("jtis", jti == null ? new JsonArray() : new JsonArray().add(jti)).put("reason", reason));
  }

  /** Best effort: a failed write is logged and repaired by the next {@link #sync}. */
  private Future<Void> mark(String key, long ttlSeconds) {
    return redis.set(List.of("revoked:" + key, "1", "EX", Long.toString(ttlSeconds)))
      .<Void>mapEmpty()
      .otherwise(e -> {
        LOG.warn("Redis unavailable; revocation {} is in PostgreSQL only until the next sync: {}", key, e.getMessage());
        return null;
      });
  }

  /** Refills Redis with every revocation that still matters, and purges long-expired rows. */
  Future<Void> sync() {
    return db.preparedQuery(AuthSql.LIVE_REVOCATIONS).execute(Tuple.of((double) accessTtlSeconds))
      .compose(rows -> {
        List<Future<?>> writes = new ArrayList<>();
        for (Row row : rows) writes.add(mark(row.getString("key"), Math.max(1, row.getInteger("ttl"))));
        return Future.join(writes);
      })
      .compose(v -> db.query(AuthSql.PURGE_EXPIRED).execute())
      .<Void>mapEmpty()
      .otherwise(e -> {
        LOG.warn("Revocation sync skipped: {}", e.getMessage());
        return null;
      });
  }

  /** The router's fallback when Redis cannot answer: {jti, sid} → {revoked}. */
  Future<JsonObject> isRevoked(JsonObject query) {
    return db.preparedQuery(AuthSql.IS_REVOKED)
      .execute(Tuple.of(UUID.fromString(query.getString("jti")), UUID.fromString(query.getString("sid"))))
      .map(rows -> new JsonObject().put("revoked", rows.iterator().next().getBoolean("revoked")));
  }
}

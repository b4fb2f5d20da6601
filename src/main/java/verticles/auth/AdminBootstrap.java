package verticles.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import verticles.infra.Config;

/**
 * The first admin: created when no admin exists, from admin.email / admin.password
 * (ACADEMY_ADMIN_EMAIL / ACADEMY_ADMIN_PASSWORD). Without a password, dev mode generates a strong one
 * and prints it once; production refuses, because it never prints secrets. There is no fixed default.
 * An advisory lock makes concurrent nodes create exactly one admin.
 */
final class AdminBootstrap {
  private AdminBootstrap() {
  }

  static Future<Void> run(Vertx vertx, Pool db, JsonObject config) {
    JsonObject admin = config.getJsonObject("admin");
    String email = admin.getString("email", "").trim();
    String configured = admin.getString("password", "");
    return db.withTransaction(conn -> conn.query(AuthSql.LOCK_ADMIN_BOOTSTRAP).execute()
      .compose(v -> conn.query(AuthSql.COUNT_ADMINS).execute())
      .compose(rows -> {
        if (rows.iterator().next().getLong(0) > 0) return Future.succeededFuture((String) null);
        if (!email.matches("[^@\\s]+@[^@\\s]+")) {
          return Future.failedFuture(new IllegalArgumentException("admin.email is not an email address: " + email));
        }
        if (configured.isEmpty() && Config.production(config)) {
          return Future.failedFuture(new IllegalArgumentException("No admin exists and production mode never "
            + "generates one: set " + Config.envName("admin.email") + " and " + Config.envName("admin.password")));
        }
        String weakness = configured.isEmpty() ? null : Passwords.weakness(configured, email);
        if (weakness != null) {
          return Future.failedFuture(new IllegalArgumentException(Config.envName("admin.password") + ": " + weakness));
        }
        String password = configured.isEmpty() ? Passwords.generate() : configured;
        return vertx.executeBlocking(() -> Passwords.hash(password), false)
          .compose(hash -> conn.preparedQuery(AuthSql.INSERT_ADMIN)
            .execute(Tuple.of(email, hash, admin.getString("full_name", "Academy Admin"))))
          .map(v -> configured.isEmpty() ? password : null);
      }))
      .map(generated -> {
        if (generated != null) {
          // printed once, on the console only: it is never stored or logged anywhere else
          System.out.println("""

            ==================================================================
              Academy created the first admin account:
                email:    %s
                password: %s
              This password is shown only now: store it safely.
            ==================================================================
            """.formatted(email, generated));
        }
        return null;
      });
  }
}

package verticles.infra;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;

/** PostgreSQL: Flyway migrations at start-up (JDBC, blocking, before Vert.x runs) and reactive pools. */
public final class Database {
  private Database() {
  }

  /**
   * Applies the migrations under db/migration. Flyway's own lock makes concurrent nodes safe. The demo
   * academy's migration writes its rows only in dev mode with {@code demo_academy} on.
   */
  public static void migrate(JsonObject config) {
    JsonObject db = config.getJsonObject("database");
    String url = "jdbc:postgresql://" + db.getString("host") + ":" + db.getInteger("port") + "/" + db.getString("name");
    boolean demo = "dev".equals(config.getString("mode")) && config.getBoolean("demo_academy", false);
    Flyway.configure()
      .dataSource(url, db.getString("user"), db.getString("password"))
      .locations("classpath:db/migration")
      .placeholders(java.util.Map.of("demo_academy", Boolean.toString(demo)))
      .load()
      .migrate();
  }

  /** A reactive pool for one verticle; closed with it when the verticle is undeployed. */
  public static Pool pool(Vertx vertx, JsonObject config) {
    JsonObject db = config.getJsonObject("database");
    PgConnectOptions connect = new PgConnectOptions()
      .setHost(db.getString("host"))
      .setPort(db.getInteger("port"))
      .setDatabase(db.getString("name"))
      .setUser(db.getString("user"))
      .setPassword(db.getString("password"))
      .setCachePreparedStatements(true)
      .setReconnectAttempts(2)
      .setReconnectInterval(500);
    return PgBuilder.pool()
      .with(new PoolOptions().setMaxSize(db.getInteger("pool_size")))
      .connectingTo(connect)
      .using(vertx)
      .build();
  }
}

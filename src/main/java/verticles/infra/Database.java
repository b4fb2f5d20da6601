package verticles.infra;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** PostgreSQL: Flyway migrations at start-up (JDBC, blocking, before Vert.x runs) and reactive pools. */
public final class Database {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  private Database() {
  }

  /**
   * Waits until PostgreSQL accepts a login, for at most {@code database.connect_wait_seconds}: a node started
   * before the database (a cluster started at once, the database still starting or recovering) waits instead
   * of exiting. Refused credentials fail at once — waiting would not change them.
   * Blocking: start-up only, on the main thread.
   */
  public static void awaitReachable(JsonObject config) {
    JsonObject db = config.getJsonObject("database");
    String target = db.getString("host") + ":" + db.getInteger("port") + "/" + db.getString("name");
    long waitMs = db.getInteger("connect_wait_seconds", 120) * 1000L;
    long deadline = System.currentTimeMillis() + waitMs;
    long pause = 250;
    for (int attempt = 1; ; attempt++) {
      try (Connection c = connect(db)) {
        if (attempt > 1) LOG.info("PostgreSQL at {} is reachable", target);
        return;
      } catch (SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        // 28xxx: credentials refused — waiting would not change that (a missing database, 3D000, may be being created)
        if (state.startsWith("28")) {
          throw new IllegalStateException("PostgreSQL at " + target + " refused the login: " + e.getMessage(), e);
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          throw new IllegalStateException("PostgreSQL at " + target + " was not reachable within "
            + waitMs / 1000 + " s (" + Config.envName("database.connect_wait_seconds") + "): " + e.getMessage(), e);
        }
        LOG.warn("Waiting for PostgreSQL at {} (attempt {}, {} s left): {}", target, attempt, left / 1000, e.getMessage());
        try {
          Thread.sleep(Math.min(pause, left));
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("Interrupted while waiting for PostgreSQL", interrupted);
        }
        pause = Math.min(pause * 2, 2000);
      }
    }
  }

  private static Connection connect(JsonObject db) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", db.getString("user"));
    props.setProperty("password", db.getString("password"));
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection(jdbcUrl(db), props);
  }

  private static String jdbcUrl(JsonObject db) {
    return "jdbc:postgresql://" + db.getString("host") + ":" + db.getInteger("port") + "/" + db.getString("name");
  }

  /**
   * Applies the migrations under db/migration. Flyway's own lock makes concurrent nodes safe. The demo
   * academy's migration writes its rows only in dev mode with {@code demo_academy} on.
   */
  public static void migrate(JsonObject config) {
    JsonObject db = config.getJsonObject("database");
    String url = jdbcUrl(db);
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

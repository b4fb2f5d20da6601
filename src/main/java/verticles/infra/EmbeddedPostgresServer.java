package verticles.infra;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;

/**
 * The embedded PostgreSQL 17 of a data dir: started from the jar (zonky), or taken over when a previous node of
 * this data dir was killed and left it running. Durable by default (zonky's defaults turn fsync and
 * synchronous_commit off). Logins need the password — {@code database.password} when set, else one generated —
 * kept in {@code <data_dir>/postgres.password} (0600): pg_hba.conf allows SCRAM-SHA-256 only, on loopback.
 * Blocking: start-up and shutdown only.
 */
final class EmbeddedPostgresServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
  static final String SUPERUSER = "postgres";
  static final String PASSWORD_FILE = "postgres.password";

  private final EmbeddedPostgres started;
  private final Leftover adopted;
  /** Started trusting loopback: the password must be set and pg_hba.conf switched to SCRAM. */
  private boolean bootstrapped;

  private EmbeddedPostgresServer(EmbeddedPostgres started, Leftover adopted) {
    this.started = started;
    this.adopted = adopted;
  }

  /** Starts (or takes over) the server and points {@code db} at it: host, port, user and password. */
  static EmbeddedPostgresServer start(JsonObject db, Path dataDir) throws IOException, SQLException {
    Path dir = dataDir.resolve("postgres");
    Files.createDirectories(dir);
    boolean durable = db.getBoolean("embedded_durable", true);
    Path file = dataDir.resolve(PASSWORD_FILE);
    String current = Secrets.read(file);
    // the operator's database.password (the same on every node of a cluster), else the one kept, else a new one
    String configured = db.getString("password", "");
    String password = !configured.isEmpty() ? configured : current != null ? current : Secrets.generate();
    EmbeddedPostgresServer server = null;
    Optional<Leftover> leftover = Leftover.postgres(dir);
    if (leftover.isPresent()) server = takeOver(leftover.get(), current, durable);
    if (server == null) server = launch(dir, db.getInteger("embedded_port"), current, durable);
    int port = server.started != null ? server.started.getPort() : server.adopted.port();
    if (server.bootstrapped || !password.equals(current)) {
      try (Connection c = connect(port, current == null ? password : current, "postgres")) {
        c.unwrap(PGConnection.class).alterUserPassword(SUPERUSER, password.toCharArray(), "scram-sha-256");
      }
      Secrets.write(file, password);
    }
    if (server.bootstrapped) {
      writeHba(dir, false);
      try (Connection c = connect(port, password, "postgres"); Statement s = c.createStatement()) {
        s.execute("SELECT pg_reload_conf()");
      }
      LOG.info("Embedded PostgreSQL: password logins only; the password is in {}", file);
    }
    createDatabase(port, password, db.getString("name"));
    db.put("host", "127.0.0.1").put("port", port).put("user", SUPERUSER).put("password", password);
    LOG.info("Embedded PostgreSQL on 127.0.0.1:{} (data in {}{})", port, dir, durable ? "" : "; NOT durable: fsync off");
    return server;
  }

  /**
   * A postmaster of this data dir still runs: its node was killed (we hold the data dir's owner lock, so no live
   * node owns it). Other nodes may be using it, so it is kept when it answers with our password and the durable
   * settings; otherwise it is stopped and a fresh one started.
   */
  private static EmbeddedPostgresServer takeOver(Leftover leftover, String password, boolean durable) {
    if (password != null) { // the password on record
      Duration wait = Duration.ofSeconds(30);
      long deadline = System.nanoTime() + wait.toNanos();
      SQLException last = null;
      while (System.nanoTime() < deadline) {
        try (Connection c = connect(leftover.port(), password, "postgres"); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('fsync'), current_setting('synchronous_commit')")) {
          rs.next();
          boolean settingsOk = !durable || (rs.getString(1).equals("on") && rs.getString(2).equals("on"));
          if (settingsOk) {
            LOG.warn("Took over the embedded PostgreSQL (pid {}, port {}) left running by a node of this data dir that "
              + "did not stop cleanly", leftover.pid(), leftover.port());
            return new EmbeddedPostgresServer(null, leftover);
          }
          break;
        } catch (SQLException e) {
          last = e;
          if (!leftover.alive() || "28P01".equals(e.getSQLState())) break;
          pause(250); // e.g. 57P03 while it finishes crash recovery
        }
      }
      if (last != null) LOG.warn("The embedded PostgreSQL left running (pid {}) does not answer: {}", leftover.pid(), last.getMessage());
    }
    LOG.warn("Stopping the embedded PostgreSQL (pid {}) left running by a node of this data dir that did not stop cleanly",
      leftover.pid());
    leftover.stop("INT", 60);
    return null;
  }

  /**
   * Launches the server. Without a password on record (a new cluster, a data dir from before passwords, or a
   * password change that did not finish) this one start trusts loopback until the caller has set the password.
   */
  private static EmbeddedPostgresServer launch(Path dir, int port, String current, boolean durable) throws IOException {
    boolean bootstrap = current == null || !Files.exists(dir.resolve("postgresql.conf"));
    EmbeddedPostgres postgres = EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      .setPGStartupWait(Duration.ofSeconds(120))
      .setRegisterShutdownHook(false)
      .setPort(port)
      .setServerConfig("listen_addresses", "127.0.0.1")
      .setServerConfig("max_connections", "200")
      // zonky starts postgres with -F (fsync off) and synchronous_commit=off: an acknowledged commit could be lost
      .setServerConfig("fsync", durable ? "on" : "off")
      .setServerConfig("synchronous_commit", durable ? "on" : "off")
      .setServerConfig("full_page_writes", "on")
      // the embedded database shares the application's cores: at PostgreSQL's default pace (2 ms) an autovacuum of the
      // registration and email tables took the core for a second and stalled requests by up to 0.5 s (issue 13,
      // docs/PERFORMANCE.md); 20 ms (PostgreSQL's default before 12) spreads the same work over more time
      .setServerConfig("autovacuum_vacuum_cost_delay", "20ms")
      .setConnectConfig("password", bootstrap ? "" : current)
      .setDataDirectoryCustomizer(data -> writeHba(data.toPath(), bootstrap))
      .start();
    EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, null);
    server.bootstrapped = bootstrap;
    return server;
  }

  /** Loopback only; SCRAM passwords, or (while the password is being set) trust. No Unix-socket logins without one. */
  private static void writeHba(Path dir, boolean trust) {
    String method = trust ? "trust" : "scram-sha-256";
    String hba = "# Written by Academy at every start of the embedded server.\n"
      + (trust ? "" : "local all all scram-sha-256\n")
      + "host all all 127.0.0.1/32 " + method + "\n"
      + "host all all ::1/128 " + method + "\n";
    try {
      Files.writeString(dir.resolve("pg_hba.conf"), hba);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createDatabase(int port, String password, String name) throws SQLException {
    try (Connection c = connect(port, password, "postgres"); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
        if (!rs.next()) s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
      }
    }
  }

  private static Connection connect(int port, String password, String database) throws SQLException {
    Properties props = new Properties();
    props.setProperty("user", SUPERUSER);
    props.setProperty("password", password);
    props.setProperty("connectTimeout", "5");
    return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, props);
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Taken over from a node of this data dir that was killed, not launched by this start. */
  boolean adopted() {
    return adopted != null;
  }

  @Override
  public void close() {
    if (started != null) {
      try {
        started.close();
      } catch (IOException e) {
        LOG.warn("Embedded PostgreSQL did not stop cleanly", e);
      }
    } else if (adopted != null) {
      adopted.stop("INT", 60);
    }
  }
}

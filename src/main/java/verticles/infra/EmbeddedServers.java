package verticles.infra;

import io.vertx.core.json.JsonObject;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The zero-setup default: PostgreSQL 17 and Redis started from the jar, data under data_dir, bound to
 * loopback. Used only when no external server is configured; the config is rewritten to point at them.
 * Blocking (processes, files): start-up and shutdown only.
 */
public final class EmbeddedServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

  private EmbeddedPostgres postgres;
  private RedisServer redis;

  /** Starts what the config leaves unconfigured and points the config at it. */
  public static EmbeddedServers startMissing(JsonObject config, Path dataDir) {
    EmbeddedServers servers = new EmbeddedServers();
    try {
      JsonObject db = config.getJsonObject("database");
      if (db.getString("host", "").isBlank()) servers.startPostgres(db, dataDir.resolve("postgres"));
      JsonObject redis = config.getJsonObject("redis");
      if (redis.getString("url", "").isBlank()) servers.startRedis(redis, dataDir.resolve("redis"));
      return servers;
    } catch (IOException | SQLException | RuntimeException e) {
      servers.close();
      throw new IllegalStateException("Could not start the embedded servers: " + e.getMessage(), e);
    }
  }

  private void startPostgres(JsonObject db, Path dir) throws IOException, SQLException {
    Files.createDirectories(dir);
    postgres = EmbeddedPostgres.builder()
      .setDataDirectory(dir)
      .setCleanDataDirectory(false)
      .setPGStartupWait(java.time.Duration.ofSeconds(120))
      .setRegisterShutdownHook(false)
      .setPort(db.getInteger("embedded_port"))
      .setServerConfig("listen_addresses", "127.0.0.1")
      .setServerConfig("max_connections", "200")
      .start();
    String name = db.getString("name");
    try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name.replace("'", "''") + "'")) {
        if (!rs.next()) s.execute("CREATE DATABASE \"" + name.replace("\"", "") + "\"");
      }
    }
    db.put("host", "127.0.0.1").put("port", postgres.getPort()).put("user", "postgres").put("password", "");
    LOG.info("Embedded PostgreSQL on 127.0.0.1:{} (data in {})", postgres.getPort(), dir);
  }

  private void startRedis(JsonObject redisConfig, Path dir) throws IOException {
    Files.createDirectories(dir);
    int port = redisConfig.getInteger("embedded_port");
    redis = RedisServer.newRedisServer()
      .port(port)
      .setting("bind 127.0.0.1")
      .setting("protected-mode yes")
      .setting("dir " + dir.toAbsolutePath())
      .setting("appendonly yes")
      .build();
    redis.start();
    redisConfig.put("url", "redis://127.0.0.1:" + port);
    LOG.info("Embedded Redis on 127.0.0.1:{} (data in {})", port, dir);
  }

  @Override
  public void close() {
    if (redis != null) {
      try {
        redis.stop();
      } catch (IOException | RuntimeException e) {
        LOG.warn("Embedded Redis did not stop cleanly", e);
      }
      redis = null;
    }
    if (postgres != null) {
      try {
        postgres.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      postgres = null;
    }
  }
}

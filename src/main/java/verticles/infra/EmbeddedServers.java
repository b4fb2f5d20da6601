package verticles.infra;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;

/**
 * The zero-setup default: PostgreSQL 17 and Redis started from the jar, data under data_dir, bound to
 * loopback, password logins only. For one node: used only when no external server is configured; the config is
 * rewritten to point at them.
 * <p>
 * One live node owns a data dir's servers: it holds {@code <data_dir>/embedded.lock} for its lifetime (the
 * operating system releases it when the process dies, also on {@code kill -9}). A node that cannot take the
 * lock refuses to start, so it never touches servers another live node runs. A node that takes it and finds
 * servers of its data dir still running (their node was killed, they were not) takes them over when they answer
 * — other nodes may be using them — or stops them and starts fresh ones. A failed start stops only what it
 * launched itself, never what it took over. Blocking (processes, files): start-up and shutdown only.
 */
public final class EmbeddedServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);
  static final String LOCK_FILE = "embedded.lock";

  private FileChannel lockChannel;
  private FileLock lock;
  private EmbeddedPostgresServer postgres;
  private EmbeddedRedisServer redis;

  /** Starts what the config leaves unconfigured and points the config at it. */
  public static EmbeddedServers startMissing(JsonObject config, Path dataDir) {
    EmbeddedServers servers = new EmbeddedServers();
    JsonObject db = config.getJsonObject("database");
    JsonObject redis = config.getJsonObject("redis");
    boolean needPostgres = db.getString("host", "").isBlank();
    boolean needRedis = redis.getString("url", "").isBlank();
    if (!needPostgres && !needRedis) return servers;
    servers.lock(dataDir);
    try {
      if (needPostgres) servers.postgres = EmbeddedPostgresServer.start(db, dataDir);
      if (needRedis) servers.redis = EmbeddedRedisServer.start(redis, dataDir);
      return servers;
    } catch (IOException | SQLException | RuntimeException e) {
      servers.abandon();
      throw new IllegalStateException("Could not start the embedded servers: " + e.getMessage(), e);
    }
  }

  private void lock(Path dataDir) {
    Path file = dataDir.resolve(LOCK_FILE);
    try {
      lockChannel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this very process (another node in the same JVM)
      }
      if (lock == null) {
        lockChannel.close();
        throw new IllegalStateException("Another running academy node owns the embedded servers of " + dataDir
          + " (it holds " + file + "). Embedded servers are for one node: give this node its own "
          + Config.envName("data_dir") + ", or point it at that node's servers with " + Config.envName("database.host")
          + " and " + Config.envName("redis.url") + ".");
      }
      // through the locked channel itself: closing any other descriptor of this file would drop the (POSIX) lock
      lockChannel.truncate(0);
      lockChannel.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (IOException e) {
      throw new IllegalStateException("Cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Graceful stop of the node: the servers stop (also those taken over), the data dir is released. */
  @Override
  public void close() {
    if (redis != null) redis.close();
    if (postgres != null) postgres.close();
    release();
  }

  /**
   * After a failed start: stops what this start launched, but leaves running what it took over — other nodes may
   * be using those, and this node never served.
   */
  public void abandon() {
    if (redis != null && !redis.adopted()) redis.close();
    if (postgres != null && !postgres.adopted()) postgres.close();
    release();
  }

  private void release() {
    redis = null;
    postgres = null;
    try {
      if (lock != null) lock.release();
      if (lockChannel != null) lockChannel.close();
    } catch (IOException e) {
      LOG.warn("Could not release the embedded servers' lock", e);
    }
    lock = null;
    lockChannel = null;
  }
}

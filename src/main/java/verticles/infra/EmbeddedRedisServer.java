package verticles.infra;

import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded Redis of a data dir: started from the jar (codemonstur), or taken over when a previous node of
 * this data dir was killed and left it running (found by its pid file). Clients must authenticate with the
 * password — {@code redis.password} when set, else one generated — kept in {@code <data_dir>/redis.password} (0600,
 * {@code requirepass}). Blocking: start-up and shutdown only.
 */
final class EmbeddedRedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedRedisServer.class);
  static final String PASSWORD_FILE = "redis.password";

  private final RedisServer started;
  private final Leftover adopted;

  private EmbeddedRedisServer(RedisServer started, Leftover adopted) {
    this.started = started;
    this.adopted = adopted;
  }

  /** Starts (or takes over) the server and points {@code redisConfig.url} at it, password included. */
  static EmbeddedRedisServer start(JsonObject redisConfig, Path dataDir) throws IOException {
    Path dir = dataDir.resolve("redis");
    Files.createDirectories(dir);
    Path pidFile = dir.resolve("redis.pid");
    String configured = redisConfig.getString("password", "");
    String password = configured.isEmpty() ? Secrets.readOrCreate(dataDir.resolve(PASSWORD_FILE)) : configured;
    if (!configured.isEmpty()) Secrets.write(dataDir.resolve(PASSWORD_FILE), configured);
    int port = redisConfig.getInteger("embedded_port");
    EmbeddedRedisServer server = null;
    Optional<Leftover> leftover = Leftover.redis(pidFile, port);
    if (leftover.isPresent()) {
      if (answers(leftover.get().port(), password)) {
        LOG.warn("Took over the embedded Redis (pid {}, port {}) left running by a node of this data dir that did not "
          + "stop cleanly", leftover.get().pid(), leftover.get().port());
        server = new EmbeddedRedisServer(null, leftover.get());
        port = leftover.get().port();
      } else {
        LOG.warn("Stopping the embedded Redis (pid {}) left running by a node of this data dir: it does not answer (to "
          + "this password)",
          leftover.get().pid());
        leftover.get().stop("TERM", 30);
      }
    }
    if (server == null) {
      RedisServer redis = RedisServer.newRedisServer()
        .port(port)
        .setting("bind 127.0.0.1")
        .setting("protected-mode yes")
        .setting("dir " + dir.toAbsolutePath())
        .setting("pidfile " + pidFile.toAbsolutePath())
        .setting("requirepass " + password)
        .setting("appendonly yes")
        .build();
      redis.start();
      server = new EmbeddedRedisServer(redis, null);
    }
    redisConfig.put("url", "redis://:" + password + "@127.0.0.1:" + port);
    LOG.info("Embedded Redis on 127.0.0.1:{} (data in {}; password in {})", port, dir, dataDir.resolve(PASSWORD_FILE));
    return server;
  }

  /** AUTH and PING over a plain socket: is this our Redis, and does it answer? */
  private static boolean answers(int port, String password) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
      socket.setSoTimeout(2000);
      OutputStream out = socket.getOutputStream();
      out.write(("AUTH " + password + "\r\nPING\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] buffer = new byte[64];
      StringBuilder answer = new StringBuilder();
      while (!answer.toString().contains("+PONG") && !answer.toString().contains("-")) {
        int n = in.read(buffer);
        if (n < 0) break;
        answer.append(new String(buffer, 0, n, StandardCharsets.US_ASCII));
      }
      return answer.toString().startsWith("+OK") && answer.toString().contains("+PONG");
    } catch (IOException e) {
      return false;
    }
  }

  /** Taken over from a node of this data dir that was killed, not launched by this start. */
  boolean adopted() {
    return adopted != null;
  }

  @Override
  public void close() {
    try {
      if (started != null) started.stop();
      else if (adopted != null) adopted.stop("TERM", 30);
    } catch (IOException | RuntimeException e) {
      LOG.warn("Embedded Redis did not stop cleanly", e);
    }
  }
}

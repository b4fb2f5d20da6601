package verticles.infra;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An embedded server process of this data dir that outlived the node that started it (the node was killed
 * with {@code kill -9}, its children were not). Found through the server's own pid file and recognised by its
 * command name, so a reused pid of an unrelated process is never taken for it. Blocking: start-up and shutdown.
 */
record Leftover(long pid, int port, String name) {
  private static final Logger LOG = LoggerFactory.getLogger(Leftover.class);

  /**
   * The PostgreSQL postmaster running on {@code pgDir}, from its {@code postmaster.pid} (line 1 pid, line 2 data
   * directory, line 4 port); empty when there is none or the file is stale.
   */
  static Optional<Leftover> postgres(Path pgDir) {
    List<String> lines = lines(pgDir.resolve("postmaster.pid"));
    if (lines.size() < 4) return Optional.empty();
    try {
      long pid = Long.parseLong(lines.get(0).trim());
      if (!Path.of(lines.get(1).trim()).toAbsolutePath().normalize().equals(pgDir.toAbsolutePath().normalize())) {
        return Optional.empty();
      }
      int port = Integer.parseInt(lines.get(3).trim());
      return running(pid, "postgres").map(p -> new Leftover(pid, port, "PostgreSQL"));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The redis-server whose pid file is {@code pidFile}, on the port of its command line (else {@code port}). */
  static Optional<Leftover> redis(Path pidFile, int port) {
    List<String> lines = lines(pidFile);
    if (lines.isEmpty()) return Optional.empty();
    try {
      long pid = Long.parseLong(lines.get(0).trim());
      return running(pid, "redis").map(p -> new Leftover(pid, portArgument(p).orElse(port), "Redis"));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static Optional<ProcessHandle> running(long pid, String command) {
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
      .filter(p -> p.info().command().map(c -> Path.of(c).getFileName().toString().contains(command)).orElse(false));
  }

  private static Optional<Integer> portArgument(ProcessHandle process) {
    String[] args = process.info().arguments().orElse(new String[0]);
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--port")) {
        try {
          return Optional.of(Integer.parseInt(args[i + 1]));
        } catch (NumberFormatException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  private static List<String> lines(Path file) {
    try {
      return Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  boolean alive() {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /**
   * Stops the process: {@code signal} first (PostgreSQL: INT = fast shutdown; Redis: TERM, which saves), then
   * KILL when it has not ended within {@code graceSeconds}.
   */
  void stop(String signal, int graceSeconds) {
    Optional<ProcessHandle> handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) return;
    try {
      new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
      handle.get().onExit().get(graceSeconds, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.warn("{} (pid {}) did not stop within {} s; killing it", name, pid, graceSeconds);
      handle.get().destroyForcibly();
      try {
        handle.get().onExit().get(10, TimeUnit.SECONDS);
      } catch (Exception ignored) {
        // nothing more to do
      }
    }
  }
}

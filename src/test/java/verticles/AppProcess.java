package verticles;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The academy as an operator runs it: {@code java verticles.Main} in a child JVM with ACADEMY_* settings, its console
 * copied to a log file. Completes {@link #ready()} on the start-up line and {@link #exited()} with the exit code.
 */
public final class AppProcess {
  public final Process process;
  public final Path log;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private final List<String> lines = new ArrayList<>();
  private final Map<String, CompletableFuture<String>> awaited = new HashMap<>();

  private AppProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
    Thread reader = new Thread(this::pump, "app-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a node with exactly these settings (plus the JVM's class path) and the given command-line flags. */
  public static AppProcess start(Map<String, String> env, String... flags) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
      "-Xmx256m", "-cp", System.getProperty("java.class.path"), "verticles.Main"));
    command.addAll(List.of(flags));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    return new AppProcess(builder.start(), Files.createTempFile("academy-app-", ".log"));
  }

  private void pump() {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        Files.writeString(log, line + "\n", StandardOpenOption.APPEND);
        synchronized (lines) {
          lines.add(line);
          for (var wait : awaited.entrySet()) if (line.contains(wait.getKey())) wait.getValue().complete(line);
        }
        if (line.startsWith("Academy is running") || line.startsWith("Academy node running")) ready.complete(null);
      }
    } catch (IOException ignored) {
      // the process ended
    }
    ready.completeExceptionally(new IllegalStateException("the node ended before it was ready; see " + log));
  }

  /** Waits (at most 3 minutes) until the node serves. */
  public AppProcess awaitReady() throws Exception {
    ready.get(180, TimeUnit.SECONDS);
    return this;
  }

  /** The first console line containing the text, once printed (at most 3 minutes). */
  public String awaitLine(String text) throws Exception {
    CompletableFuture<String> found = new CompletableFuture<>();
    synchronized (lines) {
      lines.stream().filter(line -> line.contains(text)).findFirst().ifPresentOrElse(found::complete,
        () -> awaited.put(text, found));
    }
    return found.get(180, TimeUnit.SECONDS);
  }

  /** The exit code, waiting at most 3 minutes for it. */
  public int exitCode() throws InterruptedException {
    assertTrue(process.waitFor(180, TimeUnit.SECONDS), "the node exited; see " + log);
    return process.exitValue();
  }

  public String console() {
    synchronized (lines) {
      return String.join("\n", lines);
    }
  }

  /** SIGTERM: the graceful stop (the node stops the embedded servers it owns). */
  public void stop() throws InterruptedException {
    process.destroy();
    assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the node stopped in time; see " + log);
  }

  /** kill -9 of the JVM alone: its embedded servers are left running, as after an operator's kill -9 of the node. */
  public void killJvm() throws Exception {
    process.destroyForcibly();
    process.onExit().get(60, TimeUnit.SECONDS);
  }

  /**
   * kill -9 of the whole process tree at once: the JVM, its children (Redis) and the embedded PostgreSQL, which
   * pg_ctl detached (found by the postmaster.pid of the data dir), with all of its backends.
   */
  public void killTree(Path dataDir) throws Exception {
    List<ProcessHandle> victims = new ArrayList<>();
    victims.add(process.toHandle());
    process.toHandle().descendants().forEach(victims::add);
    postmaster(dataDir).ifPresent(pm -> {
      victims.add(pm);
      pm.descendants().forEach(victims::add);
    });
    victims.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle victim : victims) victim.onExit().get(60, TimeUnit.SECONDS);
  }

  /** The running postmaster of the data dir's embedded PostgreSQL, if any. */
  public static java.util.Optional<ProcessHandle> postmaster(Path dataDir) throws IOException {
    Path pid = dataDir.resolve("postgres").resolve("postmaster.pid");
    if (!Files.exists(pid)) return java.util.Optional.empty();
    try (Stream<String> lines = Files.lines(pid)) {
      return lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }
  }

  /** The running embedded Redis of the data dir (its pid file), if any. */
  public static java.util.Optional<ProcessHandle> redis(Path dataDir) throws IOException {
    Path pid = dataDir.resolve("redis").resolve("redis.pid");
    if (!Files.exists(pid)) return java.util.Optional.empty();
    try (Stream<String> lines = Files.lines(pid)) {
      return lines.findFirst().map(String::trim).map(Long::parseLong).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    }
  }

  /** Settings of a stand-alone dev node on free ports under {@code dataDir} (embedded servers, durable defaults). */
  public static Map<String, String> standalone(Path dataDir) {
    Map<String, String> env = new HashMap<>();
    env.put("ACADEMY_DATA_DIR", dataDir.toString());
    env.put("ACADEMY_HTTP_PORT", Integer.toString(TestApp.freePort()));
    env.put("ACADEMY_DATABASE_EMBEDDED_PORT", Integer.toString(TestApp.freePort()));
    env.put("ACADEMY_REDIS_EMBEDDED_PORT", Integer.toString(TestApp.freePort()));
    env.put("ACADEMY_METRICS_PORT", Integer.toString(TestApp.freePort()));
    // the zero-setup mail server (no mail.host) too: several stand-alone nodes run at once
    env.put("ACADEMY_MAIL_EMBEDDED_SMTP_PORT", Integer.toString(TestApp.freePort()));
    env.put("ACADEMY_MAIL_EMBEDDED_IMAP_PORT", Integer.toString(TestApp.freePort()));
    env.put("ACADEMY_ADMIN_EMAIL", TestApp.ADMIN_EMAIL);
    env.put("ACADEMY_ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD);
    env.put("ACADEMY_DEMO_ACADEMY", "false");
    env.put("ACADEMY_RATE_LIMITS", "off");
    env.put("ACADEMY_CAPTCHA_PROVIDER", "none");
    env.putAll(Mailbox.env());
    return env;
  }
}

package verticles.infra;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The access log's console appender: every line reaches System.out whole, also the ones still buffered at stop. */
class BufferedConsoleAppenderTest {

  /**
   * Lines go through System.out (locked per write, so logback's ConsoleAppender never lands inside one of them, and a
   * replaced System.out — the test runner's fork channel — receives them), not to file descriptor 1 behind its back;
   * lines logged by many threads at once are all written, each whole, and stopping writes what is still buffered.
   */
  @Test
  void everyLineGoesWholeThroughSystemOutAlsoTheOnesBufferedAtStop() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    BufferedConsoleAppender<ILoggingEvent> appender = new BufferedConsoleAppender<>();
    appender.setContext(context);
    appender.setName("ACCESS");
    appender.setEncoder(encoder);
    appender.setFlushMillis(60_000); // nothing written before stop: stop must write it all
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      appender.start();
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int thread = t;
        threads.add(new Thread(() -> {
          for (int i = 0; i < 500; i++) {
            appender.doAppend(new LoggingEvent("access", context.getLogger("access"), Level.INFO,
              "{\"thread\":" + thread + ",\"line\":" + i + ",\"path\":\"/api/courses\"}", null, null));
          }
        }));
      }
      threads.forEach(Thread::start);
      for (Thread t : threads) t.join();
      appender.stop();
    } finally {
      System.setOut(original);
    }
    String[] lines = captured.toString(StandardCharsets.UTF_8).split("\n");
    Set<String> seen = new TreeSet<>(List.of(lines));
    assertEquals(2000, lines.length, "one line per event");
    assertEquals(2000, seen.size(), "each line once");
    for (int t = 0; t < 4; t++) {
      for (int i = 0; i < 500; i++) {
        String line = "{\"thread\":" + t + ",\"line\":" + i + ",\"path\":\"/api/courses\"}";
        if (!seen.contains(line)) throw new AssertionError("missing or broken: " + line);
      }
    }
  }
}

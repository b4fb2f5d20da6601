package verticles.infra;

import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standard output for a logger that writes a line per request (the access log; DESIGN.md §11), without a system call
 * or a thread hand-off per line: each event is encoded on the calling thread into an in-memory buffer, and a daemon
 * thread writes what has accumulated every {@code flushMillis} (default 100) — one {@code write} per interval. Measured
 * on the cached course list (issue 13): the per-line console write and the wake-up of logback's AsyncAppender worker
 * took about a third of the server's CPU per request.
 * <p>
 * The caller never waits for standard output: the writer swaps buffers under a lock held only for the swap. While a
 * write is stuck (a stalled pipe), lines beyond {@code maxBufferBytes} (default 4 MiB) are dropped and their number
 * is reported with the next write, as the AsyncAppender's {@code neverBlock} drops them. Lines reach the console up to
 * {@code flushMillis} after they are logged; what is buffered is written when the logger context stops (the
 * shutdown hook), and up to that interval of lines is lost if the process is killed outright.
 * <p>
 * Written through {@link System#out} (one {@code write} call of the whole buffer), not to file descriptor 1 directly:
 * {@code System.out} is locked per call, so the other console appenders (logback's {@code ConsoleAppender} writes
 * through it too) never put a line inside a batch larger than the pipe's atomic write size — a JSON line stays whole —
 * and a host that replaced {@code System.out} (the test runner's fork channel) receives the lines instead of raw bytes
 * corrupting its stream.
 */
public final class BufferedConsoleAppender<E> extends UnsynchronizedAppenderBase<E> {
  private final Object lock = new Object();
  private Encoder<E> encoder;
  private long flushMillis = 100;
  private int maxBufferBytes = 4 << 20;
  private ByteArrayOutputStream pending = new ByteArrayOutputStream(1 << 16);
  private ByteArrayOutputStream spare = new ByteArrayOutputStream(1 << 16);
  private long dropped;
  private ScheduledExecutorService writer;

  public void setEncoder(Encoder<E> encoder) {
    this.encoder = encoder;
  }

  public void setFlushMillis(long flushMillis) {
    this.flushMillis = flushMillis;
  }

  public void setMaxBufferBytes(int maxBufferBytes) {
    this.maxBufferBytes = maxBufferBytes;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("No encoder for the appender named " + name);
      return;
    }
    writer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "console-writer-" + name);
      t.setDaemon(true);
      return t;
    });
    writer.scheduleWithFixedDelay(this::write, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
    super.start();
  }

  @Override
  protected void append(E event) {
    byte[] line = encoder.encode(event);
    synchronized (lock) {
      if (pending.size() + line.length > maxBufferBytes) {
        dropped++;
        return;
      }
      pending.write(line, 0, line.length);
    }
  }

  /** Writes what has accumulated (on the writer thread, and once more when stopping). */
  private void write() {
    ByteArrayOutputStream out;
    long lost;
    synchronized (lock) {
      if (spare == null || pending.size() == 0 && dropped == 0) return; // nothing, or a write still under way
      out = pending;
      pending = spare;
      spare = null;
      lost = dropped;
      dropped = 0;
    }
    PrintStream console = System.out;
    byte[] notice = lost == 0 ? null
      : (lost + " log lines dropped: standard output did not keep up\n").getBytes(StandardCharsets.UTF_8);
    try {
      // each System.out write is locked (java 17: on the stream itself, which this also holds so the dropped-lines
      // notice and the lines go together)
      synchronized (console) {
        if (notice != null) console.write(notice, 0, notice.length);
        out.writeTo(console); // one write call of the whole buffer
        console.flush();
      }
    } catch (IOException e) { // PrintStream keeps its errors to itself; writeTo only declares it
      addWarn("Could not write to standard output", e);
    } finally {
      out.reset();
      synchronized (lock) {
        spare = out;
      }
    }
  }

  @Override
  public void stop() {
    if (!isStarted()) return;
    super.stop();
    writer.shutdown();
    try {
      writer.awaitTermination(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    write();
  }
}

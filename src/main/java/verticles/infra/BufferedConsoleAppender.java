package verticles.infra;

import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;

import java.io.ByteArrayOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
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
 */
public final class BufferedConsoleAppender<E> extends UnsynchronizedAppenderBase<E> {
  private final Object lock = new Object();
  private final OutputStream stdout = new FileOutputStream(FileDescriptor.out);
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
    try {
      if (lost > 0) stdout.write((lost + " log lines dropped: standard output did not keep up\n").getBytes(StandardCharsets.UTF_8));
      out.writeTo(stdout);
    } catch (IOException e) {
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

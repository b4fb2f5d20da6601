import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.util.Arrays;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-rate load generator for "p99 at half the maximum rate" (wrk cannot hold a rate; Debian has no wrk2):
 * sends POST /api/enrollments with a unique idempotency key (a UUID, which both stacks accept) and email at RATE
 * requests per second, first for WARMUP seconds (not measured: connections opened, both JVMs' code compiled), then
 * for SECONDS, and measures each latency from the moment the request was due, not when it was sent, so a stalled
 * server is not hidden by a generator that waits for it (coordinated omission). A request that waits 30 s for a
 * connection or then 30 s for a byte of its answer (Vert.x's request timeout) fails and counts as an error with its
 * latency, so a hung server ends the phase instead of the bench. Prints one line:
 * {@code FIXED rate=… sent=… ok=… errors=… p50=… p90=… p99=… max=…} (milliseconds).
 *
 *   java -cp academy.jar bench/FixedRate.java BASE_URL COURSE_ID RATE SECONDS [CONNECTIONS] [WARMUP]
 */
public class FixedRate {
  private static final long TIMEOUT_MS = 30_000;

  public static void main(String[] args) throws Exception {
    String base = args[0], course = args[1];
    double rate = Double.parseDouble(args[2]);
    int seconds = Integer.parseInt(args[3]), connections = args.length > 4 ? Integer.parseInt(args[4]) : 64;
    int warmup = (int) Math.round(rate * (args.length > 5 ? Integer.parseInt(args[5]) : 3));
    int total = warmup + (int) Math.round(rate * seconds);
    long[] latencies = new long[total];
    AtomicInteger done = new AtomicInteger(), errors = new AtomicInteger();
    CountDownLatch finished = new CountDownLatch(1);
    Vertx vertx = Vertx.vertx();
    java.net.URI uri = java.net.URI.create(base);
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true),
      new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    String run = UUID.randomUUID().toString().substring(0, 8);
    long start = System.nanoTime() + 100_000_000L;
    int[] sent = {0};
    vertx.setPeriodic(1, id -> {
      long now = System.nanoTime();
      while (sent[0] < total && start + (long) (sent[0] * 1e9 / rate) <= now) {
        int i = sent[0]++;
        long due = start + (long) (i * 1e9 / rate);
        String body = "{\"full_name\":\"Bench Applicant\",\"wa_number\":\"+6281234567890\",\"email\":\"f" + run + "." + i
          + "@bench.test\",\"course_id\":\"" + course + "\",\"experience_level\":\"beginner\",\"consent\":true,"
          + "\"captcha_token\":\"bench\",\"idempotency_key\":\"" + UUID.randomUUID() + "\"}";
        client.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(uri.getHost()).setPort(uri.getPort())
            .setURI("/api/enrollments").putHeader("Content-Type", "application/json").setTimeout(TIMEOUT_MS))
          .compose(req -> req.send(Buffer.buffer(body)))
          .compose(resp -> resp.body().map(b -> resp.statusCode()))
          .onComplete(result -> {
            latencies[i] = System.nanoTime() - due;
            if (i >= warmup && (result.failed() || result.result() != 201)) errors.incrementAndGet();
            if (done.incrementAndGet() == total) finished.countDown();
          });
      }
      if (sent[0] == total) vertx.cancelTimer(id);
    });
    // every request ends within its two timeouts (connection, then answer) from its due time, unless the answer
    // trickles in; the minute's margin covers a generator that fell behind its schedule
    if (!finished.await((long) Math.ceil(total / rate) + 2 * TIMEOUT_MS / 1000 + 60, TimeUnit.SECONDS)) {
      System.out.println("FIXED gave up: " + (total - done.get()) + " requests never completed");
      System.exit(1);
    }
    long[] measured = Arrays.copyOfRange(latencies, warmup, total);
    Arrays.sort(measured);
    int n = measured.length;
    System.out.printf(Locale.ROOT, "FIXED rate=%.0f sent=%d ok=%d errors=%d p50=%.2f p90=%.2f p99=%.2f max=%.2f%n", rate, n,
      n - errors.get(), errors.get(), ms(measured, 0.50), ms(measured, 0.90), ms(measured, 0.99), measured[n - 1] / 1e6);
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  private static double ms(long[] sorted, double q) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
  }
}

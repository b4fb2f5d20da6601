package verticles.notify;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import verticles.TestApp;
import verticles.bus.NotifyClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * What one node's email workers report after recording each attempt ({@link NotifyClient#ATTEMPTED}: message id,
 * attempt, the status it left), collected so a test waits for an outcome on its signal, never with a sleep.
 * Start watching before the outcome can happen (or read the status after starting to watch).
 */
final class Deliveries implements AutoCloseable {
  static final Set<String> FINAL = Set.of("sent", "failed");

  private final MessageConsumer<JsonObject> consumer;
  private final Map<String, List<JsonObject>> reports = new HashMap<>();

  private Deliveries(Vertx vertx) {
    consumer = vertx.eventBus().consumer(NotifyClient.ATTEMPTED, message -> {
      synchronized (this) {
        reports.computeIfAbsent(message.body().getString("message_id"), id -> new ArrayList<>()).add(message.body());
        notifyAll();
      }
    });
    TestApp.await(consumer.completion());
  }

  /** Watches the node whose Vert.x this is (a node sends its reports on its own bus). */
  static Deliveries watch(Vertx vertx) {
    return new Deliveries(vertx);
  }

  /** The report of the message's attempt {@code attempt} (waits 30 s at most). */
  JsonObject attempt(String id, int attempt) {
    return await(id, report -> report.getInteger("attempt") == attempt, "attempt " + attempt);
  }

  /** The report that left the message sent or failed (waits 30 s at most). */
  JsonObject done(String id) {
    return await(id, report -> FINAL.contains(report.getString("status")), "a final status");
  }

  /** Every report of the message so far. */
  synchronized List<JsonObject> reports(String id) {
    return List.copyOf(reports.getOrDefault(id, List.of()));
  }

  private synchronized JsonObject await(String id, Predicate<JsonObject> wanted, String what) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      for (JsonObject report : reports.getOrDefault(id, List.of())) if (wanted.test(report)) return report;
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) throw new AssertionError("email " + id + " reported no " + what + "; reports: " + reports.get(id));
      try {
        wait(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() {
    consumer.unregister(); // the node may be stopping already
  }
}

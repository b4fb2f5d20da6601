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
 * What nodes' email workers report after recording each attempt ({@link NotifyClient#ATTEMPTED}: message id,
 * attempt, the status it left), collected so a test waits for an outcome on its signal, never with a sleep.
 * Start watching before the outcome can happen (or read the status after starting to watch).
 */
final class Deliveries implements AutoCloseable {
  static final Set<String> FINAL = Set.of("sent", "failed");

  private final List<MessageConsumer<JsonObject>> consumers = new ArrayList<>();
  private final Map<String, List<JsonObject>> reports = new HashMap<>();

  private Deliveries(Vertx... nodes) {
    for (int i = 0; i < nodes.length; i++) {
      int node = i;
      MessageConsumer<JsonObject> consumer = nodes[i].eventBus().consumer(NotifyClient.ATTEMPTED, message -> {
        synchronized (this) {
          reports.computeIfAbsent(message.body().getString("message_id"), id -> new ArrayList<>())
            .add(message.body().copy().put("node", node));
          notifyAll();
        }
      });
      TestApp.await(consumer.completion());
      consumers.add(consumer);
    }
  }

  /**
   * Watches the nodes whose Vert.x these are (a node reports on its own bus); each report names the node that made
   * it ({@code node}: its index here).
   */
  static Deliveries watch(Vertx... nodes) {
    return new Deliveries(nodes);
  }

  /** The report of the message's attempt {@code attempt} (waits 30 s at most). */
  JsonObject attempt(String id, int attempt) {
    return await(id, report -> report.getInteger("attempt") == attempt, "attempt " + attempt);
  }

  /** The report that left the message sent or failed (waits 30 s at most). */
  JsonObject done(String id) {
    return await(id, report -> FINAL.contains(report.getString("status")), "a final status");
  }

  /** Waits (30 s at most) until {@code n} reports of messages left {@code status}; returns how many did. */
  synchronized int awaitCount(String status, int n) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      int matching = 0;
      for (List<JsonObject> list : reports.values()) for (JsonObject report : list) if (status.equals(report.getString("status"))) matching++;
      if (matching >= n) return matching;
      waitUntil(deadline, "only " + matching + " report(s) of " + status + ", expected " + n);
    }
  }

  /** Every report of the message so far. */
  synchronized List<JsonObject> reports(String id) {
    return List.copyOf(reports.getOrDefault(id, List.of()));
  }

  private synchronized JsonObject await(String id, Predicate<JsonObject> wanted, String what) {
    long deadline = System.currentTimeMillis() + 30_000;
    while (true) {
      for (JsonObject report : reports.getOrDefault(id, List.of())) if (wanted.test(report)) return report;
      waitUntil(deadline, "email " + id + " reported no " + what + "; reports: " + reports.get(id));
    }
  }

  /** Waits for the next report (the monitor is held by the caller). */
  private void waitUntil(long deadline, String failure) {
    long left = deadline - System.currentTimeMillis();
    if (left <= 0) throw new AssertionError(failure);
    try {
      wait(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    consumers.forEach(MessageConsumer::unregister); // a node may be stopping already
  }
}

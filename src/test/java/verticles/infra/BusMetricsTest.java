package verticles.infra;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event bus's meters (issue 13): bounded labels, gauges that return to zero, the category switch honoured. */
class BusMetricsTest {

  @Test
  void addressesHoldingAnIdFoldIntoBoundedLabels() {
    String id = UUID.randomUUID().toString();
    assertEquals("chat.session.*", BusMetrics.label("chat.session." + id));
    assertEquals("with-id", BusMetrics.label("scheduling.class." + id + ".changed"));
    assertEquals("with-id", BusMetrics.label(id));
    assertEquals("catalog.changed", BusMetrics.label("catalog.changed"));
  }

  @Test
  void handlersAndPendingReturnToZeroAndInternalAddressesAreNotCounted() {
    MeterRegistry registry = new SimpleMeterRegistry();
    BusMetrics metrics = new BusMetrics(registry);
    String first = "chat.session." + UUID.randomUUID(), second = "chat.session." + UUID.randomUUID();
    BusMetrics.Series a = metrics.handlerRegistered(first), b = metrics.handlerRegistered(second);
    assertEquals(2, gauge(registry, "vertx.eventbus.handlers", "chat.session.*"), "both sessions count in one series");
    metrics.messageReceived(first, true, true, 1);
    assertEquals(1, gauge(registry, "vertx.eventbus.pending", "chat.session.*"));
    metrics.messageDelivered(a, true);
    metrics.messageReceived(second, false, true, 1);
    metrics.discardMessage(b, true, null);
    assertEquals(0, gauge(registry, "vertx.eventbus.pending", "chat.session.*"));
    assertEquals(1, registry.get("vertx.eventbus.processed").tag("address", "chat.session.*").counter().count());
    assertEquals(1, registry.get("vertx.eventbus.discarded").tag("address", "chat.session.*").counter().count());
    metrics.handlerUnregistered(a);
    metrics.handlerUnregistered(b);
    assertEquals(0, gauge(registry, "vertx.eventbus.handlers", "chat.session.*"));

    BusMetrics.Series internal = metrics.handlerRegistered("__vertx.reply.1");
    assertNull(internal);
    metrics.handlerUnregistered(internal);
    metrics.messageSent("__vertx.reply.1", false, true, false);
    assertTrue(registry.find("vertx.eventbus.sent").tag("address", "__vertx.reply.1").meters().isEmpty());
  }

  @Test
  void vertxCountsItsBusThroughBusMetricsUnlessTheCategoryIsDisabled() {
    assertEquals(1, sentOnce(false), "counted");
    assertEquals(0, sentOnce(true), "the EVENT_BUS category is off");
  }

  /** Vert.x built as Academy builds it; one message sent on its bus; the sent counter's series for that address. */
  private static int sentOnce(boolean eventBusDisabled) {
    String name = "bus-metrics-" + UUID.randomUUID();
    MicrometerMetricsOptions options = new MicrometerMetricsOptions().setEnabled(true).setRegistryName(name)
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    if (eventBusDisabled) options.addDisabledMetricsCategory(MetricsDomain.EVENT_BUS);
    Vertx vertx = Vertx.builder().with(new VertxOptions().setMetricsOptions(options)).withMetrics(new MetricsFactory()).build();
    try {
      vertx.eventBus().consumer("bus.metrics.test", m -> { });
      vertx.eventBus().send("bus.metrics.test", "hello");
      return BackendRegistries.getNow(name).find("vertx.eventbus.sent").tag("address", "bus.metrics.test").meters().size();
    } finally {
      vertx.close().await();
    }
  }

  private static double gauge(MeterRegistry registry, String name, String address) {
    return registry.get(name).tag("address", address).gauge().value();
  }
}

package verticles.infra;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.spi.metrics.EventBusMetrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

/**
 * Event-bus metrics with each meter created once (issue 13). vertx-micrometer's own look up (and, for an address
 * holding an id, regex-match and re-tag) every meter of every bus message in the registry — a fifth of the chat's
 * allocations in a profile. Here an address maps to its series once and the series keeps its meters.
 *
 * <p>Same names and labels as vertx-micrometer's, so dashboards keep working: {@code vertx_eventbus_handlers},
 * {@code _pending}, {@code _processed}, {@code _discarded}, {@code _published}, {@code _sent}, {@code _received},
 * {@code _delivered} ({@code address}, {@code side} local|remote), {@code _reply_failures} ({@code address},
 * {@code failure}), {@code _bytes_written}/{@code _bytes_read} (bytes, {@code address}; clustered only). Label values
 * are bounded: every chat session's address is one series {@code chat.session.*}, any other address holding a UUID
 * is {@code with-id}; Vert.x's internal addresses ({@code __vertx.*}, replies) are not counted. Called from any thread.
 */
public final class BusMetrics implements EventBusMetrics<BusMetrics.Series> {
  /** A UUID anywhere in a label value: such values are folded into one (here, and for pool names in Academy). */
  public static final String UUID_REGEX = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}";
  private static final Pattern WITH_ID = Pattern.compile(UUID_REGEX);
  private static final String CHAT_SESSIONS = "chat.session.";

  private final MeterRegistry registry;
  /** Series by their label value. */
  private final Map<String, Series> series = new ConcurrentHashMap<>();
  /** Series by address, for addresses that are their own label value (so never an id-bearing one: bounded). */
  private final Map<String, Series> byAddress = new ConcurrentHashMap<>();

  public BusMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** The address's label value: {@code chat.session.*}, {@code with-id} or the address itself. */
  static String label(String address) {
    if (address.startsWith(CHAT_SESSIONS)) return CHAT_SESSIONS + "*";
    return WITH_ID.matcher(address).find() ? "with-id" : address;
  }

  /** The address's series, or null for Vert.x's internal addresses. */
  private Series of(String address) {
    Series known = byAddress.get(address);
    if (known != null) return known;
    if (address.startsWith("__vertx.")) return null;
    String label = label(address);
    Series s = series.computeIfAbsent(label, Series::new);
    if (label.equals(address)) byAddress.putIfAbsent(address, s);
    return s;
  }

  @Override
  public Series handlerRegistered(String address) {
    Series s = of(address);
    if (s != null) s.handlers.increment();
    return s;
  }

  @Override
  public void handlerUnregistered(Series s) {
    if (s != null) s.handlers.decrement();
  }

  @Override
  public void messageDelivered(Series s, boolean local) {
    if (s == null) return;
    Side side = s.side(local);
    side.pending.decrement();
    side.processed.increment();
  }

  @Override
  public void discardMessage(Series s, boolean local, Message<?> msg) {
    if (s == null) return;
    Side side = s.side(local);
    side.pending.decrement();
    side.discarded.increment();
  }

  @Override
  public void messageSent(String address, boolean publish, boolean local, boolean remote) {
    Series s = of(address);
    if (s == null) return;
    Side side = s.side(local);
    (publish ? side.published : side.sent).increment();
  }

  @Override
  public void messageReceived(String address, boolean publish, boolean local, int handlers) {
    Series s = of(address);
    if (s == null) return;
    Side side = s.side(local);
    side.received.increment();
    if (handlers > 0) {
      side.pending.add(handlers);
      side.delivered.increment();
    }
  }

  @Override
  public void messageWritten(String address, int numberOfBytes) {
    Series s = of(address);
    if (s != null) s.bytes(true).record(numberOfBytes);
  }

  @Override
  public void messageRead(String address, int numberOfBytes) {
    Series s = of(address);
    if (s != null) s.bytes(false).record(numberOfBytes);
  }

  @Override
  public void replyFailure(String address, ReplyFailure failure) {
    Series s = of(address);
    if (s != null) s.failures.computeIfAbsent(failure, f -> Counter.builder("vertx.eventbus.reply.failures")
      .description("Number of message reply failures").tags("address", s.label, "failure", f.name()).register(registry))
      .increment();
  }

  /** One address label's meters: the handler count, then per side (made at first use) and the clustered bytes. */
  public final class Series {
    private final String label;
    private final LongAdder handlers = new LongAdder();
    private volatile Side local, remote;
    private volatile DistributionSummary written, read;
    private final Map<ReplyFailure, Counter> failures = java.util.Collections.synchronizedMap(new EnumMap<>(ReplyFailure.class));

    private Series(String label) {
      this.label = label;
      Gauge.builder("vertx.eventbus.handlers", handlers, LongAdder::doubleValue).strongReference(true)
        .description("Number of event bus handlers in use").tags("address", label).register(registry);
    }

    private Side side(boolean isLocal) {
      Side side = isLocal ? local : remote;
      if (side != null) return side;
      synchronized (this) {
        if (isLocal) return local != null ? local : (local = new Side(Tags.of("address", label, "side", "local")));
        return remote != null ? remote : (remote = new Side(Tags.of("address", label, "side", "remote")));
      }
    }

    private DistributionSummary bytes(boolean isWritten) {
      DistributionSummary summary = isWritten ? written : read;
      if (summary != null) return summary;
      synchronized (this) {
        if (isWritten && written == null) written = DistributionSummary.builder("vertx.eventbus.bytes.written")
          .description("Number of bytes sent while sending messages to event bus cluster peers")
          .tags("address", label).register(registry);
        if (!isWritten && read == null) read = DistributionSummary.builder("vertx.eventbus.bytes.read")
          .description("Number of bytes received while reading messages from event bus cluster peers")
          .tags("address", label).register(registry);
        return isWritten ? written : read;
      }
    }
  }

  /** The meters of one address label and side. */
  private final class Side {
    final LongAdder pending = new LongAdder();
    final Counter published, sent, received, delivered, processed, discarded;

    Side(Tags tags) {
      Gauge.builder("vertx.eventbus.pending", pending, LongAdder::doubleValue).strongReference(true)
        .description("Number of messages not processed yet").tags(tags).register(registry);
      published = counter("vertx.eventbus.published", "Number of messages published (publish / subscribe)", tags);
      sent = counter("vertx.eventbus.sent", "Number of messages sent (point-to-point)", tags);
      received = counter("vertx.eventbus.received", "Number of messages received", tags);
      delivered = counter("vertx.eventbus.delivered", "Number of messages delivered to handlers", tags);
      processed = counter("vertx.eventbus.processed", "Number of processed messages", tags);
      discarded = counter("vertx.eventbus.discarded", "Number of discarded messages", tags);
    }

    private Counter counter(String name, String description, Tags tags) {
      return Counter.builder(name).description(description).tags(tags).register(registry);
    }
  }
}

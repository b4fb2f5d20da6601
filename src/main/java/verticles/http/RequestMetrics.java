package verticles.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@code academy_http_requests_seconds{operation, method, status}}: one timer per contract operation (or "-" for
 * pages, the SockJS endpoint and unknown paths), method and status — bounded labels, and each timer created once
 * and kept here, so recording a request costs a map look-up instead of the registry's meter registration that
 * Vert.x's own HTTP server metrics do per request (about a sixth of a cached read's CPU in a profile; issue 13).
 * Confined to its verticle's event loop.
 */
final class RequestMetrics {
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

  private final MeterRegistry registry;
  private final Map<String, Timer> timers = new HashMap<>();

  RequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void record(String operation, String method, int status, long nanos) {
    String bounded = METHODS.contains(method) ? method : "OTHER";
    String key = operation + ' ' + bounded + ' ' + status;
    Timer timer = timers.get(key);
    if (timer == null) {
      timer = Timer.builder("academy_http_requests").description("HTTP requests by contract operation, method and status")
        .tag("operation", operation).tag("method", bounded).tag("status", Integer.toString(status)).register(registry);
      timers.put(key, timer);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }
}

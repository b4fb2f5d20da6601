package verticles.bus;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.internal.ContextInternal;

/**
 * Carries the HTTP request id across internal bus calls, so a failure three hops from the router is still
 * logged with the id the client saw. A handler's request id lives in the local data of the (duplicated)
 * context its message runs on ({@link #enter}); an outbound interceptor copies it into the {@value #HEADER}
 * header of every message sent from that context, and the receiving {@link Endpoints} reads it back. Uses
 * Vert.x's context-local data (an internal API, the one Vert.x's own tracing uses for the same purpose).
 */
public final class RequestIds {
  public static final String HEADER = "x-request-id";
  private static final Object KEY = RequestIds.class;

  private RequestIds() {
  }

  /** Once per Vert.x instance: every message sent while handling a request carries its id. */
  public static void propagate(Vertx vertx) {
    vertx.eventBus().addOutboundInterceptor(RequestIds::stamp);
  }

  private static <T> void stamp(DeliveryContext<T> delivery) {
    String id = current();
    if (id != null && !delivery.message().headers().contains(HEADER)) delivery.message().headers().add(HEADER, id);
    delivery.next();
  }

  /** Marks the current (per-message) context as working for this request. */
  static void enter(String requestId) {
    if (requestId != null && Vertx.currentContext() instanceof ContextInternal context && context.isDuplicate()) {
      context.localContextData().put(KEY, requestId);
    }
  }

  /** The request id of the work running on this context, or null. */
  public static String current() {
    return Vertx.currentContext() instanceof ContextInternal context && context.isDuplicate()
      ? (String) context.localContextData().get(KEY) : null;
  }
}

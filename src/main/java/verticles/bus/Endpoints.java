package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A verticle's consumers: registers them, turns handler results into replies or {@code fail(status,
 * json)}, answers contract probes, and drains in-flight work on shutdown (unregister first so the
 * bus routes new messages to other replicas, then wait for what is running).
 */
public final class Endpoints {
  /** Header of a probe message: the consumer answers "present" without running the handler. */
  public static final String PROBE = "x-probe";
  /** The language ({@code id}|{@code en}) of a bridged frame's failure texts, set by the SockJS bridge. */
  public static final String LANGUAGE_HEADER = "x-chat-language";

  private static final Logger LOG = LoggerFactory.getLogger(Endpoints.class);

  private final Vertx vertx;
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final List<String> addresses = new ArrayList<>();
  private final Set<Future<?>> inFlight = new HashSet<>();

  public Endpoints(Vertx vertx) {
    this.vertx = vertx;
  }

  /** An operation of the contract (address = operationId) or any request/reply address. */
  public Endpoints on(String address, Function<BusRequest, Future<Reply>> handler) {
    return register(address, message -> {
      BusRequest request = message.body() instanceof BusRequest r ? r
        : new BusRequest(message.body() instanceof JsonObject json ? json : new JsonObject());
      handle(address, message, request.json(), body -> handler.apply(request), null);
    });
  }

  /** An internal query between verticles: plain JSON in, plain JSON out. */
  public Endpoints internal(String address, Function<JsonObject, Future<JsonObject>> handler) {
    return consume(address, handler);
  }

  /**
   * An internal address whose messages carry meaning in their headers as well (the chat bridge's frames:
   * the verified sender travels in headers). The handler gets (headers, body); a body that is not a JSON
   * object arrives as an empty object. Failures go back as {@code fail(status, json)}: the SockJS bridge hands a
   * failure's message string to the browser, whose pages read the error envelope from it — its texts in the language
   * the bridge put in the {@value #LANGUAGE_HEADER} header (the socket's, issue 20; Indonesian without one).
   */
  public Endpoints internalWithHeaders(String address, BiFunction<JsonObject, JsonObject, Future<JsonObject>> handler) {
    return register(address, message -> {
      JsonObject headers = new JsonObject();
      message.headers().forEach(header -> headers.put(header.getKey().toLowerCase(java.util.Locale.ROOT), header.getValue()));
      JsonObject body = message.body() instanceof JsonObject json ? json : new JsonObject();
      handle(address, message, body, b -> handler.apply(headers, b), headers.getString(LANGUAGE_HEADER, Languages.INDONESIAN));
    });
  }

  private Endpoints consume(String address, Function<JsonObject, Future<JsonObject>> handler) {
    return register(address, message -> handle(address, message,
      message.body() instanceof JsonObject json ? json : new JsonObject(), handler, null));
  }

  private Endpoints register(String address, Handler<Message<Object>> handler) {
    addresses.add(address);
    consumers.add(vertx.eventBus().consumer(address, handler));
    return this;
  }

  private <R> void handle(String address, Message<?> message, JsonObject body, Function<JsonObject, Future<R>> handler,
                          String failAsJsonLanguage) {
    if (message.headers().contains(PROBE)) {
      message.reply(new JsonObject().put("address", address));
      return;
    }
    String requestId = body.getString(BusRequest.REQUEST_ID, message.headers().get(RequestIds.HEADER));
    RequestIds.enter(requestId);
    Future<R> result = run(handler, body);
    inFlight.add(result);
    result.onComplete(done -> {
      inFlight.remove(result);
      if (done.succeeded()) {
        message.reply(done.result());
      } else {
        ApiError error = toApiError(address, requestId, done.cause());
        if (failAsJsonLanguage != null) message.fail(error.status(), ApiTexts.wire(error, failAsJsonLanguage).encode());
        else message.reply(error); // a typed failure (Codecs)
      }
    });
  }

  private static <R> Future<R> run(Function<JsonObject, Future<R>> handler, JsonObject body) {
    try {
      return handler.apply(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static ApiError toApiError(String address, String requestId, Throwable cause) {
    ApiError error = ApiError.from(cause);
    if (error == null && Outages.databaseUnavailable(cause)) {
      LOG.warn("{} could not reach the database [request {}]: {}", address, requestId, cause.getMessage());
      error = ErrorCode.DB_CONNECTION_ERROR.error("The database is unavailable, try again shortly");
    }
    if (error == null) error = refusedData(address, requestId, cause);
    if (error == null) {
      LOG.error("{} failed [request {}]", address, requestId, cause);
      error = ErrorCode.INTERNAL_ERROR.error("Internal error");
    }
    return error;
  }

  /**
   * Data PostgreSQL refused — a CHECK, NOT NULL or foreign key (SQLSTATE class 23) or a value it cannot take
   * (class 22: too long, out of range, NUL, a bad date) — that the contract and the handler did not catch
   * first: the client's input, so 400 naming the column (or constraint), never a 500. Logged as a warning
   * with the request id: each one is a validation rule missing upstream. Unique and exclusion violations a
   * handler did not map are conflicts (409 {@code DB_CONSTRAINT_VIOLATION}).
   */
  private static ApiError refusedData(String address, String requestId, Throwable cause) {
    if (!(cause instanceof io.vertx.pgclient.PgException pg) || pg.getSqlState() == null) return null;
    String state = pg.getSqlState();
    if (!state.startsWith("22") && !state.startsWith("23")) return null;
    LOG.warn("{} input refused by the database [request {}]: {} ({})", address, requestId, pg.getErrorMessage(), state);
    if (state.equals("23505") || state.equals("23P01")) {
      return ErrorCode.DB_CONSTRAINT_VIOLATION.error("The change conflicts with existing data");
    }
    String field = pg.getColumn();
    if (field == null && pg.getConstraint() != null) { // users_full_name_check → full_name
      field = pg.getConstraint();
      if (pg.getTable() != null && field.startsWith(pg.getTable() + "_")) field = field.substring(pg.getTable().length() + 1);
      field = field.replaceAll("_(check|fkey|not_null)$", "");
    }
    if (field == null) field = "body";
    return ErrorCode.VALIDATION_ERROR.forField(field, "is not an acceptable value");
  }

  /** Completes when every consumer is registered (cluster-wide when clustered). */
  public Future<Void> ready() {
    return Future.all(consumers.stream().map(MessageConsumer::completion).toList()).mapEmpty();
  }

  /** Stop taking messages, then let the running handlers finish. */
  public Future<Void> drain() {
    return drain(0);
  }

  /**
   * In a cluster, another node may still route a message here for a moment after our registrations are
   * gone (its view of the cluster lags), and the bus drops a message that finds no handler. So the
   * consumers are first withdrawn from the cluster with their handlers still in place
   * ({@link verticles.infra.WithdrawingClusterManager}); for {@code graceMs} they serve whatever was
   * already routed here; then they are unregistered and the running handlers finish.
   */
  public Future<Void> drain(long graceMs) {
    Future<Void> withdrawn = graceMs <= 0 ? Future.succeededFuture() : vertx.eventBus()
      .request(verticles.infra.WithdrawingClusterManager.WITHDRAW, new JsonObject().put("addresses", new JsonArray(addresses)))
      .otherwiseEmpty() // not clustered (no such consumer): nothing to withdraw
      .compose(v -> vertx.timer(graceMs)).mapEmpty();
    return withdrawn
      .compose(v -> Future.join(consumers.stream().map(MessageConsumer::unregister).toList()))
      .compose(v -> Future.join(new ArrayList<>(inFlight))).<Void>mapEmpty().otherwiseEmpty();
  }

}

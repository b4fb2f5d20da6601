package verticles.http;

import io.micrometer.core.instrument.Counter;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.CorsHandler;
import io.vertx.ext.web.handler.JWTAuthHandler;
import io.vertx.ext.web.handler.impl.SimpleAuthenticationHandlerImpl;
import io.vertx.ext.web.handler.PlatformHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.micrometer.backends.BackendRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.redis.client.RedisAPI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.Reply;
import verticles.bus.ErrorCode;
import verticles.infra.Config;
import verticles.infra.TokenCheck;
import verticles.infra.RedisStore;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The router. Every route comes from openapi.yaml; each runs the same chain — authenticate, authorize,
 * validate, forward to the bus address named by its operationId — and writes the seed envelope.
 * No domain logic and no SQL here. Outside the contract: /health, /openapi.yaml and /docs (when
 * {@code http.api_docs} allows), the chat's SockJS bridge ({@link ChatBridge}) and the pages in webroot/.
 */
public final class HttpVerticle extends VerticleBase {
  static final String REQUEST_ID = "requestId", CLIENT_IP = "clientIp", PARSED = "parsedRequest", CACHE_KEY = "answerKey",
    OPERATION_ID = "operationId", LOGGED_PATH = "loggedPath", HEAD = "headRequest";
  private static final int CLIENT_CLOSED = 499;
  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);
  private static final Logger ACCESS = LoggerFactory.getLogger("access");
  private static final Pattern SAFE_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
  private static final String CONTRACT = "openapi.yaml";

  private HttpServer server;
  private RedisAPI redis;
  private TokenCheck tokens;
  private Gate gate;
  private RateLimiter rateLimiter;
  private RequestMetrics requestMetrics;
  private Set<String> trustedProxies;
  private RequestParser parser;
  private SecretPaths secretPaths;
  private AnswerCache answers;
  private Health health;
  private DeliveryOptions busOptions;
  private Buffer contractText;
  private volatile boolean draining;
  private boolean clustered;
  private int noHandlerRetries;
  private static final long NO_HANDLER_RETRY_MS = 100;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    JsonObject http = config.getJsonObject("http");
    redis = RedisStore.api(vertx, config);
    rateLimiter = new RateLimiter(redis, config);
    trustedProxies = Set.copyOf(Config.list(http, "trusted_proxies"));
    MeterRegistry registry = BackendRegistries.getNow(config.getString("metrics_registry"));
    Counter redisFallbacks = Counter.builder("academy_redis_fallback_total").tag("use", "revocation")
      .description("Revocation checks answered from PostgreSQL because Redis could not answer")
      .register(registry);
    requestMetrics = new RequestMetrics(registry);
    tokens = new TokenCheck(vertx, config, redis, redisFallbacks::increment);
    gate = new Gate(tokens, config.getJsonObject("service").getString("key"));
    health = new Health(vertx, redis, config.getJsonArray(Config.DOMAIN_VERTICLES).stream().map(String::valueOf).toList());
    clustered = config.getJsonObject("cluster").getBoolean("enabled", false);
    // resend for as long as the caller would have waited for an answer anyway
    noHandlerRetries = (int) (http.getInteger("bus_timeout_ms") / NO_HANDLER_RETRY_MS);
    busOptions = new DeliveryOptions().setSendTimeout(http.getInteger("bus_timeout_ms"));
    return vertx.fileSystem().readFile(CONTRACT)
      .onSuccess(text -> contractText = text)
      // parsing and adjusting 3,000 lines of YAML is CPU work: off the event loop
      .compose(text -> vertx.executeBlocking(() -> ContractDialect.of(text.toString())))
      .compose(json -> OpenAPIContract.from(vertx, json))
      .compose(contract -> {
        parser = new RequestParser(contract);
        secretPaths = new SecretPaths(contract);
        answers = new AnswerCache(vertx);
        server = vertx.createHttpServer(new HttpServerOptions()
          .setHost(http.getString("host"))
          .setPort(http.getInteger("port"))
          // a connection that sends nothing (e.g. a request head left unfinished) is closed
          .setIdleTimeout(http.getInteger("idle_timeout_seconds", 60)).setIdleTimeoutUnit(TimeUnit.SECONDS)
          .setCompressionSupported(http.getBoolean("compression", false)));
        return server.requestHandler(router(contract, http)).invalidRequestHandler(this::invalidRequest).listen();
      })
      .onSuccess(s -> LOG.info("HTTP on port {}", s.actualPort()));
  }

  /** Readiness (for load balancers): 503 once the node is draining, so no new traffic is sent here. */
  private void ready(RoutingContext ctx) {
    Responses.json(ctx, draining ? 503 : 200, new JsonObject().put("status", draining ? "draining" : "ready"));
  }

  /**
   * Readiness turns 503 at once; the node keeps serving for {@code http.drain_delay_ms} (so a load balancer
   * takes it out of rotation first), then stops accepting and lets in-flight requests finish (up to the
   * grace period), then closes.
   */
  @Override
  public Future<?> stop() {
    draining = true;
    JsonObject http = config().getJsonObject("http");
    int delay = http.getInteger("drain_delay_ms", 0);
    int grace = http.getInteger("shutdown_grace_ms");
    Future<?> delayed = delay > 0 ? vertx.timer(delay) : Future.succeededFuture();
    Future<Void> closed = delayed.compose(v -> server == null ? Future.succeededFuture() : server.shutdown(grace, TimeUnit.MILLISECONDS));
    return closed.onComplete(v -> {
      redis.close();
      if (answers != null) answers.close();
    });
  }

  private Router router(OpenAPIContract contract, JsonObject http) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
    builder.security(Gate.CHAT_SCHEME).httpHandler(new PassThroughSecurity());
    builder.security(Gate.BEARER_SCHEME).httpHandler(new PassThroughSecurity());
    // vert.x-web orders handlers by kind: platform, then security policy, then body
    PlatformHandler requestLog = this::requestIdAndLog, uriAndForms = HttpVerticle::checkUriAndForms;
    CorsHandler cors = cors(http);
    // a page served by this server (the public page, the staff console, their SockJS socket) is not a
    // cross-origin caller: browsers send Origin on its POSTs and WebSocket upgrades too
    SecurityPolicyHandler corsUnlessSameOrigin = ctx -> {
      if (sameOrigin(ctx)) ctx.next();
      else cors.handle(ctx);
    };
    builder.rootHandler(requestLog)
      .rootHandler(uriAndForms)
      .rootHandler(corsUnlessSameOrigin)
      // JSON bodies as before; multipart forms in memory, only for the operations that declare them
      .rootHandler(new Bodies(contract, http.getInteger("body_limit")));
    for (OpenAPIRoute route : builder.getRoutes()) {
      Operation op = route.getOperation();
      // our own chain so 401/403 come before 400: never tell an unauthorised caller about the contract
      route.setDoSecurity(false).setDoValidation(false)
        .addHandler(ctx -> {
          ctx.put(OPERATION_ID, op.getOperationId()); // for the access log and metrics, also when the request fails
          gate.authenticate(ctx, op);
        })
        .addHandler(ctx -> gate.authorize(ctx, op))
        .addHandler(ctx -> rateLimiter.handle(ctx, op))
        .addHandler(ctx -> validate(ctx, op));
      if (RateLimiter.countsParsed(op)) {
        route.addHandler(ctx -> {
          RequestParser.Parsed parsed = ctx.get(PARSED);
          rateLimiter.handleParsed(ctx, op, parsed.query(), parsed.body());
        });
      }
      if (AnswerCache.group(op) != null) route.addHandler(ctx -> answerFromCache(ctx, op));
      route.addHandler(ctx -> forward(ctx, op));
    }
    Router router = builder.createRouter();
    router.get("/health").handler(health::handle);
    router.get("/health/ready").handler(this::ready);
    // metrics are on the management port (infra/ManagementServer), never here
    if (Config.apiDocs(config())) {
      router.get("/openapi.yaml").handler(ctx -> {
        Responses.lengthOfHead(ctx, contractText.length());
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8").end(contractText);
      });
      router.get("/docs/*").handler(HttpVerticle::docsPolicy).handler(StaticHandler.create("webroot/docs"));
      router.get("/webjars/swagger-ui/*").handler(HttpVerticle::docsPolicy).handler(webjar("swagger-ui"));
    }
    // the pages' SockJS client
    router.get("/webjars/sockjs-client/*").handler(HttpVerticle::docsPolicy).handler(webjar("sockjs-client"));
    // the chat: the SockJS event-bus bridge and the pages that use it (public page, staff console)
    router.route(ChatBridge.PATH + "/*").subRouter(new ChatBridge(vertx, tokens, config()).router());
    router.get("/").handler(HttpVerticle::pagesPolicy).handler(pages("webroot"));
    router.get("/staff/*").handler(HttpVerticle::pagesPolicy).handler(pages("webroot/staff"));
    router.get("/assets/*").handler(HttpVerticle::pagesPolicy).handler(pages("webroot/assets"));
    router.route().failureHandler(Responses::failure);
    for (int status : new int[]{400, 401, 403, 404, 405, 413, 415, 500}) {
      router.errorHandler(status, Responses::failure);
    }
    return router;
  }

  /**
   * vertx-web-openapi-router 5.0.10 mounts an "any" authentication chain on operations with two or more
   * security requirements even when security is off for the route, and an empty chain fails every request
   * ("No providers in the auth chain"). Authentication is {@link Gate}'s; this pass-through, registered for
   * the {@code chatToken} and {@code bearerAuth} schemes, gives that chain a member so requests reach the Gate.
   */
  static final class PassThroughSecurity extends SimpleAuthenticationHandlerImpl implements JWTAuthHandler {
    PassThroughSecurity() {
      authenticate(ctx -> Future.succeededFuture());
    }

    @Override
    public JWTAuthHandler scopeDelimiter(String delimiter) {
      return this;
    }

    @Override
    public JWTAuthHandler withScope(String scope) {
      return this;
    }

    @Override
    public JWTAuthHandler withScopes(java.util.List<String> scopes) {
      return this;
    }
  }

  // --- the operation chain ----------------------------------------------------------------------

  private void validate(RoutingContext ctx, Operation op) {
    try {
      ctx.put(PARSED, parser.parse(ctx, op));
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    ctx.next();
  }

  /** Operations marked {@code x-cache}: an anonymous caller's answer from this node's memory when it is current. */
  private void answerFromCache(RoutingContext ctx, Operation op) {
    String key = AnswerCache.key(op, ctx.get(Gate.CALLER) != null, ctx.get(PARSED), ctx.get(Texts.LANGUAGE));
    Answer kept = key == null ? null : answers.get(key);
    if (kept != null) {
      kept.write(ctx);
      return;
    }
    ctx.put(CACHE_KEY, key);
    ctx.next();
  }

  /**
   * Right after the request id and the access log's end handler, before every other root handler, route matching,
   * authentication and validation: an anonymous GET whose exact URI was answered from the near cache before is
   * answered again from it while the group's version holds — the steps it skips gave that answer for these very
   * bytes (the URI decoded, no form, no body). Only without credentials, a body, a Content-Type, an Origin (CORS
   * decides those) or any header the operation declares (those could change the outcome). It carries the same
   * security headers (set just before), and is still counted against its rate limits exactly as on the full path.
   * Anything else continues down the chain.
   */
  private void answerKnownUri(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    // a Content-Type could be a form on GET, which the next handler refuses (415): such requests take the full path
    AnswerCache.Hit hit = request.method() != HttpMethod.GET || mayCarryIdentityOrBody(request)
      || request.headers().contains(HttpHeaders.ORIGIN) || request.headers().contains(HttpHeaders.CONTENT_TYPE)
      ? null : answers.byUri(ctx.get(Texts.LANGUAGE), request.uri());
    if (hit == null || hit.declaredHeaders().stream().anyMatch(request.headers()::contains)) {
      ctx.next();
      return;
    }
    ctx.put(OPERATION_ID, hit.op().getOperationId());
    rateLimiter.handle(ctx, hit.op(), () -> hit.answer().write(ctx));
  }

  private static boolean mayCarryIdentityOrBody(HttpServerRequest request) {
    MultiMap headers = request.headers();
    return headers.contains(HttpHeaders.AUTHORIZATION) || headers.contains(Gate.SERVICE_HEADER)
      || headers.contains(HttpHeaders.TRANSFER_ENCODING)
      || (headers.contains(HttpHeaders.CONTENT_LENGTH) && !"0".equals(headers.get(HttpHeaders.CONTENT_LENGTH)));
  }

  /** Step 5–7: the request message to the operation's address, the reply back as the envelope. */
  private void forward(RoutingContext ctx, Operation op) {
    RequestParser.Parsed parsed = ctx.get(PARSED);
    JsonObject message = new JsonObject()
      .put(BusRequest.OP, op.getOperationId())
      .put(BusRequest.PATH, parsed.path())
      .put(BusRequest.QUERY, parsed.query())
      .put(BusRequest.HEADERS, parsed.headers())
      .put(BusRequest.BODY, parsed.body())
      .put(BusRequest.USER, ctx.get(Gate.CALLER))
      .put(BusRequest.IP, clientIp(ctx))
      .put(BusRequest.REQUEST_ID, ctx.get(REQUEST_ID))
      .put(BusRequest.LANGUAGE, ctx.get(Texts.LANGUAGE));
    send(op.getOperationId(), new BusRequest(message), clustered ? noHandlerRetries : 0)
      .onSuccess(reply -> {
        Answer answer = Answer.of(reply.body(), op.getOperationId(), ctx.get(Texts.LANGUAGE));
        String key = ctx.get(CACHE_KEY);
        answers.put(key, key == null || mayCarryIdentityOrBody(ctx.request()) ? null : ctx.request().uri(), ctx.get(Texts.LANGUAGE), op, answer);
        answer.write(ctx);
      })
      .onFailure(e -> {
        ApiError error = ApiError.from(e);
        ctx.fail(error != null ? error : e);
      });
  }

  /**
   * In a cluster, "no handler" can be a moment's truth: a node that is draining has unregistered while
   * this node still routes to it, or a restarted node is about to register. The handler never ran, so
   * resending is safe; after the bus timeout's worth of retries it is a 503.
   */
  private Future<io.vertx.core.eventbus.Message<Reply>> send(String address, BusRequest message, int retries) {
    return vertx.eventBus().<Reply>request(address, message, busOptions).recover(e -> {
      boolean noHandler = e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
      if (!noHandler || retries == 0) return Future.failedFuture(e);
      return vertx.timer(NO_HANDLER_RETRY_MS).compose(t -> send(address, message, retries - 1));
    });
  }

  // --- root handlers ----------------------------------------------------------------------------

  /**
   * Accepts a sane X-Request-Id or makes one; echoes it; one access-log line per request.
   * <p>HEAD (RFC 9110 §9.3.2): first of all, a HEAD request is routed again as the GET of the same URI, so every GET
   * route (operations, health, pages) answers it with the same chain — authentication, authorization, rate limits,
   * validation, caches — and the same status and headers. The connection's response knows it answers a HEAD and
   * writes no body; the writers ({@link Answer#write}, {@link Responses#json}) state the GET's {@code Content-Length},
   * which vert.x leaves out on HEAD. The access log and metrics say HEAD.
   */
  private void requestIdAndLog(RoutingContext ctx) {
    if (ctx.request().method() == HttpMethod.HEAD && ctx.get(HEAD) == null) {
      ctx.put(HEAD, true);
      // the path and query, not uri(): an absolute-form target ("HEAD http://host/path", RFC 9112 §3.2.2) is a
      // URI reroute refuses (a 500), and GET routes it by its path
      String query = ctx.request().query();
      ctx.reroute(HttpMethod.GET, query == null ? ctx.request().path() : ctx.request().path() + "?" + query);
      return;
    }
    String offered = ctx.request().getHeader("X-Request-Id");
    String id = offered != null && SAFE_REQUEST_ID.matcher(offered).matches() ? offered : newRequestId();
    ctx.put(REQUEST_ID, id);
    ctx.put(CLIENT_IP, clientIpOf(ctx));
    String loggedPath = secretPaths.shown(ctx.request().path());
    ctx.put(LOGGED_PATH, loggedPath);
    ctx.put(Texts.LANGUAGE, Texts.language(ctx.request()));
    // both framings at once (RFC 9112 §6.1): the body is read as chunked, and the connection must not be reused,
    // or bytes a proxy counted differently would be read as a second request
    if (ctx.request().headers().contains(HttpHeaders.TRANSFER_ENCODING) && ctx.request().headers().contains(HttpHeaders.CONTENT_LENGTH)) {
      ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
    }
    ctx.response().headers().add(REQUEST_ID_HEADER, id);
    // on every answer, also the refusals the next root handlers make (a bad escape, a form on GET, a foreign Origin);
    // the pages and the docs replace the policy headers with their own
    putSecurityHeaders(ctx.response());
    long started = System.nanoTime();
    ctx.addEndHandler(done -> {
      JsonObject caller = ctx.get(Gate.CALLER);
      String user = caller == null ? "-" : caller.getString("id", caller.getString("role"));
      String opId = ctx.get(OPERATION_ID, "-");
      long nanos = System.nanoTime() - started;
      // a connection closed before the answer was written (a client gone away) is logged and counted as 499, as
      // nginx does, not as the 200 the unsent response still holds
      int status = ctx.response().ended() ? ctx.response().getStatusCode() : CLIENT_CLOSED;
      String method = ctx.get(HEAD) != null ? HttpMethod.HEAD.name() : ctx.request().method().name();
      requestMetrics.record(opId, method, status, nanos);
      accessLine(id, method, loggedPath, opId, status, nanos / 1_000_000, user);
    });
    answerKnownUri(ctx);
  }

  /**
   * Before any other handler reads the URI or the body: a malformed percent-escape is a 400 naming where it
   * is ({@link RequestParser#decodeUri}); a form or upload on a method the body handler cannot decode it for (GET, …)
   * is 415 before the body handler would fail on it.
   */
  private static void checkUriAndForms(RoutingContext ctx) {
    try {
      RequestParser.decodeUri(ctx);
    } catch (ApiError e) {
      ctx.fail(e);
      return;
    }
    String type = RequestParser.mediaType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    boolean form = type != null && (type.startsWith("multipart/") || type.equals("application/x-www-form-urlencoded"));
    HttpMethod method = ctx.request().method();
    boolean decodable = method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH
      || method == HttpMethod.DELETE;
    // the body handler cannot decode a form on other methods (it fails the request); on these, the operation's
    // media types decide later (a form sent to a JSON operation is 415 there; multipart/form-data is read only for the
    // operations that declare it, see Bodies)
    if (form && !decodable && !ctx.request().path().startsWith(ChatBridge.PATH)) {
      ctx.fail(ErrorCode.UNSUPPORTED_MEDIA_TYPE.error("Unsupported content type; send application/json"));
      return;
    }
    ctx.next();
  }

  /**
   * What the HTTP layer refuses before the router — a request line over the limit (414), headers over the limit
   * (431), anything unparseable such as a control character in a header (400) — answered with the envelope and
   * logged like every other request. The connection is closed afterwards: its framing cannot be trusted.
   */
  private void invalidRequest(io.vertx.core.http.HttpServerRequest request) {
    Throwable cause = request.decoderResult() == null ? null : request.decoderResult().cause();
    ApiError error;
    if (cause instanceof TooLongHttpLineException) {
      error = ErrorCode.URI_TOO_LONG.error("The request URI is too long");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = ErrorCode.HEADERS_TOO_LARGE.error("The request headers are too large");
    } else {
      error = ErrorCode.BAD_REQUEST.error("The request could not be parsed");
    }
    String id = newRequestId();
    String uri = request.uri() == null ? "-" : secretPaths.shown(request.uri());
    accessLine(id, String.valueOf(request.method()), uri.length() > 200 ? uri.substring(0, 200) + "…" : uri, "-",
      error.status(), 0, "-");
    request.response().setStatusCode(error.status())
      .putHeader(HttpHeaders.CONTENT_TYPE, Responses.JSON).putHeader(HttpHeaders.CONNECTION, "close")
      .putHeader("X-Request-Id", id)
      .end(Texts.envelope(error, Texts.language(request)).encode())
      .onComplete(done -> request.connection().close());
  }

  /**
   * A random (version 4) UUID from the thread's own generator: request ids need to be unique, not secret, and
   * {@link UUID#randomUUID} takes SecureRandom's lock on every request.
   */
  private static String newRequestId() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long high = random.nextLong() & 0xFFFFFFFFFFFF0FFFL | 0x0000000000004000L;
    long low = random.nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return new UUID(high, low).toString();
  }

  /** The one access-log line of a request (structured fields for JSON logs, a readable message for the console). */
  private static void accessLine(String id, String method, String path, String operation, int status, long millis, String user) {
    ACCESS.atInfo()
      .addKeyValue("request_id", id).addKeyValue("method", method).addKeyValue("path", path)
      .addKeyValue("operation", operation).addKeyValue("status", status).addKeyValue("duration_ms", millis)
      .addKeyValue("user_id", user)
      .log("{} {} {} {}ms rid={} user={}", method, path, status, millis, id, user);
  }

  static String clientIp(RoutingContext ctx) {
    return ctx.get(CLIENT_IP);
  }

  /**
   * The socket's address, unless it is a configured trusted proxy: then the nearest address in
   * X-Forwarded-For that is not itself a trusted proxy (clients can prepend anything they like).
   */
  private String clientIpOf(RoutingContext ctx) {
    // the connection's own address: vert.x-web's request wrapper would parse Forwarded headers for it first
    io.vertx.core.net.SocketAddress remote = ctx.request().connection().remoteAddress();
    String socket = remote == null ? "unknown" : remote.host();
    String forwarded = ctx.request().getHeader("X-Forwarded-For");
    if (forwarded == null || !trustedProxies.contains(socket)) return socket;
    String[] hops = forwarded.split(",");
    for (int i = hops.length - 1; i >= 0; i--) {
      String hop = hops[i].trim();
      if (!hop.isEmpty() && !trustedProxies.contains(hop)) return hop;
    }
    return socket;
  }

  private static final CharSequence REQUEST_ID_HEADER = HttpHeaders.createOptimized("X-Request-Id");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff"), DENY = HttpHeaders.createOptimized("DENY"),
    NO_REFERRER = HttpHeaders.createOptimized("no-referrer"), SAME_ORIGIN = HttpHeaders.createOptimized("same-origin"),
    API_CSP = HttpHeaders.createOptimized("default-src 'none'; frame-ancestors 'none'"), NO_STORE = HttpHeaders.createOptimized("no-store"),
    REFERRER_POLICY = HttpHeaders.createOptimized("Referrer-Policy"), COOP = HttpHeaders.createOptimized("Cross-Origin-Opener-Policy"),
    CONTENT_TYPE_OPTIONS = HttpHeaders.createOptimized("X-Content-Type-Options"),
    FRAME_OPTIONS = HttpHeaders.createOptimized("X-Frame-Options"), CSP = HttpHeaders.createOptimized("Content-Security-Policy");

  private static void putSecurityHeaders(io.vertx.core.http.HttpServerResponse response) {
    // a fresh response holds none of them: add, not set (set first looks for an existing value to replace)
    response.headers().add(CONTENT_TYPE_OPTIONS, NOSNIFF)
      .add(FRAME_OPTIONS, DENY)
      .add(REFERRER_POLICY, NO_REFERRER)
      .add(COOP, SAME_ORIGIN)
      .add(CSP, API_CSP)
      .add(HttpHeaders.CACHE_CONTROL, NO_STORE);
  }

  /** The API docs page loads scripts, styles and images from this origin only. */
  private static void docsPolicy(RoutingContext ctx) {
    ctx.response()
      .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'")
      .putHeader("Cache-Control", "public, max-age=3600");
    ctx.next();
  }

  /** One webjar's files (the route's prefix is stripped, so the root is that webjar's folder). */
  private static StaticHandler webjar(String name) {
    return StaticHandler.create("META-INF/resources/webjars/" + name);
  }

  private static StaticHandler pages(String root) {
    return StaticHandler.create(root).setIndexPage("index.html").setDefaultContentEncoding("UTF-8");
  }

  /** The public page and the staff console: this origin only, plus the bridge's WebSocket on this host. */
  private static void pagesPolicy(RoutingContext ctx) {
    String host = ctx.request().getHeader("Host");
    if (host != null && !host.matches("[A-Za-z0-9.:\\[\\]-]{1,255}")) host = null;
    String sockets = host == null ? "" : " ws://" + host + " wss://" + host;
    ctx.response()
      .putHeader("Content-Security-Policy", "default-src 'self'; connect-src 'self'" + sockets
        + "; img-src 'self' data:; style-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
      .putHeader("Cache-Control", "no-cache");
    ctx.next();
  }

  /** Origin is this server itself (scheme and Host of the request). */
  static boolean sameOrigin(RoutingContext ctx) {
    String origin = ctx.request().getHeader("Origin");
    String host = ctx.request().getHeader("Host");
    return origin != null && host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  /** CORS from the configured allow-list; credentials only with explicit origins, never with "*". */
  private static CorsHandler cors(JsonObject http) {
    var origins = Config.list(http, "cors_origins");
    CorsHandler cors = CorsHandler.create()
      .allowedMethods(Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE))
      .allowedHeaders(Set.of("Authorization", "Content-Type", "X-Request-Id", "Idempotency-Key", "If-Match",
        "If-None-Match"))
      .exposedHeaders(Set.of("X-Request-Id", "Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining",
        "X-RateLimit-Reset", "ETag"))
      .maxAgeSeconds(600);
    if (origins.contains("*")) return cors.addOrigin("*");
    return cors.addOrigins(origins).allowCredentials(true);
  }
}

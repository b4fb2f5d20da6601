package verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.AnalyticsClient;
import verticles.bus.ApiTexts;
import verticles.bus.AuthClient;
import verticles.bus.Endpoints;
import verticles.bus.ErrorCode;
import verticles.bus.Languages;
import verticles.infra.Budgets;
import verticles.infra.Config;
import verticles.infra.TokenCheck;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at {@code /api/chat/connect}: the browser's view of the event bus, deny by
 * default. Who may do what is decided here, for every frame, from the token the frame carries in its headers
 * ({@code headers.authorization = "Bearer …"}, never in the URL). A staff token is verified on every frame (revocation
 * included); a visitor's chat token, which is not revocable, is verified once per socket and then trusted for its own
 * session until it expires:
 * <ul>
 *   <li>register on {@code chat.session.<id>}: that session's chat token, or a staff access token
 *       (admin, instructor);</li>
 *   <li>register on {@code chat.inbox}: a staff access token;</li>
 *   <li>register on {@code live.dashboard} (the analytics verticle's live figures): an admin access token
 *       only; nobody may send or publish to it;</li>
 *   <li>send to {@code chat.session.<id>}: the same rights as registering on it. The frame is rewritten to
 *       the chat verticle's address {@code chat.internal.frame} with the verified sender in its headers
 *       ({@code x-chat-session}, {@code x-chat-sender}); the client's own headers are dropped;</li>
 *   <li>everything else (publish, other addresses, a missing, foreign or expired token): the bridge's
 *       {@code access_denied}.</li>
 * </ul>
 * Sockets from an origin outside the allow-list (the page's own origin and {@code http.cors_origins}, the
 * same list CORS enforces before the bridge is reached) are closed at once. A frame above {@code chat.max_frame_bytes} is passed on
 * without its body, marked too large, so the sender gets 413 {@code PAYLOAD_TOO_LARGE} on its reply (a frame with a
 * NUL or an unpaired surrogate likewise, marked bad text: 400 {@code VALIDATION_INVALID_ENCODING})
 * address. Once a registration is live the client gets {@code {"type":"registered","body":<address>}} (the bridge
 * itself says nothing on success), so a page can load history knowing no push falls in between.
 * <p>
 * A registration lives no longer than the token that made it: it remembers the token's {@code sid}, {@code jti}
 * and {@code exp}; when auth publishes a revocation ({@link AuthClient#REVOKED}: logout, password or role change,
 * deletion, …) or the token expires, the registration is dead — nothing more is delivered on it (checked on every
 * outbound message) — and the socket gets {@code {"type":"unregistered","address":…,"body":{"reason","message"}}}.
 * <p>
 * Language (issue 20): a socket speaks the language of the URL it was opened with ({@code /api/chat/connect?lang=en})
 * or else of its handshake's {@code Accept-Language}, Indonesian by default: the {@code message} of
 * {@code unregistered} frames, and the texts of the err frames answering its sends (the frame carries the language to
 * the chat verticle in {@value verticles.bus.Endpoints#LANGUAGE_HEADER}; codes never change).
 * <p>
 * Each socket has a budget per frame type ({@code chat.socket_frame_burst}, {@code chat.socket_frames_per_second});
 * a frame over it reaches the chat verticle without its body, marked over budget, and is answered 429.
 * No chat logic here: the chat verticle owns sessions, messages and the per-session limits.
 */
final class ChatBridge {
  /** Where the bridge is mounted. */
  static final String PATH = "/api/chat/connect";
  static final String INBOUND = verticles.bus.ChatClient.FRAME;
  static final String INBOX = "chat.inbox";
  /** The analytics verticle's live figures: admins may register, nobody may send or publish. */
  static final String LIVE_DASHBOARD = AnalyticsClient.LIVE;
  static final String SESSION_PREFIX = "chat.session.";
  static final String SESSION_HEADER = "x-chat-session", SENDER_HEADER = "x-chat-sender", REFUSED_HEADER = "x-chat-refused",
    RETRY_HEADER = "x-chat-retry-after";
  /** Frame types with a budget of their own; any other type shares "other". */
  private static final Set<String> FRAME_TYPES = Set.of("send_message", "typing", "message_read", "handoff", "close_session");
  /** Revoked sessions and tokens remembered for registrations whose check raced the announcement. */
  private static final int RECENT_REVOCATIONS = 10_000;
  private static final Pattern SESSION = Pattern.compile(
    "chat\\.session\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  /** Any address no permit matches: the bridge then answers the frame with its own access_denied. */
  private static final String DENIED = "denied";
  /** The sockjs-client the pages load (the webjar in pom.xml), for the iframe transport's page too. */
  private static final String SOCKJS_CLIENT = "/webjars/sockjs-client/1.5.1/sockjs.min.js";
  private static final Logger LOG = LoggerFactory.getLogger(ChatBridge.class);

  private final Vertx vertx;
  private final TokenCheck tokens;
  private final Set<String> origins = new LinkedHashSet<>();
  private final int maxFrameBytes;
  private final int frameBurst;
  private final double framesPerSecond;
  /** Per socket: the check of its previous frame (frames are decided in the order they came), grants, budget. */
  private final Map<SockJSSocket, Socket> sockets = new HashMap<>();
  /** This bridge in the live dashboard's watchers signal, and whether it last said it has a watcher. */
  private final String bridgeId = java.util.UUID.randomUUID().toString();
  private boolean announcedWatching;
  /** Recently revoked sids and jtis → the reason (bounded). */
  private final Map<String, String> revoked = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > RECENT_REVOCATIONS;
    }
  };

  ChatBridge(Vertx vertx, TokenCheck tokens, JsonObject config) {
    this.vertx = vertx;
    this.tokens = tokens;
    JsonObject chat = config.getJsonObject("chat");
    origins.addAll(Config.list(config.getJsonObject("http"), "cors_origins"));
    origins.remove("*");
    this.maxFrameBytes = chat.getInteger("max_frame_bytes");
    this.frameBurst = chat.getInteger("socket_frame_burst");
    this.framesPerSecond = chat.getDouble("socket_frames_per_second");
    // revocations from the auth verticle, wherever it runs (published to every node)
    vertx.eventBus().<JsonObject>consumer(AuthClient.REVOKED, message -> revoke(message.body()));
    vertx.setPeriodic(AnalyticsClient.RENEW_MS, id -> announceWatchers(true));
    vertx.eventBus().consumer(AnalyticsClient.LIVE_WATCHERS_QUERY, message -> announceWatchers(true));
  }

  /** A live registration and the token behind it; {@code ended} is why it no longer delivers (null: live). */
  private static final class Grant {
    final String sid, jti;
    final long expiresAt;
    long timer = -1;
    String ended;

    Grant(Sender who) {
      this.sid = who.json().getString("sid");
      this.jti = who.json().getString("jti");
      this.expiresAt = who.json().getLong("exp", Long.MAX_VALUE / 1000);
    }
  }

  /** What the bridge keeps per socket: bounded by the bridge's handlers per socket and the frame types. */
  private final class Socket {
    Future<Void> order = Future.succeededFuture();
    final Map<String, Grant> grants = new HashMap<>();
    /** The language of the texts this socket reads (issue 20): the connect URL's lang, else the handshake's Accept-Language. */
    String language = Languages.INDONESIAN;
    final Budgets budget = new Budgets(frameBurst, framesPerSecond, FRAME_TYPES.size() + 1);
    /**
     * The visitor's chat token this socket's frames last proved, its session and its expiry (ms): a visitor's frames
     * carry the same token each time, so its signature is checked once, not per frame (a tenth of the server's CPU per
     * chat message in a profile; issue 13). Chat tokens are not revocable, so nothing but the expiry can end it.
     */
    String provenToken, provenSession;
    long provenUntil;
  }

  /** The SockJS sub-router; mount it with {@code router.route("/api/chat/connect/*").subRouter(…)}. */
  Router router() {
    SockJSBridgeOptions options = new SockJSBridgeOptions()
      .addInboundPermitted(new PermittedOptions().setAddress(INBOUND))
      .addOutboundPermitted(new PermittedOptions().setAddressRegex(SESSION.pattern()))
      .addOutboundPermitted(new PermittedOptions().setAddress(INBOX))
      .addOutboundPermitted(new PermittedOptions().setAddress(LIVE_DASHBOARD))
      .setMaxHandlersPerSocket(50);
    SockJSHandlerOptions sockJs = new SockJSHandlerOptions()
      .setInsertJSESSIONID(false)
      // no CDN reference in the iframe transport's page (our pages do not use that transport; the API headers forbid framing)
      .setLibraryURL(SOCKJS_CLIENT)
      .addDisabledTransport(Transport.JSON_P.name())
      .addDisabledTransport(Transport.HTML_FILE.name());
    Router router = SockJSHandler.create(vertx, sockJs).bridge(options, this::event);
    // ahead of SockJS's own routes: vertx-web's chunking test (a probe of sockjs-client 0.x; our 1.5 client never
    // asks) sets a 0 ms timer, which Vert.x 5 refuses — a 500 with a stack trace in the log for anyone who posts it
    router.route("/chunking_test").order(-2).handler(ctx -> ctx.fail(404)); // the router's 404 envelope
    // SockJS's own path for it: /{server}/{session}/xhr_send, neither with a dot
    router.postWithRegex("/[^/.]+/[^/.]+/xhr_send").order(-1).handler(ChatBridge::framesReadable);
    return router;
  }

  /**
   * An xhr_send post must carry frames SockJS can read — a JSON array of frame texts (or one JSON string), as
   * sockjs-client sends them. SockJS answers an empty or broken body with its protocol's 500 in plain text, and an
   * element that is not text (null, an object) with an unhandled NullPointerException in the log after answering 204;
   * here it is the client's mistake: 400 in the envelope ({@code VALIDATION_ERROR} when empty, else
   * {@code VALIDATION_INVALID_JSON}).
   */
  private static void framesReadable(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      Responses.error(ctx, ErrorCode.VALIDATION_ERROR.error("Send the frames as a JSON array of strings"));
      return;
    }
    Object frames;
    try {
      frames = Json.decodeValue(body);
    } catch (DecodeException e) {
      frames = null;
    }
    boolean texts = frames instanceof String
      || frames instanceof JsonArray array && array.stream().allMatch(frame -> frame instanceof String);
    if (texts) ctx.next();
    else Responses.error(ctx, ErrorCode.VALIDATION_INVALID_JSON.error("Send the frames as a JSON array of strings"));
  }

  private void event(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> {
        boolean allowed = originAllowed(event.socket());
        // state only for sockets that stay open (a refused one may never be reported closed)
        if (allowed) sockets.computeIfAbsent(event.socket(), s -> new Socket()).language = language(event.socket());
        event.complete(allowed);
      }
      case SEND -> inOrder(event, this::send);
      case REGISTER -> inOrder(event, this::register);
      case PUBLISH -> deny(event);
      case REGISTERED -> {
        // tell the client its registration is live (the bridge itself says nothing on success)
        String address = address(event);
        event.socket().write(new JsonObject().put("type", "registered").put("body", address).encode());
        // the consumer is live now: only then may a push the announcement causes reach it
        if (LIVE_DASHBOARD.equals(address)) announceWatchers(false);
        event.complete(true);
      }
      case RECEIVE -> event.complete(deliverable(event));
      case UNREGISTER -> inOrder(event, this::unregister);
      case SOCKET_CLOSED -> {
        Socket state = sockets.remove(event.socket());
        if (state != null) state.grants.values().forEach(this::forget);
        if (state != null && state.grants.containsKey(LIVE_DASHBOARD)) announceWatchers(false);
        event.complete(true);
      }
      default -> event.complete(true); // ping, …
    }
  }

  // --- registrations live no longer than their token -------------------------------------------------

  /** An outbound message (outbound permits already matched) reaches the socket only while its grant lives. */
  private boolean deliverable(BridgeEvent event) {
    Socket state = sockets.get(event.socket());
    String address = address(event);
    Grant grant = state == null || address == null ? null : state.grants.get(address);
    if (grant == null) return true; // a reply to the socket's own send
    if (grant.ended == null && System.currentTimeMillis() / 1000 >= grant.expiresAt) end(event.socket(), address, grant, "expired");
    return grant.ended == null;
  }

  private boolean holdsLiveGrant(Socket state, String address) {
    Grant grant = state.grants.get(address);
    return grant != null && grant.ended == null;
  }

  private void grant(Socket state, SockJSSocket socket, String address, Sender who) {
    Grant grant = new Grant(who);
    forget(state.grants.put(address, grant));
    long ms = grant.expiresAt * 1000 - System.currentTimeMillis();
    grant.timer = vertx.setTimer(Math.max(1, Math.min(ms, Integer.MAX_VALUE)), id -> {
      grant.timer = -1;
      if (state.grants.get(address) == grant) end(socket, address, grant, "expired");
    });
  }

  /**
   * Tells analytics whether a socket here watches the live dashboard (a live registration on it): at once when that
   * changes, and — {@code renew} — again every {@link AnalyticsClient#RENEW_MS} while one does. Only then does
   * analytics compute the overview after events.
   */
  private void announceWatchers(boolean renew) {
    boolean watching = sockets.values().stream().anyMatch(state -> holdsLiveGrant(state, LIVE_DASHBOARD));
    if (watching != announcedWatching || renew && watching) AnalyticsClient.watchers(vertx, bridgeId, watching);
    announcedWatching = watching;
  }

  private void forget(Grant grant) {
    if (grant != null && grant.timer >= 0) vertx.cancelTimer(grant.timer);
  }

  /** The registration delivers nothing more; the socket is told why (once). */
  private void end(SockJSSocket socket, String address, Grant grant, String reason) {
    if (grant.ended != null) return;
    grant.ended = reason;
    forget(grant);
    if (LIVE_DASHBOARD.equals(address)) announceWatchers(false);
    Socket state = sockets.get(socket);
    String language = state == null ? Languages.INDONESIAN : state.language;
    socket.write(new JsonObject().put("type", "unregistered").put("address", address)
      .put("body", new JsonObject().put("reason", reason).put("message", explain(reason, language))).encode());
  }

  /**
   * Why a registration ended, for people: {@code chat.unregistered.<reason>} of the bundles (expired, logout, role,
   * password), else {@code chat.unregistered}.
   */
  static String explain(String reason, String language) {
    String text = ApiTexts.text("chat.unregistered." + reason, language);
    return text != null ? text : ApiTexts.text("chat.unregistered", language);
  }

  /**
   * A socket's language: {@code lang=en|id} in the query of the URL it was opened with (sockjs-client keeps the query
   * of {@code new SockJS(url)} on every transport URL), else its handshake's {@code Accept-Language}; Indonesian.
   */
  private static String language(SockJSSocket socket) {
    try {
      String uri = socket.uri();
      int q = uri == null ? -1 : uri.indexOf('?');
      return Texts.language(q < 0 ? null : uri.substring(q + 1), socket.headers() == null ? null : socket.headers().get("Accept-Language"));
    } catch (RuntimeException unreadable) {
      return Languages.INDONESIAN;
    }
  }

  /** {sids, jtis, reason} from auth: every registration made with one of those tokens ends. */
  private void revoke(JsonObject notice) {
    String reason = notice.getString("reason", "revoked");
    Set<String> ids = new LinkedHashSet<>();
    for (JsonArray list : new JsonArray[]{notice.getJsonArray("sids"), notice.getJsonArray("jtis")}) {
      if (list != null) list.forEach(id -> ids.add(String.valueOf(id)));
    }
    ids.forEach(id -> revoked.put(id, reason));
    sockets.forEach((socket, state) -> state.grants.forEach((address, grant) -> {
      if (grant.sid != null && ids.contains(grant.sid) || grant.jti != null && ids.contains(grant.jti)) {
        end(socket, address, grant, reason);
      }
    }));
  }

  /** Why a token was revoked while its check ran (the announcement came before the grant), or null. */
  private String revokedReason(Sender who) {
    String bySid = who.json().getString("sid") == null ? null : revoked.get(who.json().getString("sid"));
    return bySid != null ? bySid : who.json().getString("jti") == null ? null : revoked.get(who.json().getString("jti"));
  }

  /** Browsers always send Origin on WebSocket and cross-origin requests; other clients carry no ambient rights. */
  private boolean originAllowed(SockJSSocket socket) {
    String origin = socket.headers().get("Origin");
    if (origin == null) return true;
    String host = socket.headers().get("Host");
    boolean allowed = origins.contains(origin)
      || host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
    if (!allowed) LOG.warn("Chat bridge: refused a socket from origin {}", origin);
    return allowed;
  }

  /**
   * Runs the socket's checks one after the other, each on the socket's state while it is open: a check that waited
   * (a token's revocation look-up) for a socket closed meanwhile is refused, so no state outlives SOCKET_CLOSED.
   */
  private void inOrder(BridgeEvent event, java.util.function.BiFunction<Socket, BridgeEvent, Future<Void>> check) {
    Socket state = sockets.get(event.socket());
    if (state == null) {
      deny(event);
      return;
    }
    state.order = state.order.eventually(() -> open(event, state) ? check.apply(state, event) : deny(event));
  }

  /**
   * After the socket's earlier frames, like a registration: an unregister sent while its register's token was being
   * checked applies to that registration (decided at once, it found no grant and the register then went through).
   */
  private Future<Void> unregister(Socket state, BridgeEvent event) {
    String address = address(event);
    if (address != null) forget(state.grants.remove(address));
    if (LIVE_DASHBOARD.equals(address)) announceWatchers(false);
    event.complete(true);
    return Future.succeededFuture();
  }

  /** The address a frame names, or null (a frame without one). */
  private static String address(BridgeEvent event) {
    return event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
  }

  private boolean open(BridgeEvent event, Socket state) {
    return sockets.get(event.socket()) == state;
  }

  private Future<Void> register(Socket state, BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    String address = raw.getString("address", "");
    String token = TokenCheck.bearer(authorization(raw));
    if (token == null) return deny(event);
    Matcher session = SESSION.matcher(address);
    Future<Sender> sender;
    if (session.matches()) sender = sender(token, session.group(1));
    else if (INBOX.equals(address)) sender = staff(token);
    else if (LIVE_DASHBOARD.equals(address)) sender = admin(token);
    else return deny(event);
    return sender.<Void>map(who -> {
      // a socket registers an address once: a second registration would not start a second consumer, so it must
      // not swap the live one's grant for another token's either (the first token's revocation would then miss it)
      if (!open(event, state) || revokedReason(who) != null || holdsLiveGrant(state, address)) {
        deny(event);
        return null;
      }
      raw.remove("headers");
      grant(state, event.socket(), address, who);
      event.complete(true);
      return null;
    }).recover(e -> deny(event));
  }

  private Future<Void> send(Socket state, BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    Matcher session = SESSION.matcher(raw.getString("address", ""));
    String token = TokenCheck.bearer(authorization(raw));
    if (!session.matches() || token == null) return deny(event);
    String sessionId = session.group(1);
    boolean tooLarge = raw.encode().length() > maxFrameBytes;
    // the same rule as every REST request: text PostgreSQL cannot store (NUL, unpaired surrogates) goes no further
    boolean unstorable = !tooLarge && !verticles.bus.Values.storableJson(raw.getValue("body"));
    int retryAfter = state.budget.take(frameType(raw.getValue("body")), System.currentTimeMillis());
    if (retryAfter > 0 && raw.getValue("replyAddress") == null) {
      // no reply address to tell: the bridge's own refusal ({"type":"err","body":"rejected"})
      event.complete(false);
      return Future.succeededFuture();
    }
    return frameSender(state, token, sessionId).<Void>map(sender -> {
      if (!open(event, state)) { // the socket closed while a staff token was being checked
        deny(event);
        return null;
      }
      JsonObject headers = new JsonObject().put(SESSION_HEADER, sessionId).put(SENDER_HEADER, sender)
        .put(Endpoints.LANGUAGE_HEADER, state.language);
      if (tooLarge || unstorable || retryAfter > 0) {
        headers.put(REFUSED_HEADER, tooLarge ? "too_large" : unstorable ? "bad_text" : "over_budget");
        if (retryAfter > 0) headers.put(RETRY_HEADER, String.valueOf(retryAfter));
        raw.put("body", new JsonObject());
      }
      raw.put("address", INBOUND).put("headers", headers);
      event.complete(true);
      return null;
    }).recover(e -> deny(event));
  }

  /** The budget a frame's body spends: its type when it is one the chat verticle knows, else "other". */
  private static String frameType(Object body) {
    Object type = body instanceof JsonObject b ? b.getValue("type") : null;
    return type instanceof String t && FRAME_TYPES.contains(t) ? t : "other";
  }

  /** The sender header of a frame: {kind: visitor} for the session's own chat token (proven once per socket), else the staff member. */
  private Future<String> frameSender(Socket state, String token, String sessionId) {
    if (token.equals(state.provenToken) && System.currentTimeMillis() < state.provenUntil) {
      // a chat token opens its own session only: no need to ask auth about another one
      return sessionId.equals(state.provenSession) ? Future.succeededFuture(VISITOR)
        : Future.failedFuture("a chat token of another session");
    }
    return sender(token, sessionId).map(who -> {
      if ("visitor".equals(who.json().getString("kind"))) {
        state.provenToken = token;
        state.provenSession = sessionId;
        state.provenUntil = who.json().getLong("exp") * 1000;
      }
      return header(who);
    });
  }

  /** The sender as the chat verticle reads it: the holder without the token's own fields (sid, jti, exp). */
  private static String header(Sender who) {
    JsonObject sender = who.json().copy();
    sender.remove("sid");
    sender.remove("jti");
    sender.remove("exp");
    return sender.encode();
  }

  private static final String VISITOR = new JsonObject().put("kind", "visitor").encode();

  /** The session's own chat token (a guest or signed-in visitor), else a staff access token. */
  private Future<Sender> sender(String token, String sessionId) {
    return tokens.chat(token)
      .compose(claims -> sessionId.equals(claims.getString("sub"))
        ? Future.succeededFuture(new Sender(new JsonObject().put("kind", "visitor")
          .put("jti", claims.getString("jti")).put("exp", claims.getLong("exp"))))
        : Future.failedFuture("a chat token of another session"))
      .recover(notChat -> staff(token));
  }

  private Future<Sender> staff(String token) {
    return tokens.access(token).compose(claims -> {
      String role = claims.getString("role");
      if (!"admin".equals(role) && !"instructor".equals(role)) return Future.failedFuture("not staff");
      return Future.succeededFuture(new Sender(new JsonObject().put("kind", "staff")
        .put("id", claims.getString("sub")).put("role", role).put("email", claims.getString("email"))
        .put("sid", claims.getString("sid")).put("jti", claims.getString("jti")).put("exp", claims.getLong("exp"))));
    });
  }

  private Future<Sender> admin(String token) {
    return staff(token).compose(who -> "admin".equals(who.json().getString("role"))
      ? Future.succeededFuture(who) : Future.failedFuture("not an admin"));
  }

  private static String authorization(JsonObject raw) {
    JsonObject headers = raw.getValue("headers") instanceof JsonObject h ? h : null;
    if (headers == null) return null;
    Object value = headers.getValue("authorization", headers.getValue("Authorization"));
    return value instanceof String s ? s : null;
  }

  /** Points the frame at an address nothing permits, so the bridge itself answers access_denied. */
  private static Future<Void> deny(BridgeEvent event) {
    event.getRawMessage().put("address", DENIED).remove("headers");
    event.complete(true);
    return Future.succeededFuture();
  }

  /** The verified holder of a token: {kind: visitor|staff, id?, role?, email?, sid?, jti, exp (seconds)}. */
  private record Sender(JsonObject json) {
  }
}

package verticles.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.infra.Config;
import verticles.infra.TokenCheck;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SockJS event-bus bridge at {@code /api/chat/connect}: the browser's view of the event bus, deny by
 * default. Who may do what is decided here, per frame, from the token the frame carries in its headers
 * ({@code headers.authorization = "Bearer …"}, never in the URL):
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
 * No chat logic here: the chat verticle owns sessions, messages and limits.
 */
final class ChatBridge {
  /** Where the bridge is mounted. */
  static final String PATH = "/api/chat/connect";
  static final String INBOUND = verticles.bus.ChatClient.FRAME;
  static final String INBOX = "chat.inbox";
  /** The analytics verticle's live figures: admins may register, nobody may send or publish. */
  static final String LIVE_DASHBOARD = "live.dashboard";
  static final String SESSION_PREFIX = "chat.session.";
  static final String SESSION_HEADER = "x-chat-session", SENDER_HEADER = "x-chat-sender", REFUSED_HEADER = "x-chat-refused";
  private static final Pattern SESSION = Pattern.compile(
    "chat\\.session\\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})");
  /** Any address no permit matches: the bridge then answers the frame with its own access_denied. */
  private static final String DENIED = "denied";
  private static final Logger LOG = LoggerFactory.getLogger(ChatBridge.class);

  private final Vertx vertx;
  private final TokenCheck tokens;
  private final Set<String> origins = new LinkedHashSet<>();
  private final int maxFrameBytes;
  /** Per socket, the check of its previous frame: frames are decided in the order they came. */
  private final Map<SockJSSocket, Future<Void>> order = new HashMap<>();

  ChatBridge(Vertx vertx, TokenCheck tokens, JsonObject config) {
    this.vertx = vertx;
    this.tokens = tokens;
    JsonObject chat = config.getJsonObject("chat");
    origins.addAll(Config.list(config.getJsonObject("http"), "cors_origins"));
    origins.remove("*");
    this.maxFrameBytes = chat.getInteger("max_frame_bytes");
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
      .addDisabledTransport(Transport.JSON_P.name())
      .addDisabledTransport(Transport.HTML_FILE.name());
    return SockJSHandler.create(vertx, sockJs).bridge(options, this::event);
  }

  private void event(BridgeEvent event) {
    switch (event.type()) {
      case SOCKET_CREATED -> event.complete(originAllowed(event.socket()));
      case SEND -> inOrder(event, this::send);
      case REGISTER -> inOrder(event, this::register);
      case PUBLISH -> deny(event);
      case REGISTERED -> {
        // tell the client its registration is live (the bridge itself says nothing on success)
        String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
        event.socket().write(new JsonObject().put("type", "registered").put("body", address).encode());
        event.complete(true);
      }
      case SOCKET_CLOSED -> {
        order.remove(event.socket());
        event.complete(true);
      }
      default -> event.complete(true); // unregister, receive (outbound permits already matched), ping, …
    }
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

  private void inOrder(BridgeEvent event, java.util.function.Function<BridgeEvent, Future<Void>> check) {
    Future<Void> previous = order.getOrDefault(event.socket(), Future.succeededFuture());
    Future<Void> next = previous.eventually(() -> check.apply(event));
    order.put(event.socket(), next);
  }

  private Future<Void> register(BridgeEvent event) {
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
      raw.remove("headers");
      event.complete(true);
      return null;
    }).recover(e -> deny(event));
  }

  private Future<Void> send(BridgeEvent event) {
    JsonObject raw = event.getRawMessage();
    Matcher session = SESSION.matcher(raw.getString("address", ""));
    String token = TokenCheck.bearer(authorization(raw));
    if (!session.matches() || token == null) return deny(event);
    String sessionId = session.group(1);
    boolean tooLarge = raw.encode().length() > maxFrameBytes;
    // the same rule as every REST request: text PostgreSQL cannot store (NUL, unpaired surrogates) goes no further
    boolean unstorable = !tooLarge && !verticles.bus.Values.storableJson(raw.getValue("body"));
    return sender(token, sessionId).<Void>map(who -> {
      JsonObject headers = new JsonObject().put(SESSION_HEADER, sessionId).put(SENDER_HEADER, who.json().encode());
      if (tooLarge || unstorable) {
        headers.put(REFUSED_HEADER, tooLarge ? "too_large" : "bad_text");
        raw.put("body", new JsonObject());
      }
      raw.put("address", INBOUND).put("headers", headers);
      event.complete(true);
      return null;
    }).recover(e -> deny(event));
  }

  /** The session's own chat token (a guest or signed-in visitor), else a staff access token. */
  private Future<Sender> sender(String token, String sessionId) {
    return tokens.chat(token)
      .compose(claims -> sessionId.equals(claims.getString("sub"))
        ? Future.succeededFuture(new Sender(new JsonObject().put("kind", "visitor")))
        : Future.failedFuture("a chat token of another session"))
      .recover(notChat -> staff(token));
  }

  private Future<Sender> staff(String token) {
    return tokens.access(token).compose(claims -> {
      String role = claims.getString("role");
      if (!"admin".equals(role) && !"instructor".equals(role)) return Future.failedFuture("not staff");
      return Future.succeededFuture(new Sender(new JsonObject().put("kind", "staff")
        .put("id", claims.getString("sub")).put("role", role).put("email", claims.getString("email"))));
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

  private record Sender(JsonObject json) {
  }
}

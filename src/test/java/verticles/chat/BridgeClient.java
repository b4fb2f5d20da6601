package verticles.chat;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import verticles.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A raw client of the SockJS event-bus bridge: the bridge's own JSON frames over the raw WebSocket
 * transport ({@code /api/chat/connect/websocket}). Received frames are kept until a test takes them.
 */
final class BridgeClient implements AutoCloseable {
  private static final long WAIT_MS = 20_000;

  private final WebSocketClient client;
  private final WebSocket socket;
  private final List<JsonObject> received = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private final Vertx vertx;
  private final long pinger;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    // the raw WebSocket transport sends the bridge's frames as binary messages, ours as text
    socket.textMessageHandler(this::receive);
    socket.binaryMessageHandler(buffer -> receive(buffer.toString()));
    socket.closeHandler(v -> closed.tryComplete());
    // the bridge closes sockets that stay silent for its ping timeout (10 s)
    pinger = vertx.setPeriodic(3000, id -> socket.writeTextMessage("{\"type\":\"ping\"}"));
  }

  private void receive(String text) {
    synchronized (received) {
      received.add(new JsonObject(text));
      received.notifyAll();
    }
  }

  static BridgeClient connect(Vertx vertx, int port) {
    return connect(vertx, port, null);
  }

  static BridgeClient connect(Vertx vertx, int port, String origin) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/api/chat/connect/websocket");
    if (origin != null) options.addHeader("Origin", origin);
    return new BridgeClient(vertx, client, TestApp.await(client.connect(options)));
  }

  /** A connection attempt that the server must refuse: the failure. */
  static Throwable refused(Vertx vertx, int port, String origin) {
    WebSocketClient client = vertx.createWebSocketClient();
    try {
      WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
        .setURI("/api/chat/connect/websocket").addHeader("Origin", origin);
      return TestApp.await(client.connect(options).transform(done -> io.vertx.core.Future.succeededFuture(done.cause())));
    } finally {
      client.close();
    }
  }

  /** Completes when the server closed the socket. */
  io.vertx.core.Future<Void> closed() {
    return closed.future();
  }

  void write(JsonObject frame) {
    writeText(frame.encode());
  }

  /** A frame's exact text, e.g. with a JSON escape no encoder would produce (a lone surrogate). */
  void writeText(String frame) {
    TestApp.await(socket.writeTextMessage(frame));
  }

  void register(String address, String token) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (token != null) frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    write(frame);
  }

  /** Registers and waits until the bridge says the registration is live. */
  void registered(String address, String token) {
    register(address, token);
    take(f -> "registered".equals(f.getString("type")) && address.equals(f.getString("body")), "registered " + address);
  }

  /** A send with a reply address; returns the reply address. */
  String send(String address, String token, JsonObject body) {
    String reply = UUID.randomUUID().toString();
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body).put("replyAddress", reply);
    if (token != null) frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    write(frame);
    return reply;
  }

  static JsonObject message(String content) {
    return new JsonObject().put("type", "send_message").put("data", new JsonObject().put("content", content));
  }

  /** The reply to a send: the message body, or fails the test with the err frame. */
  JsonObject reply(String replyAddress) {
    JsonObject frame = take(f -> replyAddress.equals(f.getString("address")), "reply " + replyAddress);
    if (!"rec".equals(frame.getString("type"))) fail("expected a reply, got " + frame);
    return frame.getJsonObject("body");
  }

  /** The err frame answering a send: {failureCode, message (the ApiError JSON)}. */
  JsonObject failure(String replyAddress) {
    JsonObject frame = take(f -> replyAddress.equals(f.getString("address")), "failure " + replyAddress);
    if (!"err".equals(frame.getString("type"))) fail("expected a failure, got " + frame);
    return frame;
  }

  /** The bridge's own refusal ({"type":"err","body":reason}). */
  String refusal() {
    return take(f -> "err".equals(f.getString("type")) && f.getString("address") == null, "a refusal").getString("body");
  }

  /** The next push on the address with this frame type, e.g. new_message on chat.session.<id>. */
  JsonObject push(String address, String type, Predicate<JsonObject> data) {
    JsonObject frame = take(f -> "rec".equals(f.getString("type")) && address.equals(f.getString("address"))
      && f.getJsonObject("body") != null && type.equals(f.getJsonObject("body").getString("type"))
      && data.test(f.getJsonObject("body").getJsonObject("data")), type + " on " + address);
    return frame.getJsonObject("body").getJsonObject("data");
  }

  /** Takes the first received frame matching, waiting for it (up to 20 s) — never a fixed sleep. */
  JsonObject take(Predicate<JsonObject> matching, String what) {
    long deadline = System.currentTimeMillis() + WAIT_MS;
    synchronized (received) {
      while (true) {
        for (int i = 0; i < received.size(); i++) {
          if (matching.test(received.get(i))) return received.remove(i);
        }
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) fail("no " + what + "; received " + received);
        try {
          received.wait(left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          fail("interrupted");
        }
      }
    }
  }

  /** Frames received and not yet taken. */
  List<JsonObject> pending() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  @Override
  public void close() {
    vertx.cancelTimer(pinger);
    try {
      TestApp.await(socket.close());
    } catch (RuntimeException ignored) {
      // already closed by the server
    }
    client.close();
  }
}

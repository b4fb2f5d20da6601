package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.TestApp;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A raw client of the SockJS event-bus bridge: the bridge's own JSON frames over the raw WebSocket
 * transport ({@code /api/chat/connect/websocket}), or over SockJS's xhr transport ({@link #connectXhr}: frames
 * posted to {@code …/xhr_send}, received by long polls of {@code …/xhr}). Received frames are kept until a test
 * takes them.
 */
public final class BridgeClient implements AutoCloseable {
  private static final long WAIT_MS = 20_000;

  /** How frames travel: the raw WebSocket or SockJS's xhr transport. */
  private interface Transport {
    /** Sends the frames' texts in this order. */
    Future<Void> send(List<String> frames);

    Future<Void> close();
  }

  private final Transport transport;
  private final Runnable release;
  private final List<JsonObject> received = new ArrayList<>();
  private final Promise<Void> closed = Promise.promise();
  private final Vertx vertx;
  private final long pinger;

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.release = client::close;
    this.transport = new Transport() {
      @Override
      public Future<Void> send(List<String> frames) {
        Future<Void> last = Future.succeededFuture();
        for (String frame : frames) last = socket.writeTextMessage(frame);
        return last;
      }

      @Override
      public Future<Void> close() {
        return socket.close();
      }
    };
    // the raw WebSocket transport sends the bridge's frames as binary messages, ours as text
    socket.textMessageHandler(this::receive);
    socket.binaryMessageHandler(buffer -> receive(buffer.toString()));
    socket.closeHandler(v -> closed.tryComplete());
    // the bridge closes sockets that stay silent for its ping timeout (10 s)
    pinger = vertx.setPeriodic(3000, id -> transport.send(List.of("{\"type\":\"ping\"}")));
  }

  /** The xhr transport: one long poll at a time; sends are xhr_send posts of JSON arrays of frame texts. */
  private BridgeClient(Vertx vertx, HttpClient http, int port) {
    this.vertx = vertx;
    this.release = http::close;
    String base = "/api/chat/connect/000/" + UUID.randomUUID().toString().replace("-", "");
    this.transport = new Transport() {
      @Override
      public Future<Void> send(List<String> frames) {
        JsonArray texts = new JsonArray();
        frames.forEach(texts::add);
        return post(http, port, base + "/xhr_send", texts.encode()).compose(r -> r.status() == 204
          ? Future.succeededFuture() : Future.failedFuture("xhr_send answered " + r.status()));
      }

      @Override
      public Future<Void> close() {
        closed.tryComplete();
        return Future.succeededFuture();
      }
    };
    Response open = TestApp.await(post(http, port, base + "/xhr", ""));
    if (!open.body().startsWith("o")) fail("no SockJS open frame: " + open.body());
    poll(http, port, base);
    pinger = vertx.setPeriodic(3000, id -> transport.send(List.of("{\"type\":\"ping\"}")));
  }

  private record Response(int status, String body) {
  }

  private static Future<Response> post(HttpClient http, int port, String uri, String body) {
    return http.request(HttpMethod.POST, port, "127.0.0.1", uri)
      .compose(req -> req.putHeader("Content-Type", "text/plain").send(Buffer.buffer(body)))
      .compose(res -> res.body().map(b -> new Response(res.statusCode(), b.toString())));
  }

  /** Long polls until the session closes: "a[…]" carries frames, "h" is a heartbeat, "c[…]" the end. */
  private void poll(HttpClient http, int port, String base) {
    if (closed.future().isComplete()) return;
    post(http, port, base + "/xhr", "").onComplete(done -> {
      if (done.failed() || done.result().body().startsWith("c")) {
        closed.tryComplete();
        return;
      }
      for (String line : done.result().body().split("\n")) {
        if (line.startsWith("a")) new JsonArray(line.substring(1)).forEach(text -> receive((String) text));
      }
      poll(http, port, base);
    });
  }
  private void receive(String text) {
    synchronized (received) {
      received.add(new JsonObject(text));
      received.notifyAll();
    }
  }

  public static BridgeClient connect(Vertx vertx, int port) {
    return connect(vertx, port, null);
  }

  static BridgeClient connect(Vertx vertx, int port, String origin) {
    return connect(vertx, port, origin, "", null);
  }

  /** A raw WebSocket client opened with {@code query} (e.g. {@code ?lang=en}) and an optional Accept-Language (issue 20). */
  static BridgeClient connect(Vertx vertx, int port, String origin, String query, String acceptLanguage) {
    WebSocketClient client = vertx.createWebSocketClient();
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/api/chat/connect/websocket" + query);
    if (origin != null) options.addHeader("Origin", origin);
    if (acceptLanguage != null) options.addHeader("Accept-Language", acceptLanguage);
    return new BridgeClient(vertx, client, TestApp.await(client.connect(options)));
  }

  /** A client on SockJS's xhr transport (xhr_send and xhr polling) instead of the raw WebSocket. */
  static BridgeClient connectXhr(Vertx vertx, int port) {
    // a fresh connection per request: a pooled one the server is closing would fail the request
    return new BridgeClient(vertx, vertx.createHttpClient(new io.vertx.core.http.HttpClientOptions().setKeepAlive(false)), port);
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
    TestApp.await(transport.send(List.of(frame)));
  }

  /** Several frames back to back (over xhr: in one xhr_send), without waiting for any answer. */
  void writeAll(List<JsonObject> frames) {
    TestApp.await(transport.send(frames.stream().map(JsonObject::encode).toList()));
  }

  void register(String address, String token) {
    JsonObject frame = new JsonObject().put("type", "register").put("address", address);
    if (token != null) frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    write(frame);
  }

  /** Registers and waits until the bridge says the registration is live. */
  public void registered(String address, String token) {
    register(address, token);
    take(f -> "registered".equals(f.getString("type")) && address.equals(f.getString("body")), "registered " + address);
  }

  /** A send with a reply address; returns the reply address. */
  String send(String address, String token, JsonObject body) {
    JsonObject frame = sendFrame(address, token, body);
    write(frame);
    return frame.getString("replyAddress");
  }

  /** The bridge's send frame with a fresh reply address (for {@link #writeAll}). */
  static JsonObject sendFrame(String address, String token, JsonObject body) {
    JsonObject frame = new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", UUID.randomUUID().toString());
    if (token != null) frame.put("headers", new JsonObject().put("authorization", "Bearer " + token));
    return frame;
  }

  /** The answer to a send, whichever it is: the rec or err frame on its reply address. */
  JsonObject answer(String replyAddress) {
    return take(f -> replyAddress.equals(f.getString("address")), "answer " + replyAddress);
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
  public JsonObject take(Predicate<JsonObject> matching, String what) {
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
      TestApp.await(transport.close());
    } catch (RuntimeException ignored) {
      // already closed by the server
    }
    release.run();
  }
}

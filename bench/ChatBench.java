import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The chat's fan-out: N visitors each open a chat session and a SockJS socket (the bridge's raw WebSocket
 * transport), a staff member listens on chat.inbox, then every visitor sends one message at once; the latency
 * of each message is the time from its send to its new_message push arriving on the staff socket.
 * Run with the Academy jar on the class path (bench/run-chat does it):
 *   java -cp academy.jar bench/ChatBench.java PORT ADMIN_EMAIL ADMIN_PASSWORD SESSIONS
 */
public class ChatBench {
  private static volatile boolean closing;
  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(args[0]);
    int sessions = Integer.parseInt(args[3]);
    Vertx vertx = Vertx.vertx();
    WebClient http = WebClient.create(vertx);
    WebSocketClient sockets = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(sessions + 10));
    JsonObject login = await(http.post(port, "127.0.0.1", "/api/auth/login")
      .sendJsonObject(new JsonObject().put("email", args[1]).put("password", args[2]))).bodyAsJsonObject();
    String staffToken = login.getJsonObject("data").getJsonObject("tokens").getString("access_token");

    // the staff inbox: one socket, every new_message noted with its arrival time
    Map<String, Long> arrived = new ConcurrentHashMap<>();
    Promise<Void> all = Promise.promise();
    WebSocket staff = connect(sockets, port);
    Promise<Void> staffReady = Promise.promise();
    staff.binaryMessageHandler(b -> onFrame(new JsonObject(b.toString()), staffReady, arrived, sessions, all));
    staff.textMessageHandler(t -> onFrame(new JsonObject(t), staffReady, arrived, sessions, all));
    register(staff, "chat.inbox", staffToken);
    await(staffReady.future());
    vertx.setPeriodic(3000, id -> staff.writeTextMessage("{\"type\":\"ping\"}"));

    // the visitors: a session each (REST), a socket each, registered on their session
    List<String> ids = new ArrayList<>();
    List<String> tokens = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      JsonObject created = await(http.post(port, "127.0.0.1", "/api/chat/sessions").sendJsonObject(new JsonObject()
        .put("name", "Pengunjung " + i).put("email", "v" + i + "@bench.test").put("topic", "bench"))).bodyAsJsonObject();
      ids.add(created.getJsonObject("data").getString("session_id"));
      tokens.add(created.getJsonObject("data").getString("chat_token"));
    }
    List<WebSocket> guests = new ArrayList<>();
    List<Future<Void>> registered = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      WebSocket guest = connect(sockets, port);
      Promise<Void> ready = Promise.promise();
      String address = "chat.session." + ids.get(i);
      java.util.function.Consumer<String> onGuestFrame = text -> {
        JsonObject f = new JsonObject(text);
        if ("registered".equals(f.getString("type")) && address.equals(f.getValue("body"))) ready.tryComplete();
      };
      guest.binaryMessageHandler(b -> onGuestFrame.accept(b.toString()));
      guest.textMessageHandler(onGuestFrame::accept);
      // the bridge closes a socket that sends no ping for 10 s: each visitor pings from its connection on, as
      // sockjs-client does (pinging only once all were connected lost the earliest sockets when connecting was slow)
      vertx.setPeriodic(3000, id -> guest.writeTextMessage("{\"type\":\"ping\"}"));
      int visitor = i;
      guest.closeHandler(v -> {
        if (!closing) System.out.println("visitor " + visitor + "'s socket closed by the server: " + guest.closeReason());
      });
      register(guest, address, tokens.get(i));
      guests.add(guest);
      registered.add(ready.future());
    }
    await(Future.all(registered));
    System.out.println(sessions + " visitors connected and registered");

    // 1) paced: the messages spread evenly over SPREAD_MS (default 1000: 1,000 messages a second, ten times what
    //    1,000 people typing one message every ten seconds send); 2) burst: all at once
    long spread = Long.parseLong(System.getenv().getOrDefault("SPREAD_MS", "1000"));
    // warm-up (not measured) until the server's JIT has compiled the chat's paths (a profile of a shorter warm-up showed
    // its C2 compiler taking half of the server's core through the measured rounds): WARMUP rounds (default 8) of
    // paced messages (bench/chat lifts the per-session limit of twenty a minute so that any number of rounds fits)
    int rounds = Integer.parseInt(System.getenv().getOrDefault("WARMUP", "8"));
    for (int r = 0; r < rounds; r++) {
      String warm = "w" + r + "-"; // the separator keeps ids of rounds apart ("w1"+"00" was "w10"+"0")
      Promise<Void> done = Promise.promise();
      allRef[0] = done;
      // printed too: whether the rounds still speed up says whether the warm-up was long enough
      report("warm-up round " + (r + 1), sessions, run(vertx, guests, ids, tokens, arrived, done, warm, spread));
    }
    // MEASURED paced rounds (default 5), each reported, then the median of their p99s: one round is one second of
    // one machine's moment, and a single round's p99 moved from 24.5 to 133 ms between sessions with nothing changed
    int measured = Integer.parseInt(System.getenv().getOrDefault("MEASURED", "5"));
    double[] p99s = new double[measured];
    for (int r = 0; r < measured; r++) {
      Promise<Void> done = Promise.promise();
      allRef[0] = done;
      double[] ms = run(vertx, guests, ids, tokens, arrived, done, "p" + r + "-", spread);
      report("paced over " + spread + " ms, measured round " + (r + 1), sessions, ms);
      p99s[r] = p99(ms);
    }
    String each = String.join(", ", Arrays.stream(p99s).mapToObj(x -> String.format(java.util.Locale.ROOT, "%.1f", x)).toList());
    Arrays.sort(p99s);
    System.out.printf(java.util.Locale.ROOT, "CHAT paced p99, median of %d measured rounds: %.1f ms (each: %s)%n", measured,
      p99s[measured / 2], each);
    Promise<Void> burst = Promise.promise();
    allRef[0] = burst;
    report("burst", sessions, run(vertx, guests, ids, tokens, arrived, burst, "b-", 0));
    closing = true;
    vertx.close();
  }

  /** Sends one message per visitor (all at once, or the i-th at i·spread/n ms) and waits until the inbox has them all. */
  private static double[] run(Vertx vertx, List<WebSocket> guests, List<String> ids, List<String> tokens, Map<String, Long> arrived,
                              Promise<Void> done, String prefix, long spread) throws Exception {
    int n = guests.size();
    long[] due = new long[n], sentAt = new long[n];
    long start = System.nanoTime() + 20_000_000;
    for (int i = 0; i < n; i++) {
      int k = i;
      due[k] = start + spread * 1_000_000 * k / n;
      String frame = new JsonObject().put("type", "send").put("address", "chat.session." + ids.get(k))
        .put("headers", new JsonObject().put("authorization", "Bearer " + tokens.get(k)))
        .put("body", new JsonObject().put("type", "send_message").put("data", new JsonObject()
          .put("content", "Halo, saya mau tanya jadwal " + k).put("client_message_id", prefix + k))).encode();
      Runnable send = () -> {
        sentAt[k] = System.nanoTime();
        guests.get(k).writeTextMessage(frame);
      };
      if (spread == 0) {
        due[k] = System.nanoTime();
        send.run();
      } else {
        // latency counts from when the message was due, so a late timer is not hidden
        vertx.setTimer(Math.max(1, (due[k] - System.nanoTime()) / 1_000_000), t -> send.run());
      }
    }
    try {
      done.future().toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("round " + prefix + ": " + COUNTS.getOrDefault(prefix, 0) + " of " + n
        + " messages reached the inbox in 120 s");
    }
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) ms[i] = (arrived.get(prefix + i) - due[i]) / 1e6;
    if (System.getenv("CHAT_DUMP") != null) {
      // client_message_id, due and arrival as epoch milliseconds: to compare with the messages' created_at
      long offset = System.currentTimeMillis() * 1_000_000 - System.nanoTime();
      StringBuilder lines = new StringBuilder();
      for (int i = 0; i < n; i++) {
        lines.append(prefix).append(i).append(' ').append((due[i] + offset) / 1_000_000).append(' ')
          .append((arrived.get(prefix + i) + offset) / 1_000_000).append(' ').append((sentAt[i] + offset) / 1_000_000).append('\n');
      }
      java.nio.file.Files.writeString(java.nio.file.Path.of(System.getenv("CHAT_DUMP") + prefix), lines);
    }
    Arrays.sort(ms);
    return ms;
  }

  private static void report(String mode, int n, double[] ms) {
    System.out.printf(java.util.Locale.ROOT, "CHAT %s: sessions=%d p50=%.1f p99=%.1f max=%.1f ms%n", mode, n, ms[n / 2],
      p99(ms), ms[n - 1]);
  }

  /** The 99th percentile of sorted latencies. */
  private static double p99(double[] sorted) {
    return sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
  }

  /** The run whose messages the inbox is waiting for (each warm-up and measured round, then the burst). */
  private static final Promise<?>[] allRef = new Promise<?>[1];
  /** Messages arrived per run (client_message_id prefix, up to its "-"). */
  private static final Map<String, Integer> COUNTS = new ConcurrentHashMap<>();

  private static void onFrame(JsonObject frame, Promise<Void> ready, Map<String, Long> arrived, int expected, Promise<Void> all) {
    if ("registered".equals(frame.getString("type"))) ready.tryComplete();
    JsonObject body = frame.getValue("body") instanceof JsonObject b ? b : null;
    if (body == null || !"new_message".equals(body.getString("type"))) return;
    String id = body.getJsonObject("data").getString("client_message_id");
    if (id == null || arrived.putIfAbsent(id, System.nanoTime()) != null) return;
    if (COUNTS.merge(id.substring(0, id.indexOf('-') + 1), 1, Integer::sum) == expected) { // per round: "w3-", "p1-", "b-"
      (allRef[0] == null ? all : allRef[0]).tryComplete();
    }
  }

  private static WebSocket connect(WebSocketClient sockets, int port) throws Exception {
    return await(sockets.connect(new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/api/chat/connect/websocket")));
  }

  private static void register(WebSocket socket, String address, String token) {
    socket.writeTextMessage(new JsonObject().put("type", "register").put("address", address)
      .put("headers", new JsonObject().put("authorization", "Bearer " + token)).encode());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}

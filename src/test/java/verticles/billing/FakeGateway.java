package verticles.billing;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import verticles.TestApp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * A local Midtrans-compatible gateway (a real HTTP server speaking the Snap API) the test academy is configured with
 * ({@code billing.gateway_url}, {@code billing.server_key} = {@link #SERVER_KEY}): {@code POST /snap/v1/transactions}
 * with Basic auth of the server key answers 201 {token, redirect_url}; a wrong key 401. {@link #mode} makes it fail as
 * gateways do: {@link Mode#ERROR} a 500 with Midtrans' error body, {@link Mode#DOWN} drops the connection without an
 * answer, {@link Mode#GARBAGE} a 200 that is not JSON. Tests that change the mode put {@link Mode#OK} back after.
 * {@link #notification} builds notifications signed as the gateway signs them.
 */
public final class FakeGateway {
  public static final String SERVER_KEY = "SB-Mid-server-academy-test-key";

  public enum Mode { OK, ERROR, DOWN, GARBAGE }

  private static volatile Mode mode = Mode.OK;
  private static final List<JsonObject> REQUESTS = Collections.synchronizedList(new ArrayList<>());
  private static Vertx vertx;
  private static int port;

  private FakeGateway() {
  }

  public static void mode(Mode m) {
    mode = m;
  }

  /** The Snap requests received so far: {authorization, body}. */
  public static List<JsonObject> requests() {
    synchronized (REQUESTS) {
      return new ArrayList<>(REQUESTS);
    }
  }

  /** The URL of its Snap endpoint (started on first use). */
  public static synchronized String url() {
    if (vertx == null) {
      vertx = Vertx.vertx();
      Router router = Router.router(vertx);
      router.post("/snap/v1/transactions").handler(BodyHandler.create(false)).handler(ctx -> {
        String auth = ctx.request().getHeader("Authorization");
        JsonObject body = ctx.body().asJsonObject();
        REQUESTS.add(new JsonObject().put("authorization", auth).put("body", body));
        String expected = "Basic " + Base64.getEncoder().encodeToString((SERVER_KEY + ":").getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(auth)) {
          ctx.response().setStatusCode(401).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error_messages", List.of("Access denied due to unauthorized transaction")).encode());
          return;
        }
        switch (mode) {
          case ERROR -> ctx.response().setStatusCode(500).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("error_messages", List.of("Sorry, we encountered internal server error")).encode());
          case DOWN -> ctx.request().connection().close();
          case GARBAGE -> ctx.response().putHeader("Content-Type", "text/html").end("<html>maintenance</html>");
          default -> {
            String orderId = body.getJsonObject("transaction_details").getString("order_id");
            ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(new JsonObject()
              .put("token", "tok-" + orderId)
              .put("redirect_url", "https://app.sandbox.midtrans.com/snap/v4/redirection/tok-" + orderId).encode());
          }
        }
      });
      port = TestApp.await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();
      Runtime.getRuntime().addShutdownHook(new Thread(vertx::close));
    }
    return "http://127.0.0.1:" + port + "/snap/v1/transactions";
  }

  /** SHA-512 hex of order_id + status_code + gross_amount + server key, as Midtrans signs. */
  public static String signature(String orderId, String statusCode, String grossAmount, String serverKey) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512")
        .digest((orderId + statusCode + grossAmount + serverKey).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A notification as Midtrans posts it, signed with the test server key: {@code status} settlement | capture | pending
   * | expire | cancel | deny; {@code grossAmount} as the gateway writes it ("250000.00"); its times are now in WIB, as
   * Midtrans writes them.
   */
  public static JsonObject notification(String orderId, String status, String grossAmount, String transactionId) {
    String statusCode = switch (status) {
      case "settlement", "capture" -> "200";
      case "pending" -> "201";
      case "deny", "cancel", "expire" -> "202";
      default -> "200";
    };
    String now = java.time.LocalDateTime.now(java.time.ZoneOffset.ofHours(7))
      .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));
    JsonObject n = new JsonObject().put("transaction_time", now).put("transaction_status", status)
      .put("transaction_id", transactionId).put("status_message", "midtrans payment notification")
      .put("status_code", statusCode).put("signature_key", signature(orderId, statusCode, grossAmount, SERVER_KEY))
      .put("payment_type", "bank_transfer").put("order_id", orderId).put("merchant_id", "G141532850")
      .put("gross_amount", grossAmount).put("fraud_status", "accept").put("currency", "IDR")
      .put("va_numbers", new io.vertx.core.json.JsonArray().add(new JsonObject().put("va_number", "8562000087926752").put("bank", "bca")));
    if (status.equals("settlement")) n.put("settlement_time", now);
    return n;
  }
}

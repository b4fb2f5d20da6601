package verticles.billing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Midtrans-compatible payment gateway (settings {@code billing.gateway_url}, {@code billing.server_key}): asks its
 * Snap API for a payment page and checks the signature of its notifications. Without a server key the gateway is off
 * (409 {@code PAYMENT_GATEWAY_NOT_CONFIGURED}: an academy that takes transfers only is a state, not an outage).
 */
final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final String url;
  private final String serverKey;
  private final WebClient client;
  private final long timeoutMs;

  /** {@code timeoutMs}: how long to wait for the gateway — less than the router waits, so the student gets a 502. */
  Gateway(Vertx vertx, JsonObject billing, long timeoutMs) {
    this.url = billing.getString("gateway_url", "");
    this.serverKey = billing.getString("server_key", "");
    this.timeoutMs = timeoutMs;
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) Math.min(timeoutMs, 5000))
      .setUserAgent("Academy"));
  }

  boolean configured() {
    return serverKey != null && !serverKey.isBlank() && url != null && !url.isBlank();
  }

  static ApiError notConfigured() {
    return ErrorCode.PAYMENT_GATEWAY_NOT_CONFIGURED.error("Online payment is not available; please pay by bank transfer");
  }

  /** A payment page: the gateway's {@code token} and {@code redirect_url}. */
  record Page(String token, String redirectUrl) {
  }

  /**
   * Snap API: POST {transaction_details: {order_id, gross_amount}, customer_details: {first_name, email}} with Basic
   * auth (server key, empty password) → 201 {token, redirect_url}. Fails 502 {@code PAYMENT_GATEWAY_ERROR} with
   * {@code details.reason} unreachable (no connection, timeout), refused (a non-2xx answer) or invalid_response.
   */
  Future<Page> page(String orderId, long amount, String name, String email) {
    JsonObject customer = new JsonObject();
    if (name != null) customer.put("first_name", name);
    if (email != null) customer.put("email", email);
    JsonObject body = new JsonObject()
      .put("transaction_details", new JsonObject().put("order_id", orderId).put("gross_amount", amount))
      .put("customer_details", customer);
    String auth = "Basic " + Base64.getEncoder().encodeToString((serverKey + ":").getBytes(StandardCharsets.UTF_8));
    Future<HttpResponse<Buffer>> sent;
    try {
      sent = client.postAbs(url).timeout(timeoutMs).putHeader("Authorization", auth).putHeader("Accept", "application/json")
        .sendJsonObject(body);
    } catch (RuntimeException e) { // a URL the client cannot even use
      sent = Future.failedFuture(e);
    }
    return sent.recover(e -> {
      LOG.warn("Payment gateway unreachable for order {}: {}", orderId, e.getMessage());
      return Future.failedFuture(error("unreachable", "The payment gateway could not be reached; try again shortly"));
    }).compose(response -> {
      if (response.statusCode() / 100 != 2) {
        LOG.warn("Payment gateway refused order {}: {} {}", orderId, response.statusCode(), snippet(response));
        return Future.failedFuture(error("refused", "The payment gateway refused the payment page; try again shortly"));
      }
      JsonObject answer;
      try {
        answer = response.bodyAsJsonObject();
      } catch (RuntimeException e) {
        answer = null;
      }
      if (answer == null || !(answer.getValue("token") instanceof String token) || token.isBlank()
        || !(answer.getValue("redirect_url") instanceof String redirect) || redirect.isBlank()) {
        LOG.warn("Payment gateway answered order {} without a token: {}", orderId, snippet(response));
        return Future.failedFuture(error("invalid_response", "The payment gateway gave no payment page; try again shortly"));
      }
      return Future.succeededFuture(new Page(token, redirect));
    });
  }

  private static ApiError error(String reason, String message) {
    return ErrorCode.PAYMENT_GATEWAY_ERROR.error(message, new JsonObject().put("reason", reason));
  }

  private static String snippet(HttpResponse<Buffer> response) {
    String body = response.bodyAsString();
    return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
  }

  /** Whether {@code signatureKey} is SHA-512 (hex) of order_id + status_code + gross_amount + server key (constant time). */
  boolean signed(String orderId, String statusCode, String grossAmount, String signatureKey) {
    String expected = signature(orderId, statusCode, grossAmount, serverKey);
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
      signatureKey.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }

  /** SHA-512 (lower-case hex) of the four texts joined, as Midtrans signs its notifications. */
  static String signature(String orderId, String statusCode, String grossAmount, String serverKey) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512")
        .digest((orderId + statusCode + grossAmount + serverKey).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void close() {
    client.close();
  }
}

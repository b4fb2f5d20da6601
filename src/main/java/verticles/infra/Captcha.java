package verticles.infra;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
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

/**
 * Server-side captcha verification (Cloudflare Turnstile and Google reCAPTCHA share the protocol: a form
 * POST of secret + response + remoteip, answered by {"success": true|false}). Fails closed: every failure of the
 * verification itself — connection refused, timeout, a non-2xx status, a body without a boolean verdict, a request
 * that cannot be made — stops the registration with 503 {@code CAPTCHA_UNAVAILABLE}, nothing stored.
 * {@code none} (dev mode only, refused in production at start-up) skips the check. Settings: {@code captcha.*}; used by
 * the public registration (enrollment) and the self-registration of accounts (auth), each verticle with its own client.
 */
public final class Captcha {
  private static final Logger LOG = LoggerFactory.getLogger(Captcha.class);

  private final String provider;
  private final String verifyUrl;
  private final String secret;
  private final WebClient client;

  public Captcha(Vertx vertx, JsonObject settings) {
    this.provider = settings.getString("provider", "none");
    this.verifyUrl = settings.getString("verify_url", "");
    this.secret = settings.getString("secret", "");
    this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout(3000).setIdleTimeout(5));
  }

  /**
   * Verifies the widget's token ({@code captcha_token} of the request body) for the client IP: fails 400
   * {@code CAPTCHA_INVALID} (missing or refused) or 503 {@code CAPTCHA_UNAVAILABLE} (the verification itself failed).
   */
  public Future<Void> verify(String token, String ip) {
    if (provider.equals("none")) return Future.succeededFuture();
    if (token == null || token.isBlank()) {
      return Future.failedFuture(ErrorCode.CAPTCHA_INVALID.error("Please complete the captcha",
        ApiError.fieldDetails("captcha_token", ErrorCode.VALIDATION_REQUIRED_FIELD.name(), "is required")));
    }
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("secret", secret).add("response", token);
    if (ip != null) form.add("remoteip", ip);
    return send(form)
      .recover(e -> {
        LOG.warn("Captcha verifier unreachable: {}", e.getMessage());
        return Future.failedFuture(unavailable());
      })
      .compose(response -> {
        JsonObject answer;
        try {
          answer = response.statusCode() / 100 == 2 ? response.bodyAsJsonObject() : null;
        } catch (RuntimeException e) {
          answer = null;
        }
        if (answer == null || !(answer.getValue("success") instanceof Boolean success)) {
          LOG.warn("Captcha verifier answered {} without a verdict", response.statusCode());
          return Future.failedFuture(unavailable());
        }
        return success ? Future.succeededFuture()
          : Future.failedFuture(ErrorCode.CAPTCHA_INVALID.error("The captcha was not accepted; please try again"));
      });
  }

  /** The verifier's answer; a request that cannot even be made (a bad URL, …) fails the future, never throws. */
  private Future<HttpResponse<Buffer>> send(MultiMap form) {
    try {
      return client.postAbs(verifyUrl).timeout(5000).sendForm(form);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  private static ApiError unavailable() {
    return ErrorCode.CAPTCHA_UNAVAILABLE.error("Captcha verification is unavailable; nothing was stored, try again shortly");
  }

  public void close() {
    client.close();
  }
}

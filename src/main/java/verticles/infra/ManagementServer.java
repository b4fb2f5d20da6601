package verticles.infra;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * The node's management port: {@code GET /metrics} (Prometheus text of this node's registry), never on the public
 * HTTP port. Every node has one, whatever its roles. Bound to {@code metrics.host} (loopback by default); with
 * {@code metrics.token} set, scrapers must send {@code Authorization: Bearer <token>} (else 401). Anything else is
 * 404. {@code metrics.enabled: false} → no port at all.
 */
public final class ManagementServer {
  private static final Logger LOG = LoggerFactory.getLogger(ManagementServer.class);

  private ManagementServer() {
  }

  /** Listens; the server closes with Vert.x. Fails (the node does not start) when the port is taken. */
  public static Future<HttpServer> start(Vertx vertx, JsonObject config) {
    JsonObject metrics = config.getJsonObject("metrics");
    if (!metrics.getBoolean("enabled", true)) return Future.succeededFuture();
    String token = metrics.getString("token", "");
    Router router = Router.router(vertx);
    router.get("/metrics").handler(ctx -> authorize(ctx, token))
      .handler(PrometheusScrapingHandler.create(config.getString("metrics_registry")));
    router.route().handler(ctx -> ctx.response().setStatusCode(404).end());
    String host = metrics.getString("host");
    int port = metrics.getInteger("port");
    return vertx.createHttpServer().requestHandler(router).listen(port, host)
      .onSuccess(s -> LOG.info("Metrics on http://{}:{}/metrics", host, s.actualPort()))
      .recover(e -> Future.failedFuture(new IllegalStateException("The metrics port " + host + ":" + port
        + " is not available (" + e.getMessage() + "); set " + Config.envName("metrics.port") + " or "
        + Config.envName("metrics.enabled") + "=false", e)));
  }

  private static void authorize(RoutingContext ctx, String token) {
    if (token.isEmpty()) {
      ctx.next();
      return;
    }
    String header = ctx.request().getHeader("Authorization");
    byte[] sent = header == null ? new byte[0] : header.getBytes(StandardCharsets.UTF_8);
    if (MessageDigest.isEqual(sent, ("Bearer " + token).getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer").end();
    }
  }
}

package verticles;

import com.hazelcast.config.Config;
import com.hazelcast.config.FileSystemXmlConfig;
import com.hazelcast.config.ClasspathXmlConfig;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PfxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.analytics.AnalyticsVerticle;
import verticles.auth.AuthVerticle;
import verticles.catalog.CatalogVerticle;
import verticles.chat.ChatVerticle;
import verticles.enrollment.EnrollmentVerticle;
import verticles.http.HttpVerticle;
import verticles.notify.NotifyVerticle;
import verticles.coursework.CourseworkVerticle;
import verticles.billing.BillingVerticle;
import verticles.infra.BusMetrics;
import verticles.infra.Database;
import verticles.infra.EmbeddedMail;
import verticles.infra.EmbeddedServers;
import verticles.infra.ManagementServer;
import verticles.infra.MetricsFactory;
import verticles.infra.RedisStore;
import verticles.infra.WithdrawingClusterManager;
import verticles.infra.Jwt;
import verticles.scheduling.SchedulingVerticle;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One node of the academy: embedded servers when nothing external is configured, migrations, Vert.x
 * (clustered with Hazelcast on request) and the verticles of its roles. Domain verticles deploy
 * before the router, and the router stops first, so no request meets a half-started node.
 */
public final class Academy {
  private static final Logger LOG = LoggerFactory.getLogger(Academy.class);

  /** Every role, in deployment order (the router last): the one list of verticles. */
  public static final Map<String, Supplier<Deployable>> ROLES = new LinkedHashMap<>();

  static {
    ROLES.put("auth", AuthVerticle::new);
    ROLES.put("catalog", CatalogVerticle::new);
    ROLES.put("enrollment", EnrollmentVerticle::new);
    ROLES.put("scheduling", SchedulingVerticle::new);
    ROLES.put("chat", ChatVerticle::new);
    ROLES.put("analytics", AnalyticsVerticle::new);
    ROLES.put("notify", NotifyVerticle::new);
    ROLES.put("coursework", CourseworkVerticle::new);
    ROLES.put("billing", BillingVerticle::new);
    ROLES.put("recommendation", verticles.recommendation.RecommendationVerticle::new);
    ROLES.put("http", HttpVerticle::new);
  }

  private final JsonObject config;
  private final EmbeddedServers embedded;
  private final EmbeddedMail mail;
  private final Vertx vertx;
  private final List<String> deployments;

  private Academy(JsonObject config, EmbeddedServers embedded, EmbeddedMail mail, Vertx vertx,
                  List<String> deployments) {
    this.config = config;
    this.embedded = embedded;
    this.mail = mail;
    this.vertx = vertx;
    this.deployments = deployments;
  }

  /**
   * Starts a node. Blocking until the node serves (embedded servers and migrations are blocking work):
   * call from a plain thread such as main, never from an event loop.
   */
  public static Academy start(JsonObject config) throws Exception {
    verticles.infra.Config.check(config);
    List<String> roles = roles(config);
    // the one list of verticles, handed to the router for /health (every domain verticle, wherever it runs)
    config.put(verticles.infra.Config.DOMAIN_VERTICLES, new io.vertx.core.json.JsonArray(ROLES.keySet().stream().filter(r -> !r.equals("http")).toList()));
    Path dataDir = Path.of(config.getString("data_dir")).toAbsolutePath();
    Files.createDirectories(dataDir);
    Jwt.resolveSecret(config, dataDir);
    EmbeddedServers embedded = EmbeddedServers.startMissing(config, dataDir);
    Vertx vertx = null;
    EmbeddedMail mail = null;
    try {
      // only a node that sends mail needs an SMTP server
      if (roles.contains("notify")) mail = EmbeddedMail.startIfMissing(config);
      Database.awaitReachable(config);
      Database.migrate(config);
      vertx = createVertx(config);
      verticles.bus.Codecs.register(vertx);
      verticles.bus.RequestIds.propagate(vertx);
      await(ManagementServer.start(vertx, config));
      await(RedisStore.awaitReachable(vertx, config));
      List<String> deployments = new ArrayList<>();
      for (String role : ROLES.keySet()) {
        if (!roles.contains(role)) continue;
        deployments.add(await(vertx.deployVerticle(ROLES.get(role), new DeploymentOptions().setConfig(config))));
      }
      return new Academy(config, embedded, mail, vertx, deployments);
    } catch (Exception e) {
      if (vertx != null) closeQuietly(vertx);
      if (mail != null) mail.close();
      embedded.abandon(); // servers taken over from a killed node stay up: other nodes may be using them
      throw e;
    }
  }

  /**
   * Graceful stop: router first (finishes in-flight requests), then domain verticles drain (in a cluster:
   * withdraw their consumers, serve what was already routed here, finish), then the bus.
   */
  public void stop() {
    // the router (deployed last) first, so no new request enters; then every domain verticle drains at once
    List<String> domain = new ArrayList<>(deployments);
    if (roles(config).contains("http")) {
      String router = domain.remove(domain.size() - 1);
      try {
        await(vertx.undeploy(router));
      } catch (Exception e) {
        LOG.warn("Undeploy failed", e);
      }
    }
    try {
      await(Future.join(domain.stream().map(vertx::undeploy).toList()));
    } catch (Exception e) {
      LOG.warn("Undeploy failed", e);
    }
    closeQuietly(vertx);
    if (mail != null) mail.close();
    embedded.close();
  }

  public Vertx vertx() {
    return vertx;
  }

  public JsonObject config() {
    return config;
  }

  public static List<String> roles(JsonObject config) {
    List<String> roles = verticles.infra.Config.list(config, "roles");
    for (String role : roles) {
      if (!ROLES.containsKey(role)) {
        throw new IllegalArgumentException("Unknown role '" + role + "'; roles are " + String.join(",", ROLES.keySet()));
      }
    }
    if (roles.isEmpty()) throw new IllegalArgumentException("No roles to deploy");
    return roles;
  }

  /**
   * Vert.x with Micrometer metrics in a Prometheus registry of this node's own (its name goes into the
   * config as {@code metrics_registry} for the management port's /metrics), clustered when asked. Labels are
   * bounded: routes are templates, pools and event-bus addresses with an id in them are folded into one series each
   * (the event bus is counted by {@link BusMetrics}, with meters made once).
   */
  private static Vertx createVertx(JsonObject config) throws Exception {
    JsonObject cluster = config.getJsonObject("cluster");
    String registry = "academy-" + java.util.UUID.randomUUID();
    config.put("metrics_registry", registry);
    VertxOptions options = new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
      .setEnabled(true)
      .setRegistryName(registry)
      .setJvmMetricsEnabled(true)
      // HTTP requests are timed by the router itself (http/RequestMetrics, meters made once): Vert.x's HTTP server
      // metrics register meters on every request
      .addDisabledMetricsCategory(io.vertx.micrometer.MetricsDomain.HTTP_SERVER)
      .setLabels(java.util.EnumSet.of(Label.HTTP_ROUTE, Label.HTTP_METHOD, Label.HTTP_CODE, Label.POOL_TYPE,
        Label.POOL_NAME))
      // bounded labels: a pool named by an id (an unnamed client's pool gets a random UUID) folds into one series; the
      // event bus is counted by BusMetrics (MetricsFactory), which folds chat sessions' and other id-bearing addresses
      .setLabelMatches(List.of(new io.vertx.micrometer.Match().setLabel(Label.POOL_NAME.toString())
        .setType(io.vertx.micrometer.MatchType.REGEX).setValue(".*" + BusMetrics.UUID_REGEX + ".*").setAlias("unnamed")))
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true).setPublishQuantiles(true)));
    int eventLoops = config.getInteger("event_loops", 0); // 0: Vert.x's default; the range is checked in Config
    if (eventLoops > 0) options.setEventLoopPoolSize(eventLoops);
    var builder = Vertx.builder().with(options).withMetrics(new MetricsFactory());
    if (!cluster.getBoolean("enabled", false)) {
      return builder.build();
    }
    options.getEventBusOptions().setHost(cluster.getString("host")).setPort(0);
    String keystore = cluster.getString("tls_keystore", "");
    if (!keystore.isEmpty()) {
      // mutual TLS between nodes: every node presents, and trusts, the cluster's own certificate(s)
      PfxOptions pfx = new PfxOptions().setPath(keystore).setPassword(cluster.getString("tls_password", ""));
      options.getEventBusOptions().setSsl(true).setKeyCertOptions(pfx).setTrustOptions(pfx)
        .setClientAuth(io.vertx.core.http.ClientAuth.REQUIRED);
    }
    WithdrawingClusterManager manager = new WithdrawingClusterManager(new HazelcastClusterManager(
      hazelcastConfig(cluster.getString("config")).setClusterName(cluster.getString("name"))));
    Vertx vertx = await(builder.withClusterManager(manager).buildClustered());
    // draining verticles ask for their consumers to be withdrawn from the cluster (see Endpoints#drain)
    await(vertx.eventBus().<JsonObject>localConsumer(WithdrawingClusterManager.WITHDRAW, m -> manager
      .withdraw(m.body().getJsonArray("addresses").stream().map(String::valueOf).toList())
      .onComplete(done -> m.reply(null))).completion());
    return vertx;
  }

  /** The operator's cluster file when it exists, else the bundled conf/cluster.xml. */
  private static Config hazelcastConfig(String file) throws FileNotFoundException {
    if (file != null && Files.isRegularFile(Path.of(file))) return new FileSystemXmlConfig(file);
    return new ClasspathXmlConfig("conf/cluster.xml");
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      await(vertx.close());
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly", e);
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception cause) throw cause;
      throw e;
    }
  }
}

package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;

/**
 * Base of the domain verticles: registers {@code <name>.health} and the verticle's own consumer
 * table ({@link #routes}), and drains them on undeploy. Subclasses keep the table at the top.
 */
public abstract class DomainVerticle extends VerticleBase {
  private Endpoints endpoints;

  /** The verticle's name, also its bus prefix: "auth", "catalog", … */
  protected abstract String name();

  /** The consumer table: {@code e.on("auth.login", this::login)…}. */
  protected abstract void routes(Endpoints e);

  /** Resources the handlers need (pools, clients); runs before consumers register. */
  protected Future<?> setUp() {
    return Future.succeededFuture();
  }

  /** Releases what {@link #setUp} created; runs after in-flight handlers finished. */
  protected Future<?> tearDown() {
    return Future.succeededFuture();
  }

  /** Health details; the default says only "up". Verticles with a database add its state. */
  protected Future<JsonObject> health() {
    return Future.succeededFuture(new JsonObject().put("status", "up"));
  }

  /**
   * Delivery options for asking another verticle: half the router's patience ({@code http.bus_timeout_ms}, at
   * least 500 ms), so a handler whose helper does not answer can still reply with a clear error in time.
   */
  protected DeliveryOptions askOptions() {
    int busTimeout = config().getJsonObject("http").getInteger("bus_timeout_ms");
    return new DeliveryOptions().setSendTimeout(Math.max(500, busTimeout / 2));
  }

  /** Which process answered (pid@host): lets operators and tests see the bus spread work over replicas. */
  private static final String NODE = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

  /** The usual health answer of a verticle with a database: up, with the database's state. */
  protected static Future<JsonObject> databaseHealth(Pool db) {
    return db.query("SELECT 1").execute()
      .map(rows -> new JsonObject().put("status", "up").put("database", "up"))
      .otherwise(new JsonObject().put("status", "up").put("database", "down"));
  }

  @Override
  public final Future<?> start() {
    return setUp().compose(v -> {
      endpoints = new Endpoints(vertx);
      endpoints.internal(name() + ".health", ignored -> health().map(h -> h.put("node", NODE)));
      routes(endpoints);
      return endpoints.ready();
    });
  }

  @Override
  public final Future<?> stop() {
    JsonObject cluster = config().getJsonObject("cluster", new JsonObject());
    long grace = cluster.getBoolean("enabled", false) ? cluster.getLong("leave_delay_ms", 1500L) : 0;
    Future<Void> drained = endpoints == null ? Future.succeededFuture() : endpoints.drain(grace);
    return drained.compose(v -> tearDown());
  }
}

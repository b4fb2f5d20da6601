package verticles.bus;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * The analytics verticle's live overview (seed "Live dashboard"): the address admins watch through the chat bridge,
 * and the watchers signal by which each bridge tells analytics whether it has a watcher — the overview is computed
 * only while someone watches (its aggregates cost the database a tenth of a core under a registration burst; issue 13).
 */
public final class AnalyticsClient {
  /** Browser-visible (bridge, admins only): {@code {figures, event_type, updated_at}} after domain events. */
  public static final String LIVE = "live.dashboard";
  /** Published by each bridge: {@code {bridge: <id>, watching: boolean}}. */
  public static final String LIVE_WATCHERS = "analytics.live.watchers";
  /** Published by an analytics instance that starts: every bridge with a watcher says so at once. */
  public static final String LIVE_WATCHERS_QUERY = "analytics.live.watchers.query";
  /** A bridge with a watcher says so again this often (ms); analytics trusts a "watching" for {@link #LEASE_MS}. */
  public static final long RENEW_MS = 20_000, LEASE_MS = 3 * RENEW_MS;

  private AnalyticsClient() {
  }

  /** Tells every analytics instance whether the bridge {@code bridge} (a random id per bridge) has a live watcher. */
  public static void watchers(Vertx vertx, String bridge, boolean watching) {
    vertx.eventBus().publish(LIVE_WATCHERS, new JsonObject().put("bridge", bridge).put("watching", watching));
  }

  /** Asks every bridge with a watcher to say so now (an analytics instance that just started knows none). */
  public static void askWatchers(Vertx vertx) {
    vertx.eventBus().publish(LIVE_WATCHERS_QUERY, new JsonObject());
  }
}

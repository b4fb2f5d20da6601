package verticles.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Operation;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.Emails;
import verticles.bus.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Step 4 of the request path: fixed-window request limits counted in Redis with one atomic script on
 * Redis time, so every node shares the count. Tiers (seed "Rate Limiting"): public per IP,
 * authenticated per user, admin per user; an operation may add tighter limits of its own with
 * {@code x-rate-limit: {limit, window_seconds, bucket?, per?}} (or a list of them): counted per IP, or per user when
 * signed in, or with {@code per: email} per canonical {@code email} value of the query or the JSON body (checked after
 * validation, see {@link #handleParsed}). Operations naming the same {@code bucket} (an alias path and its original)
 * share one count; without a bucket the operation id is the bucket (two limits of one operation need two buckets).
 * Redis down → the
 * request is served (fail open) and counted in {@link #failOpen}; this node's queue for Redis connections full
 * ({@code redis.max_pool_waiting}) → 429 {@code RATE_LIMIT_EXCEEDED} with {@code retry_after} 1, never served unchecked. Login brute-force protection and the
 * pending-registration cap live in PostgreSQL and are not affected by switching these limits off.
 */
final class RateLimiter {
  private static final Logger LOG = LoggerFactory.getLogger(RateLimiter.class);
  /** KEYS[1] = key prefix; ARGV = window seconds → {count in this window, seconds until it resets}. */
  private static final String SCRIPT = """
    local t = redis.call('TIME')
    local now = tonumber(t[1])
    local window = tonumber(ARGV[1])
    local start = now - (now % window)
    local key = KEYS[1] .. ':' .. start
    local count = redis.call('INCR', key)
    if count == 1 then redis.call('EXPIRE', key, window + 1) end
    return {count, start + window - now, now}""";

  private record Limit(String name, String key, int limit, int window) {
  }

  private record Count(Limit limit, long count, long resetIn, long now) {
    long remaining() {
      return Math.max(0, limit.limit - count);
    }
  }

  private final RedisAPI redis;
  private final boolean enabled;
  private final int publicLimit, authenticatedLimit, adminLimit, window;
  private final Counter failOpen;
  private final Counter rejected;

  RateLimiter(RedisAPI redis, JsonObject config) {
    this.redis = redis;
    MeterRegistry metrics = BackendRegistries.getNow(config.getString("metrics_registry"));
    this.failOpen = Counter.builder("academy_rate_limit_fail_open_total")
      .description("Requests served without a rate-limit check because Redis could not answer").register(metrics);
    this.rejected = Counter.builder("academy_rate_limit_rejections_total")
      .description("Requests refused with 429").register(metrics);
    JsonObject settings = config.getJsonObject("rate_limit");
    this.enabled = !"off".equalsIgnoreCase(String.valueOf(config.getValue("rate_limits", "on")));
    this.publicLimit = settings.getInteger("public");
    this.authenticatedLimit = settings.getInteger("authenticated");
    this.adminLimit = settings.getInteger("admin");
    this.window = settings.getInteger("window_seconds");
    if (!enabled) LOG.warn("Request rate limits are OFF (rate_limits=off): use this for load tests only");
  }

  /** Whether requests are counted ({@code rate_limits} on). */
  boolean enabled() {
    return enabled;
  }

  void handle(RoutingContext ctx, Operation operation) {
    handle(ctx, operation, ctx::next);
  }

  /** Counts the request against its limits, then {@code passed} runs, or the request fails with 429. */
  void handle(RoutingContext ctx, Operation operation, Runnable passed) {
    if (!enabled) {
      passed.run();
      return;
    }
    JsonObject caller = ctx.get(Gate.CALLER);
    if (caller != null && caller.getString("id") == null) caller = null; // a chat guest counts as public, per IP
    String ip = HttpVerticle.clientIp(ctx);
    List<Limit> limits = new ArrayList<>();
    if (caller == null) {
      limits.add(new Limit("public", "rl:public:" + ip, publicLimit, window));
    } else if ("admin".equals(caller.getString("role"))) {
      limits.add(new Limit("admin", "rl:admin:" + caller.getString("id"), adminLimit, window));
    } else {
      limits.add(new Limit("authenticated", "rl:authenticated:" + caller.getString("id"), authenticatedLimit, window));
    }
    for (JsonObject own : own(operation)) {
      if (own.getString("per") == null) limits.add(operationLimit(operation, own, caller == null ? ip : caller.getString("id")));
    }
    check(ctx, limits, passed);
  }

  /** Whether the operation has a limit counted on a validated request value ({@link #handleParsed}). */
  static boolean countsParsed(Operation operation) {
    return own(operation).stream().anyMatch(own -> own.getString("per") != null);
  }

  /**
   * After validation: the operation's own limits per canonical email ({@code per: email}), the {@code email} of the
   * query or else of the JSON body (a request without one is not counted here: validation required it).
   */
  void handleParsed(RoutingContext ctx, Operation operation, JsonObject query, Object body) {
    String email = query.getString("email");
    if (email == null && body instanceof JsonObject json && json.getValue("email") instanceof String value) email = value;
    if (!enabled || email == null) {
      ctx.next();
      return;
    }
    List<Limit> limits = new ArrayList<>();
    for (JsonObject own : own(operation)) {
      if (own.getString("per") != null) limits.add(operationLimit(operation, own, "email:" + Emails.canonical(email)));
    }
    check(ctx, limits, ctx::next);
  }

  /** The operation's {@code x-rate-limit}: none, one object, or a list of them. */
  private static List<JsonObject> own(Operation operation) {
    Object own = operation.getExtensions().get("x-rate-limit");
    if (own instanceof JsonObject one) return List.of(one);
    List<JsonObject> all = new ArrayList<>();
    if (own instanceof io.vertx.core.json.JsonArray list) {
      for (Object item : list) if (item instanceof JsonObject limit) all.add(limit);
    }
    return all;
  }

  private static Limit operationLimit(Operation operation, JsonObject own, String subject) {
    String bucket = own.getString("bucket", operation.getOperationId());
    return new Limit(bucket, "rl:op:" + bucket + ":" + subject, own.getInteger("limit"), own.getInteger("window_seconds"));
  }

  private void check(RoutingContext ctx, List<Limit> limits, Runnable passed) {
    List<Future<Count>> counts = new ArrayList<>();
    for (Limit limit : limits) counts.add(count(limit));
    Future.all(counts).onComplete(done -> {
      if (done.failed() && done.cause() instanceof ConnectionPoolTooBusyException) {
        // not Redis being down but this node's queue for it full: serving unchecked would let a burst of parallel
        // requests past every limit (a hostile client's 150 at once: 107 registrations of 20 allowed)
        rejected.increment();
        ctx.response().putHeader("Retry-After", "1");
        ctx.fail(ErrorCode.RATE_LIMIT_EXCEEDED.error("Too many requests at once; retry in a moment",
          new JsonObject().put("retry_after", 1)));
        return;
      }
      if (done.failed()) {
        failOpen.increment();
        LOG.warn("Rate limit not checked (Redis unavailable), serving the request: {}", done.cause().getMessage());
        passed.run();
        return;
      }
      // the limit closest to running out speaks for the response headers
      Count tightest = null;
      Count exceeded = null;
      for (Future<Count> f : counts) {
        Count c = f.result();
        if (tightest == null || c.remaining() < tightest.remaining()) tightest = c;
        if (c.count > c.limit.limit && (exceeded == null || c.resetIn > exceeded.resetIn)) exceeded = c;
      }
      headers(ctx.response(), exceeded != null ? exceeded : tightest);
      if (exceeded == null) {
        passed.run();
        return;
      }
      rejected.increment();
      ctx.fail(ErrorCode.RATE_LIMIT_EXCEEDED.error("Too many requests",
        new JsonObject().put("retry_after", exceeded.resetIn).put("limit", exceeded.limit.limit)
          .put("window_seconds", exceeded.limit.window)));
    });
  }

  private Future<Count> count(Limit limit) {
    return redis.eval(List.of(SCRIPT, "1", limit.key + ":" + limit.window, Integer.toString(limit.window)))
      .timeout(1, TimeUnit.SECONDS)
      .map(r -> {
        Response values = r;
        return new Count(limit, values.get(0).toLong(), values.get(1).toLong(), values.get(2).toLong());
      });
  }

  /** The seed's X-RateLimit-* headers and the IETF RateLimit-Policy / RateLimit fields. */
  private static void headers(HttpServerResponse response, Count c) {
    response.putHeader("X-RateLimit-Limit", Integer.toString(c.limit.limit))
      .putHeader("X-RateLimit-Remaining", Long.toString(c.remaining()))
      .putHeader("X-RateLimit-Reset", Long.toString(c.now + c.resetIn))
      .putHeader("RateLimit-Policy", "\"" + c.limit.name + "\";q=" + c.limit.limit + ";w=" + c.limit.window)
      .putHeader("RateLimit", "\"" + c.limit.name + "\";r=" + c.remaining() + ";t=" + c.resetIn);
  }
}

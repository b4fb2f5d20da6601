package verticles.scheduling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import verticles.bus.ApiTexts;
import verticles.bus.BusRequest;
import verticles.bus.BusRequest.Caller;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Languages;
import verticles.bus.Reply;
import verticles.infra.OpaqueTokens;

import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calendar subscriptions by URL (issue 20): a signed-in user asks for a secret feed URL
 * ({@code <public_url>/api/schedules/calendar/<token>.ics}) that a calendar app polls without a bearer token.
 * <ul>
 *   <li>The token is 32 random bytes (base64url, 43 characters); the database keeps only its SHA-256
 *       ({@code scheduling.calendar_feeds}, one row per user). Asking again replaces the row in one upsert: the new
 *       URL works and the old one answers 404 at once.</li>
 *   <li>The feed follows the user's current account (auth's): a student gets the classes of their approved
 *       placements, an instructor the classes they teach, an admin every class — live classes from 30 days back, at
 *       most {@code scheduling.calendar_max_events}, rendered by {@link Schedules#feed} exactly like the bearer feed,
 *       online links as that user may read them. An account that is gone or not active answers 404 like an unknown
 *       token: 404 {@code CALENDAR_FEED_NOT_FOUND}, whatever the reason, so a URL reveals nothing.</li>
 *   <li>{@code Cache-Control: private, max-age=300} and a strong ETag of the bytes (the router answers 304 to a
 *       matching {@code If-None-Match}).</li>
 * </ul>
 * The contract marks the path parameter {@code x-secret-path}: the router's access log and metrics never carry it.
 */
final class CalendarFeeds {
  static final String CACHE_CONTROL = "private, max-age=300";
  private static final int TOKEN_BYTES = 32;
  private static final Pattern FEED = Pattern.compile("([A-Za-z0-9_-]{43})\\.ics");

  private final Pool db;
  private final Lookups lookups;
  private final Schedules schedules;
  private final Settings settings;
  private final String feedsUrl;

  /** {@code publicUrl}: where people reach the academy (config {@code public_url}), the base of the feed URLs. */
  CalendarFeeds(Pool db, Lookups lookups, Schedules schedules, Settings settings, String publicUrl) {
    this.db = db;
    this.lookups = lookups;
    this.schedules = schedules;
    this.settings = settings;
    this.feedsUrl = publicUrl + "/api/schedules/calendar/";
  }

  /**
   * {@code POST /api/schedules/calendar/feed} → 200 {url}: a fresh secret URL for the caller, revoking the last one;
   * asked in English ({@code ?lang=en} / {@code Accept-Language: en}) the URL ends in {@code ?lang=en}, so the feed's
   * labels stay English in a calendar app (Indonesian otherwise, issue 20).
   */
  Future<Reply> create(BusRequest req) {
    Caller caller = req.user();
    String token = OpaqueTokens.next(TOKEN_BYTES);
    return db.preparedQuery(SchedulingSql.SAVE_CALENDAR_FEED)
      .execute(Tuple.of(UUID.fromString(caller.id()), OpaqueTokens.hash(token)))
      .recover(e -> e instanceof PgException pg && "23503".equals(pg.getSqlState())
        // the account was deleted while its access token still lived
        ? Future.failedFuture(ErrorCode.AUTH_UNAUTHORIZED.error("Authentication required"))
        : Future.failedFuture(e))
      // the feed speaks the language it was asked in: calendar apps send no Accept-Language of the user's choice
      .map(done -> Reply.ok(new JsonObject().put("url", feedsUrl + token + ".ics" + (Languages.ENGLISH.equals(req.language()) ? "?lang=en" : "")),
        "Calendar feed URL created; the previous URL no longer works"));
  }

  /** {@code GET /api/schedules/calendar/{feed}}: the owner's classes as text/calendar, or 404 CALENDAR_FEED_NOT_FOUND. */
  Future<Reply> serve(BusRequest req) {
    Matcher feed = FEED.matcher(req.pathParam("feed"));
    if (!feed.matches()) return Future.failedFuture(notFound());
    return db.preparedQuery(SchedulingSql.CALENDAR_FEED_USER).execute(Tuple.of(OpaqueTokens.hash(feed.group(1))))
      .compose(rows -> {
        if (!rows.iterator().hasNext()) return Future.failedFuture(notFound());
        String userId = rows.iterator().next().getUUID("user_id").toString();
        return lookups.users(List.of(userId)).map(users -> users.get(userId));
      })
      .compose(user -> {
        if (user == null || !"active".equals(user.getString("status"))) return Future.failedFuture(notFound());
        return text(user, req.language());
      })
      .map(text -> Reply.raw(200, ICalendar.MEDIA_TYPE, text)
        .withHeader("Cache-Control", CACHE_CONTROL)
        .withETag(etag(text)));
  }

  /** The feed of one account by its role; a role without classes has no feed. */
  private Future<String> text(JsonObject user, String language) {
    Caller owner = new Caller(new JsonObject().put("id", user.getString("id")).put("role", user.getString("role"))
      .put("email", user.getString("email")));
    String name = ApiTexts.format("calendar.name.user", language, user.getString("full_name"));
    int max = settings.calendarMaxEvents();
    return switch (String.valueOf(owner.role())) {
      case "admin" -> schedules.feed(SchedulingSql.SCHEDULES_FEED, window(null), owner,
        ApiTexts.format("calendar.name", language), language);
      case "instructor" -> schedules.feed(SchedulingSql.SCHEDULES_FEED, window(owner.id()), owner, name, language);
      case "student" -> lookups.placements(owner.id()).compose(placements -> {
        Set<String> placed = new LinkedHashSet<>();
        for (JsonObject p : placements) {
          if (p.getString("schedule_id") != null) placed.add(p.getString("schedule_id"));
        }
        return schedules.feed(SchedulingSql.PLACED_SCHEDULES,
          Tuple.of(ScheduleViews.uuids(placed), Schedules.feedStart(), max), owner, name, language);
      });
      default -> Future.failedFuture(notFound());
    };
  }

  /** The list filters of a feed: live classes (of one instructor, or all) from {@link Schedules#feedStart}. */
  private Tuple window(String instructorId) {
    JsonObject q = new JsonObject().put("start_date", Iso.of(Schedules.feedStart())).put("include_cancelled", false);
    if (instructorId != null) q.put("instructor_id", instructorId);
    return schedules.filters(q).addInteger(settings.calendarMaxEvents());
  }

  /** A strong entity tag of the feed's bytes. */
  private static String etag(String text) {
    return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(OpaqueTokens.hash(text)) + "\"";
  }

  static verticles.bus.ApiError notFound() {
    return ErrorCode.CALENDAR_FEED_NOT_FOUND.error("No calendar feed at this address; ask for a new URL");
  }
}

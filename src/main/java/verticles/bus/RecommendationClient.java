package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** The recommendation verticle's internal address, for the chat assistant (issue 19). */
public final class RecommendationClient extends InternalClient {
  public static final String COURSES = "recommendation.internal.courses";

  public RecommendationClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /**
   * The answer of {@code GET /api/recommendations/courses} for the same {@code query} (level, instrument, days,
   * time_from, time_to, start_date, max_price_per_session, limit) in {@code language} ("id"|"en"): {recommendations:
   * [...]}. Fails with the same 404 {@code REC_NO_COURSES_AVAILABLE} (details.alternatives) or 400.
   */
  public Future<JsonObject> courses(JsonObject query, String language) {
    return ask(COURSES, new JsonObject().put("query", query).put("language", language));
  }
}

package verticles.recommendation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import verticles.bus.BusRequest;
import verticles.bus.CatalogClient;
import verticles.bus.DomainVerticle;
import verticles.bus.EnrollmentClient;
import verticles.bus.Endpoints;
import verticles.bus.Languages;
import verticles.bus.LocalTimes;
import verticles.bus.RecommendationClient;
import verticles.bus.Reply;
import verticles.bus.SchedulingClient;

/**
 * Recommendations (issue 19; the seed's {@code recommendation} service): owns no tables and asks catalog, scheduling
 * and enrollment over the bus. Deterministic and explainable: {@link Scoring} is the formula, {@link Recommender} ranks
 * courses, {@link Suggestions} ranks a registration's classes, {@link Texts} says why in the caller's language.
 */
public final class RecommendationVerticle extends DomainVerticle {

  @Override
  protected void routes(Endpoints e) {
    e.on("recommendation.courses", this::courses)
      .on("recommendation.mine", this::mine)
      .on("recommendation.enrollmentSuggestions", this::suggestions)
      .internal(RecommendationClient.COURSES, this::internalCourses);
  }

  @Override
  protected String name() {
    return "recommendation";
  }

  private Recommender recommender;
  private Suggestions suggestions;
  private LocalTimes times;

  @Override
  protected Future<?> setUp() {
    times = LocalTimes.of(config());
    CatalogClient catalog = new CatalogClient(vertx, askOptions());
    EnrollmentClient enrollment = new EnrollmentClient(vertx, askOptions());
    SchedulingClient scheduling = new SchedulingClient(vertx, askOptions());
    recommender = new Recommender(catalog, enrollment, scheduling, times);
    int maxDays = config().getJsonObject("scheduling", new JsonObject()).getInteger("availability_max_days", 31);
    suggestions = new Suggestions(enrollment, catalog, scheduling, recommender, maxDays);
    return Future.succeededFuture();
  }

  private Texts texts(BusRequest req) {
    return new Texts(req.language(), times);
  }

  /** GET /api/recommendations/courses (public). */
  private Future<Reply> courses(BusRequest req) {
    Preferences p = Preferences.of(req.query());
    return recommender.courses(p, texts(req)).map(Reply::ok);
  }

  /** GET /api/recommendations/me (students). */
  private Future<Reply> mine(BusRequest req) {
    Preferences p = Preferences.of(new JsonObject().put("limit", req.query().getValue("limit")));
    return recommender.mine(req.user().id(), p.limit(), texts(req)).map(Reply::ok);
  }

  /** GET /api/enrollments/{id}/suggestions (admins, the course's instructors). */
  private Future<Reply> suggestions(BusRequest req) {
    return suggestions.of(req, texts(req)).map(Reply::ok);
  }

  /** {query: the public operation's query, language: "id"|"en"} → its data (the chat assistant). */
  private Future<JsonObject> internalCourses(JsonObject q) {
    Preferences p = Preferences.of(q.getJsonObject("query", new JsonObject()));
    return recommender.courses(p, new Texts(Languages.ENGLISH.equals(q.getString("language")) ? Languages.ENGLISH
      : Languages.INDONESIAN, times));
  }
}

package verticles.recommendation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ApiError;
import verticles.bus.BusRequest;
import verticles.bus.CatalogClient;
import verticles.bus.CoursePolicy;
import verticles.bus.EnrollmentClient;
import verticles.bus.ErrorCode;
import verticles.bus.SchedulingClient;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code GET /api/enrollments/{id}/suggestions} (admins, and instructors of the registration's course through
 * {@link CoursePolicy}; anyone else gets the 404 of a missing id, as the enrollment verticle answers): the course's open
 * classes ranked against the registration's preferred days, time range, start date and experience level (seed §5.1),
 * each with free seats, score and reasons; when none fits, {@code candidate_slots}: free slots of the course's
 * instructor and suitable rooms ({@code scheduling.internal.availability}, the logic of {@code GET
 * /api/schedules/availability}) on the preferred days within the preferred hours, from the start date (or today) over
 * the next {@link #SLOT_DAYS} days, at most {@link #MAX_SLOTS}, that an admin could open as a class.
 */
final class Suggestions {
  private static final Logger LOG = LoggerFactory.getLogger(Suggestions.class);
  static final int SLOT_DAYS = 14, MAX_SLOTS = 5;

  private final EnrollmentClient enrollment;
  private final CatalogClient catalog;
  private final SchedulingClient scheduling;
  private final CoursePolicy policy;
  private final Recommender recommender;
  private final int maxAvailabilityDays;

  Suggestions(EnrollmentClient enrollment, CatalogClient catalog, SchedulingClient scheduling, Recommender recommender,
              int maxAvailabilityDays) {
    this.enrollment = enrollment;
    this.catalog = catalog;
    this.scheduling = scheduling;
    this.policy = new CoursePolicy(catalog);
    this.recommender = recommender;
    this.maxAvailabilityDays = maxAvailabilityDays;
  }

  Future<JsonObject> of(BusRequest req, Texts t) {
    String id = req.pathParam("id");
    return enrollment.preferences(id).compose(reg -> policy.mayManage(req.user(), reg.getString("course_id")).compose(may -> {
      if (!may) return Future.failedFuture(ErrorCode.ENROLLMENT_NOT_FOUND.error("Enrollment not found"));
      // an inactive course offers nothing: its classes are not recommended and no new one can be opened
      return catalog.course(reg.getString("course_id")).compose(course -> (course.getBoolean("is_active", false)
          ? recommender.offers().load(List.of(course)).map(loaded -> loaded.get(0))
          : Future.succeededFuture(new Offer(course, List.of())))
        .compose(offer -> answer(reg, course, offer, t)));
    }));
  }

  /** The registration's preferences as {@link Preferences} (its experience level, days, time range, start date). */
  static Preferences preferences(JsonObject reg) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (Object d : reg.getJsonArray("preferred_days", new JsonArray())) {
      DayOfWeek day = Preferences.day(String.valueOf(d));
      if (day != null) days.add(day);
    }
    Integer from = null, to = null;
    JsonObject range = reg.getJsonObject("preferred_time_range");
    if (range != null) {
      from = minute(range.getString("start"));
      to = minute(range.getString("end"));
      if (from == null || to == null || to <= from) from = to = null; // an unusable range asks for nothing
    }
    String experience = reg.getString("experience_level");
    String level = experience != null && Preferences.LEVELS.contains(experience) ? experience : null;
    String start = reg.getString("start_date_target");
    return new Preferences(level, null, days, from, to, start == null ? null : LocalDate.parse(start), null, Preferences.MAX_LIMIT);
  }

  private static Integer minute(String hhmm) {
    if (hhmm == null || !hhmm.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) return null;
    return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
  }

  private Future<JsonObject> answer(JsonObject reg, JsonObject course, Offer offer, Texts t) {
    Preferences p = preferences(reg);
    LocalDate today = recommender.times().localDate(Instant.now());
    Scoring.Ranked ranked = Scoring.rank(p, offer, recommender.times().zone(), today, true);
    double courseScore = Scoring.W_LEVEL * ranked.level() + Scoring.W_PRICE * Math.max(0, ranked.price());
    List<Scoring.ClassFit> classes = new ArrayList<>(ranked.all());
    classes.sort(Comparator.comparing((Scoring.ClassFit f) -> !f.fits()).thenComparing(Scoring.BEST_CLASS));
    JsonArray out = new JsonArray();
    for (Scoring.ClassFit f : classes) {
      out.add(f.slot().json()
        .put("fits", f.fits())
        .put("score", Math.round((courseScore + f.value()) * 10000) / 10000.0)
        .put("reasons", new JsonArray(recommender.classReasons(p, f, t))));
    }
    boolean anyFits = classes.stream().anyMatch(Scoring.ClassFit::fits);
    Future<JsonArray> slots = anyFits || !course.getBoolean("is_active", false)
      ? Future.succeededFuture(new JsonArray()) : candidateSlots(course, p, today, t);
    return slots.map(candidates -> new JsonObject()
      .put("enrollment", new JsonObject().put("id", reg.getString("id"))
        .put("registration_number", reg.getString("registration_number")).put("status", reg.getString("status"))
        .put("schedule_id", reg.getString("schedule_id"))
        .put("experience_level", reg.getString("experience_level"))
        .put("preferred_days", reg.getJsonArray("preferred_days"))
        .put("preferred_time_range", reg.getJsonObject("preferred_time_range"))
        .put("start_date_target", reg.getString("start_date_target")))
      .put("course", new JsonObject().put("id", course.getString("id")).put("title", course.getString("title"))
        .put("level", course.getString("level")).put("instrument", course.getString("instrument"))
        .put("price_per_session", course.getLong("price_per_session")).put("is_active", course.getBoolean("is_active")))
      .put("classes", out)
      .put("candidate_slots", candidates));
  }

  /** Free slots on the preferred days, inside the preferred hours; none when scheduling refuses the question (4xx). */
  private Future<JsonArray> candidateSlots(JsonObject course, Preferences p, LocalDate today, Texts t) {
    LocalDate from = p.startDate() != null && p.startDate().isAfter(today) ? p.startDate() : today;
    LocalDate to = from.plusDays(Math.min(SLOT_DAYS, maxAvailabilityDays) - 1L);
    return scheduling.availability(course.getString("id"), from, to).map(a -> {
      JsonObject instructor = a.getJsonObject("instructor");
      JsonArray out = new JsonArray();
      for (Object item : a.getJsonArray("slots", new JsonArray())) {
        if (out.size() >= MAX_SLOTS) break;
        JsonObject slot = (JsonObject) item;
        Instant start = Instant.parse(slot.getString("start_time")), end = Instant.parse(slot.getString("end_time"));
        ZonedDateTime local = start.atZone(recommender.times().zone());
        int s = local.getHour() * 60 + local.getMinute();
        int e = s + (int) ((end.toEpochMilli() - start.toEpochMilli()) / 60_000);
        if (!p.days().isEmpty() && !p.days().contains(local.getDayOfWeek())) continue;
        if (p.hasTimeRange() && (s < p.fromMinute() || e > p.toMinute())) continue;
        JsonArray rooms = slot.getJsonArray("rooms", new JsonArray());
        String roomNames = String.join(", ", rooms.stream().map(r -> ((JsonObject) r).getString("name")).toList());
        String when = t.dated(start, end);
        String free = instructor == null || instructor.getString("full_name") == null
          ? t.text("reason.slot_free_no_instructor", when, roomNames)
          : t.text("reason.slot_free", when, instructor.getString("full_name"), roomNames);
        out.add(new JsonObject().put("start_time", slot.getString("start_time")).put("end_time", slot.getString("end_time"))
          .put("instructor", instructor).put("rooms", rooms)
          .put("reasons", new JsonArray().add(t.text("reason.slot_new")).add(free)));
      }
      return out;
    }).recover(e -> {
      ApiError error = ApiError.from(e);
      if (error != null && error.status() < 500) {
        LOG.info("No candidate slots for course {}: {} {}", course.getString("id"), error.code(), error.getMessage());
        return Future.succeededFuture(new JsonArray());
      }
      return Future.failedFuture(e);
    });
  }
}

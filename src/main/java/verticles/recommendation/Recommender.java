package verticles.recommendation;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import verticles.bus.CatalogClient;
import verticles.bus.EnrollmentClient;
import verticles.bus.ErrorCode;
import verticles.bus.Instruments;
import verticles.bus.LocalTimes;
import verticles.bus.SchedulingClient;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Ranked courses (issue 19): for preferences ({@code GET /api/recommendations/courses} and the chat assistant, through
 * the same {@link #courses} call, so they cannot disagree) and for a student's history ({@code GET
 * /api/recommendations/me}). Every item: {course {id, title, level, instrument, price_per_session}, score (0–1), reasons
 * [texts in the caller's language, times in the academy zone], next_classes [{schedule_id, start_time, end_time,
 * free_seats, instructor_name, room_name, online}] (at most 3, earliest first)}. Nothing fits → 404
 * REC_NO_COURSES_AVAILABLE with details.alternatives (at most 3 items of the same shape, closest first, each saying
 * which preferences it misses).
 */
final class Recommender {
  static final int NEXT_CLASSES = 3, ALTERNATIVES = 3;

  private final CatalogClient catalog;
  private final EnrollmentClient enrollment;
  private final SchedulingClient scheduling;
  private final Offers offers;
  private final LocalTimes times;

  Recommender(CatalogClient catalog, EnrollmentClient enrollment, SchedulingClient scheduling, LocalTimes times) {
    this.catalog = catalog;
    this.enrollment = enrollment;
    this.scheduling = scheduling;
    this.offers = new Offers(scheduling, enrollment);
    this.times = times;
  }

  LocalTimes times() {
    return times;
  }

  Offers offers() {
    return offers;
  }

  private LocalDate today() {
    return times.localDate(Instant.now());
  }

  /** {recommendations: [items]} for the preferences, or 404 REC_NO_COURSES_AVAILABLE with the alternatives. */
  Future<JsonObject> courses(Preferences p, Texts t) {
    return catalog.activeCourses().compose(offers::load).compose(all -> {
      LocalDate today = today();
      List<Scoring.Ranked> fitting = new ArrayList<>();
      for (Offer offer : all) {
        Scoring.Ranked r = Scoring.rank(p, offer, times.zone(), today, false);
        if (r.fits()) fitting.add(r);
      }
      fitting.sort(Scoring.ORDER);
      JsonArray items = new JsonArray();
      for (Scoring.Ranked r : fitting.subList(0, Math.min(p.limit(), fitting.size()))) items.add(item(p, r, t, List.of()));
      if (!items.isEmpty()) return Future.succeededFuture(new JsonObject().put("recommendations", items));
      return Future.failedFuture(noCourses(p, all, t, today));
    });
  }

  /** The 404 with the closest alternatives: open courses of the asked instrument when there are any, else any. */
  private Throwable noCourses(Preferences p, List<Offer> all, Texts t, LocalDate today) {
    List<Offer> open = all.stream().filter(o -> !o.classes().isEmpty()).toList();
    List<Offer> sameInstrument = p.instrument() == null ? List.of()
      : open.stream().filter(o -> Instruments.same(o.instrument(), p.instrument())).toList();
    List<Scoring.Ranked> ranked = new ArrayList<>();
    for (Offer o : sameInstrument.isEmpty() ? open : sameInstrument) ranked.add(Scoring.rank(p, o, times.zone(), today, true));
    ranked.sort(Comparator.<Scoring.Ranked>comparingInt(r -> r.misses().size()).thenComparing(Scoring.ORDER));
    JsonArray alternatives = new JsonArray();
    for (Scoring.Ranked r : ranked.subList(0, Math.min(ALTERNATIVES, ranked.size()))) alternatives.add(item(p, r, t, List.of()));
    return ErrorCode.REC_NO_COURSES_AVAILABLE.error(t.text("error.no_courses"),
      new JsonObject().put("alternatives", alternatives));
  }

  /**
   * A student's recommendations: first the next level (beginner → intermediate → advanced) of the instrument or category
   * of each course they hold an approved enrollment in, then other courses with a class on the weekdays and within the
   * hours of the classes they are placed in (every open course when they have none). Courses they hold are left out.
   */
  Future<JsonObject> mine(String studentId, int limit, Texts t) {
    return enrollment.studentPlacements(studentId).compose(placements -> {
      Set<String> held = new HashSet<>();
      List<String> placed = new ArrayList<>();
      for (JsonObject pl : placements) {
        held.add(pl.getString("course_id"));
        if (pl.getString("schedule_id") != null) placed.add(pl.getString("schedule_id"));
      }
      Future<Map<String, JsonObject>> heldCourses = held.isEmpty() ? Future.succeededFuture(Map.of()) : catalog.courses(held);
      Future<List<JsonObject>> classes = placed.isEmpty() ? Future.succeededFuture(List.of()) : scheduling.schedules(placed);
      Future<List<Offer>> open = catalog.activeCourses()
        .map(all -> all.stream().filter(c -> !held.contains(c.getString("id"))).toList())
        .compose(offers::load);
      return Future.all(heldCourses, classes, open).compose(done -> {
        Preferences past = pastTimes(classes.result(), limit);
        // next level: canonical instrument → (next level → the held course's title)
        Map<String, Map<String, String>> next = new HashMap<>();
        heldCourses.result().values().stream().sorted(Comparator.comparing(c -> c.getString("id"))).forEach(c -> {
          int level = Preferences.LEVELS.indexOf(c.getString("level"));
          if (c.getString("instrument") == null || level < 0 || level + 1 >= Preferences.LEVELS.size()) return;
          next.computeIfAbsent(Instruments.canonical(c.getString("instrument")), k -> new LinkedHashMap<>())
            .putIfAbsent(Preferences.LEVELS.get(level + 1), c.getString("title"));
        });
        LocalDate today = today();
        List<Scoring.Ranked> nextLevel = new ArrayList<>(), others = new ArrayList<>();
        Map<String, String> after = new HashMap<>();
        List<Offer> rest = new ArrayList<>();
        for (Offer o : open.result()) {
          Map<String, String> levels = o.instrument() == null ? null : next.get(Instruments.canonical(o.instrument()));
          String title = levels == null ? null : levels.get(o.level());
          if (title != null && !o.classes().isEmpty()) {
            after.put(o.id(), title);
            nextLevel.add(Scoring.rank(past.withLevel(o.level()), o, times.zone(), today, true));
          } else {
            rest.add(o);
          }
        }
        for (Offer o : rest) {
          Scoring.Ranked r = Scoring.rank(past, o, times.zone(), today, false);
          if (r.fits()) others.add(r);
        }
        nextLevel.sort(Scoring.ORDER);
        others.sort(Scoring.ORDER);
        JsonArray items = new JsonArray();
        for (Scoring.Ranked r : nextLevel) {
          if (items.size() < limit) items.add(item(past.withLevel(r.offer().level()), r, t,
            List.of(t.text("reason.next_level", after.get(r.offer().id()))), false));
        }
        for (Scoring.Ranked r : others) {
          if (items.size() < limit) items.add(item(past, r, t, placed.isEmpty() ? List.of() : List.of(t.text("reason.past_times"))));
        }
        if (!items.isEmpty()) return Future.succeededFuture(new JsonObject().put("recommendations", items));
        return Future.failedFuture(noCourses(Preferences.none(limit), open.result(), t, today));
      });
    });
  }

  /** The weekdays and the hours (earliest start to latest end, academy time) of the student's placed classes. */
  private Preferences pastTimes(List<JsonObject> classes, int limit) {
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    Integer from = null, to = null;
    for (JsonObject c : classes) {
      if (!"scheduled".equals(c.getString("status"))) continue;
      ZonedDateTime start = Instant.parse(c.getString("start_time")).atZone(times.zone());
      long minutes = (Instant.parse(c.getString("end_time")).toEpochMilli() - start.toInstant().toEpochMilli()) / 60_000;
      int s = start.getHour() * 60 + start.getMinute(), e = (int) Math.min(24 * 60, s + minutes);
      days.add(start.getDayOfWeek());
      from = from == null ? s : Math.min(from, s);
      to = to == null ? e : Math.max(to, e);
    }
    if (from != null && to <= from) to = Math.min(24 * 60, from + 1);
    return new Preferences(null, null, days, from, to, null, null, limit);
  }

  /** One recommendation: the course, its score, why (leading reasons first), its next fitting (or open) classes. */
  JsonObject item(Preferences p, Scoring.Ranked r, Texts t, List<String> leading) {
    return item(p, r, t, leading, true);
  }

  /** {@code explainMisses}: lead with what the course misses (alternatives); a student's next level needs no excuse. */
  JsonObject item(Preferences p, Scoring.Ranked r, Texts t, List<String> leading, boolean explainMisses) {
    JsonObject c = r.offer().course();
    List<String> reasons = new ArrayList<>(leading);
    if (!r.fits() && explainMisses) {
      reasons.add(t.text("reason.mismatch", String.join(", ", r.misses().stream().map(m -> t.text("miss." + m)).toList())));
    }
    reasons.addAll(reasons(p, r, t));
    List<Scoring.ClassFit> shown = new ArrayList<>(r.fits() ? r.fitting() : r.all());
    shown.sort(Comparator.comparing((Scoring.ClassFit f) -> f.slot().start()).thenComparing(f -> f.slot().id()));
    JsonArray next = new JsonArray();
    for (Scoring.ClassFit f : shown.subList(0, Math.min(NEXT_CLASSES, shown.size()))) next.add(f.slot().json());
    return new JsonObject()
      .put("course", new JsonObject().put("id", c.getString("id")).put("title", c.getString("title"))
        .put("level", c.getString("level")).put("instrument", c.getString("instrument"))
        .put("price_per_session", c.getLong("price_per_session")))
      .put("score", r.score())
      .put("reasons", new JsonArray(reasons))
      .put("next_classes", next);
  }

  /** The reasons of a score, part by part (see {@link Scoring}). */
  List<String> reasons(Preferences p, Scoring.Ranked r, Texts t) {
    List<String> out = new ArrayList<>();
    Offer o = r.offer();
    if (p.level() != null && r.level() > 0) {
      out.add(r.level() == 1 ? t.text("reason.level_match", t.level(o.level()))
        : t.text("reason.level_near", t.level(o.level()), t.level(p.level())));
    }
    if (p.instrument() != null && o.instrument() != null) out.add(t.text("reason.instrument", o.instrument()));
    Scoring.ClassFit best = r.best();
    if (best != null) out.addAll(classReasons(p, best, t));
    if (p.maxPrice() != null) {
      out.add(t.text(r.price() < 0 ? "reason.price_over" : "reason.price_within", Texts.rupiah(o.price()), Texts.rupiah(p.maxPrice())));
    } else {
      out.add(t.text("reason.price", Texts.rupiah(o.price())));
    }
    if (best != null && best.slot().rating() != null) {
      out.add(t.text("reason.rating", t.rating(best.slot().rating()), best.slot().ratings()));
    }
    return out;
  }

  /** Seats and time of a class, its day and overlap with what was asked, and its date against the start date. */
  List<String> classReasons(Preferences p, Scoring.ClassFit f, Texts t) {
    List<String> out = new ArrayList<>();
    Offer.Class c = f.slot();
    out.add(t.text("reason.seats", c.freeSeats(), t.slot(c.start(), c.end())));
    if (!p.days().isEmpty() && f.dayOk()) out.add(t.text("reason.day_match", t.day(f.day())));
    if (p.hasTimeRange()) out.add(t.text("reason.overlap", f.overlap(), c.minutes(), t.range(p.fromMinute(), p.toMinute())));
    if (p.startDate() == null) {
      out.add(t.text("reason.next_class", t.dated(c.start(), c.end())));
    } else if (f.distanceDays() == 0) {
      out.add(t.text("reason.start_on", t.date(f.date())));
    } else {
      out.add(t.text(f.distanceDays() > 0 ? "reason.start_after" : "reason.start_before", t.date(f.date()), Math.abs(f.distanceDays())));
    }
    return out;
  }
}

package verticles.recommendation;

import verticles.bus.Instruments;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The recommendation score (issue 19; the formula is in docs/ARCHITECTURE.md "Recommendation decisions"). Pure: same
 * preferences, same classes, same day → same numbers and the same order.
 *
 * <pre>
 * score = 0.25·L + 0.15·P + max over the course's fitting classes of (0.30·T + 0.15·S + 0.15·D), rounded to 4 decimals
 * L level fit   1 same level or none asked, 0.5 one step away, 0 two steps (then the course does not fit)
 * P price       1 without a limit; within the limit 1 − 0.5·price/limit; above it 0 (then the course does not fit)
 * T time fit    minutes of the class inside the preferred range ÷ the class's minutes, on a preferred day (else 0);
 *               1 when neither days nor a range are asked
 * S seats       min(free seats, 5) ÷ 5
 * D start       1 ÷ (1 + |days between the class's date and the start date (or today)| ÷ 7)
 * </pre>
 * A class fits when it is on a preferred day, overlaps the range by at least a minute and is not before the start date.
 * Ties: the best class's instructor rating (higher first, none last) — only then — and the course id.
 */
final class Scoring {
  static final double W_LEVEL = 0.25, W_PRICE = 0.15, W_TIME = 0.30, W_SEATS = 0.15, W_START = 0.15;
  static final int SEATS_CAP = 5;

  private Scoring() {
  }

  /** How well a class meets the preferences. */
  record ClassFit(Offer.Class slot, LocalDate date, DayOfWeek day, boolean dayOk, int overlap, boolean dateOk,
                  long distanceDays, double value) {
    boolean fits() {
      return dayOk && overlap > 0 && dateOk;
    }
  }

  /** A course measured against preferences: its score, best class, fitting classes and what it misses. */
  record Ranked(Offer offer, double level, double price, double score, ClassFit best, List<ClassFit> fitting,
                List<ClassFit> all, List<String> misses) {
    boolean fits() {
      return misses.isEmpty();
    }

    Double rating() {
      return best == null ? null : best.slot().rating();
    }
  }

  static double level(String asked, String course) {
    if (asked == null) return 1;
    if (course == null) return 0;
    int a = Preferences.LEVELS.indexOf(asked), c = Preferences.LEVELS.indexOf(course);
    if (a < 0 || c < 0) return 0;
    int steps = Math.abs(a - c);
    return steps == 0 ? 1 : steps == 1 ? 0.5 : 0;
  }

  /** P, or -1 above the limit. */
  static double price(Long max, long price) {
    if (max == null) return 1;
    if (price > max) return -1;
    return max == 0 ? 1 : 1 - 0.5 * price / max;
  }

  static ClassFit fit(Preferences p, Offer.Class c, ZoneId zone, LocalDate today) {
    ZonedDateTime start = c.start().atZone(zone);
    LocalDate date = start.toLocalDate();
    DayOfWeek day = start.getDayOfWeek();
    boolean dayOk = p.days().isEmpty() || p.days().contains(day);
    int minutes = c.minutes();
    int overlap;
    if (!p.hasTimeRange()) {
      overlap = minutes;
    } else {
      int s = start.getHour() * 60 + start.getMinute(), e = s + minutes;
      overlap = Math.max(0, Math.min(e, p.toMinute()) - Math.max(s, p.fromMinute()));
    }
    LocalDate reference = p.startDate() == null ? today : p.startDate();
    boolean dateOk = p.startDate() == null || !date.isBefore(p.startDate());
    long distance = ChronoUnit.DAYS.between(reference, date);
    double t = dayOk ? (double) overlap / minutes : 0;
    double s = Math.min(c.freeSeats(), SEATS_CAP) / (double) SEATS_CAP;
    double d = 1 / (1 + Math.abs(distance) / 7.0);
    return new ClassFit(c, date, day, dayOk, overlap, dateOk, distance, W_TIME * t + W_SEATS * s + W_START * d);
  }

  /** Best class first: value, then the earlier start, then id. */
  static final Comparator<ClassFit> BEST_CLASS = Comparator.comparingDouble(ClassFit::value).reversed()
    .thenComparing(f -> f.slot().start()).thenComparing(f -> f.slot().id());

  /**
   * The course against the preferences. {@code relaxed}: the best class is chosen among all open classes, not only
   * fitting ones (the alternatives of a 404, a student's next level).
   */
  static Ranked rank(Preferences p, Offer offer, ZoneId zone, LocalDate today, boolean relaxed) {
    List<String> misses = new ArrayList<>();
    if (p.instrument() != null && !Instruments.same(offer.instrument(), p.instrument())) misses.add("instrument");
    double level = level(p.level(), offer.level());
    if (level == 0) misses.add("level");
    double price = price(p.maxPrice(), offer.price());
    if (price < 0) misses.add("price");
    List<ClassFit> all = new ArrayList<>(), fitting = new ArrayList<>();
    for (Offer.Class c : offer.classes()) {
      ClassFit f = fit(p, c, zone, today);
      all.add(f);
      if (f.fits()) fitting.add(f);
    }
    if (offer.classes().isEmpty()) {
      misses.add("seats");
    } else if (fitting.isEmpty()) {
      if (all.stream().noneMatch(ClassFit::dayOk)) misses.add("days");
      else if (all.stream().noneMatch(f -> f.dayOk() && f.overlap() > 0)) misses.add("time");
      if (all.stream().noneMatch(ClassFit::dateOk)) misses.add("start");
      if (misses.isEmpty()) misses.add("time"); // each part met by some class, never all by one
    }
    List<ClassFit> pool = relaxed ? all : fitting;
    ClassFit best = pool.stream().min(BEST_CLASS).orElse(null);
    double score = W_LEVEL * level + W_PRICE * Math.max(0, price) + (best == null ? 0 : best.value());
    return new Ranked(offer, level, price, Math.round(score * 10000) / 10000.0, best, fitting, all, misses);
  }

  /** Score (higher first), then the best class's instructor rating (higher first, none last), then course id. */
  static final Comparator<Ranked> ORDER = Comparator.comparingDouble(Ranked::score).reversed()
    .thenComparing(r -> r.rating() == null ? Double.NEGATIVE_INFINITY : r.rating(), Comparator.reverseOrder())
    .thenComparing(r -> r.offer().id());
}

package verticles.chat;

import verticles.bus.SchedulingClient;
import verticles.bus.CatalogClient;
import verticles.bus.ApiError;
import verticles.bus.Instruments;
import verticles.bus.Languages;
import verticles.bus.LocalTimes;
import verticles.bus.RecommendationClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.ErrorCode;

import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The catalog assistant. A question that names an instrument or a weekday ("kelas piano untuk anak 7 tahun hari
 * Sabtu?") is answered by the recommendation service ({@code recommendation.internal.courses}, the very call behind
 * {@code GET /api/recommendations/courses} with the same instrument, days and level), so the chat and the public
 * endpoint never disagree: the top matches with their next dates and free seats; its 404 gives the closest
 * alternatives. Every answer is written in the session's language ({@code chat.sessions.language}, issue 20), unless the
 * question is plainly in the other one: Indonesian words ({@code INDONESIAN_WORDS}) make it Indonesian, else English
 * words ({@code ENGLISH_WORDS}) English; a question with neither ("piano?") is answered in the session's language. Other questions, or a recommendation service that cannot
 * answer: the assistant finds the courses a question is about in the live catalog
 * ({@code catalog.internal.search}), adds their next schedules and free seats
 * ({@code scheduling.internal.upcomingForCourse}) and answers with real names and numbers. An optional
 * {@link Llm} may phrase the answer; when it fails the catalog answer is used. When neither the catalog
 * nor the LLM can answer, the future fails with 503 {@code CHATGPT_API_ERROR}.
 */
final class Assistant {
  private static final Logger LOG = LoggerFactory.getLogger(Assistant.class);
  static final String HANDOFF_HINT = "Type \"talk to a human\" any time to reach our staff.";

  /** "Talk to a human" and its usual variants, English and Indonesian. */
  private static final Pattern HANDOFF = Pattern.compile(
    "(?iu)\\b(talk|speak|chat)\\s+(to|with)\\s+(a\\s+)?(human|person|someone|staff|agent|admin)\\b"
      + "|\\b(real|live)\\s+(person|human|agent)\\b|\\bhuman\\s+(please|agent)\\b"
      + "|\\b(bicara|ngobrol|hubungkan|sambungkan)\\s+(dengan|ke)\\s+(admin|manusia|orang|petugas|staf|cs)\\b"
      + "|\\bcustomer\\s+service\\b");

  private static final Map<String, String> LEVELS = Map.ofEntries(
    Map.entry("beginner", "beginner"), Map.entry("beginners", "beginner"), Map.entry("pemula", "beginner"),
    Map.entry("basic", "beginner"), Map.entry("dasar", "beginner"),
    Map.entry("intermediate", "intermediate"), Map.entry("menengah", "intermediate"),
    Map.entry("advanced", "advanced"), Map.entry("lanjut", "advanced"), Map.entry("lanjutan", "advanced"),
    Map.entry("mahir", "advanced"));

  /** Indonesian ↔ English names of instruments and subjects: both are searched. */
  private static final Map<String, String> SYNONYMS = Map.ofEntries(
    Map.entry("gitar", "guitar"), Map.entry("guitar", "gitar"), Map.entry("biola", "violin"),
    Map.entry("violin", "biola"), Map.entry("vokal", "vocal"), Map.entry("vocal", "vokal"),
    Map.entry("nyanyi", "vocal"), Map.entry("singing", "vocal"), Map.entry("drums", "drum"),
    Map.entry("suling", "flute"), Map.entry("flute", "suling"), Map.entry("saksofon", "saxophone"),
    Map.entry("pianos", "piano"), Map.entry("guitars", "guitar"), Map.entry("lessons", "lesson"),
    Map.entry("kelas", "class"));

  private static final Set<String> STOP_WORDS = Set.copyOf(List.of(
    // English
    "the", "and", "for", "are", "you", "your", "what", "which", "who", "how", "much", "many", "does", "have",
    "has", "with", "about", "there", "any", "can", "could", "would", "want", "like", "need", "looking",
    "course", "courses", "class", "classes", "lesson", "lesson", "price", "cost", "costs", "fee", "fees",
    "please", "hello", "hi", "thanks", "thank", "learn", "learning", "take", "from", "that", "this", "some",
    "tell", "more", "info", "information", "when", "next", "schedule", "schedules", "seat", "seats", "free",
    "available", "recommend", "good", "best", "level", "per", "session", "sessions", "also", "get",
    // Indonesian
    "saya", "mau", "ingin", "tanya", "tentang", "ada", "apa", "apakah", "berapa", "harga", "biaya", "untuk",
    "yang", "dan", "atau", "di", "ke", "dari", "kursus", "les", "kelas", "halo", "terima", "kasih", "tolong",
    "bisa", "boleh", "dong", "ya", "jadwal", "kapan", "belajar", "sesi", "info", "informasi", "cari"));

  /** Weekday names, Indonesian and English, as the recommendations' {@code days} names them. */
  private static final Map<String, String> DAYS = Map.ofEntries(
    Map.entry("senin", "monday"), Map.entry("selasa", "tuesday"), Map.entry("rabu", "wednesday"),
    Map.entry("kamis", "thursday"), Map.entry("jumat", "friday"), Map.entry("sabtu", "saturday"),
    Map.entry("minggu", "sunday"), Map.entry("ahad", "sunday"),
    Map.entry("monday", "monday"), Map.entry("tuesday", "tuesday"), Map.entry("wednesday", "wednesday"),
    Map.entry("thursday", "thursday"), Map.entry("friday", "friday"), Map.entry("saturday", "saturday"),
    Map.entry("sunday", "sunday"), Map.entry("mondays", "monday"), Map.entry("tuesdays", "tuesday"),
    Map.entry("wednesdays", "wednesday"), Map.entry("thursdays", "thursday"), Map.entry("fridays", "friday"),
    Map.entry("saturdays", "saturday"), Map.entry("sundays", "sunday"));

  /** Words that make a question Indonesian (its answer is then written in Indonesian). */
  private static final Set<String> INDONESIAN_WORDS = Set.of("saya", "mau", "ingin", "tanya", "tentang", "ada", "apa",
    "apakah", "berapa", "harga", "biaya", "untuk", "yang", "dan", "atau", "di", "ke", "dari", "kursus", "les", "kelas",
    "halo", "terima", "kasih", "tolong", "bisa", "boleh", "dong", "jadwal", "kapan", "belajar", "anak", "tahun", "hari",
    "senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu", "pemula", "gitar", "biola", "vokal", "suling");

  /** Words that make a question without Indonesian words English (its answer is then written in English). */
  private static final Set<String> ENGLISH_WORDS = Set.of("the", "and", "for", "you", "your", "what", "which", "who",
    "how", "much", "many", "does", "do", "have", "has", "with", "about", "there", "any", "can", "could", "would", "want",
    "like", "need", "looking", "please", "hello", "hi", "thanks", "thank", "when", "next", "price", "cost", "costs",
    "fee", "lesson", "lessons", "course", "courses", "class", "classes", "is", "are", "my", "me", "kids", "children",
    "beginner", "beginners", "learn", "schedule", "available", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "saturdays", "sundays", "weekend");

  private static final int RECOMMENDATIONS = 3;

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE d MMM HH:mm", Locale.ENGLISH);
  private static final DateTimeFormatter WHEN_ID = DateTimeFormatter.ofPattern("EEE d MMM HH.mm", Locale.forLanguageTag("id-ID"));

  private final Vertx vertx;
  private final Llm llm;
  private final ZoneId zone;
  private final CatalogClient catalog;
  private final SchedulingClient scheduling;
  private final RecommendationClient recommendation;
  private final LocalTimes times;

  Assistant(Vertx vertx, Llm llm, ZoneId zone, long busTimeoutMs) {
    this.vertx = vertx;
    this.llm = llm;
    this.zone = zone;
    DeliveryOptions ask = new DeliveryOptions().setSendTimeout(busTimeoutMs);
    this.catalog = new CatalogClient(vertx, ask);
    this.scheduling = new SchedulingClient(vertx, ask);
    this.recommendation = new RecommendationClient(vertx, ask);
    this.times = new LocalTimes(zone);
  }

  static boolean wantsHuman(String text) {
    return text != null && HANDOFF.matcher(text).find();
  }

  /**
   * The question's words worth searching for, the level it asks about (null = any), the instrument it names (null =
   * none), the weekdays it names (the recommendations' names) and its language ("id" | "en").
   */
  record Query(List<String> words, String level, String instrument, List<String> days, String language) {
    Query(List<String> words, String level) {
      this(words, level, null, List.of(), Languages.ENGLISH);
    }

    String text() {
      return String.join(" ", words);
    }

    /** Whether the recommendation service answers it: it names an instrument or a day. */
    boolean recommendable() {
      return instrument != null || !days.isEmpty();
    }

    /** The query of {@code GET /api/recommendations/courses} this question amounts to. */
    JsonObject recommendationQuery() {
      JsonObject q = new JsonObject().put("limit", RECOMMENDATIONS);
      if (instrument != null) q.put("instrument", instrument);
      if (!days.isEmpty()) q.put("days", String.join(",", days));
      if (level != null) q.put("level", level);
      return q;
    }
  }

  /** {@link #query(String, String)} for an Indonesian session. */
  static Query query(String question) {
    return query(question, Languages.INDONESIAN);
  }

  /**
   * The question read, its language: Indonesian when it has an Indonesian word, else English when it has an English
   * word, else {@code sessionLanguage} ("id" | "en").
   */
  static Query query(String question, String sessionLanguage) {
    Set<String> words = new LinkedHashSet<>();
    Set<String> days = new LinkedHashSet<>();
    String level = null, instrument = null;
    boolean indonesian = false, english = false;
    for (String word : question.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (word.isEmpty()) continue;
      if (INDONESIAN_WORDS.contains(word)) indonesian = true;
      if (ENGLISH_WORDS.contains(word)) english = true;
      if (DAYS.containsKey(word)) {
        days.add(DAYS.get(word));
        continue;
      }
      if (instrument == null && Instruments.known(word)) instrument = Instruments.canonical(word);
      if (LEVELS.containsKey(word)) {
        if (level == null) level = LEVELS.get(word);
        continue;
      }
      if (word.length() < 3 || STOP_WORDS.contains(word)) continue;
      words.add(word);
      String synonym = SYNONYMS.get(word);
      if (synonym != null && !STOP_WORDS.contains(synonym)) words.add(synonym);
    }
    String language = indonesian ? Languages.INDONESIAN : english ? Languages.ENGLISH
      : Languages.ENGLISH.equals(sessionLanguage) ? Languages.ENGLISH : Languages.INDONESIAN;
    return new Query(new ArrayList<>(words).subList(0, Math.min(words.size(), 10)), level, instrument,
      new ArrayList<>(days), language);
  }

  /**
   * An answer to the visitor's question (their latest messages, oldest first) in the session's language
   * ({@code sessionLanguage}, "id" | "en") unless the question is plainly in the other ({@link #query(String, String)}).
   */
  Future<String> answer(String question, String sessionLanguage) {
    Query query = query(question, sessionLanguage);
    Future<String> fromCatalog = query.recommendable()
      ? recommendationAnswer(query).recover(e -> {
        LOG.warn("Recommendations unavailable for the assistant, answering from the catalog: {}", e.getMessage());
        return catalogAnswer(query);
      })
      : catalogAnswer(query);
    return fromCatalog
      .compose(facts -> llm == null ? Future.succeededFuture(facts) : llm.phrase(question, facts, query.language())
        .recover(e -> {
          LOG.warn("LLM unavailable, answering from the catalog: {}", e.getMessage());
          return Future.succeededFuture(facts);
        }))
      .recover(catalogDown -> {
        LOG.warn("Catalog unavailable for the assistant: {}", catalogDown.getMessage());
        Future<String> phrased = llm == null ? Future.failedFuture("no LLM configured")
          : llm.phrase(question, "The course catalog cannot be reached right now: quote no courses, prices or schedules.",
            query.language());
        return phrased.recover(e -> Future.failedFuture(ErrorCode.CHATGPT_API_ERROR.error(
          "The assistant is currently unavailable. Please try again later.")));
      });
  }

  private Future<String> catalogAnswer(Query query) {
    String language = query.language();
    return search(query.text(), query.level()).compose(found -> {
      if (!found.isEmpty()) return withSchedules(found).map(schedules -> describe(found, schedules, true, language));
      return search("", null).compose(any -> any.isEmpty()
        ? Future.succeededFuture(Languages.INDONESIAN.equals(language)
          ? "Saat ini belum ada kursus yang dibuka untuk pendaftaran. Staf kami akan menindaklanjuti. " + INDONESIAN_HANDOFF_HINT
          : "We have no courses open for registration right now. A staff member will follow up. " + HANDOFF_HINT)
        : withSchedules(any).map(schedules -> describe(any, schedules, false, language)));
    });
  }

  /**
   * The recommendation service's answer to the question: its top matches (or, on its 404, its closest alternatives)
   * with their next classes' dates and free seats. Fails when the service cannot answer (then the catalog answers).
   */
  private Future<String> recommendationAnswer(Query query) {
    return recommendation.courses(query.recommendationQuery(), query.language())
      .map(answer -> describeRecommendations(answer.getJsonArray("recommendations"), true, query.language()))
      .recover(e -> {
        ApiError error = ApiError.from(e);
        if (error == null || !"REC_NO_COURSES_AVAILABLE".equals(error.code())) return Future.failedFuture(e);
        JsonArray alternatives = error.details() == null ? null : error.details().getJsonArray("alternatives");
        boolean near = alternatives != null && alternatives.stream().anyMatch(a -> query.instrument() == null
          || Instruments.same(((JsonObject) a).getJsonObject("course").getString("instrument"), query.instrument()));
        // no open class of what was asked: the catalog answer names the courses (and that none is scheduled)
        if (!near) return catalogAnswer(query);
        return Future.succeededFuture(describeRecommendations(alternatives, false, query.language()));
      });
  }

  static final String INDONESIAN_HANDOFF_HINT = "Ketik \"bicara dengan admin\" kapan saja untuk dihubungkan dengan staf kami.";

  /**
   * The recommendations as a chat message: per course its title, instrument, level and price, then each next class
   * as "Sabtu, 12 Desember 2026 pukul 09.00 WIB (2 kursi kosong)" / "Saturday, 12 December 2026, 09:00 WIB (2 free seats)".
   */
  String describeRecommendations(JsonArray items, boolean matched, String language) {
    boolean id = Languages.INDONESIAN.equals(language);
    StringBuilder out = new StringBuilder(matched
      ? (id ? "Kelas yang paling sesuai dengan pertanyaan Anda:" : "The classes that best fit your question:")
      : (id ? "Tidak ada kelas yang sesuai persis dengan pertanyaan Anda. Alternatif terdekat:"
        : "No class fits your question exactly. The closest alternatives:"));
    for (Object item : items) {
      JsonObject r = (JsonObject) item;
      JsonObject c = r.getJsonObject("course");
      out.append("\n• ").append(c.getString("title")).append(" (");
      if (c.getString("instrument") != null) out.append(c.getString("instrument")).append(", ");
      out.append(id ? "level " + levelName(c.getString("level")) : c.getString("level") + " level").append("): ")
        .append(rupiah(c.getLong("price_per_session"))).append(id ? " per sesi." : " per session.");
      List<String> classes = new ArrayList<>();
      for (Object n : r.getJsonArray("next_classes", new JsonArray())) classes.add(nextClass((JsonObject) n, language));
      if (!classes.isEmpty()) {
        out.append(id ? " Kelas berikutnya: " : " Next classes: ").append(String.join(", ", classes)).append('.');
      }
    }
    out.append(id ? "\nDaftar lewat formulir di halaman ini. " + INDONESIAN_HANDOFF_HINT
      : "\nYou can register with the form on this page. " + HANDOFF_HINT);
    return out.toString();
  }

  /** "Sabtu, 12 Desember 2026 pukul 09.00 WIB (2 kursi kosong)" / "Saturday, 12 December 2026, 09:00 WIB (1 free seat)". */
  String nextClass(JsonObject c, String language) {
    boolean id = Languages.INDONESIAN.equals(language);
    Instant start = Instant.parse(c.getString("start_time"));
    String day = start.atZone(zone).getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL,
      id ? Locale.forLanguageTag("id-ID") : Locale.ENGLISH);
    int free = c.getInteger("free_seats");
    return day + ", " + times.dateTime(start, language) + " " + times.zoneName() + " ("
      + (id ? free + " kursi kosong" : free + (free == 1 ? " free seat" : " free seats")) + ")";
  }

  private static String levelName(String level) {
    return switch (level == null ? "" : level) {
      case "beginner" -> "pemula";
      case "intermediate" -> "menengah";
      case "advanced" -> "lanjutan";
      default -> String.valueOf(level);
    };
  }

  private Future<List<JsonObject>> search(String q, String level) {
    return catalog.search(q, level, 3);
  }

  /** Per course, its next schedules, or null when scheduling cannot say. */
  private Future<List<JsonArray>> withSchedules(List<JsonObject> courses) {
    List<Future<JsonArray>> all = new ArrayList<>();
    for (JsonObject course : courses) {
      all.add(scheduling.upcomingForCourse(course.getString("id"), 2)
        .otherwise(e -> {
          LOG.warn("Schedules of course {} unavailable for the assistant: {}", course.getString("id"), e.getMessage());
          return null;
        }));
    }
    return Future.join(all).map(done -> all.stream().map(Future::result).toList());
  }

  /**
   * The catalog's courses as a chat message in {@code language} ("id" | "en"): per course its title, instrument,
   * level, price and length, then its next classes ("Tue 15 Oct 10:00 (1 seat free)" / "Sel 15 Okt 10.00 (1 kursi
   * kosong)"; nothing when {@code schedules} has null for it).
   */
  String describe(List<JsonObject> courses, List<JsonArray> schedules, boolean matched, String language) {
    boolean id = Languages.INDONESIAN.equals(language);
    StringBuilder out = new StringBuilder(matched
      ? (id ? "Ini yang saya temukan di katalog kami:" : "Here is what I found in our catalog:")
      : (id ? "Saya tidak menemukan kursus yang sesuai dengan pertanyaan Anda. Beberapa kursus kami:"
        : "I could not find a course matching your question. Some of our courses:"));
    for (int i = 0; i < courses.size(); i++) {
      JsonObject c = courses.get(i);
      out.append("\n• ").append(c.getString("title")).append(" (");
      if (c.getString("instrument") != null) out.append(c.getString("instrument")).append(", ");
      out.append(id ? "level " + levelName(c.getString("level")) : c.getString("level") + " level").append("): ")
        .append(rupiah(c.getLong("price_per_session")))
        .append(id ? " per sesi, " : " per session, ").append(c.getInteger("duration_minutes"))
        .append(id ? " menit per sesi." : " minutes per session.");
      JsonArray next = schedules.get(i);
      if (next != null) out.append(' ').append(schedulesText(next, id));
    }
    out.append(id ? "\nDaftar lewat formulir di halaman ini. " + INDONESIAN_HANDOFF_HINT
      : "\nYou can register with the form on this page. " + HANDOFF_HINT);
    return out.toString();
  }

  private String schedulesText(JsonArray schedules, boolean id) {
    if (schedules.isEmpty()) return id ? "Belum ada kelas yang dijadwalkan; minta kami membukanya."
      : "No classes are scheduled yet; ask us to open one.";
    List<String> parts = new ArrayList<>();
    for (Object item : schedules) {
      JsonObject s = (JsonObject) item;
      String when;
      try {
        when = (id ? WHEN_ID : WHEN).format(Instant.parse(s.getString("start_time")).atZone(zone));
      } catch (RuntimeException e) {
        continue;
      }
      Integer free = s.getInteger("available_slots");
      parts.add(when + (free == null ? "" : id ? " (" + free + " kursi kosong)"
        : " (" + free + (free == 1 ? " seat" : " seats") + " free)"));
    }
    return parts.isEmpty() ? "" : (id ? "Kelas berikutnya: " : "Next classes: ") + String.join(", ", parts) + ".";
  }

  /** Rupiah the Indonesian way: "Rp 150.000". */
  static String rupiah(long amount) {
    DecimalFormatSymbols symbols = new DecimalFormatSymbols(Locale.ROOT);
    symbols.setGroupingSeparator('.');
    return "Rp " + new DecimalFormat("#,##0", symbols).format(amount);
  }

  void close() {
    if (llm != null) llm.close();
  }
}

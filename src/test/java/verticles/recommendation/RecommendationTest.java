package verticles.recommendation;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Api.Response;
import verticles.bus.LocalTimes;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recommendations over {@link RecAcademy}: exact rankings and reasons, full and inactive courses left out, the 404
 * with alternatives, a student's next courses, a registration's suggestions with new candidate slots, the chat
 * assistant agreeing with the endpoint, and every operation's failures. Scores follow docs/ARCHITECTURE.md
 * (Recommendation decisions): 0.25·level + 0.15·price + 0.30·time + 0.15·seats + 0.15·start.
 */
class RecommendationTest {
  private static RecAcademy a;
  private static final Api api = Api.get();

  @BeforeAll
  static void seed() {
    a = RecAcademy.seed();
  }

  private static Response courses(Map<String, String> query, String language) {
    Api.Call call = api.call("recommendation.courses");
    query.forEach(call::query);
    if (language != null) call.header("Accept-Language", language);
    return call.send();
  }

  private static List<String> ids(JsonArray items) {
    List<String> out = new ArrayList<>();
    for (Object item : items) out.add(((JsonObject) item).getJsonObject("course").getString("id"));
    return out;
  }

  private static JsonArray recommendations(Response r) {
    assertEquals(200, r.status(), r.toString());
    return r.data().getJsonArray("recommendations");
  }

  private static void assertError(Response r, int status, String code) {
    assertEquals(status, r.status(), r.toString());
    assertFalse(r.json().getBoolean("success"));
    assertEquals(code, r.code(), r.toString());
  }

  private static void assertField(Response r, String field) {
    assertEquals(400, r.status(), r.toString());
    JsonArray fields = r.json().getJsonObject("details").getJsonArray("fields");
    assertTrue(fields.stream().anyMatch(f -> field.equals(((JsonObject) f).getString("field"))), r.toString());
  }

  private static final Map<String, String> PIANO_SATURDAY_MORNING = Map.of("instrument", "piano", "days", "saturday",
    "time_from", "09:00", "time_to", "12:00", "level", "beginner");

  private static Map<String, String> pianoSaturdayMorning() {
    Map<String, String> q = new java.util.HashMap<>(PIANO_SATURDAY_MORNING);
    q.put("start_date", a.sat.toString());
    return q;
  }

  // --- GET /api/recommendations/courses ---------------------------------------------------------

  @Test
  void rankedByTheFormulaWithReasonsInIndonesian() {
    JsonArray items = recommendations(courses(pianoSaturdayMorning(), null));
    // C2: 0.25 + 0.15 + 0.30 + 0.15·(4/5) + 0.15·1 = 0.97 (K2 on the start date); C1: 2 free seats → 0.91;
    // C3 is Sunday only, C5 inactive, the guitar and violin courses another instrument
    assertEquals(List.of(a.c2, a.c1), ids(items));
    assertEquals(0.97, items.getJsonObject(0).getDouble("score"));
    assertEquals(0.91, items.getJsonObject(1).getDouble("score"));
    JsonObject c1 = items.getJsonObject(1);
    assertEquals(new JsonObject().put("id", a.c1).put("title", "Piano Anak").put("level", "beginner").put("instrument", "piano")
      .put("price_per_session", 200_000), c1.getJsonObject("course"));
    String date = new LocalTimes(ZoneId.of("Asia/Jakarta")).date(a.sat, "id");
    assertEquals(List.of("Level sesuai: pemula", "Instrumen: piano", "2 kursi kosong pada Sabtu 09.00–10.00 WIB",
      "Hari sesuai: Sabtu", "60 dari 60 menit dalam rentang waktu pilihan Anda (09.00–12.00 WIB)",
      "Mulai " + date + ", tepat pada tanggal mulai pilihan Anda", "Rp 200.000 per sesi"), c1.getJsonArray("reasons").getList());
    assertEquals(new JsonArray().add(new JsonObject().put("schedule_id", a.k1).put("start_time", a.at(0, 9, 0))
        .put("end_time", a.at(0, 10, 0)).put("free_seats", 2).put("instructor_name", "Ina Piano").put("room_name", "Studio A")
        .put("online", false)),
      c1.getJsonArray("next_classes"));
    // both of C2's classes fit, earliest first, with the seats the course has left (s4 holds one)
    JsonArray c2Classes = items.getJsonObject(0).getJsonArray("next_classes");
    assertEquals(List.of(a.k2, a.k7), c2Classes.stream().map(c -> ((JsonObject) c).getString("schedule_id")).toList());
    assertEquals(4, c2Classes.getJsonObject(0).getInteger("free_seats"));
  }

  @Test
  void reasonsInEnglishOnRequest() {
    JsonArray items = recommendations(courses(pianoSaturdayMorning(), "en-US,en;q=0.9"));
    String date = new LocalTimes(ZoneId.of("Asia/Jakarta")).date(a.sat, "en");
    assertEquals(List.of("Level matches: beginner", "Instrument: piano", "2 free seats on Saturday 09:00–10:00 WIB",
      "Day matches: Saturday", "60 of 60 minutes within your preferred time (09:00–12:00 WIB)",
      "Starts " + date + ", on your start date", "Rp 200.000 per session"), items.getJsonObject(1).getJsonArray("reasons").getList());
  }

  @Test
  void sameInputSameOrder() {
    JsonArray first = recommendations(courses(Map.of("limit", "20"), null));
    for (int i = 0; i < 3; i++) assertEquals(first, recommendations(courses(Map.of("limit", "20"), null)));
  }

  @Test
  void withoutPreferencesEveryOpenCourseButInactiveAndFullOnes() {
    JsonArray items = recommendations(courses(Map.of("limit", "20"), null));
    List<String> ids = ids(items);
    // C3 (5 seats) > C2 (4 seats) > the three courses with 2 seats on SAT, tied: hi's instructor is rated, then by id
    List<String> tied = Stream.of(a.c1, a.lo).sorted().toList();
    assertEquals(List.of(a.c3, a.c2, a.hi, tied.get(0), tied.get(1)), ids);
    assertFalse(ids.contains(a.c5), "inactive");
    assertFalse(ids.contains(a.c6), "full");
    assertFalse(ids.contains(a.c8), "no class ahead");
    assertEquals(5, recommendations(courses(Map.of(), null)).size(), "default limit");
    assertEquals(List.of(a.c3, a.c2), ids(recommendations(courses(Map.of("limit", "2"), null))));
  }

  @Test
  void theInstructorRatingOnlyBreaksTiesAndSaysSo() {
    // "gitar" is the Indonesian name of the courses' "Guitar"; both courses score the same
    JsonArray items = recommendations(courses(Map.of("instrument", "gitar", "days", "saturday"), null));
    assertEquals(List.of(a.hi, a.lo), ids(items), "the rated instructor's course first, although its id is larger");
    assertEquals(items.getJsonObject(0).getDouble("score"), items.getJsonObject(1).getDouble("score"));
    assertTrue(items.getJsonObject(0).getJsonArray("reasons").getList()
      .contains("Rating pengajar 5,00/5 dari 1 penilaian (hanya dipakai sebagai penentu bila skor sama)"), items.encodePrettily());
    assertFalse(items.getJsonObject(1).getJsonArray("reasons").encode().contains("Rating"), items.encodePrettily());
    JsonArray en = recommendations(courses(Map.of("instrument", "guitar", "days", "saturday"), "en"));
    assertTrue(en.getJsonObject(0).getJsonArray("reasons").getList()
      .contains("Instructor rating 5.00/5 from 1 rating (used only to break ties)"), en.encodePrettily());
  }

  @Test
  void aPriceLimitLeavesOutDearerCourses() {
    JsonArray items = recommendations(courses(Map.of("max_price_per_session", "180000"), null));
    assertEquals(List.of(a.hi, a.lo), ids(items));
    // 0.25 + 0.15·(1 − 0.5·150000/180000) + 0.30 + 0.15·(2/5) + 0.15·D
    assertTrue(items.getJsonObject(0).getJsonArray("reasons").getList().contains("Rp 150.000 per sesi, dalam batas Rp 180.000"));
  }

  @Test
  void nothingFitsIs404WithTheClosestAlternatives() {
    Response r = courses(Map.of("instrument", "piano", "days", "monday"), null);
    assertError(r, 404, "REC_NO_COURSES_AVAILABLE");
    JsonArray alternatives = r.json().getJsonObject("details").getJsonArray("alternatives");
    // same instrument, other days: C3 (5 seats) before C2 (4) before C1 (2)
    assertEquals(List.of(a.c3, a.c2, a.c1), ids(alternatives));
    for (Object alt : alternatives) {
      JsonObject item = (JsonObject) alt;
      assertEquals("Tidak memenuhi semua pilihan Anda: hari", item.getJsonArray("reasons").getString(0));
      assertFalse(item.getJsonArray("next_classes").isEmpty());
    }
    Response en = courses(Map.of("instrument", "piano", "days", "monday"), "en");
    assertEquals("Does not meet all your preferences: day",
      en.json().getJsonObject("details").getJsonArray("alternatives").getJsonObject(0).getJsonArray("reasons").getString(0));
  }

  @Test
  void aFullClassIsNeverRecommendedNorOffered() {
    Response r = courses(Map.of("instrument", "biola"), null);
    assertError(r, 404, "REC_NO_COURSES_AVAILABLE");
    assertFalse(r.toString().contains(a.c6), "the full violin course is no alternative either");
    assertFalse(r.toString().contains(a.k6));
    assertFalse(r.json().getJsonObject("details").getJsonArray("alternatives").isEmpty());
  }

  @Test
  void anInactiveCourseIsNeverRecommended() {
    Response r = courses(Map.of("level", "advanced", "instrument", "piano", "days", "saturday", "time_from", "13:00",
      "time_to", "14:00"), null);
    assertError(r, 404, "REC_NO_COURSES_AVAILABLE");
    assertFalse(r.toString().contains(a.c5));
    assertFalse(r.toString().contains(a.k5));
  }

  @Test
  void aStartDateLeavesOutEarlierClasses() {
    Map<String, String> q = new java.util.HashMap<>(Map.of("instrument", "piano", "days", "saturday"));
    q.put("start_date", a.sat.plusDays(1).toString());
    JsonArray items = recommendations(courses(q, null));
    assertEquals(List.of(a.c2), ids(items), "only C2 has a Saturday class after SAT");
    assertEquals(a.k7, items.getJsonObject(0).getJsonArray("next_classes").getJsonObject(0).getString("schedule_id"));
    assertTrue(items.getJsonObject(0).getJsonArray("reasons").encode().contains("6 hari setelah tanggal mulai"), items.encode());
  }

  @Test
  void eachBadParameterIs400NamingIt() {
    assertField(courses(Map.of("days", "funday"), null), "days");
    assertField(courses(Map.of("days", "saturday,"), null), "days");
    assertField(courses(Map.of("time_from", "25:00"), null), "time_from");
    assertField(courses(Map.of("time_to", "9am"), null), "time_to");
    assertField(courses(Map.of("time_from", "12:00", "time_to", "09:00"), null), "time_to");
    assertField(courses(Map.of("time_from", "10:00", "time_to", "10:00"), null), "time_to");
    assertField(courses(Map.of("limit", "21"), null), "limit");
    assertField(courses(Map.of("limit", "0"), null), "limit");
    assertField(courses(Map.of("level", "expert"), null), "level");
    assertField(courses(Map.of("start_date", "2026-02-30"), null), "start_date");
    assertField(courses(Map.of("max_price_per_session", "-1"), null), "max_price_per_session");
    assertField(courses(Map.of("max_price_per_session", "lots"), null), "max_price_per_session");
    assertField(courses(Map.of("instrument", " "), null), "instrument");
    Response r = api.call("recommendation.courses").token("not-a-token").send();
    assertError(r, 401, "AUTH_UNAUTHORIZED");
  }

  @Test
  void aTimeFromAloneMeansUntilMidnight() {
    JsonArray items = recommendations(courses(Map.of("days", "saturday", "time_from", "09:30", "instrument", "piano"), null));
    assertEquals(List.of(a.c2, a.c1), ids(items), "K2 lies wholly after 09:30, K1 half");
    assertTrue(items.getJsonObject(1).getJsonArray("reasons").getList()
      .contains("30 dari 60 menit dalam rentang waktu pilihan Anda (09.30–24.00 WIB)"), items.encodePrettily());
  }

  @Test
  void aStartDateAtTheEndOfTimeIsAnAnswerNotAFailure() {
    Response r = courses(Map.of("start_date", "9999-12-31"), null);
    assertError(r, 404, "REC_NO_COURSES_AVAILABLE");
    assertTrue(r.json().getJsonObject("details").getJsonArray("alternatives").getJsonObject(0).getJsonArray("reasons")
      .getString(0).endsWith("tanggal mulai"), r.toString());
    assertEquals(200, courses(Map.of("start_date", "0001-01-01"), null).status());
  }

  @Test
  void anOddAcceptLanguageIsIndonesian() {
    JsonArray items = recommendations(courses(pianoSaturdayMorning(), "fr, *;q=0.1, en;q=abc"));
    assertEquals("Level sesuai: pemula", items.getJsonObject(0).getJsonArray("reasons").getString(0));
  }

  @Test
  void signedInCallersGetTheSameAnswer() {
    assertEquals(recommendations(courses(pianoSaturdayMorning(), null)),
      recommendations(api.call("recommendation.courses").token(a.admin).query("instrument", "piano").query("days", "saturday")
        .query("time_from", "09:00").query("time_to", "12:00").query("level", "beginner").query("start_date", a.sat.toString()).send()));
  }

  // --- GET /api/recommendations/me ------------------------------------------------------------------

  @Test
  void aStudentGetsTheNextLevelThenCoursesAtTheirUsualTimes() {
    JsonArray items = recommendations(api.call("recommendation.mine").token(a.s4Token).send());
    // s4 holds Piano Dasar (beginner) on K7, Saturday 09:00–10:00: Piano Menengah next, then the Saturday 09:00 classes
    List<String> tied = Stream.of(a.c1, a.lo).sorted().toList();
    assertEquals(List.of(a.c3, a.hi, tied.get(0), tied.get(1)), ids(items));
    assertEquals("Tingkat berikutnya setelah \"Piano Dasar\"", items.getJsonObject(0).getJsonArray("reasons").getString(0));
    assertEquals("Level sesuai: menengah", items.getJsonObject(0).getJsonArray("reasons").getString(1));
    assertEquals("Cocok dengan waktu kelas Anda sebelumnya", items.getJsonObject(1).getJsonArray("reasons").getString(0));
    assertFalse(ids(items).contains(a.c2), "a course the student holds");
    JsonArray en = recommendations(api.call("recommendation.mine").token(a.s4Token).header("Accept-Language", "en").send());
    assertEquals("Next level after \"Piano Dasar\"", en.getJsonObject(0).getJsonArray("reasons").getString(0));
    assertEquals(List.of(a.c3, a.hi), ids(recommendations(api.call("recommendation.mine").token(a.s4Token).query("limit", "2").send())));
  }

  @Test
  void aStudentWithoutHistoryGetsTheOpenCourses() {
    assertEquals(ids(recommendations(courses(Map.of(), null))),
      ids(recommendations(api.call("recommendation.mine").token(a.s7Token).send())));
  }

  @Test
  void onlyStudentsHaveTheirOwnRecommendations() {
    assertError(api.call("recommendation.mine").send(), 401, "AUTH_UNAUTHORIZED");
    assertError(api.call("recommendation.mine").token(a.admin).send(), 403, "AUTH_FORBIDDEN");
    assertError(api.call("recommendation.mine").token(a.i1Token).send(), 403, "AUTH_FORBIDDEN");
    assertField(api.call("recommendation.mine").token(a.s4Token).query("limit", "21").send(), "limit");
    assertField(api.call("recommendation.mine").token(a.s4Token).query("limit", "x").send(), "limit");
  }

  // --- GET /api/enrollments/{id}/suggestions ----------------------------------------------------------

  private static Response suggestions(String id, String token) {
    return api.call("recommendation.enrollmentSuggestions").path("id", id).token(token).send();
  }

  @Test
  void aRegistrationsClassesRankedAgainstItsPreferences() {
    Response r = suggestions(a.e3, a.admin);
    assertEquals(200, r.status(), r.toString());
    JsonObject data = r.data();
    assertEquals(a.e3, data.getJsonObject("enrollment").getString("id"));
    assertEquals(a.c2, data.getJsonObject("course").getString("id"));
    JsonArray classes = data.getJsonArray("classes");
    assertEquals(List.of(a.k2, a.k7), classes.stream().map(c -> ((JsonObject) c).getString("schedule_id")).toList());
    assertEquals(0.97, classes.getJsonObject(0).getDouble("score"));
    assertEquals(0.895, classes.getJsonObject(1).getDouble("score"), "a week after the start date");
    assertTrue(classes.getJsonObject(0).getBoolean("fits"));
    assertEquals(4, classes.getJsonObject(0).getInteger("free_seats"));
    assertEquals("4 kursi kosong pada Sabtu 10.00–11.00 WIB", classes.getJsonObject(0).getJsonArray("reasons").getString(0));
    assertEquals(new JsonArray(), data.getJsonArray("candidate_slots"), "classes fit: no new slot needed");
  }

  @Test
  void whenNoClassFitsNewSlotsFromAvailability() {
    Response r = suggestions(a.e2, a.i1Token);
    assertEquals(200, r.status(), r.toString());
    JsonArray classes = r.data().getJsonArray("classes");
    assertEquals(1, classes.size());
    assertEquals(a.k3, classes.getJsonObject(0).getString("schedule_id"));
    assertFalse(classes.getJsonObject(0).getBoolean("fits"), "Sunday");
    JsonArray slots = r.data().getJsonArray("candidate_slots");
    // Ina is busy on SAT 09:00–11:00 (K1, K2) and SAT+7 09:00–10:00 (K7); 60-minute slots inside Saturday 09:00–12:00
    assertEquals(List.of(a.at(0, 11, 0), a.at(7, 10, 0), a.at(7, 10, 30), a.at(7, 11, 0)),
      slots.stream().map(s -> ((JsonObject) s).getString("start_time")).toList());
    JsonObject first = slots.getJsonObject(0);
    assertEquals(a.at(0, 12, 0), first.getString("end_time"));
    assertEquals(a.i1, first.getJsonObject("instructor").getString("id"));
    assertEquals(List.of("Studio A", "Studio B"), first.getJsonArray("rooms").stream().map(x -> ((JsonObject) x).getString("name")).toList());
    String date = new LocalTimes(ZoneId.of("Asia/Jakarta")).date(a.sat, "id");
    assertEquals(List.of("Belum ada kelas yang sesuai: slot ini bisa dibuka sebagai kelas baru",
      date + ", Sabtu 11.00–12.00 WIB: pengajar Ina Piano dan ruang Studio A, Studio B tersedia"), first.getJsonArray("reasons").getList());
  }

  @Test
  void aRegistrationWithoutPreferencesFitsEveryOpenClass() {
    // a booking that names no days, hours, start date or level (the preferences are optional)
    String booking = RecAcademy.book(RecAcademy.login("s7@rec.test"), new JsonObject().put("course_id", a.c3));
    Response r = suggestions(booking, a.admin);
    assertEquals(200, r.status(), r.toString());
    JsonArray classes = r.data().getJsonArray("classes");
    assertEquals(1, classes.size());
    assertTrue(classes.getJsonObject(0).getBoolean("fits"));
    assertEquals(new JsonArray(), r.data().getJsonArray("candidate_slots"));
    assertEquals(new JsonArray(), r.data().getJsonObject("enrollment").getJsonArray("preferred_days"));
  }

  @Test
  void aRegistrationForACourseMadeInactiveIsOfferedNothing() {
    String course = RecAcademy.course(a.admin, "Kursus Sementara", "cello", "beginner", 100_000, 5, a.i2);
    RecAcademy.schedule(a.admin, course, a.i2, null, a.at(3, 9, 0), a.at(3, 10, 0));
    String booking = RecAcademy.book(RecAcademy.login("s7@rec.test"), new JsonObject().put("course_id", course));
    // while active, its online class is recommended without a room (and never with its link)
    JsonArray cello = recommendations(courses(Map.of("instrument", "cello"), null));
    JsonObject online = cello.getJsonObject(0).getJsonArray("next_classes").getJsonObject(0);
    assertTrue(online.getBoolean("online"));
    assertEquals(null, online.getString("room_name"));
    assertFalse(cello.encode().contains("meet.example.com"));
    Response off = api.call("catalog.updateCourse").path("id", course).token(a.admin).body(new JsonObject().put("is_active", false)).send();
    assertEquals(200, off.status(), off.toString());
    Response r = suggestions(booking, a.admin);
    assertEquals(200, r.status(), r.toString());
    assertEquals(new JsonArray(), r.data().getJsonArray("classes"));
    assertEquals(new JsonArray(), r.data().getJsonArray("candidate_slots"));
    assertFalse(r.data().getJsonObject("course").getBoolean("is_active"));
  }

  @Test
  void suggestionsAreForAdminsAndTheCoursesInstructors() {
    assertError(api.call("recommendation.enrollmentSuggestions").path("id", a.e2).send(), 401, "AUTH_UNAUTHORIZED");
    assertError(suggestions(a.e2, a.s2Token), 403, "AUTH_FORBIDDEN");
    assertError(suggestions(a.e2, a.i2Token), 404, "ENROLLMENT_NOT_FOUND");
    assertError(suggestions(UUID.randomUUID().toString(), a.admin), 404, "ENROLLMENT_NOT_FOUND");
    assertField(suggestions("not-a-uuid", a.admin), "id");
    assertEquals(200, suggestions(a.e2, a.i1Token).status());
  }

  // --- the chat assistant -------------------------------------------------------------------------------

  @Test
  void theChatAssistantAnswersWhatTheEndpointAnswers() {
    Response start = api.call("chat.createSession").body(new JsonObject().put("name", "Budi").put("email", "budi@rec.test")
      .put("topic", "Courses")).send();
    assertEquals(201, start.status(), start.toString());
    Response sent = api.call("chat.sendMessage").path("id", start.data().getString("session_id"))
      .token(start.data().getString("chat_token"))
      .body(new JsonObject().put("content", "kelas piano untuk anak 7 tahun hari Sabtu?")).send();
    assertEquals(201, sent.status(), sent.toString());
    JsonObject answer = sent.data().getJsonObject("assistant_message");
    assertNotNull(answer, sent.toString());
    String text = answer.getString("content");

    JsonArray expected = recommendations(courses(Map.of("instrument", "piano", "days", "saturday", "limit", "3"), null));
    assertEquals(List.of(a.c2, a.c1), ids(expected));
    assertTrue(text.startsWith("Kelas yang paling sesuai dengan pertanyaan Anda:"), text);
    LocalTimes times = new LocalTimes(ZoneId.of("Asia/Jakarta"));
    int at = 0;
    for (Object item : expected) {
      JsonObject r = (JsonObject) item;
      String title = r.getJsonObject("course").getString("title");
      int found = text.indexOf("• " + title + " (", at);
      assertTrue(found >= at, title + " in order in: " + text);
      at = found;
      for (Object c : r.getJsonArray("next_classes")) {
        JsonObject next = (JsonObject) c;
        Instant startTime = Instant.parse(next.getString("start_time"));
        String day = startTime.atZone(times.zone()).getDayOfWeek().getDisplayName(TextStyle.FULL, Locale.forLanguageTag("id-ID"));
        String line = day + ", " + times.dateTime(startTime, "id") + " WIB (" + next.getInteger("free_seats") + " kursi kosong)";
        int seen = text.indexOf(line, at);
        assertTrue(seen > at, line + " in: " + text);
        at = seen;
      }
    }
    assertFalse(text.contains("Piano Menengah"), "Sunday only: the endpoint does not list it either");
  }

  // --- health -------------------------------------------------------------------------------------------

  @Test
  void healthListsTheRecommendationVerticle() {
    Response r = api.raw(HttpMethod.GET, "/health", null, null);
    assertEquals("up", r.json().getJsonObject("services").getString("recommendation"), r.toString());
  }

}

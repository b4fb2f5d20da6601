package verticles.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The assistant's reading of a question and the wording of its answer (no bus, no database). */
class AssistantTest {

  @Test
  void questionsBecomeSearchWordsAndALevel() {
    Assistant.Query q = Assistant.query("Berapa harga kelas gitar untuk pemula?");
    assertEquals(List.of("gitar", "guitar"), q.words());
    assertEquals("beginner", q.level());
    Assistant.Query english = Assistant.query("What advanced piano courses do you have?");
    assertEquals(List.of("piano"), english.words());
    assertEquals("advanced", english.level());
    assertNull(Assistant.query("hello").level());
    assertTrue(Assistant.query("hello, thanks!").words().isEmpty());
  }

  @Test
  void aQuestionNamingAnInstrumentOrADayIsForTheRecommendations() {
    Assistant.Query q = Assistant.query("kelas piano untuk anak 7 tahun hari Sabtu?");
    assertEquals("piano", q.instrument());
    assertEquals(List.of("saturday"), q.days());
    assertEquals("id", q.language());
    assertTrue(q.recommendable());
    assertEquals(new io.vertx.core.json.JsonObject().put("limit", 3).put("instrument", "piano").put("days", "saturday"),
      q.recommendationQuery());
    Assistant.Query english = Assistant.query("Any beginner guitar classes on Saturdays or Sundays?");
    assertEquals("guitar", english.instrument());
    assertEquals(List.of("saturday", "sunday"), english.days());
    assertEquals("beginner", english.level());
    assertEquals("en", english.language());
    assertEquals("guitar", Assistant.query("les gitar").instrument(), "Indonesian names become the canonical one");
    assertFalse(Assistant.query("How much does it cost?").recommendable());
  }

  /** Issue 20: a question's language is its own when it plainly has one, else the session's. */
  @Test
  void aQuestionWithoutALanguageOfItsOwnTakesTheSessions() {
    assertEquals("id", Assistant.query("music theory?", "id").language());
    assertEquals("en", Assistant.query("music theory?", "en").language());
    assertEquals("id", Assistant.query("piano?", "fr").language(), "anything but en is Indonesian");
    assertEquals("id", Assistant.query("Berapa harga piano?", "en").language());
    assertEquals("en", Assistant.query("How much is the piano course?", "id").language());
    assertEquals("id", Assistant.query("Halo, piano for kids?", "en").language(), "Indonesian words win");
  }

  @Test
  void talkToAHumanInItsUsualForms() {
    for (String text : List.of("Can I talk to a human?", "speak with someone please", "I want a real person",
      "bisa bicara dengan admin?", "customer service please")) {
      assertTrue(Assistant.wantsHuman(text), text);
    }
    for (String text : List.of("How much is piano?", "Is the admin fee included?", "humanities course?")) {
      assertFalse(Assistant.wantsHuman(text), text);
    }
  }

  @Test
  void answersNameCoursesWithRupiahPricesAndSeats() {
    assertEquals("Rp 150.000", Assistant.rupiah(150_000));
    assertEquals("Rp 1.250.000", Assistant.rupiah(1_250_000));
    assertEquals("Rp 0", Assistant.rupiah(0));
    Assistant assistant = new Assistant(null, null, ZoneId.of("Asia/Jakarta"), 1000);
    JsonObject course = new JsonObject().put("id", "c1").put("title", "Beginner Guitar").put("level", "beginner")
      .put("instrument", "Guitar").put("price_per_session", 150_000L).put("duration_minutes", 60);
    JsonArray schedules = new JsonArray().add(new JsonObject().put("start_time", "2030-10-15T03:00:00Z").put("available_slots", 1));
    String text = assistant.describe(List.of(course), Arrays.asList(schedules), true, "en");
    assertTrue(text.contains("Beginner Guitar (Guitar, beginner level): Rp 150.000 per session, 60 minutes per session."), text);
    assertTrue(text.contains("Next classes: Tue 15 Oct 10:00 (1 seat free)."), text);
    assertTrue(text.contains("talk to a human"), text);
    String none = assistant.describe(List.of(course), Arrays.asList(new JsonArray()), false, "en");
    assertTrue(none.startsWith("I could not find") && none.contains("No classes are scheduled yet"), none);
    String unknown = assistant.describe(List.of(course), Arrays.asList((JsonArray) null), true, "en");
    assertFalse(unknown.contains("Next classes") || unknown.contains("scheduled"), unknown);
    // issue 20: in Indonesian for an Indonesian conversation
    String indonesian = assistant.describe(List.of(course), Arrays.asList(schedules), true, "id");
    assertTrue(indonesian.startsWith("Ini yang saya temukan di katalog kami:"), indonesian);
    assertTrue(indonesian.contains("Beginner Guitar (Guitar, level pemula): Rp 150.000 per sesi, 60 menit per sesi."), indonesian);
    assertTrue(indonesian.contains("Kelas berikutnya: Sel 15 Okt 10.00 (1 kursi kosong)."), indonesian);
    assertTrue(indonesian.contains("bicara dengan admin"), indonesian);
    String noneId = assistant.describe(List.of(course), Arrays.asList(new JsonArray()), false, "id");
    assertTrue(noneId.startsWith("Saya tidak menemukan") && noneId.contains("Belum ada kelas yang dijadwalkan"), noneId);
  }
}

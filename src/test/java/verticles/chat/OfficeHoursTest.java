package verticles.chat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OfficeHoursTest {

  private static OfficeHours hours(String days, String open, String close) {
    return OfficeHours.from(new JsonObject().put("timezone", "Asia/Jakarta").put("chat", new JsonObject()
      .put("office_days", days).put("office_open", open).put("office_close", close)));
  }

  @Test
  void openInTheAcademysZoneOnItsDays() {
    OfficeHours h = hours("mon,tue,wed,thu,fri,sat", "09:00", "17:00");
    assertTrue(h.isOpen(Instant.parse("2026-11-23T02:00:00Z")), "Monday 09:00 in Jakarta");
    assertFalse(h.isOpen(Instant.parse("2026-11-23T01:59:59Z")), "Monday 08:59:59");
    assertFalse(h.isOpen(Instant.parse("2026-11-23T10:00:00Z")), "Monday 17:00 is closing time");
    assertFalse(h.isOpen(Instant.parse("2026-11-22T03:00:00Z")), "Sunday");
    assertTrue(h.isOpen(Instant.parse("2026-11-21T09:59:00Z")), "Saturday 16:59");
    assertEquals("Mon–Sat 09:00–17:00", h.describe());
  }

  @Test
  void noDaysIsAlwaysClosedAndAWholeDayIsAlwaysOpen() {
    assertFalse(hours("", "09:00", "17:00").isOpen(Instant.parse("2026-11-23T03:00:00Z")));
    OfficeHours always = hours("monday,tuesday,wednesday,thursday,friday,saturday,sunday", "00:00", "24:00");
    assertTrue(always.isOpen(Instant.parse("2026-11-22T16:59:59Z")), "Sunday 23:59:59");
    assertEquals("Mon–Sun 00:00–24:00", always.describe());
    assertEquals("Mon, Wed, Fri–Sat 10:00–12:00", hours("mon,wed,fri,sat", "10:00", "12:00").describe());
    assertThrows(IllegalArgumentException.class, () -> hours("funday", "09:00", "17:00"));
  }

  @Test
  void theOfflineNoticeNamesTheHours() {
    assertEquals("Back Mon–Sat 09:00–17:00 (Asia/Jakarta)",
      hours("mon,tue,wed,thu,fri,sat", "09:00", "17:00").offlineNotice("Back {hours} ({zone})"));
  }

  /** Issue 20: the hours in Indonesian for Indonesian conversations ("Sen–Sab 09.00–17.00"). */
  @Test
  void theHoursInIndonesian() {
    assertEquals("Sen–Sab 09.00–17.00", hours("mon,tue,wed,thu,fri,sat", "09:00", "17:00").describe("id"));
    assertEquals("Sen, Rab, Jum–Sab 10.00–12.30", hours("mon,wed,fri,sat", "10:00", "12:30").describe("id"));
    assertEquals("Sen–Min 00.00–24.00", hours("mon,tue,wed,thu,fri,sat,sun", "00:00", "24:00").describe("id"));
    assertEquals("tidak ada hari 09.00–17.00", hours("", "09:00", "17:00").describe("id"));
    assertEquals("no days 09:00–17:00", hours("", "09:00", "17:00").describe("en"));
  }

  /**
   * Issue 20: the notices in the session's language — the bundle's texts, or the operator's offline texts per
   * language (chat.offline_message, chat.offline_message_en) with the hours in that language.
   */
  @Test
  void noticesInTheSessionsLanguage() {
    OfficeHours h = hours("mon,tue,wed,thu,fri,sat", "09:00", "17:00");
    Notices builtIn = new Notices(h, "", null);
    assertEquals("Tim kami sedang tidak aktif. Jam layanan: Sen–Sab 09.00–17.00 (Asia/Jakarta). Percakapan Anda menunggu "
      + "di kotak masuk kami dan kami akan membalas begitu kembali.", builtIn.offline("id"));
    assertEquals("Our team is offline right now. Office hours: Mon–Sat 09:00–17:00 (Asia/Jakarta). Your conversation "
      + "waits in our inbox and we reply as soon as we are back.", builtIn.offline("en"));
    assertEquals(builtIn.offline("id"), builtIn.offline("fr"), "anything but en is Indonesian");
    Notices operators = new Notices(h, "Kami libur; buka {hours} {zone}.", " We are closed; open {hours}. ");
    assertEquals("Kami libur; buka Sen–Sab 09.00–17.00 Asia/Jakarta.", operators.offline("id"));
    assertEquals("We are closed; open Mon–Sat 09:00–17:00.", operators.offline("en"));
    assertEquals("We are closed; open Mon–Sat 09:00–17:00.", operators.handoff(false, false, "en"), "closed, not yet told");
    assertEquals("Kami sudah memberi tahu tim kami; mereka akan membalas begitu kembali.", builtIn.handoff(false, true, "id"));
    assertEquals("We've let our team know. A staff member will join this conversation shortly.", builtIn.handoff(true, false, "en"));
    assertEquals("Ina bergabung dalam percakapan.", builtIn.joined("Ina", "id"));
    assertEquals("Ina joined the conversation.", builtIn.joined("Ina", "en"));
    assertEquals("Chat ditutup: Ditutup oleh staf", builtIn.closed(builtIn.closeReason(true, "id"), "id"));
    assertEquals("Chat closed: Closed by the visitor", builtIn.closed(builtIn.closeReason(false, "en"), "en"));
  }
}

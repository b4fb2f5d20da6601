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
}

package verticles.bus;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The academy's local time, as API answers and emails show it and as the API reads offset-less input (seed 003 §7.1). */
class LocalTimesTest {
  private final LocalTimes wib = new LocalTimes(ZoneId.of("Asia/Jakarta"));

  @Test
  void showsIndonesianByDefaultAndEnglishOnRequest() {
    Instant at = Instant.parse("2025-05-14T18:00:00Z");
    assertEquals("15 Mei 2025 pukul 01.00", wib.dateTime(at, "id"));
    assertEquals("15 May 2025, 01:00", wib.dateTime(at, "en"));
    assertEquals("01.00", wib.time(at, "id"));
    assertEquals("01:00", wib.time(at, "en"));
    assertEquals("11 Mei 2025", wib.date(LocalDate.parse("2025-05-11"), "id"));
    assertEquals(LocalDate.parse("2025-01-01"), wib.localDate(Instant.parse("2024-12-31T17:00:00Z")));
    assertEquals("WIB", wib.zoneName());
    assertEquals("WITA", new LocalTimes(ZoneId.of("Asia/Makassar")).zoneName());
    assertEquals("WIT", new LocalTimes(ZoneId.of("Asia/Jayapura")).zoneName());
  }

  @Test
  void readsOffsetLessInputAsAcademyTime() {
    assertEquals(Instant.parse("2024-12-31T18:00:00Z"), wib.instant("2025-01-01T01:00:00"));
    assertEquals(Instant.parse("2025-05-14T18:00:00Z"), wib.instant("2025-05-15T02:00:00+08:00"));
    assertEquals(Instant.parse("2025-05-14T18:00:00Z"), wib.instant("2025-05-14T18:00:00Z"));
    assertEquals("2025-05-14T18:00Z", wib.field("due_date", "2025-05-15T01:00:00.75").toString(), "to the second");
    ApiError bad = assertThrows(ApiError.class, () -> wib.field("due_date", "2025-02-29T10:00:00"));
    assertEquals("VALIDATION_INVALID_DATE", bad.code());
    assertEquals("due_date", bad.details().getJsonArray("fields").getJsonObject(0).getString("field"));
    assertThrows(ApiError.class, () -> wib.field("due_date", null));
  }
}

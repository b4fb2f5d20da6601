package verticles.bus;

import io.vertx.core.json.JsonObject;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;

/**
 * The academy's local time (DESIGN.md §14; config {@code timezone}, default {@code Asia/Jakarta} = WIB), the one place
 * that reads and shows it for people: emails (notify's formats) and the coursework answers (seed 003 §7.1).
 * <ul>
 *   <li>Shown in Indonesian by default — {@code 15 Mei 2025 pukul 01.00} — or English ({@code 15 May 2025, 01:00});
 *   {@link #zoneName()} is the name Indonesians use for the zone (WIB, WITA, WIT), added by callers that show it.</li>
 *   <li>Read ({@link #instant}): an ISO-8601 date-time without an offset is academy-local time
 *   ({@code 2025-05-15T01:00:00} → {@code 2025-05-14T18:00:00Z} in WIB); one with {@code Z} or an offset is taken as
 *   given.</li>
 * </ul>
 */
public final class LocalTimes {
  /** The academy zone when the configuration names none. */
  public static final String DEFAULT_ZONE = "Asia/Jakarta";
  private static final Locale INDONESIAN = Locale.forLanguageTag("id-ID");
  /** The names Indonesians use for their three zones; other zones show their own short name. */
  private static final Map<String, String> ZONE_NAMES = Map.of("Asia/Jakarta", "WIB", "Asia/Pontianak", "WIB",
    "Asia/Makassar", "WITA", "Asia/Jayapura", "WIT");
  private static final DateTimeFormatter ID_DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'pukul' HH.mm", INDONESIAN),
    EN_DATE_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH),
    ID_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", INDONESIAN),
    EN_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH),
    ID_TIME = DateTimeFormatter.ofPattern("HH.mm"), EN_TIME = DateTimeFormatter.ofPattern("HH:mm");

  private final ZoneId zone;
  private final String zoneName;

  public LocalTimes(ZoneId zone) {
    this.zone = zone;
    this.zoneName = ZONE_NAMES.getOrDefault(zone.getId(), zone.getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
  }

  /** The academy's zone from the configuration's {@code timezone} (default Asia/Jakarta). */
  public static LocalTimes of(JsonObject config) {
    return new LocalTimes(ZoneId.of(config.getString("timezone", DEFAULT_ZONE)));
  }

  public ZoneId zone() {
    return zone;
  }

  /** WIB, WITA, WIT for the Indonesian zones; the zone's short English name elsewhere. */
  public String zoneName() {
    return zoneName;
  }

  // --- showing ----------------------------------------------------------------------------------

  /** The instant in the academy's zone: {@code 15 Mei 2025 pukul 01.00} ({@code "en"}: {@code 15 May 2025, 01:00}). */
  public String dateTime(Instant at, String language) {
    return (english(language) ? EN_DATE_TIME : ID_DATE_TIME).format(at.atZone(zone));
  }

  /** A calendar date: {@code 11 Mei 2025} / {@code 11 May 2025}. */
  public String date(LocalDate date, String language) {
    return (english(language) ? EN_DATE : ID_DATE).format(date);
  }

  /** The academy-local date of an instant. */
  public LocalDate localDate(Instant at) {
    return at.atZone(zone).toLocalDate();
  }

  /** Only the clock time in the academy's zone: {@code 10.00} / {@code 10:00}. */
  public String time(Instant at, String language) {
    return (english(language) ? EN_TIME : ID_TIME).format(at.atZone(zone));
  }

  private static boolean english(String language) {
    return Languages.ENGLISH.equals(language);
  }

  // --- reading ----------------------------------------------------------------------------------

  /**
   * An ISO-8601 date-time as an instant: with {@code Z} or an offset as given, without one in the academy's zone (a
   * local time that a daylight-saving gap skips moves forward by the gap; WIB has none). Fails with
   * {@link DateTimeParseException} when the text is neither.
   */
  public Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException withoutOffset) {
      return ZonedDateTime.of(LocalDateTime.parse(text), zone).toInstant();
    }
  }

  /**
   * {@link #instant} for an API field, truncated to the second and within RFC 3339's years (0001–9999 in UTC); else a
   * 400 {@code VALIDATION_INVALID_DATE} naming {@code field}.
   */
  public OffsetDateTime field(String field, String text) {
    OffsetDateTime at;
    try {
      at = instant(text).atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
    } catch (DateTimeException | NullPointerException e) {
      throw ErrorCode.VALIDATION_INVALID_DATE.forField(field,
        "must be an ISO-8601 date-time, e.g. 2025-05-15T01:00:00 (academy time, " + zoneName + ") or 2025-05-14T18:00:00Z");
    }
    if (at.getYear() < 1 || at.getYear() > 9999) {
      throw ErrorCode.VALIDATION_INVALID_DATE.forField(field, "must fall in the years 0001–9999");
    }
    return at;
  }
}

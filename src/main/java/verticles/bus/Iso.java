package verticles.bus;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

/** Times in the API: ISO-8601 instants in UTC ("2025-10-09T12:00:00Z"). */
public final class Iso {
  private Iso() {
  }

  public static String of(OffsetDateTime time) {
    return time == null ? null : DateTimeFormatter.ISO_INSTANT.format(time.toInstant());
  }
}

package verticles.notify;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.ZoneId;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Money as an email shows it, for the numbers a verticle can hand notify in-process — kinds the contract keeps away
 * from the API (NotifyApiTest covers what the API takes): beyond a trillion rupiah, more than two decimals, negative,
 * not finite, or a BigDecimal whose exponent would write out millions of digits — each is text, shown as given.
 */
class FormatsTest {
  private final Formats formats = new Formats(ZoneId.of("Asia/Jakarta"));

  @Test
  void numbersUpToATrillionAreRupiah() {
    assertEquals("Rp 250.000,00", formats.money(250000, "id"));
    assertEquals("Rp 250,000.50", formats.money(250000.5, "en"));
    assertEquals("Rp 100.000,00", formats.money(new BigDecimal("1E+5"), "id"));
    assertEquals("Rp 1.000.000.000.000,00", formats.money(1_000_000_000_000L, "id"));
    assertEquals("Rp 0,00", formats.money(0, "id"));
  }

  @Test
  void otherNumbersAreShownAsGiven() {
    assertEquals("1E+30000000", formats.money(new BigDecimal("1e30000000"), "id"), "at once, without thirty million digits");
    assertEquals("Infinity", formats.money(Double.POSITIVE_INFINITY, "id"));
    assertEquals("NaN", formats.money(Double.NaN, "id"));
    assertEquals("99999999999999999", formats.money(99_999_999_999_999_999L, "id"));
    assertEquals("-1", formats.money(-1, "id"));
    assertEquals("0.125", formats.money(0.125, "id"));
  }
}

package verticles.bus;

import java.util.Locale;
import java.util.Map;

/**
 * Instrument names as people type them, Indonesian or English ("gitar", "Guitar"): one canonical English name each, so
 * the recommendations (issue 19) and the chat assistant compare a course's instrument with what was asked the same way.
 * Names not listed compare as themselves (trimmed, lower case), which covers other academies' categories.
 */
public final class Instruments {
  private static final Map<String, String> CANONICAL = Map.ofEntries(
    Map.entry("piano", "piano"), Map.entry("pianos", "piano"), Map.entry("keyboard", "keyboard"),
    Map.entry("gitar", "guitar"), Map.entry("guitar", "guitar"), Map.entry("guitars", "guitar"),
    Map.entry("biola", "violin"), Map.entry("violin", "violin"), Map.entry("cello", "cello"),
    Map.entry("vokal", "vocal"), Map.entry("vocal", "vocal"), Map.entry("vocals", "vocal"), Map.entry("nyanyi", "vocal"),
    Map.entry("menyanyi", "vocal"), Map.entry("singing", "vocal"), Map.entry("voice", "vocal"),
    Map.entry("drum", "drums"), Map.entry("drums", "drums"), Map.entry("suling", "flute"), Map.entry("flute", "flute"),
    Map.entry("saksofon", "saxophone"), Map.entry("saxophone", "saxophone"), Map.entry("bass", "bass"),
    Map.entry("ukulele", "ukulele"), Map.entry("terompet", "trumpet"), Map.entry("trumpet", "trumpet"));

  private Instruments() {
  }

  /** The canonical name of an instrument ("Gitar" → "guitar"); other names trimmed and in lower case; null stays null. */
  public static String canonical(String name) {
    if (name == null) return null;
    String key = name.trim().toLowerCase(Locale.ROOT);
    return CANONICAL.getOrDefault(key, key);
  }

  /** Whether {@code word} names an instrument this list knows (the chat assistant reads questions with it). */
  public static boolean known(String word) {
    return word != null && CANONICAL.containsKey(word.trim().toLowerCase(Locale.ROOT));
  }

  /** Whether a course's instrument is the one asked for. */
  public static boolean same(String courseInstrument, String asked) {
    return courseInstrument != null && asked != null && canonical(courseInstrument).equals(canonical(asked));
  }
}

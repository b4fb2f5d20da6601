package verticles.bus;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The language of a request's emails from its Accept-Language (issue 15; DESIGN.md §14: Indonesian by default). */
class LanguagesTest {

  @Test
  void englishWhenTheCallerPrefersIt() {
    assertEquals("en", Languages.of("en"));
    assertEquals("en", Languages.of("en-US,en;q=0.9"));
    assertEquals("en", Languages.of("EN-gb"));
    assertEquals("en", Languages.of("fr-FR, en;q=0.5"), "English is acceptable, Indonesian is not named");
    assertEquals("en", Languages.of("id;q=0.3, en;q=0.8"));
    assertEquals("en", Languages.of("en;q=0.5, id;q=0.5"), "a tie goes to the earlier range");
  }

  @Test
  void indonesianOtherwise() {
    assertEquals("id", Languages.of(null));
    assertEquals("id", Languages.of(""));
    assertEquals("id", Languages.of("*"));
    assertEquals("id", Languages.of("id-ID,id;q=0.9,en-US;q=0.8,en;q=0.7"));
    assertEquals("id", Languages.of("fr-FR,de;q=0.8"));
    assertEquals("id", Languages.of("en;q=0"), "q=0 means not acceptable");
    assertEquals("id", Languages.of("en;q=abc"), "an unreadable weight counts as not acceptable");
    assertEquals("id", Languages.of("english"), "a tag that merely starts with the letters");
    assertEquals("id", Languages.of("id;q=0.5, en;q=0.5"), "a tie goes to the earlier range");
  }

  /** Hostile review: ";" alone split into no parts at all, and every verticle reading the header failed with a 500. */
  @Test
  void emptyRangesAndParametersAreIgnored() {
    for (String odd : new String[]{";", ";;;,,,", ",", " ; ", ";q=1", "en;", ";en"}) {
      assertEquals("en;".equals(odd) ? "en" : "id", Languages.of(odd), odd);
    }
  }
}

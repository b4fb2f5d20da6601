package verticles.auth;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordsTest {
  @Test
  void hashVerifiesOnlyTheRightPassword() {
    String hash = Passwords.hash("Correct-Horse-1");
    assertTrue(Passwords.verify("Correct-Horse-1", hash));
    assertFalse(Passwords.verify("Correct-Horse-2", hash));
    assertNotEquals(hash, Passwords.hash("Correct-Horse-1"), "salted");
  }

  @Test
  void malformedHashesNeverVerify() {
    assertFalse(Passwords.verify("x", null));
    assertFalse(Passwords.verify("x", "plain"));
    assertFalse(Passwords.verify("x", "$argon2id$v=19$m=x$abc$def"));
    assertFalse(Passwords.verify("x", "$2a$10$bcrypthashvalue"));
  }

  @Test
  void strengthRules() {
    assertNotNull(Passwords.weakness("short1A!", null));
    assertNotNull(Passwords.weakness("alllowercaseletters", null));
    assertNotNull(Passwords.weakness("Maria-Pass-123", "maria@academy.id"));
    assertNull(Passwords.weakness("Maria-Pass-123", "someone@academy.id"));
    assertNull(Passwords.weakness(Passwords.generate(), null));
  }

  @Test
  void theCommonPasswordListHasAtLeast100000EntriesAndMatchesIgnoringCase() {
    CommonPasswords list = CommonPasswords.get(); // fails if the resource is missing, unsorted or duplicated
    assertTrue(list.size() >= 100_000, "entries: " + list.size());
    assertTrue(list.contains("password123"));
    assertTrue(list.contains("Password123"));
    assertTrue(list.contains("PASSWORD123"));
    assertTrue(list.contains("123456")); // the first entry of the source list
    assertFalse(list.contains(Passwords.generate()));
    assertFalse(list.contains(""));
  }

  @Test
  void commonPasswordsAreTooWeakWithoutRepeatingThem() {
    String reason = Passwords.weakness("Password123", null);
    assertNotNull(reason);
    assertTrue(reason.contains("too common"), reason);
    assertFalse(reason.toLowerCase(java.util.Locale.ROOT).contains("password123"), reason);
    assertNull(Passwords.weakness("Password123-Kx7q", null), "a common password inside a longer random one is not it");
  }

  /** Second review of issue 14: common passwords dressed up the usual ways passed the list. */
  @Test
  void commonPasswordsDressedUpAreStillCommon() {
    for (String dressed : java.util.List.of("Password123!", "P@ssw0rd123", "Qwerty12345!", "Welcome2024!", "Summer2024!!",
        "Passw0rd!!!", "Password123 ", " Password123",
        // third review
        "Pässword123!", "Pass word 123!", "Password1!Password1!", "Welcome2024!Welcome2024!")) {
      String reason = Passwords.weakness(dressed, null);
      assertNotNull(reason, dressed);
      assertTrue(reason.contains("too common"), dressed + ": " + reason);
    }
    assertNull(Passwords.weakness("Gitar-Biru-Kx7q-2026", null));
  }
}

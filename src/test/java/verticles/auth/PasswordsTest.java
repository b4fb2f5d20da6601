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
    assertNull(Passwords.weakness("Password123-Kx7q", null), "only exact (lower-cased) matches are on the list");
  }
}

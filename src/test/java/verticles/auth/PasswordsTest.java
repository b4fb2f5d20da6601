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
}

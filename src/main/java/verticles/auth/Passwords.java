package verticles.auth;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;

/**
 * Argon2id password hashes in the PHC string format, at the OWASP minimum (m=19 MiB, t=2, p=1).
 * CPU- and memory-heavy: callers run these on a worker, never on an event loop.
 */
final class Passwords {
  private static final int MEMORY_KIB = 19 * 1024, ITERATIONS = 2, PARALLELISM = 1, SALT_BYTES = 16, HASH_BYTES = 32;
  private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getDecoder();
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final String GENERATED_ALPHABET =
    "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";

  private Passwords() {
  }

  static String hash(String password) {
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    byte[] hash = argon2(password, salt, MEMORY_KIB, ITERATIONS, PARALLELISM, HASH_BYTES);
    return "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$"
      + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
  }

  /** True when {@code password} matches {@code encoded}; false for any malformed or missing hash. */
  static boolean verify(String password, String encoded) {
    if (encoded == null) return false;
    String[] parts = encoded.split("\\$");
    // "", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash
    if (parts.length != 6 || !parts[1].equals("argon2id")) return false;
    try {
      int m = 0, t = 0, p = 0;
      for (String param : parts[3].split(",")) {
        int value = Integer.parseInt(param.substring(2));
        switch (param.charAt(0)) {
          case 'm' -> m = value;
          case 't' -> t = value;
          case 'p' -> p = value;
          default -> {
            return false;
          }
        }
      }
      byte[] salt = B64D.decode(parts[4]);
      byte[] expected = B64D.decode(parts[5]);
      return MessageDigest.isEqual(expected, argon2(password, salt, m, t, p, expected.length));
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static byte[] argon2(String password, byte[] salt, int memoryKib, int iterations, int parallelism, int length) {
    Argon2BytesGenerator generator = new Argon2BytesGenerator();
    generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
      .withVersion(Argon2Parameters.ARGON2_VERSION_13)
      .withMemoryAsKB(memoryKib)
      .withIterations(iterations)
      .withParallelism(parallelism)
      .withSalt(salt)
      .build());
    byte[] out = new byte[length];
    generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
    return out;
  }

  /**
   * Whether the password is on the list of common and breached passwords ({@link CommonPasswords}, compared
   * lower-cased), or is one of them dressed up the usual ways (reviews of issue 14: "Password123!", "P@ssw0rd123",
   * " Password123", "Pässword123!", "Password1!Password1!" passed): spaces and accents dropped, a password typed
   * twice read once, digits and symbols before or after the word ("Welcome2024!" → "welcome"), and
   * letter-for-symbol swaps undone ("P@ssw0rd" → "password"). Cores shorter than four letters are not looked up.
   */
  static boolean common(String password) {
    // accents and spaces dropped ("Pässword", "Pass word"), a password typed twice read once ("Welcome1!Welcome1!")
    String trimmed = Normalizer.normalize(password, Normalizer.Form.NFKD).replaceAll("\\p{M}+|\\s+", "");
    int half = trimmed.length() / 2;
    if (trimmed.length() % 2 == 0 && trimmed.substring(0, half).equals(trimmed.substring(half))) trimmed = trimmed.substring(0, half);
    String plain = unleet(trimmed);
    for (String candidate : List.of(trimmed, core(trimmed), plain, core(plain), unleet(core(trimmed)))) {
      if (candidate.length() >= 4 && CommonPasswords.get().contains(candidate)) return true;
    }
    return false;
  }



  /** The word inside: without the non-letters at either end. */
  private static String core(String value) {
    return value.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
  }

  /** The usual letter-for-symbol swaps undone (@ 4 → a, 3 → e, 1 → i, 0 → o, $ 5 → s, 7 → t). */
  private static String unleet(String value) {
    StringBuilder out = new StringBuilder(value.length());
    for (char c : value.toCharArray()) {
      out.append(switch (c) {
        case '@', '4' -> 'a';
        case '3' -> 'e';
        case '1' -> 'i';
        case '0' -> 'o';
        case '$', '5' -> 's';
        case '7' -> 't';
        default -> c;
      });
    }
    return out.toString();
  }

  /** A strong random password (24 characters) that passes {@link #weakness}. */
  static String generate() {
    while (true) {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < 24; i++) out.append(GENERATED_ALPHABET.charAt(RANDOM.nextInt(GENERATED_ALPHABET.length())));
      if (weakness(out.toString(), null) == null) return out.toString();
    }
  }

  /**
   * Why a password is too weak, or null when it is acceptable: 10–128 characters, neither on the list of
   * common and breached passwords nor built from one of them (see {@link #common}), at least three
   * of lower case, upper case, digits and symbols, and not built from the account's email name. The
   * reason never repeats the password.
   */
  static String weakness(String password, String email) {
    if (password == null || password.length() < 10) return "Password must be at least 10 characters long";
    if (password.length() > 128) return "Password must be at most 128 characters long";
    if (common(password)) {
      return "Password is too common: it is on a list of common and breached passwords";
    }
    int classes = 0;
    if (password.chars().anyMatch(Character::isLowerCase)) classes++;
    if (password.chars().anyMatch(Character::isUpperCase)) classes++;
    if (password.chars().anyMatch(Character::isDigit)) classes++;
    if (password.chars().anyMatch(c -> !Character.isLetterOrDigit(c))) classes++;
    if (classes < 3) return "Password must mix at least three of: lower case, upper case, digits, symbols";
    if (email != null) {
      String name = email.toLowerCase(Locale.ROOT).split("@")[0];
      if (name.length() >= 4 && password.toLowerCase(Locale.ROOT).contains(name)) {
        return "Password must not contain the email address";
      }
    }
    return null;
  }

  /** 400 {@code AUTH_PASSWORD_TOO_WEAK} naming {@code field}, or null when the password is acceptable ({@link #weakness}). */
  static ApiError tooWeak(String password, String email, String field) {
    String weakness = weakness(password, email);
    return weakness == null ? null : ErrorCode.AUTH_PASSWORD_TOO_WEAK.error(weakness,
      ApiError.fieldDetails(field, ErrorCode.AUTH_PASSWORD_TOO_WEAK.name(), weakness));
  }
}

package verticles.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Generated credentials of the embedded servers, one file each in the data dir, readable by the owner only
 * (0600). Blocking file I/O: start-up only.
 */
final class Secrets {
  private static final SecureRandom RANDOM = new SecureRandom();

  private Secrets() {
  }

  /** 32 random bytes as 64 hex characters (safe in URLs and configuration files). */
  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The file's secret, or null when there is none. */
  static String read(Path file) {
    try {
      if (!Files.isRegularFile(file)) return null;
      String value = Files.readString(file, StandardCharsets.UTF_8).trim();
      return value.isEmpty() ? null : value;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + file, e);
    }
  }

  /** Writes the secret atomically, created with mode 0600 (where the file system has POSIX permissions). */
  static void write(Path file, String secret) {
    try {
      Path temp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.deleteIfExists(temp);
      if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
        Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } else {
        Files.createFile(temp);
      }
      Files.writeString(temp, secret + "\n", StandardCharsets.UTF_8);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** The file's secret, generated and written first when there is none. */
  static String readOrCreate(Path file) {
    String secret = read(file);
    if (secret != null) return secret;
    secret = generate();
    write(file, secret);
    return secret;
  }
}

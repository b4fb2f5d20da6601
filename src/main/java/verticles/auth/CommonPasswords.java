package verticles.auth;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * The common and breached passwords {@link Passwords#weakness} refuses (ASVS 2.1.7): the resource
 * {@value #RESOURCE}, one lower-cased password per line, sorted by unsigned UTF-8 bytes (source and
 * licence in the README beside it). A password matches when its lower-cased form is an entry.
 * <p>
 * Held as the unzipped file itself (3.3 MB) plus one line offset per entry (1.6 MB) and searched by
 * binary search (under a microsecond), instead of ~400,000 String objects (~25 MB). Loading reads and
 * unzips the whole 1.4 MB resource (~50 ms): {@link #get()} does it once per JVM, and AuthVerticle
 * calls it on a worker at start so that the event loop only ever searches.
 */
final class CommonPasswords {
  static final String RESOURCE = "/passwords/common-passwords.txt.gz";

  private static volatile CommonPasswords instance;

  private final byte[] text;
  /** Entry i is text[starts[i] .. starts[i + 1] - 1), the -1 being its '\n'. */
  private final int[] starts;

  private CommonPasswords(byte[] text, int[] starts) {
    this.text = text;
    this.starts = starts;
  }

  /** The loaded list; loads it first if needed (blocking: call it on a worker the first time). */
  static CommonPasswords get() {
    CommonPasswords loaded = instance;
    if (loaded != null) return loaded;
    synchronized (CommonPasswords.class) {
      if (instance == null) instance = load();
      return instance;
    }
  }

  private static CommonPasswords load() {
    byte[] text;
    try (InputStream in = CommonPasswords.class.getResourceAsStream(RESOURCE)) {
      if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
      text = new GZIPInputStream(in, 1 << 16).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int count = 0;
    for (byte b : text) if (b == '\n') count++;
    int[] starts = new int[count + 1];
    for (int i = 0, entry = 1; i < text.length; i++) if (text[i] == '\n') starts[entry++] = i + 1;
    CommonPasswords list = new CommonPasswords(text, starts);
    for (int i = 1; i < count; i++) {
      if (list.compare(i, text, starts[i - 1], starts[i] - 1) <= 0) {
        throw new IllegalStateException(RESOURCE + " is not sorted and deduplicated at line " + (i + 1));
      }
    }
    return list;
  }

  /** How many entries. */
  int size() {
    return starts.length - 1;
  }

  /** True when the password, lower-cased, is on the list. */
  boolean contains(String password) {
    byte[] key = password.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
    int low = 0, high = size() - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = compare(mid, key, 0, key.length);
      if (c < 0) low = mid + 1;
      else if (c > 0) high = mid - 1;
      else return true;
    }
    return false;
  }

  /** Entry i against bytes[from, to), by unsigned bytes. */
  private int compare(int i, byte[] bytes, int from, int to) {
    return Arrays.compareUnsigned(text, starts[i], starts[i + 1] - 1, bytes, from, to);
  }
}

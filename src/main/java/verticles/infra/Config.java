package verticles.infra;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings: the bundled {@code conf/config.yaml} defaults, then the operator's file (--conf, or
 * ./conf/config.yaml when present), then {@code ACADEMY_*} environment variables. Only keys that exist
 * in the defaults are settable, so a typo in a variable name cannot silently invent a setting.
 */
public final class Config {
  public static final String ENV_PREFIX = "ACADEMY_";
  /** Set at start-up, not by operators: the names of the domain verticles, from the one list (Academy.ROLES). */
  public static final String DOMAIN_VERTICLES = "domain_verticles";
  private static final String DEFAULTS = "conf/config.yaml";
  /** More event-loop threads than this is a typo, not a setting (Vert.x would start every one of them). */
  static final int MAX_EVENT_LOOPS = 1024;

  private Config() {
  }

  /** Loads the effective configuration. {@code file} may be null (then ./conf/config.yaml if present). */
  public static JsonObject load(Path file, Map<String, String> env) {
    JsonObject config = readYaml(Config.class.getClassLoader().getResourceAsStream(DEFAULTS), DEFAULTS);
    Path operatorFile = file != null ? file : Path.of(DEFAULTS);
    if (file != null && !Files.isRegularFile(file)) {
      throw new IllegalArgumentException("Configuration file not found: " + file);
    }
    if (Files.isRegularFile(operatorFile)) {
      try (InputStream in = Files.newInputStream(operatorFile)) {
        config.mergeIn(readYaml(in, operatorFile.toString()), true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    applyEnv(config, "", env);
    return config;
  }

  /** The environment variable that overrides a key path, e.g. "http.port" → ACADEMY_HTTP_PORT. */
  public static String envName(String path) {
    return ENV_PREFIX + path.replace('.', '_').toUpperCase();
  }

  private static void applyEnv(JsonObject node, String prefix, Map<String, String> env) {
    for (String key : new ArrayList<>(node.fieldNames())) {
      String path = prefix.isEmpty() ? key : prefix + "." + key;
      Object current = node.getValue(key);
      if (current instanceof JsonObject child) {
        applyEnv(child, path, env);
        continue;
      }
      String value = env.get(envName(path));
      if (value != null) node.put(key, coerce(path, current, value));
    }
  }

  private static Object coerce(String path, Object current, String value) {
    try {
      // an Integer setting is read as one: a larger number would wrap around where it is read (getInteger)
      if (current instanceof Integer) return Integer.parseInt(value.trim());
      if (current instanceof Long) return Long.parseLong(value.trim());
      if (current instanceof Boolean) {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) throw new NumberFormatException();
        return Boolean.parseBoolean(value);
      }
      if (current instanceof JsonArray) return new JsonArray(List.of(value.split("\\s*,\\s*")));
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(envName(path) + " has an invalid value: " + value);
    }
  }

  private static JsonObject readYaml(InputStream in, String name) {
    if (in == null) throw new IllegalStateException("Missing configuration " + name);
    try (in) {
      Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      if (tree == null) return new JsonObject();
      if (!(tree instanceof Map<?, ?> map)) throw new IllegalArgumentException(name + " is not a YAML mapping");
      @SuppressWarnings("unchecked") Map<String, Object> root = (Map<String, Object>) map;
      return new JsonObject(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A comma-separated setting (or YAML list) as a list of trimmed, non-empty strings. */
  public static List<String> list(JsonObject config, String key) {
    Object value = config.getValue(key);
    List<String> out = new ArrayList<>();
    if (value instanceof JsonArray array) {
      array.forEach(v -> out.add(String.valueOf(v).trim()));
    } else if (value != null) {
      for (String part : value.toString().split(",")) out.add(part.trim());
    }
    out.removeIf(String::isEmpty);
    return out;
  }

  public static boolean production(JsonObject config) {
    return "production".equals(config.getString("mode"));
  }

  /** {@code http.api_docs}: /docs and /openapi.yaml are served — "on", "off", or "auto" (on in dev, off in production). */
  public static boolean apiDocs(JsonObject config) {
    String docs = config.getJsonObject("http").getString("api_docs", "auto");
    return docs.equals("on") || docs.equals("auto") && !production(config);
  }

  /**
   * The start-up checks: unknown mode, settings that cannot work in any mode, and in production anything that only
   * makes sense on a laptop. Each refusal names the setting and its environment variable. Secrets generated at
   * start (JWT key, admin password) are checked where they are resolved.
   */
  public static void check(JsonObject config) {
    String mode = config.getString("mode", "");
    if (!mode.equals("dev") && !mode.equals("production")) {
      throw new IllegalArgumentException("mode must be dev or production, not '" + mode + "'");
    }
    if (!List.of("auto", "on", "off").contains(config.getJsonObject("http").getString("api_docs", "auto"))) {
      throw new IllegalArgumentException("http.api_docs (" + envName("http.api_docs") + ") must be auto, on or off");
    }
    for (String key : List.of("max_pool_size", "max_pool_waiting")) {
      if (config.getJsonObject("redis").getInteger(key, 1) < 1) {
        throw new IllegalArgumentException("redis." + key + " (" + envName("redis." + key) + ") must be at least 1");
      }
    }
    long eventLoops = config.getLong("event_loops", 0L);
    if (eventLoops < 0 || eventLoops > MAX_EVENT_LOOPS) {
      throw new IllegalArgumentException("event_loops (" + envName("event_loops") + ") must be between 0 (Vert.x's default)"
        + " and " + MAX_EVENT_LOOPS);
    }
    String serviceKey = config.getJsonObject("service").getString("key", "");
    if (!serviceKey.isEmpty() && serviceKey.length() < 32) {
      throw new IllegalArgumentException(envName("service.key") + " must be at least 32 characters");
    }
    checkCaptcha(config.getJsonObject("captcha"));
    publicUrl(config);
    checkMail(config.getJsonObject("mail"));
    checkMetrics(config.getJsonObject("metrics"), production(config));
    if (production(config)) checkProduction(config);
  }

  /**
   * {@code public_url} — where people reach the academy, the start of every link in an email — without a trailing
   * slash, so callers append {@code "/staff/#…"}. Refused unless an absolute http(s) URL without query or fragment.
   */
  public static String publicUrl(JsonObject config) {
    String url = config.getString("public_url", "").strip();
    boolean plain;
    try {
      java.net.URI uri = new java.net.URI(url);
      plain = uri.getRawQuery() == null && uri.getRawFragment() == null;
    } catch (java.net.URISyntaxException e) {
      plain = false;
    }
    if (!absoluteHttpUrl(url) || !plain) {
      throw new IllegalArgumentException("public_url (" + envName("public_url") + ") must be the academy's address as an "
        + "http(s) URL without query or fragment, e.g. https://academy.example.com; it is " + (url.isEmpty() ? "empty" : "'" + url + "'"));
    }
    url = url.replaceAll("/+$", "");
    // dev mode on another port (--port, ACADEMY_HTTP_PORT) with the default address: the links follow the port
    int port = config.getJsonObject("http").getInteger("port", 3000);
    if (!production(config) && url.equals(DEV_PUBLIC_URL) && port != 3000) url = "http://localhost:" + port;
    return url;
  }

  private static final String DEV_PUBLIC_URL = "http://localhost:3000";

  /** A captcha provider needs its secret and an absolute http(s) verify URL, or every registration would fail. */
  private static void checkCaptcha(JsonObject captcha) {
    String provider = captcha.getString("provider", "");
    if (!List.of("none", "turnstile", "recaptcha").contains(provider)) {
      throw new IllegalArgumentException("captcha.provider must be turnstile, recaptcha or none");
    }
    if (provider.equals("none")) return;
    if (captcha.getString("secret", "").isBlank()) {
      throw new IllegalArgumentException("captcha.provider is " + provider + " but captcha.secret is empty: set "
        + envName("captcha.secret") + " to the provider's secret key");
    }
    String url = captcha.getString("verify_url", "");
    if (!absoluteHttpUrl(url)) {
      throw new IllegalArgumentException("captcha.provider is " + provider + " but captcha.verify_url ("
        + envName("captcha.verify_url") + ") is " + (url.isBlank() ? "empty" : "not an http(s) URL")
        + "; e.g. https://challenges.cloudflare.com/turnstile/v0/siteverify");
    }
  }

  /** The mail settings that cannot work in any mode. */
  private static void checkMail(JsonObject mail) {
    if (!List.of("disabled", "optional", "required").contains(mail.getString("starttls", ""))) {
      throw new IllegalArgumentException("mail.starttls (" + envName("mail.starttls") + ") must be disabled, optional or required");
    }
    for (String key : List.of("max_attempts", "retry_base_seconds", "retry_max_seconds", "rate_per_minute", "rate_per_second", "send_timeout_seconds",
      "poll_seconds")) {
      if (mail.getInteger(key, 0) < 1) throw new IllegalArgumentException("mail." + key + " (" + envName("mail." + key) + ") must be at least 1");
    }
    try {
      new jakarta.mail.internet.InternetAddress(mail.getString("from", ""), true);
    } catch (jakarta.mail.internet.AddressException e) {
      throw new IllegalArgumentException("mail.from (" + envName("mail.from") + ") is not an email address: " + e.getMessage());
    }
  }

  private static void checkMetrics(JsonObject metrics, boolean production) {
    String token = metrics.getString("token", "");
    if (!token.isEmpty() && token.length() < 32) {
      throw new IllegalArgumentException(envName("metrics.token") + " must be at least 32 characters");
    }
    if (production && metrics.getBoolean("enabled", true) && token.isEmpty() && !loopback(metrics.getString("host", ""))) {
      throw new IllegalArgumentException("Production mode refuses metrics on " + metrics.getString("host")
        + " without a token: keep metrics.host on 127.0.0.1 or set " + envName("metrics.token"));
    }
  }

  private static void checkProduction(JsonObject config) {
    for (String origin : list(config.getJsonObject("http"), "cors_origins")) {
      if (origin.contains("*")) {
        throw new IllegalArgumentException("Production mode refuses wildcard CORS: set http.cors_origins ("
          + envName("http.cors_origins") + ") to the site's origins");
      }
      if (localOrigin(origin)) {
        throw new IllegalArgumentException("Production mode refuses the local CORS origin " + origin
          + ": set http.cors_origins (" + envName("http.cors_origins") + ") to the site's public origins");
      }
    }
    if (config.getJsonObject("captcha").getString("provider", "").equals("none")) {
      throw new IllegalArgumentException("Production mode refuses a disabled captcha: set captcha.provider ("
        + envName("captcha.provider") + ") and its secret");
    }
    String secret = config.getJsonObject("jwt").getString("secret", "");
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("Production mode needs a JWT signing secret: set "
        + envName("jwt.secret") + " (at least 32 characters), the same on every node");
    }
    refuseGuessable("jwt.secret", "JWT signing secret", secret);
    // the other shared secrets open doors too: the service key reads any user, the metrics token the node's figures
    String serviceKey = config.getJsonObject("service").getString("key", "");
    if (!serviceKey.isEmpty()) refuseGuessable("service.key", "service key", serviceKey);
    String metricsToken = config.getJsonObject("metrics").getString("token", "");
    if (!metricsToken.isEmpty()) refuseGuessable("metrics.token", "metrics token", metricsToken);
    String publicUrl = config.getString("public_url", "");
    if (localOrigin(publicUrl)) {
      throw new IllegalArgumentException("Production mode refuses the local public_url " + publicUrl + " (" + envName("public_url")
        + "): the links in emails would lead nowhere; set the academy's public address, e.g. https://school.id");
    }
    JsonObject mail = config.getJsonObject("mail");
    if (mail.getString("host", "").isBlank()) {
      throw new IllegalArgumentException("Production mode needs an SMTP server: set mail.host (" + envName("mail.host")
        + "), its port, login and mail.from; the embedded dev mailbox would keep every email from its recipient");
    }
    if (!mail.getString("starttls", "").equals("required")) {
      throw new IllegalArgumentException("Production mode requires mail.starttls=required (" + envName("mail.starttls")
        + "): emails carry registration codes and set-password links");
    }
    JsonObject db = config.getJsonObject("database");
    if (db.getString("host", "").isBlank() && !db.getBoolean("embedded_durable", true)) {
      throw new IllegalArgumentException("Production mode refuses database.embedded_durable=false ("
        + envName("database.embedded_durable") + "): acknowledged writes could be lost");
    }
  }

  private static void refuseGuessable(String key, String what, String secret) {
    String weakness = weakness(secret);
    if (weakness != null) {
      throw new IllegalArgumentException("Production mode refuses this " + what + ": it " + weakness + ". Set "
        + envName(key) + " to a random value, e.g. the output of `openssl rand -base64 48`");
    }
  }

  /** Words of placeholder secrets ("your-256-bit-secret", "change-me", "example-key", …). */
  private static final List<String> PLACEHOLDER_WORDS = List.of("secret", "change", "password", "passwd", "example",
    "default", "placeholder", "replace", "sample", "dummy", "qwerty", "letmein", "insecure", "token", "signing",
    "production", "develop", "testing", "jwt-", "-key", "_key", "key-", "key_", "asdf", "1qaz", "zxcv");

  /**
   * Why a secret is guessable, or null: shorter than 32 characters, fewer than 10 distinct characters, a shorter
   * pattern repeated, mostly consecutive characters ("abcdef…", "0123…"), a placeholder word, or under 96 bits by
   * its own character frequencies (Shannon estimate × length).
   */
  static String weakness(String secret) {
    if (secret.length() < 32) return "is shorter than 32 characters";
    if (secret.chars().distinct().count() < 10) return "has fewer than 10 different characters";
    String lower = secret.toLowerCase(java.util.Locale.ROOT);
    // and with letter-for-digit swaps undone ("s3cr3t") for the longer words, which random text does not spell
    String unswapped = lower.replace('3', 'e').replace('0', 'o').replace('1', 'i').replace('4', 'a').replace('5', 's')
      .replace('7', 't').replace('@', 'a').replace('$', 's');
    for (String word : PLACEHOLDER_WORDS) {
      if (lower.contains(word) || (word.length() >= 6 && unswapped.contains(word))) {
        return "contains the placeholder word '" + word + "'";
      }
    }
    for (int period = 1; period <= secret.length() / 2; period++) {
      int p = period;
      if (java.util.stream.IntStream.range(p, secret.length()).allMatch(i -> secret.charAt(i) == secret.charAt(i - p))) {
        return "repeats a pattern of " + p + " characters";
      }
    }
    int consecutive = 0;
    String folded = secret.toLowerCase(java.util.Locale.ROOT); // "AbCdEf…" is as consecutive as "abcdef…"
    for (int i = 1; i < folded.length(); i++) {
      if (Math.abs(folded.charAt(i) - folded.charAt(i - 1)) == 1) consecutive++;
    }
    if (consecutive * 2 >= secret.length()) return "is mostly a run of consecutive characters";
    Map<Integer, Long> counts = secret.chars().boxed()
      .collect(java.util.stream.Collectors.groupingBy(c -> c, java.util.stream.Collectors.counting()));
    double bits = 0;
    for (long count : counts.values()) {
      double p = (double) count / secret.length();
      bits -= count * Math.log(p) / Math.log(2);
    }
    return bits < 96 ? "is too predictable (about " + (int) bits + " bits)" : null;
  }

  private static boolean absoluteHttpUrl(String url) {
    try {
      java.net.URI uri = new java.net.URI(url);
      return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  /** An origin a public site never has: loopback or unspecified in any spelling, "null" or not a URL. */
  private static boolean localOrigin(String origin) {
    try {
      java.net.URI uri = new java.net.URI(origin);
      return uri.getHost() == null || thisMachine(uri.getHost(), true);
    } catch (java.net.URISyntaxException e) {
      return true;
    }
  }

  /** Whether a host is loopback only (a listener there is reachable from this machine alone). */
  static boolean loopback(String host) {
    return thisMachine(host, false);
  }

  /**
   * Whether a host names this machine: localhost (also "localhost." and *.localhost), IP literals in 127.0.0.0/8 or
   * ::1 — and with {@code unspecified} 0.0.0.0/8 and :: — dotted, decimal ("2130706433"), hex or octal, bracketed or
   * IPv4-mapped IPv6. No DNS.
   */
  static boolean thisMachine(String host, boolean unspecified) {
    String h = host.toLowerCase(java.util.Locale.ROOT);
    while (h.endsWith(".")) h = h.substring(0, h.length() - 1);
    if (h.equals("localhost") || h.endsWith(".localhost") || h.equals("localhost.localdomain") || h.equals("ip6-localhost")
      || h.equals("ip6-loopback")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
    int zone = h.indexOf('%'); // an IPv6 zone ("::1%lo", "%25lo" in a URL)
    if (zone >= 0 && h.contains(":")) h = h.substring(0, zone);
    if (h.contains(":")) {
      try {
        java.net.InetAddress address = java.net.InetAddress.getByName(h); // an IPv6 literal: parsed, never looked up
        return address.isLoopbackAddress() || (unspecified && address.isAnyLocalAddress())
          || (address instanceof java.net.Inet4Address v4 && (v4.getAddress()[0] == 127 || (unspecified && v4.getAddress()[0] == 0)));
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    if (!h.matches("[0-9a-fx.]+") || !Character.isDigit(h.charAt(0))) return false;
    Long first = ipv4Number(h.split("\\.", -1)[0]);
    if (first == null) return false;
    // "127.1" style: the first part is the first octet; a single number is the whole address
    long octet = h.contains(".") ? first : first >>> 24;
    return octet == 127 || (unspecified && octet == 0);
  }

  /** An IPv4 literal part as inet_aton reads it (0x… hex, 0… octal, else decimal), or null. */
  private static Long ipv4Number(String part) {
    try {
      if (part.startsWith("0x")) return Long.parseLong(part.substring(2), 16);
      if (part.length() > 1 && part.startsWith("0")) return Long.parseLong(part.substring(1), 8);
      return Long.parseLong(part);
    } catch (NumberFormatException e) {
      return null;
    }
  }
}

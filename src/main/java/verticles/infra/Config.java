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
      if (current instanceof Integer || current instanceof Long) return Long.parseLong(value.trim());
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

  /**
   * The start-up checks: unknown mode, and in production anything that only makes sense on a laptop.
   * Secrets generated at start (JWT key, admin password) are checked where they are resolved.
   */
  public static void check(JsonObject config) {
    String mode = config.getString("mode", "");
    if (!mode.equals("dev") && !mode.equals("production")) {
      throw new IllegalArgumentException("mode must be dev or production, not '" + mode + "'");
    }
    List<String> origins = list(config.getJsonObject("http"), "cors_origins");
    String captcha = config.getJsonObject("captcha").getString("provider", "");
    if (!List.of("none", "turnstile", "recaptcha").contains(captcha)) {
      throw new IllegalArgumentException("captcha.provider must be turnstile, recaptcha or none");
    }
    String serviceKey = config.getJsonObject("service").getString("key", "");
    if (!serviceKey.isEmpty() && serviceKey.length() < 32) {
      throw new IllegalArgumentException(envName("service.key") + " must be at least 32 characters");
    }
    if (production(config)) {
      if (origins.contains("*")) {
        throw new IllegalArgumentException("Production mode refuses wildcard CORS: set http.cors_origins ("
          + envName("http.cors_origins") + ") to the site's origins");
      }
      if (captcha.equals("none")) {
        throw new IllegalArgumentException("Production mode refuses a disabled captcha: set captcha.provider ("
          + envName("captcha.provider") + ") and its secret");
      }
      if (config.getJsonObject("jwt").getString("secret", "").isEmpty()) {
        throw new IllegalArgumentException("Production mode needs a JWT signing secret: set "
          + envName("jwt.secret") + " (at least 32 characters), the same on every node");
      }
    }
  }
}

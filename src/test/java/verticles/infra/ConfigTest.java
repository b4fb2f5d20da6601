package verticles.infra;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigTest {
  @Test
  void defaultsComeFromTheBundledFile() {
    JsonObject config = Config.load(null, Map.of());
    assertEquals("dev", config.getString("mode"));
    assertEquals(3000, config.getJsonObject("http").getInteger("port"));
    assertEquals("./data", config.getString("data_dir"));
  }

  @Test
  void environmentOverridesEveryKeyWithItsType() {
    JsonObject config = Config.load(null, Map.of(
      "ACADEMY_HTTP_PORT", "8080", "ACADEMY_MODE", "production", "ACADEMY_ADMIN_EMAIL", "boss@school.id",
      "ACADEMY_CLUSTER_ENABLED", "true", "ACADEMY_DATA_DIR", "/srv/academy"));
    assertEquals(8080, config.getJsonObject("http").getInteger("port"));
    assertEquals("production", config.getString("mode"));
    assertEquals("boss@school.id", config.getJsonObject("admin").getString("email"));
    assertEquals(true, config.getJsonObject("cluster").getBoolean("enabled"));
    assertEquals("/srv/academy", config.getString("data_dir"));
  }

  @Test
  void badValuesAreNamed() {
    var e = assertThrows(IllegalArgumentException.class, () -> Config.load(null, Map.of("ACADEMY_HTTP_PORT", "eighty")));
    assertTrue(e.getMessage().contains("ACADEMY_HTTP_PORT"));
  }

  @Test
  void envNames() {
    assertEquals("ACADEMY_HTTP_PORT", Config.envName("http.port"));
    assertEquals("ACADEMY_RATE_LIMIT_PUBLIC", Config.envName("rate_limit.public"));
  }

  private static JsonObject production(Map<String, String> extra) {
    java.util.HashMap<String, String> env = new java.util.HashMap<>(Map.of(
      "ACADEMY_MODE", "production", "ACADEMY_JWT_SECRET", "0123456789abcdef0123456789abcdef-x",
      "ACADEMY_CAPTCHA_PROVIDER", "turnstile", "ACADEMY_HTTP_CORS_ORIGINS", "https://school.id",
      "ACADEMY_CAPTCHA_SECRET", "captcha-secret", "ACADEMY_CAPTCHA_VERIFY_URL", "https://captcha.example/siteverify"));
    env.putAll(extra);
    return Config.load(null, env);
  }

  @Test
  void productionAcceptsAProperSetup() {
    Config.check(production(Map.of()));
  }

  @Test
  void productionRefusesLaptopSettings() {
    assertThrows(IllegalArgumentException.class, () -> Config.check(production(Map.of("ACADEMY_JWT_SECRET", ""))));
    assertThrows(IllegalArgumentException.class, () -> Config.check(production(Map.of("ACADEMY_HTTP_CORS_ORIGINS", "*"))));
    assertThrows(IllegalArgumentException.class, () -> Config.check(production(Map.of("ACADEMY_CAPTCHA_PROVIDER", "none"))));
    assertThrows(IllegalArgumentException.class, () -> Config.check(production(Map.of("ACADEMY_MODE", "staging"))));
  }

  @Test
  void guessableSecretsAreNamed() {
    assertTrue(Config.weakness("a".repeat(32)).contains("different characters"));
    assertTrue(Config.weakness("0123456789abcdef".repeat(2)).contains("repeats"));
    assertTrue(Config.weakness("abcdefghij".repeat(4)).contains("repeats"));
    assertEquals(null, Config.weakness("0123456789abcdef0123456789abcdef-x"));
    assertEquals(null, Config.weakness("q3L9xV2mT8rB5nW1kZ7pC4hJ6yF0dG2s")); // random-looking, 32 characters
  }

  @Test
  void productionNeverGeneratesAJwtKey(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    JsonObject config = production(Map.of("ACADEMY_JWT_SECRET", ""));
    assertThrows(IllegalArgumentException.class, () -> Jwt.resolveSecret(config, dir));
    JsonObject dev = Config.load(null, Map.of());
    Jwt.resolveSecret(dev, dir);
    String generated = dev.getJsonObject("jwt").getString("secret");
    assertTrue(generated.length() >= 32);
    JsonObject again = Config.load(null, Map.of());
    Jwt.resolveSecret(again, dir);
    assertEquals(generated, again.getJsonObject("jwt").getString("secret"), "dev key survives restarts");
  }

  @Test
  void shortSecretsAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
    JsonObject config = Config.load(null, Map.of("ACADEMY_JWT_SECRET", "short"));
    assertThrows(IllegalArgumentException.class, () -> Jwt.resolveSecret(config, dir));
  }
}

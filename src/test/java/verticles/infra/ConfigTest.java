package verticles.infra;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
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
    // a whole number beyond a 32-bit setting's range is refused, not wrapped around (it read as 1215752191: no limit)
    var big = assertThrows(IllegalArgumentException.class,
      () -> Config.load(null, Map.of("ACADEMY_MAIL_RATE_PER_SECOND", "99999999999")));
    assertEquals("ACADEMY_MAIL_RATE_PER_SECOND has an invalid value: 99999999999", big.getMessage());
  }

  @Test
  void thePublicUrlIsAnAbsoluteHttpUrlWithoutItsTrailingSlash() {
    assertEquals("http://localhost:3000", Config.publicUrl(Config.load(null, Map.of())));
    assertEquals("https://academy.example.com/school",
      Config.publicUrl(Config.load(null, Map.of("ACADEMY_PUBLIC_URL", "https://academy.example.com/school/"))));
    for (String bad : List.of("", "academy.example.com", "ftp://academy.example.com", "https://academy.example.com/?a=1",
      "https://academy.example.com/#top")) {
      var e = assertThrows(IllegalArgumentException.class,
        () -> Config.check(Config.load(null, Map.of("ACADEMY_PUBLIC_URL", bad))), bad);
      assertTrue(e.getMessage().contains("ACADEMY_PUBLIC_URL"), e.getMessage());
    }
  }

  @Test
  void envNames() {
    assertEquals("ACADEMY_HTTP_PORT", Config.envName("http.port"));
    assertEquals("ACADEMY_RATE_LIMIT_PUBLIC", Config.envName("rate_limit.public"));
  }

  private static JsonObject production(Map<String, String> extra) {
    Map<String, String> env = verticles.TestApp.productionEnv();
    env.putAll(Map.of("ACADEMY_CAPTCHA_PROVIDER", "turnstile", "ACADEMY_CAPTCHA_SECRET", "captcha-secret",
      "ACADEMY_CAPTCHA_VERIFY_URL", "https://captcha.example/siteverify", "ACADEMY_MAIL_HOST", "smtp.school.id"));
    env.putAll(extra);
    return Config.load(null, env);
  }

  @Test
  void eventLoopsAreZeroOrAFewHundred() {
    Config.check(Config.load(null, Map.of("ACADEMY_EVENT_LOOPS", "1")));
    Config.check(Config.load(null, Map.of("ACADEMY_EVENT_LOOPS", "0")));
    for (String bad : List.of("-1", "1025", "99999999999")) {
      var e = assertThrows(IllegalArgumentException.class,
        () -> Config.check(Config.load(null, Map.of("ACADEMY_EVENT_LOOPS", bad))), bad);
      assertTrue(e.getMessage().contains("ACADEMY_EVENT_LOOPS"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> Config.load(null, Map.of("ACADEMY_EVENT_LOOPS", "two")));
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
    assertEquals(null, Config.weakness("q3L9xV2mT8rB5nW1kZ7pC4hJ6yF0dG2s")); // random-looking, 32 characters
  }

  /** Second review of issue 14: these passed as "strong" secrets in production. */
  @Test
  void runsOfConsecutiveCharactersAndPlaceholdersAreGuessable() {
    for (String secret : List.of("abcdefghijklmnopqrstuvwxyz012345", "0123456789abcdefghijklmnopqrstuv",
        "0123456789abcdef0123456789abcdef-x", "zyxwvutsrqponmlkjihgfedcba987654")) {
      assertTrue(Config.weakness(secret).contains("consecutive"), secret);
    }
    assertTrue(Config.weakness("your-256-bit-secret-change-me-now-ok").contains("placeholder"));
    assertTrue(Config.weakness("Qx7-EXAMPLE-key-9fT2mL4pV8nR1cZ6w").contains("placeholder"));
    // third review
    for (String secret : List.of("insecure-dev-key-do-not-use-in-production", "my-academy-jwt-signing-key-for-prod-2026",
        "academy_production_jwt_s3cr3t_key_2026!")) {
      assertTrue(Config.weakness(secret) != null, secret);
    }
    assertTrue(Config.weakness("AbCdEfGhIjKlMnOpQrStUvWxYz0123456789").contains("consecutive"));
  }

  /** The service key and the metrics token are refused in production when guessable, like the JWT secret. */
  @Test
  void guessableServiceKeysAndMetricsTokensAreRefusedInProduction() {
    String weak = "a".repeat(36);
    IllegalArgumentException service = assertThrows(IllegalArgumentException.class,
      () -> Config.check(production(Map.of("ACADEMY_SERVICE_KEY", weak))));
    assertTrue(service.getMessage().contains("ACADEMY_SERVICE_KEY"), service.getMessage());
    IllegalArgumentException metrics = assertThrows(IllegalArgumentException.class,
      () -> Config.check(production(Map.of("ACADEMY_METRICS_TOKEN", "abcdefghijklmnopqrstuvwxyz012345"))));
    assertTrue(metrics.getMessage().contains("ACADEMY_METRICS_TOKEN"), metrics.getMessage());
    Config.check(production(Map.of("ACADEMY_SERVICE_KEY", "Zr8-uQ2mX5vK9pL1tW7yB3nF6cH0jD4sA")));
  }

  /** Local CORS origins in every spelling the review found accepted (trailing dot, long IPv6, mapped, decimal). */
  @Test
  void everySpellingOfThisMachineIsALocalOrigin() {
    for (String origin : List.of("http://localhost.:3000", "http://[0:0:0:0:0:0:0:1]:3000", "http://[::ffff:127.0.0.1]:3000",
        "http://2130706433:3000", "http://0x7f000001", "http://0177.0.0.1", "http://127.1:3000", "http://0.0.0.0",
        "http://[::]:8080", "http://app.localhost", "http://localhost.localdomain", "http://ip6-localhost",
        "http://[::1%25lo]")) {
      IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
        () -> Config.check(production(Map.of("ACADEMY_HTTP_CORS_ORIGINS", origin))), origin);
      assertTrue(refused.getMessage().contains("local CORS origin"), origin + ": " + refused.getMessage());
    }
    Config.check(production(Map.of("ACADEMY_HTTP_CORS_ORIGINS", "https://127academy.id,https://school.id")));
    assertTrue(Config.loopback("127.0.0.1") && !Config.loopback("0.0.0.0"), "metrics: 0.0.0.0 is not loopback");
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

package verticles.infra;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * Access-token signing and verification, shared by the auth verticle (signs) and the router
 * (verifies). One algorithm only (HS256), so "none" or a swapped algorithm never verifies;
 * issuer, audience and expiry are always checked.
 */
public final class Jwt {
  public static final String ALGORITHM = "HS256";
  private static final int MIN_SECRET_LENGTH = 32;

  private Jwt() {
  }

  public static JWTAuth provider(Vertx vertx, JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt");
    return JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(jwt.getString("secret")))
      .setJWTOptions(options(jwt)));
  }

  /**
   * Chat tokens (guest chat sessions): the same key and issuer, but their own audience, so an access
   * token never verifies as a chat token and a chat token never verifies as an access token.
   */
  public static JWTAuth chatProvider(Vertx vertx, JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt");
    return JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm(ALGORITHM).setBuffer(jwt.getString("secret")))
      .setJWTOptions(chatOptions(config)));
  }

  public static JWTOptions chatOptions(JsonObject config) {
    JsonObject jwt = config.getJsonObject("jwt");
    return new JWTOptions()
      .setAlgorithm(ALGORITHM)
      .setIssuer(jwt.getString("issuer"))
      .setAudience(List.of(chatAudience(config)))
      .setExpiresInSeconds(config.getJsonObject("chat").getInteger("token_ttl_seconds"));
  }

  public static String chatAudience(JsonObject config) {
    return config.getJsonObject("jwt").getString("audience") + ":chat";
  }

  public static JWTOptions options(JsonObject jwt) {
    return new JWTOptions()
      .setAlgorithm(ALGORITHM)
      .setIssuer(jwt.getString("issuer"))
      .setAudience(List.of(jwt.getString("audience")))
      .setExpiresInSeconds(jwt.getInteger("access_ttl_seconds"));
  }

  /**
   * Makes sure {@code jwt.secret} is set: in dev mode a generated secret is kept in the data dir (so
   * tokens survive restarts); production refuses to start without a configured one. Blocking (file I/O):
   * call at start-up, before Vert.x runs.
   */
  public static void resolveSecret(JsonObject config, Path dataDir) {
    JsonObject jwt = config.getJsonObject("jwt");
    String secret = jwt.getString("secret", "");
    if (!secret.isEmpty()) {
      if (secret.length() < MIN_SECRET_LENGTH) {
        throw new IllegalArgumentException("jwt.secret must be at least " + MIN_SECRET_LENGTH + " characters");
      }
      return;
    }
    if (Config.production(config)) {
      throw new IllegalArgumentException("Production mode needs " + Config.envName("jwt.secret"));
    }
    Path file = dataDir.resolve("jwt.secret");
    try {
      if (!Files.exists(file)) {
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        Files.createDirectories(dataDir);
        Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(random), StandardCharsets.UTF_8);
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system
        }
      }
      jwt.put("secret", Files.readString(file, StandardCharsets.UTF_8).trim());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package verticles.bus;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.TreeMap;

/**
 * What an idempotency key is compared with: the SHA-256 (hex) of a request body in a canonical form — object keys
 * sorted at every level — so the same request sent again has the same hash whatever the order of its fields, and
 * another request under the same key is recognised (422 {@code IDEMPOTENCY_KEY_REUSED}).
 */
public final class RequestHash {
  private RequestHash() {
  }

  public static String of(JsonObject body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical(body).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String canonical(Object value) {
    if (value instanceof JsonObject object) {
      TreeMap<String, String> sorted = new TreeMap<>();
      object.forEach(e -> sorted.put(e.getKey(), canonical(e.getValue())));
      StringBuilder out = new StringBuilder("{");
      sorted.forEach((k, v) -> out.append(Json.encode(k)).append(':').append(v).append(','));
      return out.append('}').toString();
    }
    if (value instanceof JsonArray array) {
      StringBuilder out = new StringBuilder("[");
      array.forEach(v -> out.append(canonical(v)).append(','));
      return out.append(']').toString();
    }
    return Json.encode(value);
  }
}

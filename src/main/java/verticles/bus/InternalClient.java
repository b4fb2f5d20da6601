package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Base of the typed clients of the verticles' internal addresses ({@code <verticle>.internal.<name>}, DESIGN.md
 * §5): one request/reply with the caller's delivery options (its {@code askOptions()}, so every call has a
 * timeout). A failure is the owner's {@link ApiError} or the bus's (no handler → 503, timeout → 504 via
 * {@link ApiError#from}).
 */
abstract class InternalClient {
  private final Vertx vertx;
  private final DeliveryOptions options;

  InternalClient(Vertx vertx, DeliveryOptions options) {
    this.vertx = vertx;
    this.options = options;
  }

  final Future<JsonObject> ask(String address, JsonObject query) {
    return vertx.eventBus().<JsonObject>request(address, query, options).map(reply -> reply.body());
  }

  /** The same answer, or null when the owner says the thing does not exist (any 404). */
  static Future<JsonObject> orNull(Future<JsonObject> answer) {
    return answer.recover(e -> {
      ApiError error = ApiError.from(e);
      return error != null && error.status() == 404 ? Future.succeededFuture(null) : Future.failedFuture(e);
    });
  }

  static JsonArray ids(Collection<String> ids) {
    return new JsonArray(new ArrayList<>(ids));
  }

  static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) array.forEach(v -> out.add(String.valueOf(v)));
    return out;
  }

  static List<JsonObject> objects(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    if (array != null) array.forEach(v -> out.add((JsonObject) v));
    return out;
  }
}

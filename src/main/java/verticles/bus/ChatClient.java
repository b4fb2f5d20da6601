package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

/** The chat verticle's internal addresses, for the other verticles. */
public final class ChatClient extends InternalClient {
  public static final String DASHBOARD = "chat.internal.dashboard";
  /** Where the SockJS bridge delivers a browser's frame (the verified sender in headers). */
  public static final String FRAME = "chat.internal.frame";

  public ChatClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /** The admin dashboard's chat part: {active_chats, active_sessions}. */
  public Future<JsonObject> dashboard() {
    return ask(DASHBOARD, new JsonObject());
  }
}

package verticles.chat;

import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/**
 * What browsers hear, published after the change is committed: frames {type, data} on
 * {@code chat.session.<id>} (the visitor and staff in that conversation) and {@code chat.inbox} (staff).
 */
final class Pushes {
  static final String INBOX = "chat.inbox";
  static final String SESSION_PREFIX = "chat.session.";

  private final EventBus bus;

  Pushes(EventBus bus) {
    this.bus = bus;
  }

  static JsonObject frame(String type, JsonObject data) {
    return new JsonObject().put("type", type).put("data", data);
  }

  /** new_message to the session's listeners (visitor and staff) and to the staff inbox. */
  void message(JsonObject message) {
    JsonObject frame = frame("new_message", message);
    bus.publish(SESSION_PREFIX + message.getString("session_id"), frame);
    bus.publish(INBOX, frame);
  }

  /** A frame for the inbox; session_updated also reaches the session's own listeners. */
  void inbox(String type, JsonObject data) {
    bus.publish(INBOX, frame(type, data));
    if ("session_updated".equals(type)) {
      bus.publish(SESSION_PREFIX + data.getString("id"), frame("session_updated", data));
    }
  }

  /** A frame to the session's listeners and, when a visitor caused it, to the inbox (typing, message_read). */
  void toSession(String sessionId, String type, JsonObject data, boolean alsoInbox) {
    JsonObject frame = frame(type, data);
    bus.publish(SESSION_PREFIX + sessionId, frame);
    if (alsoInbox) bus.publish(INBOX, frame);
  }
}

package verticles.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import verticles.bus.BusRequest;

import java.util.UUID;

/** Who is asking: a visitor (guest chat token, or a signed-in user) or a staff member (admin, instructor). */
record Actor(boolean staff, String userId, String role, String email, String chatSessionId) {

  static Actor of(BusRequest.Caller caller) {
    if (caller == null) return null;
    if ("guest".equals(caller.role())) {
      return new Actor(false, null, "guest", null, caller.json().getString("chat_session_id"));
    }
    boolean staff = caller.is("admin") || caller.is("instructor");
    return new Actor(staff, caller.id(), caller.role(), caller.email(), null);
  }

  /** The sender the bridge verified: {kind: visitor} (the session's own token) or {kind: staff, id, role, email}. */
  static Actor ofFrame(JsonObject sender, String sessionId) {
    if ("staff".equals(sender.getString("kind"))) {
      return new Actor(true, sender.getString("id"), sender.getString("role"), sender.getString("email"), null);
    }
    return new Actor(false, null, "guest", null, sessionId);
  }

  boolean admin() {
    return "admin".equals(role);
  }

  /** Staff see every conversation; a visitor only their own (by chat token or by account). */
  boolean mayUse(Row session) {
    if (staff) return true;
    if (chatSessionId != null) return chatSessionId.equals(session.getUUID("id").toString());
    UUID owner = session.getUUID("user_id");
    return owner != null && userId != null && owner.toString().equals(userId);
  }

  /** The role its messages are stored with: user (visitor) or assistant (staff). */
  String messageRole() {
    return staff ? "assistant" : "user";
  }
}

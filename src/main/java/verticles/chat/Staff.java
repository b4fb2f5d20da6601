package verticles.chat;

import io.vertx.core.Future;
import verticles.bus.AuthClient;
import verticles.bus.Values;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Names of staff and members, asked of {@code auth.internal.getUser} (staff names remembered per node). */
final class Staff {
  private final AuthClient auth;
  /** Staff names by id (for "who wrote this" and "who owns this"). */
  private final Map<String, String> names = new ConcurrentHashMap<>();

  Staff(AuthClient auth) {
    this.auth = auth;
  }

  /** A staff member's display name; the email when auth cannot say. */
  Future<String> name(String id, String email) {
    String known = names.get(id);
    if (known != null) return Future.succeededFuture(known);
    return auth.user(id)
      .map(user -> {
        String name = user.getString("full_name", email);
        names.put(id, name);
        return name;
      })
      .otherwise(e -> email == null ? "Staff" : email);
  }

  /** The assignee of an admin's reassignment: an active admin or instructor, else 400 CHAT_INVALID_ASSIGNEE. */
  Future<String> active(String id) {
    if (Values.uuidOrNull(id) == null) return Future.failedFuture(ChatErrors.invalidAssignee());
    return auth.userOrNull(id)
      .compose(user -> {
        if (user == null) return Future.failedFuture(ChatErrors.invalidAssignee());
        boolean staff = ("admin".equals(user.getString("role")) || "instructor".equals(user.getString("role")))
          && "active".equals(user.getString("status"));
        if (!staff) return Future.failedFuture(ChatErrors.invalidAssignee());
        names.put(id, user.getString("full_name"));
        return Future.succeededFuture(user.getString("full_name"));
      });
  }

  /** A member's name for a new session: the one offered, else the account's. */
  Future<String> member(String id, String offered) {
    if (offered != null && !offered.isBlank()) return Future.succeededFuture(offered.trim());
    return auth.user(id)
      .map(user -> user.getString("full_name", "Member"))
      .otherwise("Member");
  }
}

package verticles.chat;

import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import verticles.bus.ApiError;
import verticles.bus.ErrorCode;

/** The chat verticle's recurring errors. */
final class ChatErrors {
  private ChatErrors() {
  }

  static ApiError sessionNotFound() {
    return ErrorCode.CHAT_SESSION_NOT_FOUND.error("Chat session not found");
  }

  static ApiError closed() {
    return ErrorCode.CHAT_SESSION_CLOSED.error("This chat session is closed");
  }

  static ApiError invalid(String name, String problem) {
    return ErrorCode.VALIDATION_ERROR.error(name + " " + problem, ApiError.fieldDetails(name, "VALIDATION_ERROR", problem));
  }

  static ApiError invalidAssignee() {
    return ErrorCode.CHAT_INVALID_ASSIGNEE.error("Conversations can be assigned to active admins and instructors only",
      ApiError.fieldDetails("staff_id", "CHAT_INVALID_ASSIGNEE", "not an active staff member"));
  }

  /** Why a claim failed: the session is closed, or someone else owns it. */
  static ApiError notAssignable(Row row) {
    if ("closed".equals(row.getString("status"))) return closed();
    return ErrorCode.CHAT_SESSION_ASSIGNED.error("Another staff member already has this conversation",
      new JsonObject().put("assigned_to", String.valueOf(row.getUUID("assigned_to"))));
  }
}

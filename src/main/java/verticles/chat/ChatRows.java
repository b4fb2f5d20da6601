package verticles.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import verticles.bus.Iso;

import java.util.UUID;

/** Rows of {@link ChatSql} as the API's JSON: a session (seed §6.3 shape) and a message. */
final class ChatRows {
  private ChatRows() {
  }

  static JsonObject session(Row row) {
    UUID assigned = row.getUUID("assigned_to");
    String[] tags = row.getArrayOfStrings("tags");
    JsonArray tagList = new JsonArray();
    if (tags != null) for (String tag : tags) tagList.add(tag);
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("user", new JsonObject()
        .put("id", row.getUUID("user_id") == null ? null : row.getUUID("user_id").toString())
        .put("full_name", row.getString("visitor_name"))
        .put("email", row.getString("visitor_email")))
      .put("status", row.getString("status"))
      .put("assigned_to", assigned == null ? null : new JsonObject().put("id", assigned.toString())
        .put("full_name", row.getString("assigned_name")))
      .put("handoff", row.getBoolean("handoff"))
      .put("started_at", Iso.of(row.getOffsetDateTime("started_at")))
      .put("last_message_at", Iso.of(row.getOffsetDateTime("last_message_at")))
      .put("closed_at", Iso.of(row.getOffsetDateTime("closed_at")))
      .put("close_reason", row.getString("close_reason"))
      .put("language", row.getString("language"))
      .put("metadata", new JsonObject()
        .put("topic", row.getString("topic"))
        .put("tags", tagList)
        .put("resolved", row.getBoolean("resolved"))
        .put("last_message", row.getString("last_message"))
        .put("message_count", row.getLong("message_count")));
  }

  static JsonObject message(Row row) {
    UUID sender = row.getUUID("sender_id");
    return new JsonObject()
      .put("id", row.getUUID("id").toString())
      .put("seq", row.getLong("seq"))
      .put("session_id", row.getUUID("session_id").toString())
      .put("role", row.getString("role"))
      .put("content", row.getString("content"))
      .put("bot", row.getBoolean("bot"))
      .put("sender", sender == null ? null : new JsonObject().put("id", sender.toString()).put("full_name", row.getString("sender_name")))
      .put("client_message_id", row.getString("client_message_id"))
      .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
      .put("read_at", Iso.of(row.getOffsetDateTime("read_at")));
  }
}

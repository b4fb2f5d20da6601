package verticles.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BusRequest;
import verticles.bus.ErrorCode;
import verticles.bus.Iso;
import verticles.bus.Page;
import verticles.bus.Reply;
import verticles.bus.RequestHash;
import verticles.bus.Values;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The queue's entrance and the email log (issue 15, seed 003 §3.2.1 and §3.2.3): emails are rendered when queued (the
 * log shows what was sent, whatever later template edits), once per dedupe key.
 */
final class Messages {
  private final Pool db;
  private final Templates templates;
  private final Runnable wake;

  Messages(Pool db, Templates templates, Runnable wake) {
    this.db = db;
    this.templates = templates;
    this.wake = wake;
  }

  /**
   * {@code notify.internal.enqueue}: {dedupe_key, template, to, language?, variables} → {message_id}. The same key again
   * answers the first message's id. Unknown template → 404 NOTIFY_TEMPLATE_NOT_FOUND; no key or no address → 400.
   */
  Future<JsonObject> enqueue(JsonObject email) {
    return enqueue(email, null);
  }

  /**
   * {@link #enqueue(JsonObject)} for an API request with an idempotency key, whose body hashes to {@code requestHash}:
   * the same key with another request → 422 IDEMPOTENCY_KEY_REUSED.
   */
  private Future<JsonObject> enqueue(JsonObject email, String requestHash) {
    String key = email.getString("dedupe_key"), to = Values.trimmedOrNull(email.getString("to"));
    if (key == null || key.isBlank() || to == null) {
      return Future.failedFuture(ErrorCode.VALIDATION_REQUIRED_FIELD.error("An email needs a dedupe_key and a recipient"));
    }
    Templates.Shipped template = templates.get(email.getString("template"));
    if (template == null) return Future.failedFuture(unknownTemplate(email.getString("template")));
    String language = Templates.LANGUAGES.contains(email.getString("language")) ? email.getString("language") : "id";
    JsonObject variables = email.getJsonObject("variables", new JsonObject());
    return db.preparedQuery(NotifySql.TEMPLATE_OVERRIDE).execute(Tuple.of(template.id(), language))
      .compose(rows -> {
        Templates.Parts override = rows.size() == 0 ? null : parts(rows.iterator().next());
        Templates.Rendered rendered = templates.render(template, Templates.effective(template, language, override), variables, language);
        return db.preparedQuery(NotifySql.ENQUEUE)
          .execute(Tuple.tuple().addString(key).addString(template.id()).addString(language).addString(to)
            .addString(rendered.subject()).addString(rendered.html()).addString(rendered.text()).addString(requestHash)
            .addBoolean(email.getBoolean("bulk", false)));
      })
      .compose(rows -> {
        if (rows.size() > 0) {
          wake.run();
          return Future.succeededFuture(rows.iterator().next().getUUID("id"));
        }
        return db.preparedQuery(NotifySql.MESSAGE_BY_KEY).execute(Tuple.of(key)).map(found -> {
          Row first = found.iterator().next();
          if (requestHash != null && !requestHash.equals(first.getString("request_hash"))) {
            throw ErrorCode.IDEMPOTENCY_KEY_REUSED.error("This Idempotency-Key was already used for another email");
          }
          return first.getUUID("id");
        });
      })
      .map(id -> new JsonObject().put("message_id", id.toString()));
  }

  /** {@code notify.internal.queuedKeys}: {dedupe_keys: [...]} → {dedupe_keys: [those with a message, whatever its status]}. */
  Future<JsonObject> queuedKeys(JsonObject query) {
    JsonArray keys = query.getJsonArray("dedupe_keys", new JsonArray());
    return db.preparedQuery(NotifySql.QUEUED_KEYS).execute(Tuple.of(keys.stream().map(String::valueOf).toArray(String[]::new)))
      .map(rows -> {
        JsonArray queued = new JsonArray();
        for (Row row : rows) queued.add(row.getString("dedupe_key"));
        return new JsonObject().put("dedupe_keys", queued);
      });
  }

  static Templates.Parts parts(Row row) {
    return new Templates.Parts(row.getString("subject"), row.getString("html_content"), row.getString("text_content"));
  }

  static verticles.bus.ApiError unknownTemplate(String id) {
    return ErrorCode.NOTIFY_TEMPLATE_NOT_FOUND.error("No email template '" + id + "'; templates are " + String.join(", ", Templates.IDS));
  }

  /**
   * POST /api/email/payment-confirmation and /api/email/enrollment-confirmation (admin or service key), the seed's
   * bodies → 200 {message_id} once queued. An {@code Idempotency-Key} makes a retry answer the same message; the same
   * key with another body → 422 IDEMPOTENCY_KEY_REUSED.
   */
  Future<Reply> send(BusRequest req, String template) {
    JsonObject body = req.body();
    JsonObject variables = body.copy();
    variables.remove("email");
    variables.remove("language");
    String idempotency = req.header("idempotency-key");
    String key = idempotency == null ? "api:" + UUID.randomUUID() : "api:" + template + ":" + idempotency;
    JsonObject email = new JsonObject().put("dedupe_key", key).put("template", template).put("to", body.getString("email"))
      .put("language", body.getString("language", "id")).put("variables", variables);
    return enqueue(email, idempotency == null ? null : RequestHash.of(body)).map(queued -> Reply.ok(queued, "Email queued"));
  }

  /** GET /api/email/status/{messageId} (admin) → {message_id, status, template, to, attempts, sent_at, last_error}; 404. */
  Future<Reply> status(BusRequest req) {
    UUID id = Values.uuidOrNull(req.pathParam("messageId"));
    if (id == null) return Future.failedFuture(notFound());
    return db.preparedQuery(NotifySql.STATUS).execute(Tuple.of(id)).map(rows -> {
      if (rows.size() == 0) throw notFound();
      Row row = rows.iterator().next();
      return Reply.ok(new JsonObject()
        .put("message_id", row.getUUID("id").toString())
        .put("status", row.getString("status"))
        .put("template", row.getString("template"))
        .put("to", row.getString("to_address"))
        .put("attempts", row.getInteger("attempts"))
        .put("sent_at", Iso.of(row.getOffsetDateTime("sent_at")))
        .put("last_error", row.getString("last_error")), "Email status retrieved successfully");
    });
  }

  private static verticles.bus.ApiError notFound() {
    return ErrorCode.NOTIFY_MESSAGE_NOT_FOUND.error("No email with this id");
  }

  /**
   * GET /api/email/messages (admin): the email log, newest first; filters {@code to}, {@code template}, {@code status};
   * → {messages: [{message_id, to, template, subject, status, attempts, created_at, sent_at}], pagination}.
   */
  Future<Reply> list(BusRequest req) {
    JsonObject q = req.query();
    Page page = Page.of(req);
    String to = Values.trimmedOrNull(q.getString("to"));
    Tuple filters = Tuple.of(to, q.getString("template"), q.getString("status"));
    return db.preparedQuery(NotifySql.LIST).execute(Tuple.of(to, q.getString("template"), q.getString("status"), page.limit(), page.offset()))
      .compose(rows -> {
        List<JsonObject> items = new ArrayList<>();
        long total = -1;
        for (Row row : rows) {
          total = row.getLong("total");
          items.add(new JsonObject()
            .put("message_id", row.getUUID("id").toString())
            .put("to", row.getString("to_address"))
            .put("template", row.getString("template"))
            .put("subject", row.getString("subject"))
            .put("status", row.getString("status"))
            .put("attempts", row.getInteger("attempts"))
            .put("created_at", Iso.of(row.getOffsetDateTime("created_at")))
            .put("sent_at", Iso.of(row.getOffsetDateTime("sent_at"))));
        }
        // past the last page the window is empty: count apart so pagination stays true
        Future<Long> counted = total >= 0 ? Future.succeededFuture(total)
          : db.preparedQuery(NotifySql.COUNT_FILTERED).execute(filters).map(r -> r.iterator().next().getLong("n"));
        return counted.map(n -> Reply.ok(new JsonObject().put("messages", new JsonArray(items)).put("pagination", page.pagination(n)),
          "Emails retrieved successfully"));
      });
  }
}

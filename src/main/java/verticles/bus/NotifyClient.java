package verticles.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/**
 * The notify verticle's internal address: hand an email over to its queue (issue 15). Callers normally do not use
 * it directly but write an {@link Outbox#email} row in the transaction of the change that causes the email; the
 * outbox hands it over after commit, again until it is acknowledged.
 */
public final class NotifyClient extends InternalClient {
  public static final String ENQUEUE = "notify.internal.enqueue", QUEUED_KEYS = "notify.internal.queuedKeys";
  /**
   * Published by the sending node after each delivery attempt is recorded: {@code {message_id, attempt, status}} with
   * the status the attempt left the message in — {@code sent}, {@code queued} (to be retried) or {@code failed} (a
   * permanent refusal, the last allowed attempt, or a last attempt whose node died mid-send). For whoever watches the
   * queue live (an admin page, a test); the email log ({@code GET /api/email/status/{id}}) stays the record.
   */
  public static final String ATTEMPTED = "notify.internal.attempted";

  public NotifyClient(Vertx vertx, DeliveryOptions options) {
    super(vertx, options);
  }

  /**
   * Queues an email: {@code {dedupe_key, template, to, language?: "id"|"en", variables: {…}, bulk?}} → its message id
   * (uuid). Idempotent on {@code dedupe_key}: the same key again answers the message queued first and sends
   * nothing more. Fails 400 for an unknown template.
   */
  public Future<String> enqueue(JsonObject email) {
    return ask(ENQUEUE, email).map(reply -> reply.getString("message_id"));
  }

  /**
   * The same request in the bulk lane: sent only when no other email is due (the invitations of a CSV import), so a
   * burst never delays a password reset or a registration's confirmation.
   */
  public static JsonObject bulk(JsonObject email) {
    return email.put("bulk", true);
  }

  /**
   * Which of these dedupe keys notify holds a message for already (whatever its status): those emails need no
   * hand-over again. For a caller that re-checks emails it may have handed over before (the class reminders).
   */
  public Future<Set<String>> queuedKeys(Collection<String> dedupeKeys) {
    if (dedupeKeys.isEmpty()) return Future.succeededFuture(Set.of());
    return ask(QUEUED_KEYS, new JsonObject().put("dedupe_keys", ids(dedupeKeys)))
      .map(reply -> new HashSet<>(strings(reply.getJsonArray("dedupe_keys"))));
  }

  /** An email request for {@link #enqueue} / {@link Outbox#email}. */
  public static JsonObject email(String template, String to, String language, JsonObject variables) {
    return new JsonObject().put("template", template).put("to", to)
      .put("language", language == null ? "id" : language).put("variables", variables);
  }
}

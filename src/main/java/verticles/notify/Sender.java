package verticles.notify;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.SMTPException;
import io.vertx.ext.mail.StartTLSOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import verticles.bus.NotifyClient;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The queue's worker on this node (issue 15): claims due messages ({@link NotifySql#CLAIM}: SKIP LOCKED, a lease of
 * {@code mail.send_timeout_seconds}, the cluster-wide {@code mail.rate_per_minute} and {@code mail.rate_per_second}),
 * sends each over SMTP with a stable {@code Message-ID} ({@code <message id@sender's domain>}, so a receiver that
 * de-duplicates drops the copy a crash mid-send can cause), and records the attempt. A failure — also a send that outlasts its lease — is retried after
 * {@code retry_base_seconds × 2^(attempt-1)} (±50% jitter, at most {@code retry_max_seconds}) until
 * {@code max_attempts}; an SMTP 5xx (permanent) fails at once.
 * Runs every {@code poll_seconds}, and when a message is queued on this node: at once, or — right after another pass —
 * half a second later, together with whatever else was queued meanwhile.
 */
final class Sender {
  private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
  /** SMTP connections per node, and so messages claimed per pass: a claimed message never waits for a connection. */
  private static final int POOL = 8;
  /** Messages claimed per pass: one per SMTP connection. */
  static final int BATCH = POOL;
  private static final String NODE = ManagementFactory.getRuntimeMXBean().getName();

  private final Vertx vertx;
  private final Pool db;
  private final MailClient mail;
  private final String from, domain;
  private final int maxAttempts, retryBase, retryMax, ratePerMinute, ratePerSecond, leaseSeconds;

  Sender(Vertx vertx, Pool db, JsonObject settings) {
    this.vertx = vertx;
    this.db = db;
    this.from = settings.getString("from");
    String address = from.contains("<") ? from.substring(from.indexOf('<') + 1, from.indexOf('>')) : from;
    this.domain = address.substring(address.indexOf('@') + 1).trim();
    this.maxAttempts = settings.getInteger("max_attempts");
    this.retryBase = settings.getInteger("retry_base_seconds");
    this.retryMax = settings.getInteger("retry_max_seconds");
    this.ratePerMinute = settings.getInteger("rate_per_minute");
    this.ratePerSecond = settings.getInteger("rate_per_second");
    this.leaseSeconds = settings.getInteger("send_timeout_seconds");
    String user = settings.getString("username", "");
    MailConfig config = new MailConfig()
      .setHostname(settings.getString("host"))
      .setPort(settings.getInteger("port"))
      .setStarttls(StartTLSOptions.valueOf(settings.getString("starttls").toUpperCase(Locale.ROOT)))
      .setLogin(user.isEmpty() ? LoginOption.DISABLED : LoginOption.REQUIRED)
      .setUsername(user.isEmpty() ? null : user)
      .setPassword(user.isEmpty() ? null : settings.getString("password"))
      .setOwnHostname(domain)
      .setConnectTimeout(10_000)
      // a server that accepts the connection and then says nothing would hold the send (and this node's worker)
      // forever: the connection is closed once silent for the lease, and the send given up at the lease's end
      .setIdleTimeout(leaseSeconds)
      .setIdleTimeoutUnit(TimeUnit.SECONDS)
      .setMaxPoolSize(POOL);
    this.mail = MailClient.create(vertx, config);
  }

  /** The stable Message-ID of a message. */
  String messageId(String id) {
    return "<" + id + "@" + domain + ">";
  }

  /**
   * The least time between the end of a pass and the next one a wake-up asks for. A burst of registrations queues an
   * email each: they are claimed together a moment later rather than one pass (five statements, the cluster-wide claim
   * lock) per email — while the rate is spent such passes claim nothing at all.
   */
  private static final long WAKE_GAP_MS = 500;
  private boolean running, again, waiting, closed;
  private long gapTimer = -1;

  /**
   * One pass: claim, send, record; never fails. Calls during a pass, or within {@link #WAKE_GAP_MS} after it, coalesce
   * into one more pass at the gap's end; a pass that claimed a full batch is followed by the next at once, one that
   * claimed fewer (the second's or the minute's rate spent, or the queue) by the next at the gap's end.
   */
  void run() {
    if (closed) return;
    if (running || waiting) {
      again = true;
      return;
    }
    running = true;
    again = false;
    pass().onComplete(done -> {
      running = false;
      if (done.failed()) LOG.warn("Email queue pass postponed: {}", done.cause().getMessage());
      if (done.succeeded() && done.result() == BATCH) { // more may be due
        run();
        return;
      }
      // a backlog paced by mail.rate_per_second drains a few messages a pass: look again after the gap
      if (done.succeeded() && done.result() > 0) again = true;
      waiting = true;
      gapTimer = vertx.setTimer(WAKE_GAP_MS, t -> {
        gapTimer = -1;
        waiting = false;
        if (again) run();
      });
    });
  }

  private Future<Integer> pass() {
    return db.preparedQuery(NotifySql.GIVE_UP_ABANDONED).execute(Tuple.of(maxAttempts))
      .onSuccess(abandoned -> abandoned.forEach(row -> attempted(row.getUUID("id"), row.getInteger("attempts"), "failed")))
      .compose(v -> db.withTransaction(conn -> conn.query(NotifySql.CLAIM_LOCK).execute()
        // the lease outlasts the send's timeout (twice over): a live node records its outcome before anyone may take over
        .compose(locked -> conn.preparedQuery(NotifySql.CLAIM).execute(Tuple.of(BATCH, 2 * leaseSeconds, NODE, ratePerMinute, maxAttempts, ratePerSecond)))))
      .compose(rows -> {
        List<Future<Void>> sends = new ArrayList<>();
        for (Row row : rows) sends.add(send(row));
        return Future.join(sends).map(rows.rowCount());
      });
  }

  /** Tells watchers ({@link NotifyClient#ATTEMPTED}) what an attempt, now recorded, left the message as. */
  private void attempted(UUID id, int attempt, String status) {
    vertx.eventBus().publish(NotifyClient.ATTEMPTED, new JsonObject().put("message_id", id.toString()).put("attempt", attempt)
      .put("status", status));
  }

  private Future<Void> send(Row row) {
    String id = row.getUUID("id").toString();
    int attempt = row.getInteger("attempts");
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().set("Message-ID", messageId(id));
    MailMessage message = new MailMessage()
      .setFrom(from)
      .setTo(row.getString("to_address"))
      .setSubject(row.getString("subject"))
      .setText(row.getString("text_body"))
      .setHtml(row.getString("html_body"))
      .setHeaders(headers);
    Future<?> sending = mail.sendMail(message);
    return sending.timeout(leaseSeconds, TimeUnit.SECONDS).transform(done -> {
      if (done.succeeded()) return sent(row, attempt);
      // a send that outlasts its timeout is a failed attempt (retried after a backoff) — but it goes on and may still
      // be accepted: that is the truth, recorded then, unless another attempt has begun (only then a duplicate)
      if (done.cause() instanceof TimeoutException) sending.onSuccess(late -> sent(row, attempt));
      return failed(row, attempt, done.cause());
    });
  }

  private Future<Void> sent(Row row, int attempt) {
    return db.preparedQuery(NotifySql.SENT).execute(Tuple.of(row.getUUID("id"), attempt))
      .onSuccess(recorded -> attempted(row.getUUID("id"), attempt, "sent"))
      .mapEmpty();
  }

  private Future<Void> failed(Row row, int attempt, Throwable e) {
    boolean permanent = e instanceof SMTPException smtp && smtp.isPermanent();
    boolean last = permanent || attempt >= maxAttempts;
    String error = describe(e);
    LOG.warn("Email {} attempt {} failed{}: {}", row.getUUID("id"), attempt, last ? " for good" : ", will retry", error);
    return db.preparedQuery(NotifySql.FAILED)
      .execute(Tuple.of(row.getUUID("id"), attempt, last, last ? 0.0 : backoffSeconds(attempt), error))
      .onSuccess(recorded -> attempted(row.getUUID("id"), attempt, last ? "failed" : "queued"))
      .<Void>mapEmpty()
      .otherwise(dbDown -> null); // the lease runs out and the message is claimed again
  }

  /** retry_base × 2^(attempt-1), at most retry_max, then ±50% jitter so a burst of failures does not retry in step. */
  double backoffSeconds(int attempt) {
    double base = Math.min((double) retryMax, retryBase * Math.pow(2, Math.min(30, attempt - 1)));
    return base * (0.5 + ThreadLocalRandom.current().nextDouble());
  }

  /** What the log and the status answer show: the SMTP reply, or what went wrong (never credentials). */
  private String describe(Throwable e) {
    String text = e instanceof SMTPException smtp ? String.join(" ", smtp.getReplyMessages()) // each line starts with the code
      : e instanceof TimeoutException ? "the SMTP server did not complete the send within " + leaseSeconds + " s (mail.send_timeout_seconds)"
      : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return text.length() > 500 ? text.substring(0, 500) : text;
  }

  /** No pass starts any more (one under way finishes); the SMTP connections close. */
  Future<Void> close() {
    closed = true;
    if (gapTimer >= 0) vertx.cancelTimer(gapTimer);
    return mail.close();
  }
}

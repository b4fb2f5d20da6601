package verticles.notify;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import verticles.bus.BusRequest;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.NotifyClient;
import verticles.bus.Reply;
import verticles.bus.Values;
import verticles.infra.Database;

import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * Email (issue 15, seed 003 §3): a durable queue in schema {@code notify} that other verticles fill through their
 * outboxes ({@link NotifyClient}), workers on every notify node that send it over SMTP ({@link Sender}), the shipped
 * templates and admins' edits ({@link Templates}), and the email log.
 */
public final class NotifyVerticle extends DomainVerticle {
  @Override
  protected void routes(Endpoints e) {
    e.on("notify.listTemplates", this::listTemplates)
      .on("notify.updateTemplate", this::updateTemplate)
      .on("notify.sendPaymentConfirmation", req -> messages.send(req, "payment-confirmation"))
      .on("notify.sendEnrollmentConfirmation", req -> messages.send(req, "enrollment-confirmation"))
      .on("notify.getStatus", req -> messages.status(req))
      .on("notify.listMessages", req -> messages.list(req))
      .on("notify.emailHealth", this::emailHealth)
      .internal(NotifyClient.ENQUEUE, email -> messages.enqueue(email))
      .internal(NotifyClient.QUEUED_KEYS, query -> messages.queuedKeys(query));
  }

  @Override
  protected String name() {
    return "notify";
  }

  private Pool db;
  private Templates templates;
  private Sender sender;
  private Messages messages;
  private NetClient probe;
  private long timer;

  @Override
  protected Future<?> setUp() {
    JsonObject settings = config().getJsonObject("mail");
    db = Database.pool(vertx, config());
    templates = new Templates(new Formats(ZoneId.of(config().getString("timezone"))));
    sender = new Sender(vertx, db, settings);
    messages = new Messages(db, templates, sender::run);
    probe = vertx.createNetClient(new NetClientOptions().setConnectTimeout(3000));
    timer = vertx.setPeriodic(settings.getInteger("poll_seconds") * 1000L, id -> sender.run());
    sender.run(); // what was queued while no node was sending
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> tearDown() {
    vertx.cancelTimer(timer);
    return Future.join(sender.close(), probe.close()).compose(v -> db.close());
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }

  // --- templates (seed 003 §3.2.2) --------------------------------------------------------------

  /** GET /api/email/templates (admin) → [{id, name, subject (Indonesian, as edited), variables, languages}]. */
  private Future<Reply> listTemplates(BusRequest req) {
    return db.query(NotifySql.TEMPLATE_OVERRIDES).execute().map(rows -> {
      Map<String, String> edited = new HashMap<>();
      for (Row row : rows) edited.put(row.getString("template_id") + "/" + row.getString("language"), row.getString("subject"));
      JsonArray list = new JsonArray();
      for (Templates.Shipped template : templates.all()) {
        list.add(new JsonObject()
          .put("id", template.id())
          .put("name", template.name())
          .put("subject", edited.getOrDefault(template.id() + "/id", template.parts().get("id").subject()))
          .put("variables", template.variableNames())
          .put("languages", new JsonArray(Templates.LANGUAGES)));
      }
      return Reply.ok(list, "Templates retrieved successfully");
    });
  }

  /**
   * PUT /api/email/templates/{templateId} (admin) {subject, html_content, text_content?, language? (id)} → 200 {id, name,
   * subject}. Without text_content the language's current text part stays. A variable the template does not offer, a
   * broken template, a partial or an unescaped value in the HTML part → 400 NOTIFY_TEMPLATE_INVALID naming the field
   * (and the variable); unknown template → 404 NOTIFY_TEMPLATE_NOT_FOUND.
   */
  private Future<Reply> updateTemplate(BusRequest req) {
    Templates.Shipped template = templates.get(req.pathParam("templateId"));
    if (template == null) return Future.failedFuture(Messages.unknownTemplate(req.pathParam("templateId")));
    JsonObject body = req.body();
    String language = body.getString("language", "id");
    return db.preparedQuery(NotifySql.TEMPLATE_OVERRIDE).execute(Tuple.of(template.id(), language)).compose(rows -> {
      Templates.Parts current = Templates.effective(template, language, rows.size() == 0 ? null : Messages.parts(rows.iterator().next()));
      Templates.Parts next = new Templates.Parts(body.getString("subject").strip(), body.getString("html_content"),
        body.getString("text_content", current.text()));
      Templates.Problem problem = Templates.problem(template, next);
      if (problem != null) return Future.failedFuture(Templates.invalid(problem));
      return db.preparedQuery(NotifySql.SAVE_TEMPLATE).execute(Tuple.of(template.id(), language, next.subject(), next.html(),
          next.text(), Values.uuidOrNull(req.user().id())))
        .map(saved -> Reply.ok(new JsonObject().put("id", template.id()).put("name", template.name()).put("subject", next.subject()),
          "Template updated successfully"));
    });
  }

  // --- health (seed 003 §3.2.4) -----------------------------------------------------------------

  private long probedAt;
  private boolean smtpUp;

  /**
   * GET /api/email/health (public) → {status, queue: {queued, failed}, smtp: up|down}. The SMTP server is probed with a
   * TCP connection at most every 10 s, so the public answer cannot be used to hammer it.
   */
  private Future<Reply> emailHealth(BusRequest req) {
    return Future.join(db.query(NotifySql.QUEUE_HEALTH).execute(), smtp()).map(done -> {
      io.vertx.sqlclient.RowSet<Row> counts = done.resultAt(0);
      Row queue = counts.iterator().next();
      boolean up = done.resultAt(1);
      return Reply.ok(new JsonObject()
        .put("status", up ? "up" : "degraded")
        .put("queue", new JsonObject().put("queued", queue.getLong("queued")).put("failed", queue.getLong("failed")))
        .put("smtp", up ? "up" : "down"), up ? "Email service is healthy" : "Email service cannot reach its SMTP server");
    });
  }

  private Future<Boolean> smtp() {
    long now = System.currentTimeMillis();
    if (now - probedAt < 10_000) return Future.succeededFuture(smtpUp);
    probedAt = now;
    JsonObject mail = config().getJsonObject("mail");
    return probe.connect(mail.getInteger("port"), mail.getString("host"))
      .compose(socket -> socket.close().map(true))
      .otherwise(false)
      .onSuccess(up -> smtpUp = up);
  }
}

package verticles.chat;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import verticles.bus.AuthClient;
import verticles.bus.ChatClient;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.Events;
import verticles.infra.Database;
import verticles.infra.Jwt;
import verticles.infra.RedisStore;

/**
 * Live chat (seed §6, the course platform's chat, the customer-service flow): guest and member sessions
 * ({@link Sessions}), messages over REST and the catalog {@link Assistant} ({@link Messages}), frames from
 * the SockJS bridge ({@link Frames}, on {@code chat.internal.frame}), what browsers hear ({@link Pushes}),
 * row mapping ({@link ChatRows}). This class holds the route table and the wiring.
 */
public final class ChatVerticle extends DomainVerticle {

  @Override
  protected void routes(Endpoints e) {
    e.on("chat.createSession", req -> sessions.create(req))
      .on("chat.listSessions", req -> sessions.list(req))
      .on("chat.mySessions", req -> sessions.mine(req))
      .on("chat.getSession", req -> sessions.get(req))
      .on("chat.updateSession", req -> sessions.update(req))
      .on("chat.listMessages", req -> messages.list(req))
      .on("chat.sendMessage", req -> messages.send(req))
      .on("chat.assignSession", req -> sessions.assign(req))
      .on("chat.handoffSession", req -> sessions.handoff(req))
      .on("chat.closeSession", req -> sessions.close(req))
      .on("chat.stats", req -> sessions.stats(req))
      .internal(ChatClient.DASHBOARD, q -> sessions.dashboard(q))
      .internalWithHeaders(ChatClient.FRAME, (headers, body) -> frames.handle(headers, body));
  }

  @Override
  protected String name() {
    return "chat";
  }

  private Pool db;
  private RedisAPI redis;
  private Assistant assistant;
  private Sessions sessions;
  private Messages messages;
  private Frames frames;

  @Override
  protected Future<?> setUp() {
    JsonObject settings = config().getJsonObject("chat");
    db = Database.pool(vertx, config());
    redis = RedisStore.api(vertx, config());
    Events events = new Events(vertx, redis, "chat");
    OfficeHours officeHours = OfficeHours.from(config());
    Notices notices = new Notices(officeHours, settings.getString("offline_message"), settings.getString("offline_message_en"));
    Staff staff = new Staff(new AuthClient(vertx, askOptions()));
    Pushes pushes = new Pushes(vertx.eventBus());
    // the assistant asks the catalog, then scheduling: half each
    assistant = new Assistant(vertx, Llm.from(vertx, settings), officeHours.zone(), askOptions().getSendTimeout() / 2);
    sessions = new Sessions(db, settings, events, Jwt.chatProvider(vertx, config()), Jwt.chatOptions(config()),
      officeHours, notices, staff, pushes);
    messages = new Messages(vertx, db, settings, officeHours, notices, events, staff, pushes, sessions, assistant);
    frames = new Frames(vertx, db, settings, sessions, messages, pushes, notices);
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> tearDown() {
    messages.stop();
    frames.stop();
    assistant.close();
    redis.close();
    return db.close();
  }

  @Override
  protected Future<JsonObject> health() {
    return db.query(ChatSql.PING).execute()
      .map(rows -> new JsonObject().put("status", "up").put("database", "up"))
      .otherwise(new JsonObject().put("status", "up").put("database", "down"));
  }
}

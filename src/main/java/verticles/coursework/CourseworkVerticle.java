package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.Events;
import verticles.bus.Outbox;
import verticles.infra.Database;
import verticles.infra.RedisStore;

/**
 * Coursework (schema {@code coursework}, issue 17, seed 003 §7): a course's assignments, the students' submissions and
 * their grades, with the due-date rules in the academy's time zone. This class wires the handlers and holds the route
 * table; the operations live in one class per concern.
 */
public final class CourseworkVerticle extends DomainVerticle {

  @Override
  protected void routes(Endpoints e) {
    e.internal(Jobs.RUN, q -> jobs.run());
  }

  @Override
  protected String name() {
    return "coursework";
  }

  private Pool db;
  private RedisAPI redis;
  private Outbox outbox;
  private long timer = -1;
  private Jobs jobs;

  @Override
  protected Future<?> setUp() {
    JsonObject config = config();
    db = Database.pool(vertx, config);
    redis = RedisStore.api(vertx, config);
    outbox = new Outbox(vertx, db, new Events(vertx, redis, "coursework"), "coursework", askOptions());
    timer = vertx.setPeriodic(10_000, id -> outbox.flush());
    outbox.flush(); // what a stopped node left unpublished
    JobSettings jobSettings = JobSettings.of(config);
    Mailing mailing = new Mailing(vertx, askOptions(), jobSettings.academyUrl());
    jobs = new Jobs(vertx, new Announcements(db, mailing),
      new DueDateReminders(db, mailing, outbox, jobSettings.reminderLeadMinutes()));
    jobs.start(jobSettings.intervalSeconds()); // announcements and due-date reminders, once per cluster
    return Future.succeededFuture();
  }

  @Override
  protected Future<?> tearDown() {
    if (timer >= 0) vertx.cancelTimer(timer);
    return (jobs == null ? Future.succeededFuture() : jobs.stop()).transform(stopped -> {
      redis.close();
      return db.close();
    });
  }

  @Override
  protected Future<JsonObject> health() {
    return databaseHealth(db);
  }
}

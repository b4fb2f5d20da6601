package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;
import verticles.bus.DomainVerticle;
import verticles.bus.Endpoints;
import verticles.bus.Events;
import verticles.bus.LocalTimes;
import verticles.bus.Outbox;
import verticles.infra.Database;
import verticles.infra.RedisStore;

/**
 * Coursework (schema {@code coursework}, issue 17, seed 003 §7): a course's assignments, the students' submissions and
 * their grades, with the due-date rules in the academy's time zone. This class wires the handlers and holds the route
 * table; the operations live in one class per concern: {@link Assignments}, {@link Submissions}, {@link Grading}
 * (who may do what: {@link Access}; JSON: {@link AssignmentViews}; SQL: {@link CourseworkSql}). Events and emails
 * leave through {@code coursework.outbox}, written in the transaction of their change and flushed after commit.
 */
public final class CourseworkVerticle extends DomainVerticle {

  @Override
  protected void routes(Endpoints e) {
    e.on("coursework.createAssignment", req -> assignments.create(req))
      .on("coursework.listAssignments", req -> assignments.list(req))
      .on("coursework.courseAssignments", req -> assignments.ofCourse(req))
      .on("coursework.getAssignment", req -> assignments.get(req))
      .on("coursework.updateAssignment", req -> assignments.update(req))
      .on("coursework.deleteAssignment", req -> assignments.delete(req))
      .on("coursework.listSubmissions", req -> submissions.list(req))
      .on("coursework.mySubmissions", req -> submissions.mine(req))
      .on("coursework.courseSubmissions", req -> submissions.ofCourse(req))
      .on("coursework.userSubmissions", req -> submissions.ofUser(req))
      .on("coursework.submit", req -> submissions.submit(req))
      .on("coursework.updateSubmission", req -> submissions.update(req))
      .on("coursework.gradeSubmission", req -> grading.grade(req))
      .internal(Jobs.RUN, q -> jobs.run());
  }

  @Override
  protected String name() {
    return "coursework";
  }

  private Pool db;
  private RedisAPI redis;
  private Outbox outbox;
  private Assignments assignments;
  private Submissions submissions;
  private Grading grading;
  private long timer = -1;
  private Jobs jobs;

  @Override
  protected Future<?> setUp() {
    JsonObject config = config();
    db = Database.pool(vertx, config);
    redis = RedisStore.api(vertx, config);
    outbox = new Outbox(vertx, db, new Events(vertx, redis, "coursework"), CourseworkSql.SCHEMA, askOptions());
    LocalTimes times = LocalTimes.of(config);
    Lookups lookups = new Lookups(vertx, askOptions());
    Access access = new Access(lookups);
    AssignmentViews views = new AssignmentViews(times);
    Runnable flush = outbox::flush;
    // a publication or a moved due date is announced or re-armed at once, not at the jobs' next tick
    assignments = new Assignments(db, lookups, access, views, times, () -> {
      outbox.flush();
      jobs.runSoon();
    });
    submissions = new Submissions(db, lookups, access, views, times, flush);
    grading = new Grading(db, lookups, views, flush);
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

package verticles.coursework;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coursework jobs, once per cluster: every {@code coursework.job_interval_seconds} each node tries the cluster-wide
 * lock {@link #LOCK} (1 s); the holder runs the {@link Announcements} and then the {@link DueDateReminders}, and
 * releases it. {@link #runSoon()} runs them right after a change committed (a publication, a moved due date), so an
 * announcement need not wait for the next period. Each job's emails carry their own dedupe keys and each mark is a
 * compare-and-set, so even overlapping runs (a lock lost with its node) send nobody an email twice; the lock only
 * spares the work.
 */
final class Jobs {
  private static final Logger LOG = LoggerFactory.getLogger(Jobs.class);
  /** The cluster-wide lock of a run. */
  static final String LOCK = "coursework.jobs";
  /** Internal address: one run on this node, now → {@link #run()}'s answer (for operators and tests). */
  static final String RUN = "coursework.internal.runJobs";
  /** How long a periodic run waits for the lock (another node's run) before it skips. */
  private static final long LOCK_WAIT_MS = 1000;
  /**
   * How long a run asked for after a commit waits: another node's run may have read its assignments before that
   * commit, so this one waits for it to finish rather than skip.
   */
  private static final long SOON_LOCK_WAIT_MS = 10_000;

  private final Vertx vertx;
  private final Announcements announcements;
  private final DueDateReminders reminders;
  private long timer = -1;
  private boolean running, again, stopped;
  /** The run of this node in progress, if any (its end, never failed). */
  private Future<?> current = Future.succeededFuture();

  Jobs(Vertx vertx, Announcements announcements, DueDateReminders reminders) {
    this.vertx = vertx;
    this.announcements = announcements;
    this.reminders = reminders;
  }

  /** Starts the periodic runs. */
  void start(int intervalSeconds) {
    timer = vertx.setPeriodic(intervalSeconds * 1000L, id -> {
      if (!running) runLocally(LOCK_WAIT_MS);
    });
  }

  /** Stops the periodic runs; → when this node's run in progress (if any) has ended, so its pool may close. */
  Future<Void> stop() {
    stopped = true;
    if (timer >= 0) vertx.cancelTimer(timer);
    timer = -1;
    return current.<Void>mapEmpty().otherwiseEmpty();
  }

  /**
   * A run as soon as possible, after a change committed (the API calls it after publishing an assignment or moving its
   * due date). Calls while this node runs the jobs coalesce into one more run after it. Never fails.
   */
  void runSoon() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    runLocally(SOON_LOCK_WAIT_MS);
  }

  private void runLocally(long lockWaitMs) {
    running = true;
    again = false;
    current = run(lockWaitMs).onComplete(done -> {
      running = false;
      if (done.failed()) LOG.warn("Coursework jobs failed: {}", done.cause().getMessage());
      if (again) runSoon();
    });
  }

  /**
   * One run under the lock → {announcements: {announced, emails, postponed}, reminders: {reminded, emails, postponed}},
   * or {skipped: true} when another run held the lock for a second.
   */
  Future<JsonObject> run() {
    return run(LOCK_WAIT_MS);
  }

  private Future<JsonObject> run(long lockWaitMs) {
    return vertx.sharedData().getLockWithTimeout(LOCK, lockWaitMs).transform(locked -> {
      if (locked.failed()) return Future.succeededFuture(new JsonObject().put("skipped", true));
      if (stopped) { // the node stopped while this run waited for the lock
        locked.result().release();
        return Future.succeededFuture(new JsonObject().put("skipped", true));
      }
      JsonObject result = new JsonObject();
      return announcements.run()
        .recover(e -> {
          LOG.warn("Assignment announcements failed: {}", e.getMessage());
          return Future.succeededFuture(new JsonObject().put("failed", e.getMessage()));
        })
        .compose(announced -> {
          result.put("announcements", announced);
          return reminders.run().recover(e -> {
            LOG.warn("Due-date reminders failed: {}", e.getMessage());
            return Future.succeededFuture(new JsonObject().put("failed", e.getMessage()));
          });
        })
        .map(reminded -> result.put("reminders", reminded))
        .onComplete(done -> locked.result().release());
    });
  }
}

package verticles.coursework;

import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.coursework.JobFixtures.Account;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.coursework.JobFixtures.mails;
import static verticles.coursework.JobFixtures.queued;
import static verticles.coursework.JobFixtures.run;

/**
 * The due-date reminder (issue 17): 24 h (the default {@code coursework.reminder_lead_minutes}) before an ACTIVE
 * assignment is due, each approved student of its course who has not submitted it gets one {@code assignment-reminder},
 * however often the job runs; the assignment is marked and {@code assignment.reminder} leaves through the outbox once;
 * assignments due later, past due, or not announced yet are not reminded; moving the due date re-arms it.
 * Assignments are written through the API, which starts the jobs at once (the announcement, and the reminder when
 * due): a test's {@code run()} either does the work or finds it done, and the outcome asserted is the same.
 */
class DueDateReminderTest {
  static final String TEMPLATE = "assignment-reminder";
  static String admin, web;
  static Account ani, budi, citra;

  @BeforeAll
  static void academy() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    admin = TestUsers.adminToken();
    Account teacher = JobFixtures.account("instructor", "guru@remind.test", "Bu Guru");
    ani = JobFixtures.account("student", "ani@remind.test", "Ani Lestari");
    budi = JobFixtures.account("student", "budi@remind.test", "Budi Santoso");
    citra = JobFixtures.account("student", "citra@remind.test", "Citra Dewi");
    web = JobFixtures.course(admin, "Pemrograman Web", teacher.id());
    JobFixtures.approved(admin, ani.id(), web);
    JobFixtures.approved(admin, budi.id(), web);
    JobFixtures.pending(citra, web);
  }

  @BeforeEach
  void noAssignments() {
    TestApp.sql("TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE;"
      + "DELETE FROM notify.messages WHERE template LIKE 'assignment-%'");
    Mailbox.clear();
  }

  /** An assignment of the web course created through the API by the admin, due at {@code due} → its id. */
  private static String assignment(String title, String status, Instant due, int points, boolean allowLate) {
    return Work.assignment(admin, web, title, status, due, points, allowLate);
  }

  /** An ACTIVE assignment of the web course, due at {@code due}, announced by the time this returns. */
  private static String announcedAssignment(String title, Instant due, boolean allowLate) {
    String assignment = assignment(title, "ACTIVE", due, 100, allowLate);
    run();
    assertTrue(announced(assignment), title);
    return assignment;
  }

  private static boolean announced(String assignmentId) {
    return TestApp.count("SELECT count(*) FROM coursework.assignments WHERE announced_at IS NOT NULL AND id = '" + assignmentId + "'") == 1;
  }

  private static boolean reminded(String assignmentId) {
    return TestApp.count("SELECT count(*) FROM coursework.assignments WHERE reminded_at IS NOT NULL AND id = '" + assignmentId + "'") == 1;
  }

  /** The data of the assignment.reminder events in the outbox, oldest first. */
  private static JsonArray reminderEvents() {
    JsonArray events = new JsonArray();
    try (Connection c = TestApp.connection(); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT data::text FROM coursework.outbox WHERE event_type = 'assignment.reminder' ORDER BY id")) {
      while (rs.next()) events.add(new JsonObject(rs.getString(1)));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return events;
  }

  @Test
  void studentsWhoHaveNotSubmittedGetOneReminderHoweverOftenTheJobRuns() {
    Instant due = Instant.now().plus(5, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    Promise<JsonObject> published = Promise.promise();
    MessageConsumer<JsonObject> events = TestApp.get().vertx().eventBus()
      .consumer("events.assignment.reminder", m -> published.tryComplete(m.body()));
    TestApp.await(events.completion());
    try {
      // announced while due outside the reminder's window; Budi submits; then the due date comes into the window
      String assignment = announcedAssignment("Halaman HTML & CSS", Instant.now().plus(3, ChronoUnit.DAYS), false);
      Work.submission(budi.token(), assignment, "SUBMITTED");
      Work.moveDueDate(admin, assignment, due);
      run();
      Mailbox.Mail mail = mails(ani.email(), "Pengingat tugas: ", 1).get(0);
      assertEquals("Pengingat tugas: Halaman HTML & CSS, batas " + JobFixtures.shown(due), mail.subject());
      assertTrue(mail.text().startsWith("Halo Ani Lestari,"), mail.text());
      assertTrue(mail.text().contains("Tugas Halaman HTML & CSS di kursus Pemrograman Web belum Anda kumpulkan."), mail.text());
      assertTrue(mail.text().contains("Nilai maksimal: 100 poin"), mail.text());
      assertTrue(reminded(assignment));
      assertEquals(1, TestApp.count("SELECT count(*) FROM notify.messages WHERE dedupe_key = 'assignment-reminder:" + assignment
        + ":" + ani.id() + ":" + due.getEpochSecond() + "'"));

      // the event, published from the outbox after the mark committed, with the seed payload
      JsonObject event = TestApp.await(published.future());
      assertEquals("assignment.reminder", event.getString("event_type"));
      assertEquals("coursework", event.getJsonObject("metadata").getString("source_service"));
      JsonObject data = event.getJsonObject("data");
      assertEquals(assignment, data.getString("assignment_id"));
      assertEquals(web, data.getString("course_id"));
      assertEquals(due.toString(), data.getString("due_date"));
      assertEquals(1440, data.getInteger("lead_minutes"));
      assertEquals(new JsonArray().add(ani.id()), data.getJsonArray("student_ids"), "only who had not submitted");
    } finally {
      TestApp.await(events.unregister());
    }

    for (int i = 0; i < 2; i++) {
      JsonObject again = run().getJsonObject("reminders");
      assertEquals(0, again.getInteger("reminded"), again.encode());
      assertEquals(0, again.getInteger("emails"), again.encode());
    }
    assertEquals(1, queued(TEMPLATE, ani.email()));
    assertEquals(0, queued(TEMPLATE, budi.email()), "Budi submitted: no reminder");
    assertEquals(0, queued(TEMPLATE, citra.email()), "Citra's registration is pending: no reminder");
    assertEquals(1, mails(ani.email(), "Pengingat tugas: ", 1).size());
    assertEquals(1, reminderEvents().size(), "assignment.reminder written once");
  }

  @Test
  void assignmentsDueLaterPastDueDraftOrNotAnnouncedAreNotReminded() {
    String later = announcedAssignment("Proyek akhir", Instant.now().plus(30, ChronoUnit.HOURS), false);
    String pastDue = announcedAssignment("Kuis kemarin", Instant.now().minus(1, ChronoUnit.HOURS), true);
    String draft = assignment("Draf tugas", "DRAFT", Instant.now().plus(5, ChronoUnit.HOURS), 10, false);

    run();
    assertFalse(reminded(later));
    assertFalse(reminded(pastDue));
    assertFalse(reminded(draft));
    assertEquals(0, TestApp.count("SELECT count(*) FROM notify.messages WHERE template = '" + TEMPLATE + "'"));
  }

  /**
   * An assignment published a few hours before it is due: the announcement goes first, the reminder follows (in the
   * same run here): each student gets both, once. While the announcement cannot go out (notify refuses it), the
   * published assignment is not reminded either.
   */
  @Test
  void anAssignmentIsRemindedOnlyAfterItsAnnouncement() {
    Instant due = Instant.now().plus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    String assignment = assignment("Tugas kilat", "DRAFT", due, 20, false);
    run();
    assertFalse(reminded(assignment), "a draft: neither announced nor reminded");

    TestApp.sql("""
      CREATE FUNCTION notify.refuse_announcements() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '57P03'; END $$;
      CREATE TRIGGER refuse_announcements BEFORE INSERT ON notify.messages
        FOR EACH ROW WHEN (NEW.template = 'assignment-published') EXECUTE FUNCTION notify.refuse_announcements()""");
    try {
      Work.publish(admin, assignment);
      run();
      assertFalse(announced(assignment), "notify refuses the announcement: the assignment stays due for it");
      assertFalse(reminded(assignment), "published but not announced: not reminded");
      assertEquals(0, TestApp.count("SELECT count(*) FROM notify.messages WHERE template = '" + TEMPLATE + "'"));
    } finally {
      TestApp.sql("DROP TRIGGER refuse_announcements ON notify.messages; DROP FUNCTION notify.refuse_announcements()");
    }

    run();
    assertTrue(reminded(assignment));
    assertEquals(1, queued("assignment-published", ani.email()));
    assertEquals(1, queued(TEMPLATE, ani.email()));
    assertEquals("Pengingat tugas: Tugas kilat, batas " + JobFixtures.shown(due), mails(budi.email(), "Pengingat tugas: ", 1).get(0).subject());
  }

  @Test
  void movingTheDueDateReArmsTheReminder() {
    Instant due = Instant.now().plus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES);
    String assignment = announcedAssignment("Formulir dengan JavaScript", due, false);
    run();
    mails(ani.email(), "Pengingat tugas: ", 1);
    assertTrue(reminded(assignment));

    Instant moved = due.plus(2, ChronoUnit.HOURS);
    Work.moveDueDate(admin, assignment, moved);
    run();
    for (Account student : new Account[]{ani, budi}) {
      Mailbox.Mail second = mails(student.email(), "Pengingat tugas: ", 2).get(1);
      assertEquals("Pengingat tugas: Formulir dengan JavaScript, batas " + JobFixtures.shown(moved), second.subject());
      assertEquals(2, queued(TEMPLATE, student.email()));
    }
    assertTrue(reminded(assignment));
    assertEquals(2, reminderEvents().size());
    assertEquals(moved.toString(), reminderEvents().getJsonObject(1).getString("due_date"));

    // moved out of the window: not reminded again until it comes back into it
    Work.moveDueDate(admin, assignment, Instant.now().plus(3, ChronoUnit.DAYS));
    run();
    assertFalse(reminded(assignment));
    assertEquals(2, queued(TEMPLATE, ani.email()));
  }
}

package verticles.coursework;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.coursework.JobFixtures.Account;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.coursework.JobFixtures.mails;
import static verticles.coursework.JobFixtures.queued;
import static verticles.coursework.JobFixtures.run;

/**
 * The announcement of a published assignment (issue 17, "assignment.published emails the course's approved
 * students"): each approved student of the course gets one {@code assignment-published} email in their language,
 * however often the job runs; pending students, students of other courses and drafts get nothing; an email notify did
 * not take is handed over on the next run (only that one); students approved after the announcement get none.
 * Assignments are created and published through the API, which starts the jobs at once: a test's {@code run()} then
 * either does the announcement or finds it done, and the outcome asserted is the same.
 */
class AnnouncementTest {
  static final String TEMPLATE = "assignment-published";
  static String admin, web, data;
  static Account teacher, ani, budi, citra, dodi;
  static String emma;

  @BeforeAll
  static void academy() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    admin = TestUsers.adminToken();
    teacher = JobFixtures.account("instructor", "guru@announce.test", "Pak Guru");
    ani = JobFixtures.account("student", "ani@announce.test", "Ani Lestari");
    budi = JobFixtures.account("student", "budi@announce.test", "Budi Santoso");
    citra = JobFixtures.account("student", "citra@announce.test", "Citra Dewi");
    dodi = JobFixtures.account("student", "dodi@announce.test", "Dodi Pratama");
    web = JobFixtures.course(admin, "Pemrograman Web", teacher.id());
    data = JobFixtures.course(admin, "Analisis Data", teacher.id());
    JobFixtures.approved(admin, ani.id(), web);
    JobFixtures.approved(admin, budi.id(), web);
    JobFixtures.pending(citra, web);
    JobFixtures.approved(admin, dodi.id(), data);
    emma = JobFixtures.approvedFromRegistration(admin, web, "emma@announce.test", "Emma Watson", "en-GB,en;q=0.9");
  }

  @BeforeEach
  void noAssignments() {
    TestApp.sql("TRUNCATE coursework.submissions, coursework.assignments, coursework.outbox CASCADE;"
      + "DELETE FROM notify.messages WHERE template LIKE 'assignment-%'");
    Mailbox.clear();
  }

  /** An assignment of the web course created through the API by the admin → its id. */
  private static String assignment(String title, String status, Instant due, int points, boolean allowLate) {
    return Work.assignment(admin, web, title, status, due, points, allowLate);
  }

  private static boolean announced(String assignmentId) {
    return TestApp.count("SELECT count(*) FROM coursework.assignments WHERE announced_at IS NOT NULL AND id = '" + assignmentId + "'") == 1;
  }

  /**
   * The state a run leaves when the assignment was taken back to DRAFT between its emails and its mark (the mark is a
   * compare-and-set on ACTIVE): emails queued, {@code announced_at} null. SQL because no API call reaches it on demand.
   */
  private static void runLostItsMarkToTheDraft(String assignmentId) {
    TestApp.sql("UPDATE coursework.assignments SET announced_at = NULL WHERE status = 'DRAFT' AND id = '" + assignmentId + "'");
  }

  @Test
  void eachApprovedStudentOfTheCourseGetsOneAnnouncementHoweverOftenTheJobRuns() {
    Instant due = Instant.now().plus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    String html = assignment("Halaman HTML & CSS", "ACTIVE", due, 100, false);
    String draft = assignment("Draf proyek akhir", "DRAFT", due, 50, false);

    run();
    for (Account student : new Account[]{ani, budi}) {
      Mailbox.Mail mail = mails(student.email(), "Tugas baru: ", 1).get(0);
      assertEquals("Tugas baru: Halaman HTML & CSS — Pemrograman Web", mail.subject());
      assertTrue(mail.text().contains("Batas waktu: " + JobFixtures.shown(due)), mail.text());
      assertTrue(mail.text().contains("Nilai maksimal: 100 poin"), mail.text());
      assertTrue(mail.text().contains("Masuk di http://127.0.0.1:" + TestApp.port() + "/ untuk membaca tugas"), mail.text());
      assertTrue(mail.html().contains("Halaman HTML &amp; CSS"), "escaped in HTML: " + mail.html());
    }
    assertTrue(mails(ani.email(), "Tugas baru: ", 1).get(0).text().startsWith("Halo Ani Lestari,"));
    Mailbox.Mail english = mails("emma@announce.test", "New assignment: ", 1).get(0);
    assertEquals("New assignment: Halaman HTML & CSS — Pemrograman Web", english.subject(), "in her registration's language");
    assertTrue(english.text().startsWith("Hello Emma Watson,"), english.text());
    assertTrue(english.text().contains("Due: " + JobFixtures.shownInEnglish(due)), english.text());
    assertTrue(announced(html));

    // more runs: the assignment is announced, nothing more is handed to notify
    for (int i = 0; i < 2; i++) {
      JsonObject again = run().getJsonObject("announcements");
      assertEquals(0, again.getInteger("announced"), again.encode());
      assertEquals(0, again.getInteger("emails"), again.encode());
    }
    for (String to : new String[]{ani.email(), budi.email(), "emma@announce.test"}) assertEquals(1, queued(TEMPLATE, to), to);
    assertEquals(3, TestApp.count("SELECT count(*) FROM notify.messages WHERE template = '" + TEMPLATE + "'"),
      "nobody else: not the pending Citra, not Dodi of another course, not the teacher");
    assertEquals(0, queued(TEMPLATE, citra.email()));
    assertEquals(0, queued(TEMPLATE, dodi.email()));
    assertEquals(1, TestApp.count("SELECT count(*) FROM notify.messages WHERE dedupe_key = 'assignment-published:" + html + ":" + ani.id() + "'"));
    assertTrue(!announced(draft), "a draft is not announced");
    assertEquals(0, TestApp.count("SELECT count(*) FROM notify.messages WHERE dedupe_key LIKE 'assignment-published:" + draft + ":%'"));
    assertEquals(1, mails(ani.email(), "Tugas baru: ", 1).size(), "Ani's mailbox holds one announcement");
  }

  @Test
  void aDraftIsAnnouncedWhenItIsPublishedAndOnlyOnceIfItGoesBackAndForth() {
    Instant due = Instant.now().plus(7, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MINUTES);
    String draft = assignment("Formulir dengan JavaScript", "DRAFT", due, 80, false);
    run();
    assertEquals(0, TestApp.count("SELECT count(*) FROM notify.messages WHERE template = '" + TEMPLATE + "'"));

    Work.publish(admin, draft);
    run();
    assertEquals("Tugas baru: Formulir dengan JavaScript — Pemrograman Web", mails(budi.email(), "Tugas baru: ", 1).get(0).subject());
    assertTrue(announced(draft));

    // back to draft and published again, due again for the job: the same keys, nobody hears it twice
    Work.changed(admin, draft, new JsonObject().put("status", "DRAFT"));
    runLostItsMarkToTheDraft(draft);
    Work.publish(admin, draft);
    run();
    assertTrue(announced(draft));
    assertEquals(1, queued(TEMPLATE, budi.email()));
    assertEquals(3, TestApp.count("SELECT count(*) FROM notify.messages WHERE template = '" + TEMPLATE + "'"));
  }

  @Test
  void anEmailNotifyDidNotAcceptIsHandedOverOnTheNextRunAndOnlyThatOne() {
    TestApp.sql("""
      CREATE FUNCTION notify.refuse_budi() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '57P03'; END $$;
      CREATE TRIGGER refuse_budi BEFORE INSERT ON notify.messages
        FOR EACH ROW WHEN (NEW.to_address = 'budi@announce.test') EXECUTE FUNCTION notify.refuse_budi()""");
    String assignment;
    try {
      assignment = assignment("Tata letak dengan Flexbox", "ACTIVE", Instant.now().plus(4, ChronoUnit.DAYS), 100, false);
      JsonObject first = run().getJsonObject("announcements");
      assertEquals(0, first.getInteger("announced"), first.encode());
      assertEquals(1, first.getInteger("postponed"), first.encode());
      assertEquals(1, queued(TEMPLATE, ani.email()));
      assertEquals(0, queued(TEMPLATE, budi.email()));
      assertTrue(!announced(assignment), "the assignment stays due while one of its emails is not accepted");
    } finally {
      TestApp.sql("DROP TRIGGER refuse_budi ON notify.messages; DROP FUNCTION notify.refuse_budi()");
    }

    run(); // this run (or a periodic one before it) hands Budi's email over; notify has the others already
    assertEquals("Tugas baru: Tata letak dengan Flexbox — Pemrograman Web", mails(budi.email(), "Tugas baru: ", 1).get(0).subject());
    assertTrue(announced(assignment));
    for (String to : new String[]{ani.email(), budi.email(), "emma@announce.test"}) assertEquals(1, queued(TEMPLATE, to), to);
  }

  /**
   * Decision: the announcement is for the students of the course when it goes out; a student approved later finds the
   * assignment in the course's list, with no email. And an assignment published past its due date without late
   * submissions is marked without an email: there is nothing left to do.
   */
  @Test
  void studentsApprovedLaterAndPastDueAssignmentsGetNoEmail() {
    String assignment = assignment("Responsif dengan media query", "ACTIVE", Instant.now().plus(3, ChronoUnit.DAYS), 60, false);
    run();
    assertTrue(announced(assignment));
    Account eka = JobFixtures.account("student", "eka@announce.test", "Eka Putri");
    JobFixtures.approved(admin, eka.id(), web);
    String pastDue = assignment("Kuis minggu lalu", "ACTIVE", Instant.now().minus(1, ChronoUnit.HOURS), 10, false);
    String pastDueLateAllowed = assignment("Latihan susulan", "ACTIVE", Instant.now().minus(1, ChronoUnit.HOURS), 10, true);

    run();
    assertTrue(announced(pastDue));
    assertTrue(announced(pastDueLateAllowed));
    assertEquals(0, TestApp.count("SELECT count(*) FROM notify.messages WHERE dedupe_key LIKE 'assignment-published:" + assignment + ":%' "
      + "AND to_address = 'eka@announce.test'"), "approved after the announcement: no email");
    assertEquals(0, TestApp.count("SELECT count(*) FROM notify.messages WHERE dedupe_key LIKE 'assignment-published:" + pastDue + ":%'"));
    // late submissions are still possible: the students hear of it (Eka too, she is a student of the course now)
    assertEquals(4, TestApp.count("SELECT count(*) FROM notify.messages WHERE dedupe_key LIKE 'assignment-published:" + pastDueLateAllowed + ":%'"));
    assertEquals("Tugas baru: Latihan susulan — Pemrograman Web", mails("eka@announce.test", "Tugas baru: ", 1).get(0).subject());
  }
}

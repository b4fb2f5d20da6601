package verticles.scheduling;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import verticles.Api;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.scheduling.Sched.Account;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Class reminders by email (issue 15): each approved student of a class starting within the lead time gets one
 * class-reminder, once per class and student however often the job runs, in the language of the student's
 * registration; a student placed on the class after its reminder gets one from the next run; an email notify did not
 * accept is handed over again on the next run (and only that one is new); a moved class is reminded again at its new
 * time.
 */
class ReminderEmailTest {
  static String admin;
  static Account teacher, ani, budi;
  static String course;
  String room;

  @BeforeAll
  static void setUp() {
    Sched.reset();
    admin = TestUsers.adminToken();
    teacher = Sched.account("instructor", "ratna@reminder.test");
    ani = Sched.account("student", "ani@reminder.test");
    budi = Sched.account("student", "budi@reminder.test");
    TestApp.sql("UPDATE auth.users SET full_name = 'Bu Ratna' WHERE email = 'ratna@reminder.test';"
      + "UPDATE auth.users SET full_name = 'Ani Lestari' WHERE email = 'ani@reminder.test';"
      + "UPDATE auth.users SET full_name = 'Budi Santoso' WHERE email = 'budi@reminder.test'");
    course = Sched.course(admin, "Biola Dasar", "Violin", teacher.id()).getString("id");
  }

  @BeforeEach
  void noClasses() {
    TestApp.sql("TRUNCATE scheduling.attendance, scheduling.schedules, scheduling.series, scheduling.rooms CASCADE;"
      + "TRUNCATE enrollment.enrollments CASCADE; TRUNCATE notify.messages, notify.attempts CASCADE");
    Mailbox.clear();
    room = Sched.room(admin, "Ruang Biola", 4, "Violin").getString("id");
  }

  /** A class of the course starting {@code minutes} from now (whole minutes), with Ani and Budi placed on it. */
  private String classIn(int minutes) {
    String start = Instant.now().plus(minutes, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toString();
    String id = Sched.created(admin, Sched.slot(course, null, room, start, null)).getString("id");
    Sched.enroll(ani.id(), course, id);
    Sched.enroll(budi.id(), course, id);
    return id;
  }

  /**
   * One reminder run that really ran: a run meeting the periodic one's lock is skipped (after waiting a second for
   * it), so ask again until one ran.
   */
  private static JsonObject run() {
    for (int i = 0; i < 30; i++) {
      JsonObject result = TestApp.await(TestApp.get().vertx().eventBus()
        .<JsonObject>request("scheduling.internal.sendReminders", new JsonObject())).body();
      if (!result.getBoolean("skipped", false)) return result;
    }
    return fail("the reminder job stayed locked");
  }

  private static long reminders(String to) {
    return TestApp.count("SELECT count(*) FROM notify.messages WHERE template = 'class-reminder' AND to_address = '" + to + "'");
  }

  private static boolean reminded(String scheduleId) {
    return TestApp.count("SELECT count(*) FROM scheduling.schedules WHERE reminded_at IS NOT NULL AND id = '" + scheduleId + "'") == 1;
  }

  /** How the email shows a class start: Indonesian, the academy's zone (Asia/Jakarta, WIB). */
  private static String shown(String instant) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy 'pukul' HH.mm", Locale.forLanguageTag("id-ID"))
      .format(Instant.parse(instant).atZone(ZoneId.of("Asia/Jakarta"))) + " WIB";
  }

  /** The same in English. */
  private static String shownInEnglish(String instant) {
    return DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm", Locale.ENGLISH)
      .format(Instant.parse(instant).atZone(ZoneId.of("Asia/Jakarta"))) + " WIB";
  }

  private static String startOf(String scheduleId) {
    return Api.get().call("scheduling.getSchedule").path("id", scheduleId).token(admin).send().data().getString("start_time");
  }

  /**
   * A public registration for the course in the language {@code acceptLanguage} asks for, approved by the admin onto
   * the class (which creates the applicant's student account).
   */
  private static void approvedOnto(String scheduleId, String email, String acceptLanguage) {
    Api.Response registered = Api.get().call("enrollment.register").header("Accept-Language", acceptLanguage)
      .body(new JsonObject().put("full_name", "Late Learner").put("email", email).put("wa_number", "081234567890")
        .put("course_id", course).put("consent", true).put("captcha_token", TestApp.CAPTCHA_PASS)
        .put("idempotency_key", "reminder-" + UUID.randomUUID())).send();
    assertEquals(201, registered.status(), registered.toString());
    Api.Response approved = Api.get().call("enrollment.approve").path("id", registered.data().getString("enrollment_id"))
      .token(admin).body(new JsonObject().put("schedule_id", scheduleId)).send();
    assertEquals(200, approved.status(), approved.toString());
  }

  /** The class reminders {@code to} has received (among the registration's other emails), waiting for {@code n}. */
  private static List<Mailbox.Mail> remindersOf(String to, String subjectStart, int n) {
    for (int received = 1; ; received++) {
      List<Mailbox.Mail> reminders = Mailbox.await(to, received).stream().filter(m -> m.subject().startsWith(subjectStart)).toList();
      if (reminders.size() >= n) return reminders;
    }
  }

  @Test
  void eachApprovedStudentGetsOneReminderHoweverOftenTheJobRuns() {
    String soon = classIn(30);
    String start = Api.get().call("scheduling.getSchedule").path("id", soon).token(admin).send().data().getString("start_time");
    Sched.created(admin, Sched.slot(course, null, room, Sched.at(3, 2, 0), null)); // too far ahead: no reminder yet

    run();
    for (String to : new String[]{"ani@reminder.test", "budi@reminder.test"}) {
      Mailbox.Mail mail = Mailbox.one(to);
      assertEquals("Pengingat kelas: Biola Dasar, " + shown(start), mail.subject());
      assertTrue(mail.text().contains("Ruang: Ruang Biola"), mail.text());
      assertTrue(mail.text().contains("Pengajar: Bu Ratna"), mail.text());
    }
    assertTrue(Mailbox.one("ani@reminder.test").text().startsWith("Halo Ani Lestari,"));
    assertTrue(Mailbox.one("budi@reminder.test").text().startsWith("Halo Budi Santoso,"));
    assertTrue(reminded(soon));

    // more runs: the class is done, nothing more is handed to notify
    for (int i = 0; i < 2; i++) {
      JsonObject again = run();
      assertEquals(0, again.getInteger("reminded"), again.encode());
      assertEquals(0, again.getInteger("late"), again.encode());
    }
    assertEquals(1, reminders("ani@reminder.test"));
    assertEquals(1, reminders("budi@reminder.test"));
    assertEquals(2, TestApp.count("SELECT count(*) FROM notify.messages"));
    assertEquals(0, Mailbox.read("ratna@reminder.test").size(), "the instructor is not a student of the class");
  }

  @Test
  void anEnglishApplicantApprovedIntoAClassGetsTheEnglishReminder() {
    String soon = classIn(30);
    String start = startOf(soon);
    approvedOnto(soon, "emma@reminder.test", "en-GB,en;q=0.9");

    run();
    Mailbox.Mail english = remindersOf("emma@reminder.test", "Class reminder: ", 1).get(0);
    assertEquals("Class reminder: Biola Dasar, " + shownInEnglish(start), english.subject());
    assertTrue(english.text().startsWith("Hello Late Learner,"), english.text());
    assertTrue(english.text().contains("Room: Ruang Biola"), english.text());
    assertTrue(english.text().contains("Instructor: Bu Ratna"), english.text());
    // the students of bookings and direct enrollments (Indonesian registrations) hear it in Indonesian
    assertEquals("Pengingat kelas: Biola Dasar, " + shown(start), Mailbox.one("ani@reminder.test").subject());
    assertEquals(1, TestApp.count("SELECT count(*) FROM notify.messages WHERE template = 'class-reminder' AND language = 'en'"));
    assertEquals(2, TestApp.count("SELECT count(*) FROM notify.messages WHERE template = 'class-reminder' AND language = 'id'"));
  }

  /**
   * The reminder went out while the class was still forming; a student approved onto it afterwards (minutes before it
   * starts) gets theirs from the next run, in their language — the others none again.
   */
  @Test
  void aStudentApprovedAfterTheClassWasRemindedGetsTheReminderOnTheNextRun() {
    String soon = classIn(30);
    String start = startOf(soon);
    run();
    Mailbox.one("ani@reminder.test");
    assertTrue(reminded(soon));

    approvedOnto(soon, "telat@reminder.test", "id");
    run(); // this run, or the periodic one before it, reminds the late student
    Mailbox.Mail late = remindersOf("telat@reminder.test", "Pengingat kelas: ", 1).get(0);
    assertEquals("Pengingat kelas: Biola Dasar, " + shown(start), late.subject());
    assertTrue(late.text().startsWith("Halo Late Learner,"), late.text());

    JsonObject again = run();
    assertEquals(0, again.getInteger("late"), "every student has one now: " + again.encode());
    assertEquals(0, again.getInteger("reminded"), again.encode());
    assertEquals(1, reminders("telat@reminder.test"));
    assertEquals(1, reminders("ani@reminder.test"));
    assertEquals(1, reminders("budi@reminder.test"));
    Mailbox.one("ani@reminder.test"); // still exactly one
    assertEquals(1, remindersOf("telat@reminder.test", "Pengingat kelas: ", 1).size());
  }

  @Test
  void anEmailNotifyDidNotAcceptIsHandedOverOnTheNextRunAndOnlyThatOne() {
    // notify's database refuses Budi's email (as an outage would), Ani's goes through
    TestApp.sql("""
      CREATE FUNCTION notify.refuse_budi() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test' USING ERRCODE = '57P03'; END $$;
      CREATE TRIGGER refuse_budi BEFORE INSERT ON notify.messages
        FOR EACH ROW WHEN (NEW.to_address = 'budi@reminder.test') EXECUTE FUNCTION notify.refuse_budi()""");
    String soon;
    try {
      soon = classIn(20);
      JsonObject first = run();
      assertEquals(0, first.getInteger("reminded"), first.encode());
      assertEquals(1, first.getInteger("postponed"), first.encode());
      assertEquals(1, reminders("ani@reminder.test"));
      assertEquals(0, reminders("budi@reminder.test"));
      assertTrue(!reminded(soon), "the class stays due while one of its emails is not accepted");
    } finally {
      TestApp.sql("DROP TRIGGER refuse_budi ON notify.messages; DROP FUNCTION notify.refuse_budi()");
    }

    run(); // this run (or the periodic one before it) hands Budi's email over; notify has Ani's already
    assertEquals("budi@reminder.test", Mailbox.one("budi@reminder.test").to());
    assertTrue(reminded(soon));
    assertEquals(1, reminders("ani@reminder.test"));
    assertEquals(1, reminders("budi@reminder.test"));
    Mailbox.one("ani@reminder.test"); // and she has exactly one
  }

  /** Issue 17: an online class has no room; its approval email and its reminder give the students its link instead. */
  @Test
  void anOnlineClassIsAnnouncedAndRemindedWithItsLink() {
    String link = "https://meet.example.com/biola-dasar";
    String start = Instant.now().plus(30, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toString();
    String online = Sched.created(admin, new JsonObject().put("course_id", course).put("start_time", start)
      .put("meeting_url", link)).getString("id");
    approvedOnto(online, "daring@reminder.test", "id");
    Mailbox.Mail approval = remindersOf("daring@reminder.test", "Pendaftaran ", 2).stream()
      .filter(m -> m.subject().contains("disetujui")).findFirst().orElseThrow();
    assertTrue(approval.text().contains("Tautan kelas daring: " + link), approval.text());
    assertTrue(!approval.text().contains("Ruang:"), approval.text());

    run();
    Mailbox.Mail reminder = remindersOf("daring@reminder.test", "Pengingat kelas: ", 1).get(0);
    assertEquals("Pengingat kelas: Biola Dasar, " + shown(start), reminder.subject());
    assertTrue(reminder.text().contains("Tautan kelas daring: " + link), reminder.text());
    assertTrue(reminder.text().contains("Pengajar: Bu Ratna"), reminder.text());
    assertTrue(!reminder.text().contains("Ruang:"), reminder.text());
    assertTrue(reminded(online));
  }

  @Test
  void aClassMovedAfterItsReminderIsRemindedAgainAtItsNewTime() {
    String soon = classIn(40);
    run();
    // both first reminders delivered before the move: one still queued would go out with the second, in either order
    Mailbox.one("ani@reminder.test");
    Mailbox.one("budi@reminder.test");
    assertTrue(reminded(soon));

    String later = Instant.now().plus(50, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MINUTES).toString();
    Api.Response moved = Api.get().call("scheduling.updateSchedule").path("id", soon).token(admin)
      .body(new JsonObject().put("start_time", later)).send();
    assertEquals(200, moved.status(), moved.toString());
    run();
    for (String to : new String[]{"ani@reminder.test", "budi@reminder.test"}) {
      Mailbox.Mail second = Mailbox.await(to, 2).get(1);
      assertEquals("Pengingat kelas: Biola Dasar, " + shown(later), second.subject());
      assertEquals(2, reminders(to));
    }
    assertTrue(reminded(soon));
  }
}

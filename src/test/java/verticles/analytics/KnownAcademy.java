package verticles.analytics;

import io.vertx.core.json.JsonObject;
import verticles.Api;
import verticles.Api.Response;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.billing.FakeGateway;
import verticles.billing.PaymentFixtures;
import verticles.billing.PaymentFixtures.Invoice;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A known academy whose every figure the analytics tests assert. Accounts and times are inserted with SQL
 * (past classes cannot be created through the API); courses go through the API so the catalog's cache
 * knows them. Jakarta is UTC+7: 2026-01-31T18:00Z is 1 February there.
 *
 * <pre>
 * students   S1 (active, created 1 min after this Jakarta month began — still last month in UTC)
 *            S2 (active, created 1 min before this Jakarta month began)
 *            S3 (active, created now)   S4 (suspended, created 2026-01-31T18:00Z)
 * instructors I1, I2 (active), I3 (pending)
 * courses    C1 Piano 250 000/session, owner I1, active; C2 Guitar 100 000, owner I2, active;
 *            C3 Drums 50 000, no owner, inactive
 * classes    P1 C1/I1 2026-01-20, P2 C1/I1 2026-02-10, P3 C1/I1 2026-02-17 cancelled, P4 C2/I2 2026-02-12,
 *            P5 C3/I2 2026-03-05, T1 C1/I1 today (Jakarta) 00:01–00:02, F1 C1/I1 in 3 days,
 *            F2 C2/I2 in 10 days, F3 C2/I2 in 11 days cancelled
 * registrations E1 S1→C1 approved (registered 2026-01-31T18:00Z, decided now)
 *            E2 S2→C1 approved (2026-01-15T05:00Z, decided 2026-01-16)   E3 S3→C1 pending (2026-02-05)
 *            E4 S4→C1 rejected (2026-03-02)   E5 S3→C2 approved (2026-02-01T00:00Z, decided now)
 *            E6 S2→C2 cancelled (2026-01-31T16:00Z = 23:00 on 31 January in Jakarta)
 *            E7 S3→C3 approved (2026-03-04, decided 2026-03-04)
 * attendance P1: S1 ✓ S2 ✓ · P2: S1 ✓ S2 ✗ · T1: S1 ✓ · P4: S3 ✓ S2 ✓ (S2's Guitar registration is cancelled)
 * payments (issue 18; invoices issued by billing's own command, since these approvals are SQL; paid through the API)
 *            E2 Rp 1.000.000 (4 × 250 000) by transfer, paid 2026-01-31T16:30Z = 23.30 on 31 January in Jakarta
 *            E1 Rp 500.000 (2 × 250 000) by transfer, paid 2026-01-31T17:30Z = 00.30 on 1 February in Jakarta
 *            E5 Rp 400.000 (4 × 100 000) through the gateway, settled now (this month)
 *            E7 Rp 50.000 (1 × 50 000) by transfer 2026-03-04, then refunded: not revenue
 *            → revenue total 1 900 000, this month 400 000; Piano January 1 000 000, January–February 1 500 000
 * </pre>
 */
final class KnownAcademy {
  static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
  static final String PASSWORD = "Analytics-Pass-42";

  String adminToken;
  String s1, s2, s3, s4, i1, i2, i3;
  String s1Token, s2Token, s3Token, i1Token, i2Token;
  String c1, c2, c3;
  String e1, e2, e3, e5, e7;

  static KnownAcademy seed() {
    TestApp.resetData();
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    KnownAcademy a = new KnownAcademy();
    a.adminToken = TestUsers.adminToken();
    Instant monthStart = LocalDate.now(JAKARTA).withDayOfMonth(1).atStartOfDay(JAKARTA).toInstant();
    Instant dayStart = LocalDate.now(JAKARTA).atStartOfDay(JAKARTA).toInstant();

    a.s1 = user("student", "s1@analytics.test", "active", "Siti Satu", monthStart.plus(1, ChronoUnit.MINUTES));
    a.s2 = user("student", "s2@analytics.test", "active", "Sari Dua", monthStart.minus(1, ChronoUnit.MINUTES));
    a.s3 = user("student", "s3@analytics.test", "active", "Sinta Tiga", null);
    a.s4 = user("student", "s4@analytics.test", "suspended", "Santi Empat", Instant.parse("2026-01-31T18:00:00Z"));
    a.i1 = user("instructor", "i1@analytics.test", "active", "Ina Piano", null);
    a.i2 = user("instructor", "i2@analytics.test", "active", "Joko Gitar", null);
    a.i3 = user("instructor", "i3@analytics.test", "pending", "Pending Teacher", null);
    a.s1Token = login("s1@analytics.test");
    a.s2Token = login("s2@analytics.test");
    a.s3Token = login("s3@analytics.test");
    a.i1Token = login("i1@analytics.test");
    a.i2Token = login("i2@analytics.test");

    a.c1 = course(a.adminToken, "Piano", 250000, a.i1, true);
    a.c2 = course(a.adminToken, "Guitar", 100000, a.i2, true);
    a.c3 = course(a.adminToken, "Drums", 50000, null, false);

    String room = UUID.randomUUID().toString();
    TestApp.sql("INSERT INTO scheduling.rooms (id, name, capacity) VALUES ('" + room + "', 'Studio A', 10)");
    String p1 = schedule(a.c1, a.i1, room, Instant.parse("2026-01-20T03:00:00Z"), "scheduled");
    String p2 = schedule(a.c1, a.i1, room, Instant.parse("2026-02-10T03:00:00Z"), "scheduled");
    schedule(a.c1, a.i1, room, Instant.parse("2026-02-17T03:00:00Z"), "cancelled");
    String p4 = schedule(a.c2, a.i2, room, Instant.parse("2026-02-12T03:00:00Z"), "scheduled");
    schedule(a.c3, a.i2, room, Instant.parse("2026-03-05T03:00:00Z"), "scheduled");
    String t1 = schedule(a.c1, a.i1, room, dayStart.plus(1, ChronoUnit.MINUTES), dayStart.plus(2, ChronoUnit.MINUTES), "scheduled");
    Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
    schedule(a.c1, a.i1, room, now.plus(3, ChronoUnit.DAYS), "scheduled");
    schedule(a.c2, a.i2, room, now.plus(10, ChronoUnit.DAYS), "scheduled");
    schedule(a.c2, a.i2, room, now.plus(11, ChronoUnit.DAYS), "cancelled");

    a.e1 = enroll(a.s1, a.c1, "approved", "'2026-01-31T18:00:00Z'", "now()");
    a.e2 = enroll(a.s2, a.c1, "approved", "'2026-01-15T05:00:00Z'", "'2026-01-16T05:00:00Z'");
    a.e3 = enroll(a.s3, a.c1, "pending", "'2026-02-05T00:00:00Z'", "NULL");
    enroll(a.s4, a.c1, "rejected", "'2026-03-02T00:00:00Z'", "'2026-03-03T00:00:00Z'");
    a.e5 = enroll(a.s3, a.c2, "approved", "'2026-02-01T00:00:00Z'", "now()");
    enroll(a.s2, a.c2, "cancelled", "'2026-01-31T16:00:00Z'", "NULL");
    a.e7 = enroll(a.s3, a.c3, "approved", "'2026-03-04T00:00:00Z'", "'2026-03-04T01:00:00Z'");

    mark(p1, a.s1, true, a.i1);
    mark(p1, a.s2, true, a.i1);
    mark(p2, a.s1, true, a.i1);
    mark(p2, a.s2, false, a.i1);
    mark(t1, a.s1, true, a.i1);
    mark(p4, a.s3, true, a.i2);
    mark(p4, a.s2, true, a.i2);
    a.pay();
    return a;
  }

  /** The payments of the diagram, through the transfer review and the gateway's notification. */
  private void pay() {
    Invoice e2Invoice = PaymentFixtures.issue(e2, s2, c1, 250_000, 4, "s2@analytics.test");
    transfer(s2Token, e2Invoice, "2026-01-31T16:30:00Z");
    Invoice e1Invoice = PaymentFixtures.issue(e1, s1, c1, 250_000, 2, "s1@analytics.test");
    transfer(s1Token, e1Invoice, "2026-01-31T17:30:00Z");
    Invoice e5Invoice = PaymentFixtures.issue(e5, s3, c2, 100_000, 4, "s3@analytics.test");
    Response page = PaymentFixtures.checkout(s3Token, e5Invoice.id());
    assertEquals(200, page.status(), page.toString());
    String orderId = page.data().getString("order_id");
    PaymentFixtures.awaitPayment(e5Invoice.id(), () -> {
      Response settled = PaymentFixtures.notify(FakeGateway.notification(orderId, "settlement", "400000.00", "tx-" + orderId));
      assertEquals("paid", settled.data().getString("outcome"), settled.toString());
    });
    Invoice e7Invoice = PaymentFixtures.issue(e7, s3, c3, 50_000, 1, "s3@analytics.test");
    transfer(s3Token, e7Invoice, "2026-03-04T02:00:00Z");
    PaymentFixtures.refund(e7Invoice.id());
  }

  private void transfer(String studentToken, Invoice invoice, String paidAt) {
    // the invoice of a past approval was issued in the past too, the day before its transfer (a transfer's date is
    // bounded by its invoice's)
    TestApp.sql("UPDATE billing.invoices SET issued_at = timestamptz '" + paidAt + "' - interval '1 day' WHERE id = '"
      + invoice.id() + "'");
    Response sent = PaymentFixtures.submitProof(studentToken, invoice.id(), PaymentFixtures.proof(invoice.amount(), paidAt));
    assertEquals(201, sent.status(), sent.toString());
    PaymentFixtures.awaitPayment(invoice.id(), () -> {
      Response confirmed = PaymentFixtures.confirm(adminToken, invoice.id());
      assertEquals(200, confirmed.status(), confirmed.toString());
    });
  }

  private static String user(String role, String email, String status, String name, Instant createdAt) {
    String id = TestUsers.create(role, email, "active".equals(status) ? PASSWORD : null, status);
    TestApp.sql("UPDATE auth.users SET full_name = '" + name + "'"
      + (createdAt == null ? "" : ", created_at = '" + createdAt + "'") + " WHERE id = '" + id + "'");
    return id;
  }

  private static String login(String email) {
    return TestUsers.login(email, PASSWORD).getString("access_token");
  }

  private static String course(String admin, String title, long price, String instructor, boolean active) {
    JsonObject body = new JsonObject().put("title", title).put("level", "beginner").put("price_per_session", price)
      .put("duration_minutes", 60).put("max_students", 10).put("is_active", active);
    if (instructor != null) body.put("instructor_id", instructor);
    Response r = Api.get().call("catalog.createCourse").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("id");
  }

  private static String schedule(String course, String instructor, String room, Instant start, String status) {
    return schedule(course, instructor, room, start, start.plus(1, ChronoUnit.HOURS), status);
  }

  private static String schedule(String course, String instructor, String room, Instant start, Instant end, String status) {
    String id = UUID.randomUUID().toString();
    TestApp.sql("""
      INSERT INTO scheduling.schedules (id, course_id, instructor_id, room_id, start_time, end_time, status)
      VALUES ('%1$s', '%2$s', '%3$s', '%4$s', '%5$s', '%6$s', '%7$s');
      -- as when an admin schedules an instructor in a course they do not own: they are assigned to it
      INSERT INTO catalog.course_instructors (course_id, instructor_id)
      SELECT '%2$s', '%3$s' WHERE NOT EXISTS (SELECT 1 FROM catalog.courses WHERE id = '%2$s' AND instructor_id = '%3$s')
      ON CONFLICT DO NOTHING""".formatted(id, course, instructor, room, start, end, status));
    return id;
  }

  private static int registrations;

  private static String enroll(String student, String course, String status, String registeredAt, String decidedAt) {
    String id = UUID.randomUUID().toString();
    int n = ++registrations;
    TestApp.sql("""
      INSERT INTO enrollment.enrollments (id, registration_number, student_id, course_id, status, email, email_key,
                                          full_name, wa_number, registration_date, created_at, decided_at)
      VALUES ('%s', 'REG-AN-%d', '%s', '%s', '%s', 'reg%d@analytics.test', 'reg%d@analytics.test', 'Applicant',
              '+628123456789', %s, %s, %s)"""
      .formatted(id, n, student, course, status, n, n, registeredAt, registeredAt, decidedAt));
    return id;
  }

  private static void mark(String schedule, String student, boolean attended, String by) {
    TestApp.sql("INSERT INTO scheduling.attendance (schedule_id, student_id, attended, marked_by) VALUES ('"
      + schedule + "', '" + student + "', " + attended + ", '" + by + "')");
  }
}

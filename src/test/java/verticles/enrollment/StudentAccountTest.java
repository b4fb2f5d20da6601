package verticles.enrollment;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.chat.Browsers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.TestApp.count;
import static verticles.enrollment.Academy.key;
import static verticles.enrollment.Academy.register;
import static verticles.enrollment.Academy.registration;

/**
 * Issue 16, "Invitations": a visitor goes from the public registration form to signed in and seeing their own classes
 * with nothing but the emails the system sends — registration, an admin's approval with a class, the account-invitation
 * email, the password set with its link, login, then the student's own enrollments, classes, attendance and analytics.
 */
class StudentAccountTest {
  private static final String PASSWORD = "Belajar-Piano-2026";
  String admin;
  String course;

  @BeforeEach
  void reset() {
    Academy.reset();
    admin = Academy.admin();
    course = Academy.course(admin, "Piano Dasar", 5);
  }

  @Test
  void fromThePublicFormToTheStudentsOwnClasses() {
    String schedule = Academy.schedule(admin, course);
    Response registered = register(registration(course, "Sari@Example.com", key())).header("Accept-Language", "en").send();
    assertEquals(201, registered.status(), registered.toString());
    String enrollment = registered.data().getString("enrollment_id");
    Response approved = Api.get().call("enrollment.approve").path("id", enrollment).token(admin)
      .body(new JsonObject().put("schedule_id", schedule)).send();
    assertEquals(200, approved.status(), approved.toString());
    assertEquals("created", approved.data().getJsonObject("student").getString("account"));
    String studentId = approved.data().getJsonObject("student").getString("id");

    // the invitation, in the registration's language, links to the public page's set-password form
    String[] link = TestUsers.invitationAmong("sari@example.com");
    assertTrue(link[0].startsWith(TestApp.config().getString("public_url") + "/#set-password?token="), link[0]);
    Mailbox.Mail invitation = Mailbox.read("sari@example.com").stream().filter(m -> m.text().contains(link[0])).findFirst().orElseThrow();
    assertEquals("Your Academy account — set your password", invitation.subject());
    assertTrue(invitation.text().startsWith("Hello Budi Santoso,"), invitation.text());

    Response set = Api.get().call("auth.setPassword").body(new JsonObject().put("token", link[1]).put("password", PASSWORD)).send();
    assertEquals(200, set.status(), set.toString());
    String token = TestUsers.login("sari@example.com", PASSWORD).getString("access_token");

    Response mine = Api.get().call("enrollment.listMine").token(token).send();
    assertEquals(200, mine.status(), mine.toString());
    JsonArray enrollments = mine.data().getJsonArray("enrollments");
    assertEquals(1, enrollments.size(), mine.toString());
    assertEquals(enrollment, enrollments.getJsonObject(0).getString("id"));
    assertEquals("approved", enrollments.getJsonObject(0).getString("status"));

    Response classes = Api.get().call("scheduling.listSchedules").token(token).send();
    assertEquals(200, classes.status(), classes.toString());
    assertTrue(classes.data().getJsonArray("schedules").stream().anyMatch(s -> schedule.equals(((JsonObject) s).getString("id"))),
      classes.toString());
    Response attendance = Api.get().call("scheduling.studentAttendance").path("studentId", studentId).token(token).send();
    assertEquals(200, attendance.status(), attendance.toString());
    Response analytics = Api.get().call("analytics.student").path("id", studentId).token(token).send();
    assertEquals(200, analytics.status(), analytics.toString());
    // own data only
    String other = TestUsers.create("student", "other@example.com", PASSWORD, "active");
    assertEquals(403, Api.get().call("scheduling.studentAttendance").path("studentId", other).token(token).send().status());
  }

  /**
   * A second approval while the first link still works sends no second link (an approval the enrollment verticle then
   * refuses must not email one either); once the link expired, the next approval sends a new one; an account with a
   * password gets none.
   */
  @Test
  void anApprovalInvitesOnlyAnAccountWithoutPasswordOrWorkingLink() {
    String other = Academy.course(admin, "Gitar", 5), third = Academy.course(admin, "Biola", 5);
    approve(course, "dewi@example.com");
    TestUsers.invitationAmong("dewi@example.com");
    approve(other, "dewi@example.com");
    // refused: Dewi already holds this course
    String again = register(registration(course, "dewi@example.com", key())).send().data().getString("enrollment_id");
    assertEquals(409, Api.get().call("enrollment.approve").path("id", again).token(admin).send().status());
    assertEquals(1, invitations("dewi@example.com"));
    TestApp.sql("UPDATE auth.password_tokens SET expires_at = now() - interval '1 second'");
    approve(third, "dewi@example.com");
    assertEquals(2, invitations("dewi@example.com"));

    TestUsers.create("student", "eko@example.com", PASSWORD, "active");
    Response existing = approve(course, "eko@example.com");
    assertEquals("existing", existing.data().getJsonObject("student").getString("account"));
    assertEquals(0, invitations("eko@example.com"));
  }

  /**
   * Review of issue 16 (high): someone who self-registers with another person's address and never verifies it must not
   * receive that person's registration when an admin approves it. The approval ends the squatter's password and
   * sessions and invites the address; only the mailbox's owner can set a password and see the registration.
   */
  @Test
  void anUnverifiedAccountOfSomeoneElsesAddressDoesNotReceiveTheirRegistration() {
    Response squatted = Api.get().call("auth.register").body(new JsonObject().put("name", "Penyusup")
      .put("email", "korban@example.com").put("password", "Penyusup-Rahasia-77").put("type", "UMUM")
      .put("captcha_token", TestApp.CAPTCHA_PASS)).send();
    assertEquals(201, squatted.status(), squatted.toString());
    String squatterToken = squatted.data().getJsonObject("tokens").getString("access_token");

    Response approved = approve(course, "korban@example.com");
    assertEquals("existing", approved.data().getJsonObject("student").getString("account"));
    assertEquals(401, Api.get().call("enrollment.listMine").token(squatterToken).send().status(), "the squatter's session ended");
    Response login = Api.get().call("auth.studentLogin").body(new JsonObject().put("email", "korban@example.com")
      .put("password", "Penyusup-Rahasia-77")).send();
    assertEquals(401, login.status(), login.toString());

    // the address's owner gets the invitation and, with it, the account and the registration
    String[] link = TestUsers.invitationAmong("korban@example.com");
    assertEquals(200, Api.get().call("auth.setPassword").body(new JsonObject().put("token", link[1]).put("password", PASSWORD)).send().status());
    String owner = TestUsers.login("korban@example.com", PASSWORD).getString("access_token");
    assertEquals(1, Api.get().call("enrollment.listMine").token(owner).send().data().getJsonArray("enrollments").size());
  }

  /** The public page's form sets the password with the emailed link (headless Chromium). */
  @Test
  void thePublicPageSetsThePasswordFromTheLink() throws java.io.IOException {
    Browsers.assumeInstalled();
    approve(course, "rina@example.com");
    String link = TestUsers.invitationAmong("rina@example.com")[0];
    // the test academy runs on its own port, not at its public_url
    String local = "http://127.0.0.1:" + TestApp.port() + link.substring(TestApp.config().getString("public_url").length());
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = browsers.open();
      browser.get(local);
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password")));
      assertEquals("http://127.0.0.1:" + TestApp.port() + "/", browser.getCurrentUrl(), "the token left the address bar");
      browser.findElement(By.id("new-password")).sendKeys("password123"); // long enough for the form, too common for us
      browser.findElement(By.id("set-password-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.attributeToBe(By.id("account-result"), "class", "status error"));
      browser.findElement(By.id("new-password")).clear();
      browser.findElement(By.id("new-password")).sendKeys(PASSWORD);
      browser.findElement(By.id("set-password-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-result"), "sudah diatur"));
    }
    assertTrue(TestUsers.login("rina@example.com", PASSWORD).containsKey("access_token"));
  }

  private Response approve(String courseId, String email) {
    Response r = register(registration(courseId, email, key())).send();
    assertEquals(201, r.status(), r.toString());
    Response approved = Api.get().call("enrollment.approve").path("id", r.data().getString("enrollment_id")).token(admin).send();
    assertEquals(200, approved.status(), approved.toString());
    return approved;
  }

  /** Invitations auth wrote (committed) for an address. */
  private static long invitations(String to) {
    return count("SELECT count(*) FROM auth.outbox WHERE event_type = 'email' AND data->>'to' = '" + to
      + "' AND data->>'template' = 'account-invitation'");
  }
}

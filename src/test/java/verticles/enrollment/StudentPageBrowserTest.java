package verticles.enrollment;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import verticles.Api;
import verticles.Api.Response;
import verticles.Mailbox;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.chat.Browsers;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 16's "Done when" in a real browser (headless Chromium; skipped where it is not installed): a visitor goes from
 * the public registration form to signed in and seeing their own registration and class on the public page, with
 * nothing but the invitation email's link. Also the page's self-registration, sign-out and forgot-password forms.
 * The captcha widget is third-party script: the tests stand in for it with the Turnstile script API the page reads
 * ({@code turnstile.getResponse()}), answering the token the test academy's local verifier accepts.
 */
class StudentPageBrowserTest {
  private static final String PASSWORD = "Belajar-Piano-2026";
  String admin;
  String course;

  @BeforeAll
  static void chromiumInstalled() {
    Browsers.assumeInstalled();
  }

  @BeforeEach
  void reset() {
    Academy.reset();
    admin = Academy.admin();
    course = Academy.course(admin, "Piano Dasar", 5);
  }

  private static String page() {
    return "http://127.0.0.1:" + TestApp.port() + "/";
  }

  /** The emailed link on the test academy's own port (it does not run at its public_url). */
  private static String local(String link) {
    return "http://127.0.0.1:" + TestApp.port() + link.substring(TestApp.config().getString("public_url").length());
  }

  private static void captchaWidget(WebDriver browser) {
    ((JavascriptExecutor) browser).executeScript("window.turnstile = { getResponse: function () { return '"
      + TestApp.CAPTCHA_PASS + "'; }, reset: function () {} };");
  }

  private static void type(WebDriver browser, String id, String text) {
    WebElement input = browser.findElement(By.id(id));
    input.clear();
    input.sendKeys(text);
  }

  @Test
  void fromThePublicFormToSignedInWithTheStudentsOwnClasses() throws IOException {
    String schedule = Academy.schedule(admin, course);
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = browsers.open();
      browser.get(page());
      captchaWidget(browser);
      Browsers.waiting(browser).until(ExpectedConditions.presenceOfElementLocated(
        By.cssSelector("#reg-course option[value='" + course + "']")));
      type(browser, "reg-name", "Sari Wulandari");
      type(browser, "reg-email", "sari@example.com");
      type(browser, "reg-wa", "081234567890");
      new Select(browser.findElement(By.id("reg-course"))).selectByValue(course);
      browser.findElement(By.id("reg-consent")).click();
      browser.findElement(By.id("reg-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.attributeToBe(By.id("register-result"), "class", "status ok"));
      String number = Academy.string("SELECT registration_number FROM enrollment.enrollments WHERE email = 'sari@example.com'");
      assertTrue(browser.findElement(By.id("register-result")).getText().contains(number),
        browser.findElement(By.id("register-result")).getText());

      // the admin approves it with a class; the approval emails the invitation
      String enrollment = Academy.string("SELECT id FROM enrollment.enrollments WHERE email = 'sari@example.com'");
      Response approved = Api.get().call("enrollment.approve").path("id", enrollment).token(admin)
        .body(new JsonObject().put("schedule_id", schedule)).send();
      assertEquals(200, approved.status(), approved.toString());

      // the link, opened in the tab that still shows the page (a hashchange, not a load)
      browser.get(local(TestUsers.invitationAmong("sari@example.com")[0]));
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password")));
      assertEquals(page(), browser.getCurrentUrl(), "the token left the address bar");
      type(browser, "new-password", PASSWORD);
      browser.findElement(By.id("set-password-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-result"), "Kata sandi Anda sudah diatur"));

      type(browser, "student-email", "sari@example.com");
      type(browser, "student-password", PASSWORD);
      browser.findElement(By.id("student-login-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("student-signed-in")));
      assertFalse(browser.findElement(By.id("student-login-form")).isDisplayed());
      assertTrue(browser.findElement(By.id("student-who")).getText().contains("sari@example.com"));
      mine(browser, enrollment, number, schedule);

      // the session survives a reload of the tab; signing out ends it on the server too
      browser.navigate().refresh();
      mine(browser, enrollment, number, schedule);
      String access = (String) ((JavascriptExecutor) browser).executeScript(
        "return JSON.parse(sessionStorage.getItem('academy.student')).access_token;");
      assertEquals(200, Api.get().call("auth.me").token(access).send().status());
      browser.findElement(By.id("student-logout")).click();
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("student-login-form")));
      assertEquals(401, Api.get().call("auth.me").token(access).send().status());
    }
  }

  /** "My registrations" shows the approved registration, "My classes" the class with its time, room and instructor. */
  private static void mine(WebDriver browser, String enrollment, String number, String schedule) {
    By registration = By.cssSelector("#my-registrations li[data-id='" + enrollment + "']");
    By lesson = By.cssSelector("#my-classes li[data-id='" + schedule + "']");
    Browsers.waiting(browser).until(ExpectedConditions.presenceOfElementLocated(registration));
    String shown = browser.findElement(registration).getText();
    assertTrue(shown.contains("Piano Dasar") && shown.contains(number) && shown.contains("disetujui"), shown);
    Browsers.waiting(browser).until(ExpectedConditions.presenceOfElementLocated(lesson));
    String lessonText = browser.findElement(lesson).getText();
    assertTrue(lessonText.contains("Piano Dasar") && lessonText.contains("Studio 1") && lessonText.contains("Test instructor"),
      lessonText);
    String start = Api.get().call("scheduling.getSchedule").path("id", schedule).token(TestUsers.adminToken()).send()
      .data().getString("start_time");
    assertEquals(start, browser.findElement(lesson).findElement(By.tagName("time")).getAttribute("datetime"));
  }

  @Test
  void theStudentFormsCreateAnAccountSignOutAndAskForANewPassword() throws IOException {
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = browsers.open();
      browser.get(page());
      captchaWidget(browser);
      browser.findElement(By.cssSelector("#signup summary")).click();
      type(browser, "signup-name", "Rina Putri");
      type(browser, "signup-email", "rina@example.com");
      type(browser, "signup-password", PASSWORD);
      new Select(browser.findElement(By.id("signup-type"))).selectByValue("DIKE");
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("signup-nim")));
      type(browser, "signup-nim", "24/12345/PA");
      browser.findElement(By.id("signup-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.attributeToBe(By.id("signup-result"), "class", "status error"));
      assertTrue(browser.findElement(By.id("signup-result")).getText().contains("nim"), browser.findElement(By.id("signup-result")).getText());
      type(browser, "signup-nim", "24/123456/PA/12345");
      browser.findElement(By.id("signup-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("student-signed-in")));
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("my-registrations-status"), "belum memiliki pendaftaran"));
      assertTrue(Mailbox.await("rina@example.com", 1).get(0).text().contains("#verify="));

      browser.findElement(By.id("student-logout")).click();
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("student-login-form")));
      browser.findElement(By.cssSelector("#forgot summary")).click();
      type(browser, "forgot-email", "rina@example.com");
      browser.findElement(By.id("forgot-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.attributeToBe(By.id("forgot-result"), "class", "status ok"));
      assertTrue(Mailbox.await("rina@example.com", 2).stream().anyMatch(m -> m.text().contains("#reset=")));
    }
    assertEquals("DIKE", Academy.string("SELECT type FROM auth.users WHERE email = 'rina@example.com'"));
  }
}

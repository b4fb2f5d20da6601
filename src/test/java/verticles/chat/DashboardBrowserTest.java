package verticles.chat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import verticles.Api;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.io.IOException;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admin's live dashboard in the staff console, in headless Chromium: the figures load on login and change
 * without a reload when a registration is approved or made over HTTP (pushed on live.dashboard through the
 * bridge), the enrollment trend's column of this month included.
 * Skipped, with a message, where Chromium is not installed.
 */
class DashboardBrowserTest {
  private final Browsers browsers = new Browsers();
  private WebDriver browser;

  @BeforeAll
  static void chromiumInstalled() {
    Browsers.assumeInstalled();
  }

  @BeforeEach
  void clean() throws IOException {
    Chats.reset();
    browser = browsers.open();
  }

  @AfterEach
  void quit() throws IOException {
    browsers.close();
  }

  private WebDriverWait waiting() {
    return Browsers.waiting(browser);
  }

  private static String registration(String courseId, String email) {
    Api.Response r = Api.get().call("enrollment.register").body(new JsonObject()
      .put("full_name", "Budi Santoso").put("wa_number", "081234567890").put("email", email)
      .put("course_id", courseId).put("experience_level", "beginner")
      .put("time_preferences", "Weekend pagi, Sabtu 09:00-11:00")
      .put("preferred_days", new JsonArray().add("saturday"))
      .put("preferred_time_range", new JsonObject().put("start", "09:00").put("end", "11:00"))
      .put("start_date_target", "2026-12-01")
      .put("guardian", new JsonObject().put("name", "Ibu Rina").put("wa_number", "+628111111111"))
      .put("instrument_owned", true).put("referral_source", "instagram").put("consent", true)
      .put("captcha_token", TestApp.CAPTCHA_PASS).put("idempotency_key", "key-" + UUID.randomUUID())).send();
    assertEquals(201, r.status(), r.toString());
    return r.data().getString("enrollment_id");
  }

  @Test
  void anAdminSeesTheApprovalArriveWithoutReloading() {
    String admin = TestUsers.adminToken();
    String course = Chats.course(admin, "Piano Basics", "beginner", "Piano", 200_000, "Reading notes.");
    String pending = registration(course, "budi@example.com");

    browser.get("http://127.0.0.1:" + TestApp.port() + "/staff/");
    browser.findElement(By.id("login-email")).sendKeys(TestApp.ADMIN_EMAIL);
    browser.findElement(By.id("login-password")).sendKeys(TestApp.ADMIN_PASSWORD);
    browser.findElement(By.id("login-submit")).click();
    waiting().until(ExpectedConditions.textToBe(By.id("dash-live"), "live"));
    waiting().until(ExpectedConditions.textToBe(By.id("dash-pending"), "1"));
    waiting().until(ExpectedConditions.textToBe(By.id("dash-approved"), "0"));
    Object marker = ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("window.notReloaded = true; return true;");
    assertEquals(Boolean.TRUE, marker);

    Api.Response approved = Api.get().call("enrollment.approve").path("id", pending).token(admin).send();
    assertEquals(200, approved.status(), approved.toString());

    waiting().until(ExpectedConditions.textToBe(By.id("dash-approved"), "1"));
    waiting().until(ExpectedConditions.textToBe(By.id("dash-pending"), "0"));
    assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"),
      "updated live, not by a reload");
    assertTrue(browser.findElement(By.id("dash-updated")).getText().startsWith("Diperbarui "));
    // the charts are drawn as SVG bars
    assertEquals(3, browser.findElements(By.cssSelector("#chart-enrollments rect")).size());
    assertEquals(2, browser.findElements(By.cssSelector("#chart-attendance rect")).size());

    // the trend: one column per month of the last 12, this month's holding the registration, then a second one live
    By thisMonth = By.cssSelector("#chart-trend rect:last-of-type");
    assertEquals(12, browser.findElements(By.cssSelector("#chart-trend rect")).size());
    assertEquals(java.time.YearMonth.now(java.time.ZoneId.of("Asia/Jakarta")).toString(),
      browser.findElement(thisMonth).getDomAttribute("data-month"));
    assertEquals("1", browser.findElement(thisMonth).getDomAttribute("data-count"));
    registration(course, "sari@example.com");
    // each update redraws the chart, so a column found just before may be gone
    waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class)
      .until(ExpectedConditions.attributeToBe(thisMonth, "data-count", "2"));
    waiting().until(ExpectedConditions.textToBe(By.id("dash-pending"), "1"));
    assertEquals(Boolean.TRUE, ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("return window.notReloaded === true;"));
  }
}

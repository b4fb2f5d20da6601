package verticles.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import verticles.Api;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.chat.Browsers;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The staff console's test academy and page steps: accounts (inserted, as {@link TestUsers} does), courses, rooms,
 * classes and registrations through the API, academy times (Asia/Jakarta), and logging in with the page's own form.
 */
final class StaffConsole {
  static final String PASSWORD = "Konsol-Staf-2026!";
  static final ZoneId ACADEMY = ZoneId.of("Asia/Jakarta");

  private StaffConsole() {
  }

  /** Empties the catalog, scheduling, registrations and accounts (but the first admin). */
  static void reset() {
    TestApp.sql("TRUNCATE catalog.courses CASCADE");
    TestApp.resetData();
    TestApp.retireCatalogCache();
  }

  /** An active account of the role with {@link #PASSWORD}; its id. Named "Test <role>". */
  static String account(String role, String email) {
    return TestUsers.create(role, email, PASSWORD, "active");
  }

  static JsonObject course(String admin, String title, String instrument, String owner, int minutes) {
    JsonObject body = new JsonObject().put("title", title).put("description", title + " untuk semua umur").put("level", "beginner")
      .put("instrument", instrument).put("price_per_session", 250_000).put("duration_minutes", minutes).put("max_students", 6);
    if (owner != null) body.put("instructor_id", owner);
    Api.Response r = Api.get().call("catalog.createCourse").token(admin).body(body).send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  static JsonObject room(String admin, String name, String... instruments) {
    Api.Response r = Api.get().call("scheduling.createRoom").token(admin).body(new JsonObject().put("name", name).put("capacity", 6)
      .put("description", name).put("instruments", new JsonArray(java.util.List.of((Object[]) instruments)))).send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  /** A class through the API: start at the academy's local date and time, the course's length. */
  static JsonObject schedule(String token, String course, String instructor, String room, LocalDate date, String hhmm) {
    Api.Response r = Api.get().call("scheduling.createSchedule").token(token).body(new JsonObject().put("course_id", course)
      .put("instructor_id", instructor).put("room_id", room).put("start_time", at(date, hhmm))).send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  /** The UTC instant of a local academy date and time. */
  static String at(LocalDate date, String hhmm) {
    return date.atTime(LocalTime.parse(hhmm)).atZone(ACADEMY).toInstant().toString();
  }

  /** Monday of next week, academy time: every hour of it is in the future. */
  static LocalDate nextMonday() {
    return LocalDate.now(ACADEMY).with(TemporalAdjusters.next(DayOfWeek.MONDAY));
  }

  /** A public registration (the public form's body): data with enrollment_id and registration_number. */
  static JsonObject register(String course, String name, String email, String wa) {
    Api.Response r = Api.get().call("enrollment.register").body(new JsonObject()
      .put("full_name", name).put("wa_number", wa).put("email", email).put("course_id", course)
      .put("experience_level", "beginner").put("time_preferences", "Sabtu pagi")
      .put("preferred_days", new JsonArray().add("saturday"))
      .put("preferred_time_range", new JsonObject().put("start", "09:00").put("end", "11:00"))
      .put("instrument_owned", true).put("referral_source", "instagram").put("consent", true)
      .put("captcha_token", TestApp.CAPTCHA_PASS).put("idempotency_key", "key-" + UUID.randomUUID())).send();
    assertEquals(201, r.status(), r.toString());
    return r.data();
  }

  /** Opens the console at base (http://host:port) and logs in with the form; waits for the menu. */
  static void logIn(WebDriver browser, String base, String email, String password) {
    browser.get(base + "/staff/");
    Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-email")));
    browser.findElement(By.id("login-email")).sendKeys(email);
    browser.findElement(By.id("login-password")).sendKeys(password);
    browser.findElement(By.id("login-submit")).click();
    try {
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("nav")));
    } catch (RuntimeException e) {
      throw new AssertionError("not logged in: " + browser.findElement(By.id("login-error")).getText() + "\n"
        + Browsers.consoleOf(browser), e);
    }
  }

  /** Opens a screen from the menu (a link, as a keyboard user would follow it). */
  static void open(WebDriver browser, String screen) {
    browser.findElement(By.cssSelector("#nav a[data-screen='" + screen + "']")).click();
    Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("screen-" + screen)));
  }

  /** The dialog's OK button, once it is shown. */
  static WebElement dialogOk(WebDriver browser) {
    return Browsers.waiting(browser).until(ExpectedConditions.elementToBeClickable(By.id("dialog-ok")));
  }

  static Object js(WebDriver browser, String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }
}

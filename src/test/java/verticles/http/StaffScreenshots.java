package verticles.http;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import verticles.Api;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.billing.PaymentFixtures;
import verticles.chat.Browsers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The README's screenshots of the staff console (docs/screenshots/), taken in headless Chromium at 1280×1000 and, for
 * the phone views, 375×812, from a small academy made through the API. Not part of the suite: runs only when asked,
 * {@code mvn -B -o test -Dtest=StaffScreenshots -Dacademy.screenshots=docs/screenshots}.
 */
class StaffScreenshots {
  private final Browsers browsers = new Browsers();

  @BeforeAll
  static void asked() {
    assumeTrue(System.getProperty("academy.screenshots") != null, "screenshots only with -Dacademy.screenshots=<dir>");
    Browsers.assumeInstalled();
  }

  @AfterEach
  void quit() throws IOException {
    browsers.close();
  }

  @Test
  void theMainScreens() throws IOException {
    Path dir = Path.of(System.getProperty("academy.screenshots"));
    Files.createDirectories(dir);
    StaffConsole.reset();
    String admin = TestUsers.adminToken();
    String ina = StaffConsole.account("instructor", "ina@school.id");
    String dewi = StaffConsole.account("instructor", "dewi@school.id");
    String studio1 = StaffConsole.room(admin, "Studio 1", "Piano").getString("id");
    String studio2 = StaffConsole.room(admin, "Studio 2", "Biola", "Gitar").getString("id");
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", ina, 60).getString("id");
    String pop = StaffConsole.course(admin, "Piano Pop", "Piano", ina, 90).getString("id");
    String violin = StaffConsole.course(admin, "Biola Anak", "Biola", dewi, 60).getString("id");
    StaffConsole.course(admin, "Gitar Akustik", "Gitar", null, 60);
    LocalDate monday = StaffConsole.nextMonday();
    LocalDate today = LocalDate.now(StaffConsole.ACADEMY);
    for (int d = 0; d < 6; d++) {
      LocalDate day = monday.plusDays(d);
      StaffConsole.schedule(admin, d % 2 == 0 ? piano : pop, ina, studio1, day, d % 2 == 0 ? "09:00" : "15:00");
      if (d % 3 != 2) StaffConsole.schedule(admin, violin, dewi, d % 2 == 0 ? studio1 : studio2, day, "16:30");
    }
    // today's class: made tomorrow through the API, moved by SQL to have started five minutes ago
    String first = StaffConsole.schedule(admin, piano, ina, studio1, today.plusDays(1), "07:00").getString("id");
    String[][] people = {{"Budi Santoso", "081234567890"}, {"Sari Dewi", "081298765432"}, {"Rina Wulandari", "085711112222"},
      {"Agus Pratama", "081355556666"}};
    for (int i = 0; i < people.length; i++) {
      JsonObject r = StaffConsole.register(i < 2 ? piano : violin, people[i][0],
        people[i][0].toLowerCase().replace(' ', '.') + "@example.com", people[i][1]);
      if (i < 2) {
        Api.Response approved = Api.get().call("enrollment.approve").path("id", r.getString("enrollment_id")).token(admin)
          .body(new JsonObject().put("schedule_id", first)).send();
        assertEquals(200, approved.status(), approved.toString());
      }
    }
    TestApp.sql("UPDATE scheduling.schedules SET start_time = greatest(now() - interval '5 minutes', "
      + "date_trunc('day', now() AT TIME ZONE 'Asia/Jakarta') AT TIME ZONE 'Asia/Jakarta'), end_time = now() + interval '55 minutes' "
      + "WHERE id = '" + first + "'");

    Api.Response chat = Api.get().call("chat.createSession").body(new JsonObject().put("name", "Dewi Lestari")
      .put("email", "dewi.lestari@example.com").put("topic", "Kelas piano untuk anak 8 tahun?")).send();
    assertEquals(201, chat.status(), chat.toString());
    String base = "http://127.0.0.1:" + TestApp.port();
    WebDriver browser = browsers.open();
    browser.manage().window().setSize(new Dimension(1280, 1000));
    browser.get(base + "/staff/");
    Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-email")));
    shot(browser, dir, "login");
    StaffConsole.logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    Browsers.waiting(browser).until(ExpectedConditions.textToBe(By.id("dash-live"), "live"));
    Browsers.waiting(browser).until(ExpectedConditions.textToBe(By.id("dash-pending"), "2"));
    shot(browser, dir, "home");
    StaffConsole.open(browser, "registrations");
    Browsers.waiting(browser).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#reg-list li"), 4));
    shot(browser, dir, "registrations");
    StaffConsole.open(browser, "calendar");
    Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#cal-grid .cal-head")));
    browser.findElement(By.id("cal-next")).click();
    Browsers.waiting(browser).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#cal-grid .cal-class"), 8));
    shot(browser, dir, "calendar");
    StaffConsole.open(browser, "courses");
    Browsers.waiting(browser).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#courses-list tr"), 4));
    browser.findElement(By.cssSelector("#courses-list tr button.edit")).click();
    StaffConsole.dialogOk(browser);
    shot(browser, dir, "course-edit");
    browser.findElement(By.id("dialog-cancel")).click();

    // Pembayaran: two students' invoices from the real flow (booking, approval, invoice), one transfer proof waiting,
    // one paid after a confirmed proof
    PaymentFixtures.Student siti = PaymentFixtures.student("siti.rahma@example.com");
    PaymentFixtures.Student joko = PaymentFixtures.student("joko.susilo@example.com");
    TestApp.sql("UPDATE auth.users SET full_name = 'Siti Rahma' WHERE id = '" + siti.id() + "';"
      + "UPDATE auth.users SET full_name = 'Joko Susilo' WHERE id = '" + joko.id() + "'");
    PaymentFixtures.Invoice waiting = PaymentFixtures.invoice(admin, violin, siti); // not Ina's: her phone view below lists two
    assertEquals(201, PaymentFixtures.submitProof(siti.token(), waiting.id(), PaymentFixtures.proof(waiting.amount(),
      java.time.Instant.now().minusSeconds(1).toString()).put("payer_name", "Siti Rahma")).status());
    PaymentFixtures.Invoice paid = PaymentFixtures.invoice(admin, violin, joko);
    assertEquals(201, PaymentFixtures.submitProof(joko.token(), paid.id(), PaymentFixtures.proof(paid.amount(),
      java.time.Instant.now().minusSeconds(1).toString()).put("payer_name", "Joko Susilo")).status());
    PaymentFixtures.awaitPayment(paid.id(), () -> assertEquals(200, PaymentFixtures.confirm(admin, paid.id()).status()));
    StaffConsole.open(browser, "payments");
    Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(
      By.cssSelector("#pay-proofs li[data-invoice='" + waiting.id() + "']")));
    Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("pay-payments"), paid.number()));
    shot(browser, dir, "payments");
    // the email log: what the academy sent (registrations, approvals, invoices, payments)
    StaffConsole.open(browser, "emails");
    Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("mail-list"), "joko.susilo@example.com"));
    shot(browser, dir, "emails");

    WebDriver phone = browsers.open();
    phone.manage().window().setSize(new Dimension(375, 812));
    StaffConsole.logIn(phone, base, "ina@school.id", StaffConsole.PASSWORD);
    StaffConsole.open(phone, "attendance");
    Browsers.waiting(phone).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".att-class .roster li"), 2));
    phone.findElement(By.cssSelector(".att-class .roster li button.present")).click();
    Browsers.waiting(phone).until(ExpectedConditions.attributeToBe(By.cssSelector(".att-class .roster li"), "data-attended", "true"));
    shot(phone, dir, "attendance-375");
    new org.openqa.selenium.support.ui.Select(phone.findElement(By.id("lang"))).selectByValue("en");
    StaffConsole.open(phone, "registrations");
    Browsers.waiting(phone).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#reg-list li"), 2));
    shot(phone, dir, "registrations-375-en");
  }

  private static void shot(WebDriver browser, Path dir, String name) throws IOException {
    Files.write(dir.resolve("staff-" + name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
  }
}

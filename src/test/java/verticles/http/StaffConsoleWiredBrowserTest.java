package verticles.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import verticles.Api;
import verticles.TestApp;
import verticles.auth.TestUsers;
import verticles.billing.PaymentFixtures;
import verticles.chat.Browsers;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static verticles.http.StaffConsole.dialogOk;
import static verticles.http.StaffConsole.logIn;
import static verticles.http.StaffConsole.open;

/**
 * The console's places wired once issues 18, 19 and 20 were merged, in headless Chromium through the page only: an
 * admin approves a registration into the class the recommendation suggests (ranked above an earlier class that does
 * not fit the applicant's days); a signed-in user gets a calendar subscription URL that answers an iCalendar without
 * a bearer, and asking again rotates it; an admin confirms a transfer proof on the Pembayaran screen and sees the
 * invoice paid (and in the student's record), rejects another with a reason the student reads, and creates and edits a
 * package. No list loses what is beyond the first 100: a package keeps a course beyond them, the 121st student is
 * reached through the paging bar (click, Enter, a typed page number; 375 px wide), a registration on the third page is
 * approved, the 101st room is in the calendar with its class. Assertions use the page's Indonesian texts. Skipped
 * without Chromium.
 */
class StaffConsoleWiredBrowserTest {
  private final Browsers browsers = new Browsers();
  private WebDriver browser;
  private String base;
  private String admin;

  @BeforeAll
  static void chromiumInstalled() {
    Browsers.assumeInstalled();
  }

  @BeforeEach
  void clean() throws IOException {
    StaffConsole.reset();
    browser = browsers.open();
    base = "http://127.0.0.1:" + TestApp.port();
    admin = TestUsers.adminToken();
  }

  @AfterEach
  void quit() throws IOException {
    browsers.close();
  }

  private WebDriverWait waiting() {
    return Browsers.waiting(browser);
  }

  @Test
  void anAdminApprovesARegistrationIntoTheSuggestedClass() {
    String ina = StaffConsole.account("instructor", "ina@school.id");
    String studio = StaffConsole.room(admin, "Studio 1", "Piano").getString("id");
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", ina, 60).getString("id");
    // Monday comes first in time but the applicant asked for Saturday 09.00–11.00: Saturday is suggested first
    String monday = StaffConsole.schedule(admin, piano, ina, studio, StaffConsole.nextMonday(), "15:00").getString("id");
    String saturday = StaffConsole.schedule(admin, piano, ina, studio, StaffConsole.nextMonday().plusDays(5), "09:00").getString("id");
    JsonObject registration = StaffConsole.register(piano, "Budi Santoso", "budi@example.com", "081234567890");
    String number = registration.getString("registration_number");
    String id = registration.getString("enrollment_id");

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "registrations");
    By card = By.cssSelector("#reg-list li[data-id='" + id + "']");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(card));
    browser.findElement(card).findElement(By.cssSelector("button.approve")).click();
    WebElement ok = dialogOk(browser);

    List<WebElement> suggested = browser.findElements(By.cssSelector("#approve-suggestions li"));
    assertEquals(2, suggested.size(), browser.findElement(By.id("dialog-body")).getText());
    assertEquals(saturday, suggested.get(0).getDomAttribute("data-schedule"), "the fitting class first");
    assertEquals(monday, suggested.get(1).getDomAttribute("data-schedule"));
    String best = suggested.get(0).getText();
    assertTrue(best.contains("kursi kosong") && best.contains("cocok") && best.contains("Studio 1"), best);
    assertTrue(best.contains(" — "), "with the recommendation's reasons: " + best);
    Select classes = new Select(browser.findElement(By.id("approve-class")));
    assertEquals(saturday, classes.getFirstSelectedOption().getDomAttribute("value"), "the suggested class is chosen");
    ok.click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("reg-result"), number));

    Api.Response decided = Api.get().call("enrollment.get").path("id", id).token(admin).send();
    assertEquals(200, decided.status(), decided.toString());
    assertEquals("approved", decided.data().getString("status"));
    assertEquals(saturday, decided.data().getString("schedule_id"));
  }

  @Test
  void theSubscriptionUrlShownServesAnICalendarWithoutABearerAndAskingAgainRotatesIt() throws Exception {
    String ina = StaffConsole.account("instructor", "ina@school.id");
    String studio = StaffConsole.room(admin, "Studio 1", "Piano").getString("id");
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", ina, 60).getString("id");
    StaffConsole.schedule(admin, piano, ina, studio, StaffConsole.nextMonday(), "09:00");

    logIn(browser, base, "ina@school.id", StaffConsole.PASSWORD);
    open(browser, "calendar");
    browser.findElement(By.id("feed-get")).click();
    waiting().until(d -> !d.findElement(By.id("feed-url")).getDomProperty("value").isEmpty());
    String url = browser.findElement(By.id("feed-url")).getDomProperty("value");
    String panel = browser.findElement(By.id("feed")).getText();
    assertTrue(panel.contains("Google Calendar") && panel.contains("Outlook") && panel.contains("Dari URL"), panel);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> feed = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, feed.statusCode(), feed.body());
    assertTrue(feed.headers().firstValue("Content-Type").orElse("").startsWith("text/calendar"), feed.headers().toString());
    assertTrue(feed.body().startsWith("BEGIN:VCALENDAR") && feed.body().contains("Piano Dasar"), feed.body());

    // asking again gives a new URL; the one shown before stops working
    assertEquals("Buat URL baru (URL lama berhenti)", browser.findElement(By.id("feed-get")).getText());
    browser.findElement(By.id("feed-get")).click();
    waiting().until(d -> !url.equals(d.findElement(By.id("feed-url")).getDomProperty("value")));
    String rotated = browser.findElement(By.id("feed-url")).getDomProperty("value");
    assertNotEquals(url, rotated);
    assertEquals(404, http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    assertEquals(200, http.send(HttpRequest.newBuilder(URI.create(rotated)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
  }

  @Test
  void anAdminConfirmsATransferProofAndSeesTheInvoicePaid() {
    String ina = StaffConsole.account("instructor", "ina@school.id");
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", ina, 60).getString("id");
    PaymentFixtures.Student budi = PaymentFixtures.student("budi@example.com");
    PaymentFixtures.Invoice invoice = PaymentFixtures.invoice(admin, piano, budi);
    Api.Response sent = PaymentFixtures.submitProof(budi, invoice);
    assertEquals(201, sent.status(), sent.toString());

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "payments");
    By proof = By.cssSelector("#pay-proofs li[data-invoice='" + invoice.id() + "']");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(proof));
    String text = browser.findElement(proof).getText();
    assertTrue(text.contains(invoice.number()) && text.contains("BCA") && text.contains("Budi Santoso"), text);
    assertTrue(text.contains(rupiah(invoice.amount())) && text.contains("WIB"), "money and time the academy's way: " + text);
    By status = By.cssSelector("#pay-invoices tr[data-id='" + invoice.id() + "'] .inv-status");
    waiting().until(ExpectedConditions.textToBe(status, "menunggu pemeriksaan"));

    browser.findElement(proof).findElement(By.cssSelector("button.confirm")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pay-result"), "Tagihan " + invoice.number() + " lunas."));
    waiting().until(ExpectedConditions.textToBe(status, "lunas"));
    waiting().until(ExpectedConditions.invisibilityOfElementLocated(proof));
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pay-payments"), invoice.number()));
    assertTrue(browser.findElement(By.id("pay-payments")).getText().contains("transfer bank"), browser.findElement(By.id("pay-payments")).getText());
    assertTrue(browser.findElement(By.id("pay-totals")).getText().contains("1 pembayaran · " + rupiah(invoice.amount())),
      browser.findElement(By.id("pay-totals")).getText());
    assertEquals("paid", PaymentFixtures.status(admin, invoice.id()));

    // the student's record lists the invoice, paid
    open(browser, "students");
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stu-list"), "budi@example.com"));
    browser.findElement(By.cssSelector("#stu-list tr button.open")).click();
    By row = By.cssSelector("#stu-invoices tr[data-id='" + invoice.id() + "'] .inv-status");
    waiting().until(ExpectedConditions.textToBe(row, "lunas"));
  }

  @Test
  void anAdminRejectsATransferProofWithAReasonTheStudentReads() {
    String ina = StaffConsole.account("instructor", "ina@school.id");
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", ina, 60).getString("id");
    PaymentFixtures.Student budi = PaymentFixtures.student("budi@example.com");
    PaymentFixtures.Invoice invoice = PaymentFixtures.invoice(admin, piano, budi);
    assertEquals(201, PaymentFixtures.submitProof(budi, invoice).status());

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "payments");
    By proof = By.cssSelector("#pay-proofs li[data-invoice='" + invoice.id() + "']");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(proof));
    browser.findElement(proof).findElement(By.cssSelector("button.reject")).click();
    WebElement ok = dialogOk(browser);
    browser.findElement(By.id("proof-reason")).sendKeys("Bukti transfer tidak terbaca");
    ok.click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pay-result"), "Bukti transfer " + invoice.number() + " ditolak."));
    waiting().until(ExpectedConditions.textToBe(By.cssSelector("#pay-invoices tr[data-id='" + invoice.id() + "'] .inv-status"), "belum dibayar"));

    Api.Response proofs = Api.get().call("billing.listProofs").token(budi.token()).path("id", invoice.id()).send();
    assertEquals(200, proofs.status(), proofs.toString());
    JsonObject rejected = proofs.data().getJsonArray("proofs").getJsonObject(0);
    assertEquals("rejected", rejected.getString("status"));
    assertEquals("Bukti transfer tidak terbaca", rejected.getString("reason"));
  }

  @Test
  void anAdminCreatesAndEditsAPackage() {
    String ina = StaffConsole.account("instructor", "ina@school.id");
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", ina, 60).getString("id");

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "payments");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("pkg-empty")));
    browser.findElement(By.id("pkg-new")).click();
    WebElement ok = dialogOk(browser);
    browser.findElement(By.id("pkg-name")).sendKeys("Paket Piano 4 sesi");
    browser.findElement(By.id("pkg-price")).sendKeys("900000");
    browser.findElement(By.id("pkg-sessions")).sendKeys("4");
    browser.findElement(By.cssSelector("#pkg-courses input[value='" + piano + "']")).click();
    ok.click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pkg-list"), "Rp 900.000"));
    assertTrue(browser.findElement(By.id("pkg-list")).getText().contains("Piano Dasar"), browser.findElement(By.id("pkg-list")).getText());

    browser.findElement(By.cssSelector("#pkg-list tr button.edit")).click();
    ok = dialogOk(browser);
    WebElement price = browser.findElement(By.id("pkg-price"));
    price.clear();
    price.sendKeys("950000");
    ok.click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pkg-list"), "Rp 950.000"));

    Api.Response list = Api.get().call("billing.listPackages").token(admin).send();
    assertEquals(200, list.status(), list.toString());
    JsonObject saved = list.json().getJsonArray("data").getJsonObject(0);
    assertEquals(950_000, saved.getInteger("price"));
    assertEquals(4, saved.getInteger("sessions"));
    assertEquals(piano, saved.getJsonArray("course_ids").getString(0));
    assertTrue(saved.getBoolean("is_active"));
  }

  @Test
  void aPackageOfACourseBeyondTheFirstHundredKeepsItWhenEdited() {
    // the oldest of 121 courses: the list is newest first, so it is on the second page of 100
    String violin = StaffConsole.course(admin, "Biola Lanjutan", "Piano", null, 60).getString("id");
    for (int i = 1; i <= 120; i++) StaffConsole.course(admin, "Kursus " + i, "Piano", null, 60);
    Api.Response created = Api.get().call("billing.createPackage").token(admin).body(new JsonObject()
      .put("name", "Paket Biola").put("price", 800_000).put("course_ids", new JsonArray().add(violin))).send();
    assertEquals(201, created.status(), created.toString());

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "payments");
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pkg-list"), "Biola Lanjutan"));
    browser.findElement(By.cssSelector("#pkg-list tr button.edit")).click();
    WebElement ok = dialogOk(browser);
    assertTrue(browser.findElement(By.cssSelector("#pkg-courses input[value='" + violin + "']")).isSelected());
    assertEquals(121, browser.findElements(By.cssSelector("#pkg-courses input")).size(), "every course is offered");
    WebElement price = browser.findElement(By.id("pkg-price"));
    price.clear();
    price.sendKeys("850000");
    ok.click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("pkg-list"), "Rp 850.000"));

    JsonObject saved = Api.get().call("billing.getPackage").token(admin).path("id", created.data().getString("id")).send().data();
    assertEquals(850_000, saved.getInteger("price"));
    assertEquals(new JsonArray().add(violin), saved.getJsonArray("course_ids"));
  }

  @Test
  void theHundredAndTwentyFirstStudentIsReachedByPagingAndByKeyboard() {
    // 120 students named "Siswa 001" … and the last by name (the list is by name): on the third page of 50
    TestApp.sql("""
      INSERT INTO auth.users (email, full_name, role, status, email_verified)
      SELECT 'siswa' || n || '@example.com', 'Siswa ' || lpad(n::text, 3, '0'), 'student', 'active', true
      FROM generate_series(1, 120) n;
      INSERT INTO auth.users (email, full_name, role, status, email_verified)
      VALUES ('zulfa@example.com', 'Zulfa Rahma', 'student', 'active', true)""");

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "students");
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stu-list"), "Siswa 001"));
    assertEquals(50, browser.findElements(By.cssSelector("#stu-list tr")).size());
    WebElement pager = browser.findElement(By.id("stu-pager"));
    assertTrue(pager.isDisplayed());
    assertTrue(pager.getText().contains("dari 3 · 121 data"), pager.getText());
    assertEquals("Halaman daftar", pager.getDomAttribute("aria-label"));

    browser.findElement(By.cssSelector("#stu-pager button.pager-next")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stu-list"), "Siswa 051"));
    // the focus stays on "next": Enter goes on to the last page
    browser.switchTo().activeElement().sendKeys(Keys.ENTER);
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stu-list"), "Zulfa Rahma"));
    assertEquals(21, browser.findElements(By.cssSelector("#stu-list tr")).size());
    assertTrue(browser.findElement(By.cssSelector("#stu-pager button.pager-next")).getDomProperty("disabled").equals("true"));
    browser.findElement(By.cssSelector("#stu-list tr:last-child button.open")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stu-detail-title"), "zulfa@example.com"));

    // readable at 375 px: the paging bar wraps inside the screen, and the page is no wider than the screen (the
    // tables scroll in their own box)
    browser.manage().window().setSize(new org.openqa.selenium.Dimension(375, 800));
    waiting().until(d -> (Boolean) StaffConsole.js(d, """
      const bar = document.getElementById('stu-pager');
      return window.innerWidth <= 375 && [...bar.children].every((c) => c.getBoundingClientRect().right <= window.innerWidth)
        && document.documentElement.scrollWidth <= document.documentElement.clientWidth;"""));

    // a search goes to the API and starts again at page 1
    browser.findElement(By.id("stu-search")).sendKeys("zulfa");
    waiting().until(d -> d.findElements(By.cssSelector("#stu-list tr")).size() == 1);
    assertTrue(browser.findElement(By.id("stu-list")).getText().contains("Zulfa Rahma"));
    assertTrue(!browser.findElement(By.id("stu-pager")).isDisplayed(), "one page: no paging bar");

    // a page number typed, in English
    browser.findElement(By.id("stu-search")).clear();
    new Select(browser.findElement(By.id("lang"))).selectByValue("en");
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stu-pager"), "of 3 · 121 items"));
    WebElement number = browser.findElement(By.cssSelector("#stu-pager input.pager-page"));
    number.clear();
    number.sendKeys("3", Keys.TAB);
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("stu-list"), "Zulfa Rahma"));
  }

  @Test
  void aRegistrationBeyondTheFirstHundredIsApprovedFromItsPage() {
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", null, 60).getString("id");
    // the first registered: the list is newest first, so it is on the third page of 50 pending ones
    JsonObject first = StaffConsole.register(piano, "Ayu Lestari", "ayu@example.com", "081200000000");
    for (int i = 1; i <= 120; i++) StaffConsole.register(piano, "Pendaftar " + i, "daftar" + i + "@example.com", "0812000" + (10000 + i));
    String id = first.getString("enrollment_id");
    String number = first.getString("registration_number");

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "registrations");
    waiting().until(d -> d.findElements(By.cssSelector("#reg-list li")).size() == 50);
    assertTrue(browser.findElement(By.id("reg-pager")).getText().contains("dari 3 · 121 data"), browser.findElement(By.id("reg-pager")).getText());
    WebElement page = browser.findElement(By.cssSelector("#reg-pager input.pager-page"));
    page.clear();
    page.sendKeys("3", Keys.TAB);
    By card = By.cssSelector("#reg-list li[data-id='" + id + "']");
    waiting().until(ExpectedConditions.visibilityOfElementLocated(card));
    assertEquals(21, browser.findElements(By.cssSelector("#reg-list li")).size());
    browser.findElement(card).findElement(By.cssSelector("button.approve")).click();
    dialogOk(browser).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("reg-result"), number));

    Api.Response decided = Api.get().call("enrollment.get").path("id", id).token(admin).send();
    assertEquals("approved", decided.data().getString("status"), decided.toString());
    // pending first, then the rest: the approved one is now on the last page, after the 120 pending
    waiting().until(d -> d.findElement(By.id("reg-pager")).getText().contains("dari 4 · 121 data"));
    browser.findElement(By.cssSelector("#reg-pager button.pager-next")).click();
    waiting().until(ExpectedConditions.textToBe(By.cssSelector("#reg-list li[data-id='" + id + "'] .reg-status"), "disetujui"));
    assertEquals(1, browser.findElements(By.cssSelector("#reg-list li")).size());
  }

  @Test
  void aRoomBeyondTheFirstHundredIsInTheCalendarWithItsClasses() {
    String ina = StaffConsole.account("instructor", "ina@school.id");
    // rooms are listed by name: the last of 101
    String last = StaffConsole.room(admin, "Zona Rekaman", "Piano").getString("id");
    for (int i = 1; i <= 100; i++) StaffConsole.room(admin, "Ruang " + String.format("%03d", i), "Piano");
    String piano = StaffConsole.course(admin, "Piano Dasar", "Piano", ina, 60).getString("id");
    StaffConsole.schedule(admin, piano, ina, last, StaffConsole.nextMonday(), "10:00");

    logIn(browser, base, TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
    open(browser, "calendar");
    waiting().until(d -> new Select(d.findElement(By.id("cal-which"))).getOptions().size() == 101);
    new Select(browser.findElement(By.id("cal-which"))).selectByValue(last);
    browser.findElement(By.id("cal-next")).click();
    waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("cal-grid"), "Piano Dasar"));
  }

  /** "Rp 1.000.000" */
  private static String rupiah(long amount) {
    return "Rp " + String.format(java.util.Locale.ROOT, "%,d", amount).replace(',', '.');
  }
}

package verticles.enrollment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import verticles.TestApp;
import verticles.chat.Browsers;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bahasa Indonesia first on the public page (issue 20), in headless Chromium: Indonesian by default — page texts, API
 * answers, prices, dates in WIB — and English after the switch, kept across a reload (localStorage academy.lang).
 */
class PublicPageLanguageBrowserTest {
  @BeforeAll
  static void setUp() {
    Browsers.assumeInstalled();
    Academy.reset();
    Academy.course(Academy.admin(), "Piano Dasar", 5);
  }

  private static String page() {
    return "http://127.0.0.1:" + TestApp.port() + "/";
  }

  private static Object js(WebDriver browser, String script) {
    return ((JavascriptExecutor) browser).executeScript(script);
  }

  private static String text(WebDriver browser, String id) {
    return browser.findElement(By.id(id)).getText();
  }

  @Test
  void indonesianByDefaultAndEnglishAfterTheSwitch() throws IOException {
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = browsers.open();
      browser.get(page());
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("course-list"), "Piano Dasar"));
      assertEquals("id", js(browser, "return document.documentElement.lang;"));
      assertEquals("Daftar kursus", text(browser, "register-title"));
      assertEquals("Cek pendaftaran Anda", text(browser, "status-title"));
      assertEquals("true", browser.findElement(By.id("lang-id")).getDomAttribute("aria-pressed"));
      String course = text(browser, "course-list");
      assertTrue(course.contains("Rp 500.000 per pertemuan") && course.contains("60 menit") && course.contains("Pemula"), course);
      assertEquals("15 Mei 2025 pukul 01.00 WIB", js(browser, "return Academy.dateTime('2025-05-14T18:00:00Z');"));
      assertEquals("Rp 250.000", js(browser, "return Academy.rupiah(250000);"));

      // an API refusal, in the API's Indonesian (the page sends Accept-Language: id)
      browser.findElement(By.id("reg-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.attributeToBe(By.id("register-result"), "class", "status error"));
      String refused = text(browser, "register-result");
      assertTrue(refused.contains("Periksa:") && !refused.contains("Invalid request"), refused);

      browser.findElement(By.id("lang-en")).click();
      Browsers.waiting(browser).until(ExpectedConditions.textToBe(By.id("register-title"), "Register for a course"));
      assertEquals("en", js(browser, "return document.documentElement.lang;"));
      assertEquals("en", js(browser, "return localStorage.getItem('academy.lang');"));
      assertEquals("true", browser.findElement(By.id("lang-en")).getDomAttribute("aria-pressed"));
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("course-list"), "per session"));
      assertTrue(text(browser, "course-list").contains("Rp 500,000 per session"), text(browser, "course-list"));
      assertEquals("Search: piano, guitar, beginner…", browser.findElement(By.id("course-search")).getDomAttribute("placeholder"));
      assertEquals("15 May 2025, 01:00 WIB", js(browser, "return Academy.dateTime('2025-05-14T18:00:00Z');"));

      browser.findElement(By.id("reg-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("register-result"), "Invalid request"));
      assertFalse(text(browser, "register-result").contains("Periksa"));

      // the choice is kept: a reload stays English
      browser.navigate().refresh();
      Browsers.waiting(browser).until(ExpectedConditions.textToBe(By.id("register-title"), "Register for a course"));
      assertEquals("Check your registration", text(browser, "status-title"));

      // and back
      browser.findElement(By.id("lang-id")).click();
      Browsers.waiting(browser).until(ExpectedConditions.textToBe(By.id("register-title"), "Daftar kursus"));
    }
  }
}

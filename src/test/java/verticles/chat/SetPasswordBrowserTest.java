package verticles.chat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import verticles.Api;
import verticles.TestApp;
import verticles.auth.TestUsers;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new instructor follows the set-password link of the invitation email (issue 15) in headless Chromium: the staff
 * console shows the set-password form, takes the token out of the address bar, refuses a weak password, sets a strong
 * one, and the instructor logs in with it. Skipped, with a message, where Chromium is not installed.
 */
class SetPasswordBrowserTest {
  private final Browsers browsers = new Browsers();
  private WebDriver browser;

  @BeforeAll
  static void chromiumInstalled() {
    Browsers.assumeInstalled();
  }

  @BeforeEach
  void clean() throws IOException {
    TestApp.resetData();
    browser = browsers.open();
  }

  @AfterEach
  void quit() throws IOException {
    browsers.close();
  }

  @Test
  void theInvitationLinkSetsThePasswordAndTheInstructorLogsIn() {
    Api.Response created = Api.get().call("auth.createInstructor").token(TestUsers.adminToken())
      .body(new JsonObject().put("email", "dewi@school.id").put("full_name", "Dewi Guru")).send();
    assertEquals(201, created.status(), created.toString());

    browser.get(TestUsers.invitationLink("dewi@school.id"));
    Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password")));
    assertFalse(browser.findElement(By.id("login")).isDisplayed(), "the form replaces the login");
    assertFalse(browser.getCurrentUrl().contains("token"), "the token left the address bar: " + browser.getCurrentUrl());

    browser.findElement(By.id("new-password")).sendKeys("password123");
    browser.findElement(By.id("set-password-submit")).click();
    Browsers.waiting(browser).until(ExpectedConditions.textMatches(By.id("set-password-error"), java.util.regex.Pattern.compile("\\S")));
    assertTrue(browser.findElement(By.id("new-password")).isDisplayed(), "a weak password leaves the form (and the link) usable");

    browser.findElement(By.id("new-password")).clear();
    browser.findElement(By.id("new-password")).sendKeys("Biola-Sore-2026!");
    browser.findElement(By.id("set-password-submit")).click();
    Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("login-email")));
    assertTrue(browser.findElement(By.id("login-done")).getText().contains("Kata sandi Anda sudah diatur"));

    browser.findElement(By.id("login-email")).sendKeys("dewi@school.id");
    browser.findElement(By.id("login-password")).sendKeys("Biola-Sore-2026!");
    browser.findElement(By.id("login-submit")).click();
    Browsers.waiting(browser).until(ExpectedConditions.textToBe(By.id("who"), "Dewi Guru · instruktur"));
  }
}

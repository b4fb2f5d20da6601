package verticles.auth;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import verticles.TestApp;
import verticles.chat.Browsers;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static verticles.auth.AccountFlows.NEW_PASSWORD;
import static verticles.auth.AccountFlows.PASSWORD;
import static verticles.auth.AccountFlows.assertError;

/**
 * The account emails' links in a real browser (headless Chromium; skipped where it is not installed): the public page
 * confirms the address from {@code #verify=…}, and sets a new password from {@code #reset=…} (the form the invitation's
 * {@code #set-password?token=…} also uses), taking the token out of the address bar.
 */
class AccountLinksBrowserTest {
  @BeforeEach
  void reset() {
    TestApp.resetData();
  }

  /** The emailed link on the test academy's own port (it does not run at its public_url). */
  private static String local(String link) {
    return "http://127.0.0.1:" + TestApp.port() + link.substring(TestApp.config().getString("public_url").length());
  }

  @Test
  void theVerificationLinkConfirmsTheAddress() throws IOException {
    Browsers.assumeInstalled();
    assertEquals(201, AccountFlows.register(AccountFlows.registration("Rina", "rina@contoh.id", "UMUM", null)).status());
    String link = AccountFlows.link("rina@contoh.id", "verify", 1).group(1);
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = browsers.open();
      browser.get(local(link));
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-result"), "terkonfirmasi"));
      assertFalse(browser.getCurrentUrl().contains("verify="), browser.getCurrentUrl());
    }
    assertEquals(1, TestApp.count("SELECT count(*) FROM auth.users WHERE email = 'rina@contoh.id' AND email_verified"));
  }

  @Test
  void theResetLinkSetsANewPassword() throws IOException {
    Browsers.assumeInstalled();
    TestUsers.create("student", "siti@contoh.id", PASSWORD, "active");
    AccountFlows.forgot("siti@contoh.id");
    String link = AccountFlows.link("siti@contoh.id", "reset", 1).group(1);
    try (Browsers browsers = new Browsers()) {
      WebDriver browser = browsers.open();
      browser.get(local(link));
      Browsers.waiting(browser).until(ExpectedConditions.visibilityOfElementLocated(By.id("new-password")));
      assertFalse(browser.getCurrentUrl().contains("reset="), browser.getCurrentUrl());
      browser.findElement(By.id("new-password")).sendKeys("password");
      browser.findElement(By.id("set-password-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-result"), "minimal 10 karakter"));
      browser.findElement(By.id("new-password")).clear();
      browser.findElement(By.id("new-password")).sendKeys(NEW_PASSWORD);
      browser.findElement(By.id("set-password-submit")).click();
      Browsers.waiting(browser).until(ExpectedConditions.textToBePresentInElementLocated(By.id("account-result"), "Kata sandi Anda sudah diatur"));
    }
    assertEquals(200, AccountFlows.login("auth.login", "siti@contoh.id", NEW_PASSWORD).status());
    assertError(AccountFlows.login("auth.login", "siti@contoh.id", PASSWORD), 401, "AUTH_INVALID_CREDENTIALS");
  }
}

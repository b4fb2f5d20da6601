package verticles.chat;

import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Headless Chromium for the browser tests (Debian's chromium + chromium-driver): every {@link #open} is a
 * separate browser with its own profile; {@link #close} quits them all and deletes the profiles.
 */
public final class Browsers implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final List<WebDriver> browsers = new ArrayList<>();
  private final List<Path> profiles = new ArrayList<>();

  /** Skips the calling test class, with a message, where Chromium is not installed (CI installs it). */
  public static void assumeInstalled() {
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
      "Browser tests skipped: headless Chromium is not installed (apt-get install -y chromium chromium-driver)");
  }

  public static WebDriverWait waiting(WebDriver browser) {
    return new WebDriverWait(browser, Duration.ofSeconds(30));
  }

  /** A fresh headless Chromium with its own profile: a separate browser context. */
  public WebDriver open() throws IOException {
    Path profile = Files.createTempDirectory("academy-chromium");
    profiles.add(profile);
    ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      "--user-data-dir=" + profile);
    // the page's console (errors, failed module loads) for a failing test's message: see consoleOf
    options.setCapability("goog:loggingPrefs", java.util.Map.of("browser", "ALL"));
    ChromeDriverService service = new ChromeDriverService.Builder()
      .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    WebDriver browser = new ChromeDriver(service, options);
    browsers.add(browser);
    return browser;
  }

  /** What the page wrote to its console (errors included) since the last call: for assertion messages. */
  public static String consoleOf(WebDriver browser) {
    try {
      StringBuilder out = new StringBuilder();
      browser.manage().logs().get(org.openqa.selenium.logging.LogType.BROWSER)
        .forEach(entry -> out.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n'));
      return out.toString();
    } catch (RuntimeException e) {
      return "(no console log: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws IOException {
    for (WebDriver browser : browsers) browser.quit();
    browsers.clear();
    for (Path profile : profiles) {
      try (var files = Files.walk(profile)) {
        files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
      }
    }
    profiles.clear();
  }
}

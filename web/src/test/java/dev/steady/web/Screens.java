package dev.steady.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Looks at the page a browser shows at the widths people use (1280 and 1920 px): it never scrolls
 * sideways, the elements that matter are visible, no text sticks out of the run's banner, and a
 * screenshot of the whole page lands in {@code target/screenshots/NAME-WIDTH.png} for a person to look at.
 */
final class Screens {

  static final Path DIR = Path.of("target", "screenshots");
  static final List<Integer> WIDTHS = List.of(1280, 1920);
  private static final String OVERFLOW = "return document.documentElement.scrollWidth <= window.innerWidth";
  /** Elements of the banner whose text runs past their box (none when the banner fits). */
  private static final String CLIPPED = "var out = []; document.querySelectorAll('#banner, #banner *, .banner, .banner *').forEach("
      + "function (e) { if (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1) { out.push(e.id || e.className"
      + " || e.tagName); } }); return out;";

  private Screens() {}

  /** Checks the current page at each width; {@code visible} must be shown at both. Leaves the window at 1280 px. */
  static void check(ChromeDriver browser, String name, By... visible) {
    JavascriptExecutor js = browser;
    for (int width : WIDTHS) {
      resize(browser, width, 1000);
      assertThat((Boolean) js.executeScript(OVERFLOW)).as(name + " at " + width + " px scrolls sideways: scrollWidth "
          + js.executeScript("return document.documentElement.scrollWidth") + " > " + width).isTrue();
      for (By by : visible) {
        assertThat(browser.findElements(by)).as(name + " at " + width + " px shows " + by).anySatisfy(e -> assertThat(e.isDisplayed()).isTrue());
      }
      assertThat((List<?>) js.executeScript(CLIPPED)).as(name + " at " + width + " px: banner text clipped").isEmpty();
      save(browser, name + "-" + width);
    }
    resize(browser, WIDTHS.get(0), 1000);
  }

  /** A screenshot of the whole page (the window is made as tall as the page, up to 6000 px). */
  private static void save(ChromeDriver browser, String file) {
    long height = ((Number) browser.executeScript("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"))
        .longValue();
    int width = browser.manage().window().getSize().getWidth();
    resize(browser, width, (int) Math.min(6000, Math.max(600, height + 120)));
    try {
      Files.createDirectories(DIR);
      Files.write(DIR.resolve(file + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void resize(ChromeDriver browser, int width, int height) {
    browser.manage().window().setSize(new Dimension(width, height));
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> ((Number) browser.executeScript("return window.innerWidth")).intValue()
        >= width - 40);
  }

  /** The text beside a disabled button (its reason), or fails when the button is usable. */
  static String whyDisabled(ChromeDriver browser, String buttonId) {
    WebElement button = browser.findElement(By.id(buttonId));
    assertThat(button.isEnabled()).as(buttonId + " is disabled").isFalse();
    WebElement why = browser.findElement(By.id(buttonId + "-why"));
    assertThat(why.isDisplayed()).as("the reason beside " + buttonId).isTrue();
    return why.getText();
  }
}

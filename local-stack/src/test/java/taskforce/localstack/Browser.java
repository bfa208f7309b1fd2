package taskforce.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * One person at one browser: Debian's Chromium, headless, with a profile of its own (so two people never share a
 * session), driven by the machine's chromedriver. Nothing is downloaded: both paths are given, so Selenium Manager
 * has nothing to look for.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    /** The accessibility rules checked on every page: WCAG 2.1 A and AA. */
    static final List<String> WCAG = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

    final ChromeDriver driver;
    private final Path profile;
    private final String consoleUrl;

    Browser(String consoleUrl) {
        this.consoleUrl = consoleUrl;
        try {
            profile = Files.createTempDirectory("console-browser-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--window-size=1280,1000",
                "--user-data-dir=" + profile.toAbsolutePath());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    /** Without the browser the tests are skipped; with the browser but without its driver they fail, loudly. */
    static boolean available() {
        return Files.isExecutable(CHROMIUM);
    }

    /** The browser's own time zone, as a person's laptop in that zone has it (the console asks the browser). */
    void inTimeZone(String zone) {
        driver.executeCdpCommand("Emulation.setTimezoneOverride", java.util.Map.of("timezoneId", zone));
    }

    void open(String path) {
        driver.get(consoleUrl + path);
    }

    /** Opens the console, is sent to the identity provider's sign-in form, and comes back signed in. */
    void signIn(String username) {
        open("/");
        find(By.id("username")).sendKeys(username);
        find(By.id("password")).sendKeys("demo");
        find(By.cssSelector("button[type=submit]")).click();
        awaitText(By.id("signed-in-user"), username);
    }

    /** Signs out of the console, which ends the provider's session too: the next sign-in asks for a password. */
    void signOut() {
        click("Sign out");
        awaitText(By.tagName("h1"), "signed out");
    }

    /** Waits for the element: after a click the next page may still be on its way. */
    WebElement find(By by) {
        return await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .until(() -> driver.findElement(by), Objects::nonNull);
    }

    /** Waits until the element says so (the page before may have had the same element with other text). */
    void awaitText(By by, String expected) {
        await().atMost(Duration.ofSeconds(15))
                .ignoreExceptions()
                .untilAsserted(
                        () -> assertThat(driver.findElement(by).getText()).contains(expected));
    }

    List<WebElement> findAll(By by) {
        return driver.findElements(by);
    }

    void type(String id, String text) {
        WebElement input = find(By.id(id));
        input.clear();
        input.sendKeys(text);
    }

    void choose(String id, String value) {
        new Select(find(By.id(id))).selectByValue(value);
    }

    /** Date and time inputs take typed keys in the browser's locale's order; the value is set as the page would. */
    void setValue(String id, String value) {
        js("document.getElementById(arguments[0]).value = arguments[1];", id, value);
    }

    void click(String buttonText) {
        find(By.xpath("//button[normalize-space()='" + buttonText + "']")).click();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Fails on serious or critical WCAG 2.1 A/AA violations of the page as it is now, naming each. */
    void assertAccessible(String page) {
        Results results = new AxeBuilder().withTags(WCAG).analyze(driver);
        List<Rule> serious = results.getViolations().stream()
                .filter(rule -> "serious".equals(rule.getImpact()) || "critical".equals(rule.getImpact()))
                .toList();
        assertThat(serious)
                .as(
                        "accessibility of the %s page (%s): %s",
                        page,
                        driver.getCurrentUrl(),
                        serious.stream()
                                .map(rule -> rule.getId() + " (" + rule.getImpact() + "): " + rule.getHelp() + " at "
                                        + rule.getNodes().stream()
                                                .map(node -> String.valueOf(node.getTarget()))
                                                .collect(Collectors.joining(", ")))
                                .collect(Collectors.joining("; ")))
                .isEmpty();
    }

    /** Checks the page and keeps a picture of it for the README (target/screenshots/&lt;page&gt;.png). */
    void visited(String page) {
        assertAccessible(page);
        try {
            Files.createDirectories(SCREENSHOTS);
            // the whole page, not only what the window shows
            Dimension window = driver.manage().window().getSize();
            long height = ((Number) js("return document.documentElement.scrollHeight;")).longValue();
            driver.manage().window().setSize(new Dimension(window.getWidth(), (int)
                    Math.min(Math.max(height, 600), 4000)));
            File shot = driver.getScreenshotAs(OutputType.FILE);
            driver.manage().window().setSize(window);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(page + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile; the system cleans up what is left
            }
        }
    }
}

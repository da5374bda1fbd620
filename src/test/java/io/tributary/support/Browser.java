package io.tributary.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.util.FileSystemUtils;
import org.webjars.WebJarVersionLocator;

/**
 * A headless Chromium driven through WebDriver: Debian's {@code chromium} and {@code chromium-driver} packages, which
 * {@code .ci/run} installs. Both paths are given to Selenium, so Selenium Manager never runs: it would try to download
 * a driver or a browser, and this machine reaches no such host. Each browser has a fresh profile in a temp dir, deleted
 * by {@link #close()}. {@code -Dconsole.browser.skip=true} skips the tests that need one; without it a missing browser
 * is a failure, so CI cannot pass by skipping them.
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    public static final String SKIP_PROPERTY = "console.browser.skip";
    /** Generous: a loaded two-core machine building in parallel is slow to render, never this slow. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final Path LOGS = Path.of("target", "console-browser");
    private static final List<String> FLAGS = List.of("--headless=new", "--no-sandbox", "--disable-gpu",
            "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-dev-shm-usage", "--window-size=1280,900");
    /**
     * Selenium looks for a DevTools (CDP) binding of the browser's exact version at each start and warns when it has
     * none, as for a Chromium newer than it. These tests use WebDriver only, so the warning says nothing; the logger
     * is held so that its level survives garbage collection.
     */
    private static final Logger CDP_VERSION_LOG = Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");
    private static String axeSource;

    static {
        CDP_VERSION_LOG.setLevel(Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Whether Chromium and ChromeDriver are installed where Debian puts them. */
    public static boolean available() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    /** Skips the caller with {@code -Dconsole.browser.skip=true}; otherwise fails when no browser is installed. */
    public static void requireAvailable() {
        Assumptions.assumeFalse(Boolean.getBoolean(SKIP_PROPERTY), "skipped: -D" + SKIP_PROPERTY + "=true");
        if (!available()) {
            throw new IllegalStateException("Browser tests need " + CHROMIUM + " and " + CHROMEDRIVER + ", Debian's "
                    + "chromium and chromium-driver packages, which .ci/run installs (apt-get install chromium "
                    + "chromium-driver); -D" + SKIP_PROPERTY + "=true skips these tests");
        }
    }

    /** Starts a headless Chromium with a fresh profile; see {@link #requireAvailable()} for a missing browser. */
    public static Browser start() {
        requireAvailable();
        try {
            Files.createDirectories(LOGS);
            Path profile = Files.createTempDirectory("tributary-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(CHROMIUM.toFile());
            options.addArguments(FLAGS);
            options.addArguments("--user-data-dir=" + profile);
            LoggingPreferences logging = new LoggingPreferences();
            logging.enable(LogType.BROWSER, Level.ALL); // console messages, uncaught errors, CSP violations
            options.setCapability("goog:loggingPrefs", logging);
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                    .usingAnyFreePort().withTimeout(Duration.ofSeconds(60))
                    .withLogFile(LOGS.resolve("chromedriver.log").toFile()).withAppendLog(true).build();
            try {
                ChromeDriver driver = new ChromeDriver(service, options);
                // axe on a large page of a loaded machine can outlast the default 30 s script timeout
                driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60))
                        .scriptTimeout(Duration.ofSeconds(60));
                return new Browser(driver, profile);
            } catch (RuntimeException | Error e) {
                service.stop();
                FileSystemUtils.deleteRecursively(profile);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public WebDriver driver() {
        return driver;
    }

    /** Loads the page and waits until it has loaded (not for what its scripts fetch afterwards). */
    public void open(String url) {
        driver.get(url);
    }

    /** Waits until an element matching the locator is displayed; returns it. */
    public WebElement waitFor(By locator) {
        return waitUntil(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until the condition (an {@link ExpectedConditions} or any function) returns neither null nor false. */
    public <T> T waitUntil(Function<? super WebDriver, T> condition) {
        return new WebDriverWait(driver, TIMEOUT).until(condition);
    }

    /**
     * Awaitility with the browser's limit, for assertions on the page: {@code await().untilAsserted(() -> ...)}. The
     * console redraws its tables as data arrives, so an element found a moment ago may be gone: that try is retried.
     */
    public ConditionFactory await() {
        return Awaitility.await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(100))
                .ignoreException(StaleElementReferenceException.class);
    }

    /** Saves the visible part of the page as {@code target/console-screenshots/<name>.png}; returns the file. */
    public Path screenshot(String name) {
        try {
            Path file = Files.createDirectories(SCREENSHOTS).resolve(name + ".png");
            return Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs axe-core on the current page; returns its serious and critical violations, one readable line each: rule,
     * impact, what it asks for and the offending elements. The script goes in through WebDriver, which the page's
     * Content-Security-Policy does not govern (it refuses a {@code <script>} element under {@code script-src 'self'}).
     */
    @SuppressWarnings("unchecked")
    public List<String> axe() {
        driver.executeScript(axeSource());
        Object result = driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {resultTypes: ['violations']}).then(results => done(results.violations
                        .filter(v => v.impact === 'serious' || v.impact === 'critical')
                        .map(v => v.id + ' (' + v.impact + '): ' + v.help + ' at '
                                + v.nodes.map(n => n.target.join(' ')).join(', '))),
                    error => done('axe failed: ' + error));
                """);
        if (result instanceof String failure) {
            throw new IllegalStateException(failure);
        }
        return (List<String>) result;
    }

    /**
     * The console messages of level SEVERE since the previous call: uncaught JavaScript errors, {@code console.error},
     * Content-Security-Policy violations and failed requests. ChromeDriver hands each entry out once.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage).toList();
    }

    /** Quits the browser and its driver, then deletes the profile (once Chromium has stopped writing to it). */
    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            await().ignoreExceptions().until(() -> {
                FileSystemUtils.deleteRecursively(profile);
                return !Files.exists(profile);
            });
        }
    }

    private static synchronized String axeSource() {
        if (axeSource == null) {
            String path = new WebJarVersionLocator().fullPath("axe-core", "axe.min.js");
            if (path == null) {
                throw new IllegalStateException("axe.min.js of org.webjars.npm:axe-core is not on the class path");
            }
            try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(path)) {
                axeSource = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return axeSource;
    }
}

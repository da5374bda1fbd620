package io.tributary.console;

import io.tributary.support.Browser;
import io.tributary.support.ChildService;
import io.tributary.support.Http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;

/**
 * Browser tests of the console: the packaged service as a child process ({@link ChildService}, on a data dir of its
 * own) and one headless Chromium ({@link Browser}), both started once per test class, as each costs seconds. A failed
 * test leaves {@code target/console-screenshots/<TestClass>-<method>-failure.png}; the service's output goes to
 * {@code target/console-browser/<TestClass>.log}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(ConsoleBrowserTestBase.FailureScreenshot.class)
public abstract class ConsoleBrowserTestBase {

    private static final Path OUTPUT = Path.of("target", "console-browser");

    private ChildService service;
    private Browser browser;

    /** Extra command-line arguments of the service ({@code --tributary.security...}); none by default. */
    protected List<String> serviceArgs() {
        return List.of();
    }

    @BeforeAll
    void startServiceAndBrowser(@TempDir Path dataDir) throws IOException {
        Browser.requireAvailable(); // before the service, so a machine without a browser fails (or skips) at once
        Path output = OUTPUT.resolve(getClass().getSimpleName() + ".log");
        Files.deleteIfExists(output);
        long start = System.nanoTime();
        service = ChildService.start(dataDir, output, serviceArgs().toArray(String[]::new));
        long serviceUp = System.nanoTime();
        browser = Browser.start();
        System.out.printf("%s: service healthy in %d ms, browser started in %d ms%n", getClass().getSimpleName(),
                (serviceUp - start) / 1_000_000, (System.nanoTime() - serviceUp) / 1_000_000);
    }

    @BeforeEach
    void forgetEarlierConsoleErrors() {
        browser.consoleErrors(); // each test asserts on the errors of its own pages
    }

    @AfterAll
    void stopBrowserAndService() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            if (service != null) {
                service.close();
            }
        }
    }

    protected Browser browser() {
        return browser;
    }

    /** {@code http://127.0.0.1:<port>}, the service's address without a trailing slash. */
    protected String baseUrl() {
        return service.http().base();
    }

    /** A client of the same service, to set up or check data beside the browser. */
    protected Http http() {
        return service.http();
    }

    /** Saves what the browser showed when a test failed, before the next test or {@code @AfterAll} moves on. */
    static final class FailureScreenshot implements TestWatcher {

        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (context.getTestInstance().orElse(null) instanceof ConsoleBrowserTestBase test && test.browser != null) {
                String name = context.getRequiredTestClass().getSimpleName() + "-"
                        + context.getRequiredTestMethod().getName() + "-failure";
                try {
                    System.out.println("Screenshot of the failure: " + test.browser.screenshot(name));
                } catch (RuntimeException e) {
                    System.out.println("No screenshot of the failure: " + e); // the test's own failure matters more
                }
            }
        }
    }
}

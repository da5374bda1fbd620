package io.tributary.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/** The console loads in a real browser, accessible and without a JavaScript error or a Content-Security-Policy one. */
class ConsoleSmokeIT extends ConsoleBrowserTestBase {

    @Test
    void consoleLoadsAccessiblyWithoutErrors() {
        browser().open(baseUrl() + "/console/");

        browser().waitFor(By.tagName("main"));
        assertThat(browser().driver().getTitle()).contains("Tributary");
        browser().screenshot("smoke");
        assertThat(browser().axe()).as("serious or critical accessibility violations").isEmpty();
        assertThat(browser().consoleErrors()).as("SEVERE browser console entries").isEmpty();
    }
}

package io.tributary.console;

import io.tributary.support.Browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

/** The console's pages as a test drives them: by URL fragment, labels, roles and visible text, as a user would. */
final class ConsolePages {

    private final Browser browser;
    private final String base;

    ConsolePages(Browser browser, String base) {
        this.browser = browser;
        this.base = base;
    }

    /**
     * Opens a page ({@code #/topics/orders}) as a newly typed address, a fresh load even when only the fragment
     * differs, and waits until it rendered (its heading is there).
     */
    void open(String fragment) {
        browser.open("about:blank");
        browser.open(base + "/console/" + fragment);
        browser.waitFor(By.tagName("h1"));
    }

    WebElement waitFor(String css) {
        return browser.waitFor(By.cssSelector(css));
    }

    /** Waits until the element's text contains {@code text}; returns the element. */
    WebElement waitForText(String css, String text) {
        browser.waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), text));
        return browser.driver().findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return browser.driver().findElements(By.cssSelector(css));
    }

    void type(String css, String text) {
        WebElement input = waitFor(css);
        input.clear();
        input.sendKeys(text);
    }

    void choose(String css, String visibleText) {
        new Select(waitFor(css)).selectByVisibleText(visibleText);
    }

    void click(String css) {
        browser.waitUntil(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    /** Clicks the button (not a tab: see {@link #tab}) whose text is exactly {@code label}. */
    void press(String label) {
        browser.waitUntil(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[not(@role='tab')][normalize-space(.)='" + label + "']"))).click();
    }

    void tab(String label) {
        browser.waitUntil(ExpectedConditions.elementToBeClickable(
                By.xpath("//button[@role='tab'][normalize-space(.)='" + label + "']"))).click();
    }

    boolean hasButton(String label) {
        return !browser.driver().findElements(By.xpath("//button[not(@role='tab')][normalize-space(.)='" + label + "']")).isEmpty();
    }

    /** The cell texts of a table's body rows that are shown (a search hides rows). */
    List<List<String>> rows(String tableCss) {
        return waitFor(tableCss).findElements(By.cssSelector("tbody tr")).stream().filter(WebElement::isDisplayed)
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }

    /** Saves a screenshot and checks the page for serious accessibility violations and browser console errors. */
    void check(String screenshot) {
        browser.screenshot(screenshot);
        assertThat(browser.axe()).as("serious or critical accessibility violations on %s", screenshot).isEmpty();
        assertThat(browser.consoleErrors()).as("browser console errors on %s", screenshot).isEmpty();
    }
}

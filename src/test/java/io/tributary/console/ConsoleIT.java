package io.tributary.console;

import io.tributary.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;

/**
 * The console in a real browser against the packaged service: what a newcomer does with it, from an empty service to a
 * consumer group's lag. Each page is screenshotted (docs/console.md shows them) and checked with axe-core and for
 * browser console errors (a Content-Security-Policy violation is one).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT extends ConsoleBrowserTestBase {

    private ConsolePages pages() {
        return new ConsolePages(browser(), baseUrl());
    }

    @Test
    @Order(1)
    void anEmptyServiceTeachesHowToCreateATopic() {
        ConsolePages pages = pages();
        browser().open(baseUrl() + "/");
        pages.waitForText("[data-stat='topics']", "0");
        assertThat(browser().driver().getCurrentUrl()).endsWith("/console/");
        pages.waitForText("[data-health='status']", "UP");
        pages.check("overview-empty");

        pages.open("#/topics");
        WebElement empty = pages.waitFor(".empty");
        assertThat(empty.getText()).contains("There are no topics yet").contains("curl -X POST").contains("/topics");
        assertThat(empty.findElements(By.cssSelector("form[aria-label='Create a topic']"))).hasSize(1);
        pages.check("topics-empty");
    }

    @Test
    @Order(2)
    void createProduceBrowseTailAndDeleteATopic() {
        ConsolePages pages = pages();
        pages.open("#/topics");
        pages.type("form[aria-label='Create a topic'] [name='topic_name']", "orders");
        pages.type("form[aria-label='Create a topic'] [name='partitions_count']", "3");
        pages.type("form[aria-label='Create a topic'] [name='configs']", "retention.ms=86400000");
        pages.press("Create topic");
        pages.waitForText("h1", "orders");
        assertThat(http().get("/topics/orders").json().get("configs").get("retention.ms").asString()).isEqualTo("86400000");
        pages.check("topic-partitions");

        // tabs follow the WAI-ARIA pattern: the arrow keys move between them
        pages.waitFor("#tab-partitions").sendKeys(Keys.ARROW_RIGHT);
        pages.waitFor("#tab-records[aria-selected='true']");
        assertThat(browser().driver().switchTo().activeElement().getAttribute("id")).isEqualTo("tab-records");

        // edit a config
        pages.tab("Configs");
        pages.click("button[aria-label='Edit retention.ms']");
        pages.type("#config-value", "3600000");
        pages.press("Save");
        pages.waitForText("#panel-configs table", "3600000");
        assertThat(http().get("/topics/orders").json().get("configs").get("retention.ms").asString()).isEqualTo("3600000");
        pages.check("topic-configs");

        // produce from the form: a keyed JSON value with a header lands where Kafka's partitioner puts the key
        pages.tab("Produce");
        pages.type("form[aria-label='Produce a record'] [name='key']", "user1");
        pages.type("form[aria-label='Produce a record'] [name='value']", "{\"amount\":42}");
        pages.choose("form[aria-label='Produce a record'] select[id^='produce-type']", "JSON");
        pages.type("form[aria-label='Produce a record'] [name='headers']", "source: console");
        pages.press("Produce");
        int partition = Utils.toPositive(Utils.murmur2("user1".getBytes(StandardCharsets.UTF_8))) % 3;
        String produced = pages.waitFor("[data-produced]").getAttribute("data-produced");
        assertThat(produced).isEqualTo(partition + "/0");
        pages.check("topic-produce");

        // the record browser shows it, value as pretty JSON, header decoded
        pages.tab("Records");
        pages.choose("select[id^='browse-partition']", String.valueOf(partition));
        pages.press("Read");
        pages.waitForText("#panel-records", "Partition " + partition + ": offsets 0 to 0");
        List<String> row = pages.rows("#panel-records table.records").get(0);
        assertThat(row.get(0)).isEqualTo("0");
        assertThat(row.get(2)).isEqualTo("user1");
        assertThat(row.get(3)).isEqualTo("{\n  \"amount\": 42\n}");
        assertThat(row.get(4)).isEqualTo("source: console");
        pages.check("topic-record");

        // browse to an offset and page forwards and backwards, one page at a time
        produce("orders", 0, 250);
        pages.choose("select[id^='browse-partition']", "0");
        pages.type("input[id^='browse-offset']", "120");
        pages.choose("select[id^='browse-size']", "20");
        pages.press("Read");
        int end = 250 + (partition == 0 ? 1 : 0);
        pages.waitForText("#panel-records", "offsets 120 to 139 (20 records; log start 0, end " + end + ")");
        pages.press("Newer →");
        pages.waitForText("#panel-records", "offsets 140 to 159");
        pages.press("← Older");
        pages.press("← Older");
        pages.waitForText("#panel-records", "offsets 100 to 119");
        assertThat(pages.rows("#panel-records table.records")).extracting(r -> r.get(0))
                .containsExactlyElementsOf(IntStream.range(100, 120).mapToObj(String::valueOf).toList());
        pages.check("topic-records");

        // from a time: the first record at or after it
        assertThat(http().post("/topics/orders/partitions/1", Http.JSON_V2, "{\"records\":[{\"value\":\"early\","
                + "\"timestamp\":\"2030-01-01T00:00:00Z\"},{\"value\":\"late\",\"timestamp\":\"2030-01-02T00:00:00Z\"}]}")
                .status()).isEqualTo(200);
        long endOfPartition1 = http().get("/topics/orders/partitions/1/offsets").json().get("end_offset").asLong();
        pages.choose("select[id^='browse-partition']", "1");
        ((JavascriptExecutor) browser().driver()).executeScript("""
                const at = Date.parse('2030-01-01T12:00:00Z');
                arguments[0].value = new Date(at - new Date(at).getTimezoneOffset() * 60000).toISOString().slice(0, 19);""",
                pages.waitFor("input[id^='browse-time']"));
        pages.press("Read");
        pages.waitForText("#panel-records", "Partition 1: offsets " + (endOfPartition1 - 1));
        assertThat(pages.rows("#panel-records table.records").get(0).get(3)).isEqualTo("\"late\""); // the JSON text
        ((JavascriptExecutor) browser().driver()).executeScript("arguments[0].value = ''", pages.waitFor("input[id^='browse-time']"));

        // the live tail shows what is appended from now on, in any partition, and can pause and clear
        pages.tab("Live tail");
        pages.press("Start");
        pages.waitForText("#panel-tail .tail-status", "Live");
        produce("orders", 2, 3);
        pages.waitForText("#panel-tail .tail-status", "3 records received");
        assertThat(pages.rows("#panel-tail table.records")).extracting(r -> r.get(0) + "/" + r.get(1))
                .containsExactly("2/2", "2/1", "2/0");
        pages.check("topic-tail");
        pages.press("Pause");
        pages.waitForText("#panel-tail .tail-status", "Paused");
        pages.press("Clear");
        assertThat(pages.all("#panel-tail table.records")).isEmpty();

        // the topic list shows it with its size and settings, and finds it by part of its name
        createTopic("invoices", 2);
        pages.open("#/topics");
        List<List<String>> listed = pages.rows("#topics-table");
        assertThat(listed).extracting(r -> r.get(0)).containsExactly("invoices", "orders");
        assertThat(listed.get(1).subList(0, 3)).containsExactly("orders", "3", "256");
        assertThat(listed.get(1).get(4)).startsWith("1 h");
        pages.check("topics");
        pages.type("input[type='search']", "ORD");
        pages.waitForText("p[aria-live]", "1 of 2 topics");
        assertThat(pages.rows("#topics-table")).extracting(r -> r.get(0)).containsExactly("orders");
        pages.type("input[type='search']", "nothing-like-it");
        pages.waitForText("p[aria-live]", "0 of 2 topics");
        assertThat(pages.rows("#topics-table")).isEmpty();

        // an API error in words, with its error code
        pages.click("details > summary");
        pages.type("form[aria-label='Create a topic'] [name='topic_name']", "orders");
        pages.press("Create topic");
        pages.waitForText("form[aria-label='Create a topic'] [role='alert']", "(error code 40002)");
        assertThat(pages.waitFor("form[aria-label='Create a topic'] [role='alert']").getText()).contains("orders");
        browser().consoleErrors(); // the refused call

        // deleting asks for the name again
        pages.open("#/topics/orders");
        pages.press("Delete topic");
        WebElement confirm = pages.waitFor("dialog button[value='confirm']");
        assertThat(confirm.isEnabled()).isFalse();
        pages.type("#confirm-name", "order");
        assertThat(confirm.isEnabled()).isFalse();
        pages.type("#confirm-name", "orders");
        browser().screenshot("topic-delete");
        confirm.click();
        pages.waitForText("h1", "Topics");
        assertThat(http().get("/topics/orders").status()).isEqualTo(404);
        assertThat(browser().consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void recordDataIsShownAsTextNeverAsMarkup() {
        String attack = "<img src=x onerror=alert(1)>";
        createTopic("hostile", 1);
        Http.Response produced = http().post("/topics/hostile", Http.BINARY_V2, "{\"records\":[{\"key\":\"" + base64(attack)
                + "\",\"value\":\"" + base64(attack) + "\",\"headers\":[{\"key\":\"h\",\"value\":\"" + base64(attack)
                + "\"}]},{\"value\":\"" + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff, 0, 1, '<'}) + "\"}]}");
        assertThat(produced.status()).isEqualTo(200);

        ConsolePages pages = pages();
        pages.open("#/topics/hostile");
        pages.tab("Records");
        pages.waitForText("#panel-records", "offsets 0 to 1");
        List<List<String>> rows = pages.rows("#panel-records table.records");
        assertThat(rows.get(0).subList(2, 5)).containsExactly(attack, attack, "h: " + attack);
        assertThat(rows.get(1).get(3)).as("bytes that are not UTF-8, as hex").startsWith("00000000  ff 00 01 3c");
        assertThat(pages.all("main img")).isEmpty();
        assertThat(pages.all("#panel-records pre.binary")).hasSize(1);
        try {
            browser().driver().switchTo().alert();
            throw new AssertionError("an alert ran: the record was rendered as HTML");
        } catch (NoAlertPresentException expected) {
            // the value stayed text
        }
        pages.check("topic-records-hostile");
    }

    @Test
    @Order(4)
    void aGroupPageFollowsMembersAndLagAndResetsAnEmptyGroup() {
        createTopic("payments", 3);
        produce("payments", 0, 10);
        produce("payments", 1, 20);
        produce("payments", 2, 30);
        ConsolePages pages = pages();
        String first = join("billing", "c1");
        pollAndCommit(first);

        pages.open("#/groups");
        assertThat(pages.rows("#groups-table").get(0)).startsWith("billing", "STABLE", "1");
        pages.check("groups");

        pages.open("#/groups/billing");
        pages.waitForText("[data-member]", "payments-2");
        assertThat(pages.all("[data-member] .chip")).extracting(WebElement::getText)
                .containsExactlyInAnyOrder("payments-0", "payments-1", "payments-2");

        // a second member joins: the partitions are shared between the two, as the picture shows
        String second = join("billing", "c2");
        browser().await().untilAsserted(() -> {
            pollAndCommit(first);
            pollAndCommit(second);
            assertThat(pages.all("[data-member]")).hasSize(2);
            assertThat(pages.all("[data-member] .chip")).extracting(WebElement::getText)
                    .containsExactlyInAnyOrder("payments-0", "payments-1", "payments-2");
        });
        pages.check("group");

        // both leave: the group is empty, the lag of what they never committed stays, and its offsets can be reset
        assertThat(http().delete(first).status()).isEqualTo(204);
        assertThat(http().delete(second).status()).isEqualTo(204);
        pages.waitForText("[data-group-state]", "EMPTY");
        pages.waitFor("form[aria-label='Reset offsets']");
        pages.choose("select[id^='reset-kind']", "an offset");
        pages.type("input[id^='reset-offset']", "5");
        pages.press("Reset offsets");
        pages.waitForText("form[aria-label='Reset offsets'] .success", "0 → 5, 1 → 5, 2 → 5");
        browser().await().untilAsserted(() -> assertThat(pages.rows("#lags-table")).extracting(r -> r.get(1) + ":" + r.get(3)
                + ":" + r.get(5)).containsExactly("0:5:5", "1:5:15", "2:5:25"));
        pages.check("group-empty");

        // the overview counts what is there and charts produce and consume rates
        pages.open("#/");
        pages.waitForText("[data-stat='groups']", "1");
        browser().await().untilAsserted(() -> {
            produce("payments", 0, 50);
            assertThat(pages.waitFor("#rates").getText()).contains("records/s produced");
            assertThat(browser().driver().findElement(By.cssSelector("svg.chart")).findElements(By.tagName("path"))).hasSize(2);
        });
        pages.check("overview");
    }

    private void createTopic(String name, int partitions) {
        String cluster = http().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        assertThat(http().post("/v3/clusters/" + cluster + "/topics", Http.JSON,
                "{\"topic_name\":\"" + name + "\",\"partitions_count\":" + partitions + "}").status()).isEqualTo(201);
    }

    private void produce(String topic, int partition, int count) {
        String records = String.join(",", IntStream.range(0, count).mapToObj(i -> "{\"value\":{\"n\":" + i + "}}").toList());
        Http.Response response = http().post("/topics/" + topic + "/partitions/" + partition, Http.JSON_V2,
                "{\"records\":[" + records + "]}");
        assertThat(response.status()).as("%s", response).isEqualTo(200);
    }

    /** A consumer instance of {@code group} subscribed to payments; returns its path. */
    private String join(String group, String name) {
        Http.Response created = http().post("/consumers/" + group, Http.V2, "{\"name\":\"" + name + "\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
        assertThat(created.status()).as("%s", created).isEqualTo(200);
        String path = "/consumers/" + group + "/instances/" + name;
        assertThat(http().post(path + "/subscription", Http.V2, "{\"topics\":[\"payments\"]}").status()).isEqualTo(204);
        return path;
    }

    /** One poll of the instance (which joins or rebalances the group), then a commit of what it read. */
    private void pollAndCommit(String instance) {
        assertThat(http().get(instance + "/records?timeout=500", Http.JSON_V2).status()).isEqualTo(200);
        Http.Response committed = http().post(instance + "/offsets", Http.V2, "");
        assertThat(committed.status()).as("%s", committed).isIn(200, 204);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}

package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.ChildService;
import io.tributary.support.FakeTime;
import io.tributary.support.Http;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service's wall clock jumped while it runs, by libfaketime ({@link FakeTime}): +1 h, +24 h, then −1 h
 * (a step of 25 h back), monotonic time real. After each jump, for a few retention passes: nothing is deleted by
 * retention (a topic with {@code retention.ms} of 2 min and 1 s segments: by the jumped wall clock every segment is
 * hours past it), the consumer instance is neither expired nor refused (timeout 5 min), its committed offset stays,
 * and produces go on at the next offsets, stamped with the jumped clock (which shows the jump reached the service).
 * Nothing acknowledged is lost. {@code ClockJumpTest} proves the same rules in the engine with an injected clock; this
 * is the packaged service on a real process clock. Skipped when libfaketime is not installed.
 */
class FakeTimeClockJumpIT extends ChildServiceTestBase {

    private static final String JUMPS = "jumps";

    @BeforeAll
    static void needsLibfaketime() {
        Assumptions.assumeTrue(FakeTime.library().isPresent(),
                "libfaketime is not installed: Debian's 'faketime' package (apt-get install faketime; .ci/run installs it)");
    }

    @Test
    void jumpsOfTheWallClockDeleteNothingExpireNoInstanceAndLoseNothing() throws Exception {
        FakeTime clock = FakeTime.in(dataDir);
        child = ChildService.start(clock.environment(), dataDir.resolve("data"), output("fake-time"),
                "--tributary.retention.check-interval=500ms");
        Http http = child.http();
        createTopic(http, JUMPS, 1, "{\"name\":\"retention.ms\",\"value\":\"120000\"}",
                "{\"name\":\"segment.ms\",\"value\":\"1000\"}");
        List<Long> acknowledged = new ArrayList<>(produce(http, "before", 0));
        String group = "/consumers/jumpers";
        String base = group + "/instances/c";
        assertThat(http.post(group, Http.V2, "{\"name\":\"c\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\","
                + "\"auto.commit.enable\":\"false\"}").status()).isEqualTo(200);
        assertThat(http.post(base + "/subscription", Http.V2, "{\"topics\":[\"" + JUMPS + "\"]}").status()).isEqualTo(204);
        long polled = poll(http, base, 5);
        assertThat(http.post(base + "/offsets", Http.V2, commit(polled)).status()).isEqualTo(204);

        String[] jumps = {"+1h", "+24h", "-1h"};
        long[] hours = {1, 24, -1};
        for (int i = 0; i < jumps.length; i++) {
            clock.set(jumps[i]);
            long skewMillis = hours[i] * 3_600_000L;
            String label = "after " + jumps[i];
            // the service's clock has moved once a record it stamps carries the jumped time
            await(label + ": the service's clock").atMost(Duration.ofSeconds(20)).until(() -> {
                List<Long> offsets = produce(http, label, acknowledged.size());
                acknowledged.addAll(offsets);
                long stamped = timestamp(http, offsets.get(0));
                return Math.abs(stamped - (System.currentTimeMillis() + skewMillis)) < 60_000;
            });
            // several retention passes (every 500 ms) and segment rolls under the jumped clock: nothing goes
            await(label + ": retention").during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() ->
                    http.get("/topics/" + JUMPS + "/partitions/0/offsets").json().get("beginning_offset").asLong() == 0);
            Http.Response instance = http.get(base + "/records?timeout=500&max_bytes=1", Http.JSON_V2);
            assertThat(instance.status()).as(label + ": the consumer instance, used 5 s ago: " + instance).isEqualTo(200);
            Http.Response committed = http.get(base + "/offsets?topic=" + JUMPS + "&partition=0", Http.V2);
            assertThat(committed.json().get("offsets").get(0).get("offset").asLong()).as(label + ": " + committed)
                    .isEqualTo(polled);
        }

        // every acknowledged record is there, at its offset, offsets dense and increasing through the jumps
        assertThat(acknowledged).as("offsets given in order, none twice, none skipped")
                .containsExactlyElementsOf(java.util.stream.LongStream.range(0, acknowledged.size()).boxed().toList());
        JsonNode all = http.get("/topics/" + JUMPS + "/partitions/0/records?offset=0&max_records=10000", Http.JSON_V2).json();
        assertThat(all).hasSize(acknowledged.size());
        System.out.printf("FakeTimeClockJumpIT: jumps %s: %d records acknowledged and all read back, the log start still 0, "
                + "the consumer instance alive, its commit at %d%n", String.join(", ", jumps), acknowledged.size(), polled);
    }

    /** Five records to partition 0; their offsets, each checked to be the next. */
    private static List<Long> produce(Http http, String label, long expectedFirst) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 5; i++) {
            records.append(i == 0 ? "" : ",").append("{\"value\":\"").append(label).append('-').append(i).append("\"}");
        }
        Http.Response produced = http.post("/topics/" + JUMPS + "/partitions/0", Http.JSON_V2, "{\"records\":[" + records + "]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);
        List<Long> offsets = new ArrayList<>();
        produced.json().get("offsets").forEach(o -> offsets.add(o.get("offset").asLong()));
        assertThat(offsets.get(0)).as("the next offset (%s)", label).isEqualTo(expectedFirst);
        return offsets;
    }

    private static long timestamp(Http http, long offset) {
        return http.get("/topics/" + JUMPS + "/partitions/0/records?offset=" + offset + "&max_records=1", Http.JSON_V2)
                .json().get(0).get("timestamp").asLong();
    }

    /** Polls until {@code count} records arrived; the offset after the last. */
    private static long poll(Http http, String base, int count) {
        List<Long> offsets = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            http.get(base + "/records?timeout=500", Http.JSON_V2).json().forEach(r -> offsets.add(r.get("offset").asLong()));
            return offsets.size() >= count;
        });
        return offsets.get(offsets.size() - 1) + 1;
    }

    private static String commit(long offset) {
        return "{\"offsets\":[{\"topic\":\"" + JUMPS + "\",\"partition\":0,\"offset\":" + offset + "}]}";
    }
}

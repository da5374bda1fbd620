package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.consume.WaitingFetches;
import io.tributary.embedded.RetentionJob;
import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;
import io.tributary.support.KafkaCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** Reading a partition without a group: start positions, limits, long polls. */
class PartitionRecordsIT extends HttpTestSupport {

    @Autowired
    WaitingFetches fetcher;
    /** The embedded engine's; with Kafka, the broker deletes old records (here: deleteRecords, as retention would). */
    @Autowired(required = false)
    RetentionJob retentionJob;
    @Autowired
    MeterRegistry meters;

    @Test
    void readsFromAnOffsetOrATimestampWithinMaxRecords() {
        String topic = unique("read");
        createTopic(topic, 1);
        http().post("/topics/" + topic, Http.JSON_V2, """
                {"records":[{"value":0,"timestamp":1000},{"value":1,"timestamp":2000},{"value":2,"timestamp":3000},
                 {"value":3,"timestamp":4000},{"value":4,"timestamp":5000}]}""");
        String records = "/topics/" + topic + "/partitions/0/records";

        assertThat(values(http().get(records).json())).containsExactly(0, 1, 2, 3, 4);
        assertThat(values(http().get(records + "?offset=3").json())).containsExactly(3, 4);
        assertThat(values(http().get(records + "?offset=1&max_records=2").json())).containsExactly(1, 2);
        assertThat(values(http().get(records + "?timestamp=2500").json())).containsExactly(2, 3, 4);
        assertThat(values(http().get(records + "?timestamp=3000&max_records=1").json())).containsExactly(2);
        assertThat(values(http().get(records + "?timestamp=9000").json())).isEmpty();
        assertThat(values(http().get(records + "?offset=5").json())).as("the end offset: nothing yet").isEmpty();
        // max_bytes small still returns one record
        assertThat(values(http().get(records + "?max_bytes=1").json())).containsExactly(0);
        var r = http().get(records + "?offset=2", "*/*");
        assertThat(r.contentType()).startsWith(Http.JSON_V2);
    }

    @Test
    void aLongPollReturnsAsSoonAsARecordIsProduced() throws Exception {
        String topic = unique("poll");
        createTopic(topic, 1);
        long started = System.nanoTime();
        CompletableFuture<Http.Response> poll = http().getAsync("/topics/" + topic + "/partitions/0/records?timeout=15000", Http.JSON_V2);
        await().atMost(Duration.ofSeconds(10)).until(() -> fetcher.waiting() == 1);
        assertThat(poll).isNotDone();

        http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":\"wake up\"}]}");
        Http.Response response = poll.get(10, TimeUnit.SECONDS);
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get(0).get("value").asString()).isEqualTo("wake up");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(12));
        await().atMost(Duration.ofSeconds(5)).until(() -> fetcher.waiting() == 0);
    }

    @Test
    void aLongPollWithNothingToReadAnswersAnEmptyArrayAfterItsTimeout() {
        String topic = unique("timeout");
        createTopic(topic, 1);
        long started = System.nanoTime();
        var r = http().get("/topics/" + topic + "/partitions/0/records?timeout=400");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json()).isEmpty();
        assertThat(tookMs).isGreaterThanOrEqualTo(350);
        assertThat(fetcher.waiting()).isZero();
        // without timeout: at once
        assertThat(http().get("/topics/" + topic + "/partitions/0/records").json()).isEmpty();
    }

    @Test
    void waitingFetchesAreCapped() throws Exception {
        String topic = unique("cap");
        createTopic(topic, 1);
        List<CompletableFuture<Http.Response>> polls = new ArrayList<>();
        for (int i = 0; i < MAX_WAITING_FETCHES; i++) {
            polls.add(http().getAsync("/topics/" + topic + "/partitions/0/records?timeout=15000", null));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> fetcher.waiting() == MAX_WAITING_FETCHES);

        var refused = http().get("/topics/" + topic + "/partitions/0/records?timeout=15000");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.errorCode()).isEqualTo(42901);
        // reads that do not need to wait still work
        assertThat(http().get("/topics/" + topic + "/partitions/0/records").status()).isEqualTo(200);

        http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1}]}");
        for (CompletableFuture<Http.Response> poll : polls) {
            assertThat(poll.get(10, TimeUnit.SECONDS).json()).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> fetcher.waiting() == 0);
    }

    @Test
    void anOffsetRemovedByRetentionReadsFromTheLogStart() throws Exception {
        String topic = unique("retention");
        // small segments for the embedded engine's retention job (Kafka's smallest segment is 1 MiB; deleteRecords below)
        createTopic(topic, 1, isKafka() ? "[]" : "[{\"name\":\"segment.bytes\",\"value\":\"1024\"},{\"name\":\"retention.bytes\",\"value\":\"2048\"}]");
        for (int i = 0; i < 20; i++) {
            http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":\"" + "r".repeat(300) + i + "\"}]}");
        }
        if (isKafka()) {
            try (Admin admin = KafkaCluster.shared().admin()) {
                admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(10))).all()
                        .get(30, TimeUnit.SECONDS);
            }
        } else {
            double deletedBefore = meters.counter("tributary.retention.segments.deleted").count();
            retentionJob.enforce();
            assertThat(meters.counter("tributary.retention.segments.deleted").count()).isGreaterThan(deletedBefore);
        }

        long start = http().get("/topics/" + topic + "/partitions/0/offsets").json().get("beginning_offset").asLong();
        assertThat(start).isPositive();
        JsonNode fromZero = http().get("/topics/" + topic + "/partitions/0/records?offset=0&max_records=1").json();
        assertThat(fromZero.get(0).get("offset").asLong()).isEqualTo(start);
    }

    private static List<Integer> values(JsonNode records) {
        List<Integer> values = new ArrayList<>();
        records.forEach(r -> values.add(r.get("value").asInt()));
        return values;
    }
}

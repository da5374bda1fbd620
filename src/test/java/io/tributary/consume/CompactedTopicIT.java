package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.consume.TestConsumer.Rec;
import io.tributary.log.LogManager;
import io.tributary.support.Http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * A compacted topic over HTTP: keyed records produced, the cleaner run (its test hook, {@code cleanNow}, on the
 * shared application: the background cleaner may get there first, which changes nothing), and every way of reading
 * copes with the gaps it leaves; records without a key are refused.
 */
class CompactedTopicIT extends ConsumerHttpSupport {

    private static final int KEYS = 5;
    private static final int RECORDS = 60;

    @Autowired
    LogManager logManager;
    @Autowired
    MeterRegistry meters;

    /** A compacted topic of one partition with small segments, and RECORDS keyed records, one request each. */
    private String compactedTopicWithRecords() {
        String topic = unique("compacted");
        createTopic(topic, 1, """
                [{"name":"cleanup.policy","value":"compact"},{"name":"segment.bytes","value":"1024"},
                 {"name":"min.cleanable.dirty.ratio","value":"0.01"}]""");
        for (int i = 0; i < RECORDS; i++) {
            var r = http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"key\":\"user-" + i % KEYS
                    + "\",\"value\":{\"n\":" + i + "},\"timestamp\":" + (1_700_000_000_000L + i)
                    + ",\"headers\":[{\"key\":\"seq\",\"value\":\"" + java.util.Base64.getEncoder().encodeToString(
                    Integer.toString(i).getBytes()) + "\"}]}]}");
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        return topic;
    }

    private JsonNode read(String topic, long offset, int max) {
        var r = http().get("/topics/" + topic + "/partitions/0/records?offset=" + offset + "&max_records=" + max);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<Long> offsets(JsonNode records) {
        List<Long> offsets = new ArrayList<>();
        records.forEach(r -> offsets.add(r.get("offset").asLong()));
        return offsets;
    }

    @Test
    void theCleanerKeepsEachKeysLatestRecordAndEveryReadPathCopesWithTheGaps() throws Exception {
        String topic = compactedTopicWithRecords();
        JsonNode before = read(topic, 0, 1000);
        assertThat(before).hasSize(RECORDS);
        double runsBefore = meters.counter("tributary.compaction.runs", "result", "cleaned").count();

        logManager.cleaner().cleanNow();

        JsonNode after = read(topic, 0, 1000);
        List<Long> kept = offsets(after);
        assertThat(kept).hasSizeLessThan(RECORDS).isSorted().doesNotHaveDuplicates();
        assertThat(endOffset(topic, 0)).as("offsets never change").isEqualTo(RECORDS);
        // each kept record is the one produced at its offset: key, value, timestamp and headers
        Map<String, Long> latest = new HashMap<>();
        for (JsonNode r : after) {
            long offset = r.get("offset").asLong();
            assertThat(r).isEqualTo(before.get((int) offset));
            latest.put(r.get("key").asString(), offset);
        }
        for (int k = 0; k < KEYS; k++) {
            assertThat(latest.get("user-" + k)).as("user-%d's latest record is kept", k).isEqualTo(RECORDS - KEYS + k);
        }
        assertThat(meters.counter("tributary.compaction.runs", "result", "cleaned").count()).isGreaterThan(runsBefore);
        assertThat(meters.get("tributary.compaction.dirty.ratio").tags("topic", topic, "partition", "0").gauge().value())
                .isBetween(0.0, 1.0);
        JsonNode health = http().get("/actuator/health").json().at("/components/logDirectory");
        assertThat(health.get("status").asString()).isEqualTo("UP");
        assertThat(health.at("/details/compaction/lastCleaning/bytesReclaimed").isNumber()).as(health.toString()).isTrue();

        // a read at a removed offset starts at the next record there is
        long removed = 0;
        assertThat(kept).doesNotContain(removed);
        assertThat(offsets(read(topic, removed, 1))).containsExactly(kept.get(0));
        // paging through with max_records=1 and the offsets it returns sees exactly what a single read sees
        List<Long> paged = new ArrayList<>();
        for (long next = 0; next < RECORDS; ) {
            JsonNode page = read(topic, next, 1);
            assertThat(page).hasSize(1);
            paged.add(page.get(0).get("offset").asLong());
            next = page.get(0).get("offset").asLong() + 1;
        }
        assertThat(paged).isEqualTo(kept);

        // a consumer group reads exactly the kept records, commits past the gaps, and has no lag left
        String group = unique("compacted-group");
        TestConsumer consumer = TestConsumer.create(http(), group, "c", false).subscribe(topic);
        List<Rec> received = drain(List.of(consumer), kept.size()).get(consumer);
        assertThat(received).extracting(Rec::offset).isEqualTo(kept);
        assertThat(consumer.commit().status()).isEqualTo(204);
        JsonNode lag = http().get("/v3/clusters/" + clusterId() + "/consumer-groups/" + group + "/lags").json()
                .get("data").get(0);
        assertThat(lag.get("current_offset").asLong()).isEqualTo(RECORDS);
        assertThat(lag.get("lag").asLong()).isZero();
        assertThat(consumer.delete().status()).isEqualTo(204);

        // and so does a stream of server-sent events
        TestConsumer streaming = TestConsumer.create(http(), unique("compacted-sse"), "s", false).subscribe(topic);
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = http().request(streaming.base + "/records").header("Accept", "text/event-stream").GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> stream = CompletableFuture.supplyAsync(() -> http().stream(request));
        stream.thenAcceptAsync(r -> r.body().forEach(lines::add));
        String lastId = "id:" + topic + "/0/" + kept.get(kept.size() - 1);
        eventually().until(() -> lines.contains(lastId));
        assertThat(lines.stream().filter(l -> l.startsWith("id:")).map(l -> Long.parseLong(l.substring(l.lastIndexOf('/') + 1))))
                .isEqualTo(kept);
        assertThat(streaming.delete().status()).isEqualTo(204);
    }

    @Test
    void aRecordWithoutAKeyIsRefusedWithNothingOfItsRequestAppended() {
        String topic = unique("compacted-keys");
        createTopic(topic, 2, "[{\"name\":\"cleanup.policy\",\"value\":\"compact\"}]");

        var v2 = http().post("/topics/" + topic, Http.JSON_V2,
                "{\"records\":[{\"key\":\"a\",\"value\":1},{\"value\":2},{\"key\":\"b\",\"value\":3}]}");
        assertThat(v2.status()).isEqualTo(422);
        assertThat(v2.errorCode()).isEqualTo(42207);
        assertThat(v2.json().get("message").asString()).contains("Record 1 has no key", "compact");
        var toPartition = http().post("/topics/" + topic + "/partitions/1", Http.BINARY_V2, "{\"records\":[{\"value\":\"AA==\"}]}");
        assertThat(toPartition.errorCode()).isEqualTo(42207);
        String v3 = "/v3/clusters/" + clusterId() + "/topics/" + topic + "/records";
        var single = http().post(v3, Http.JSON, "{\"value\":{\"type\":\"JSON\",\"data\":1}}");
        assertThat(single.status()).as("a v3 record's failure is its report, as Confluent's").isEqualTo(200);
        assertThat(single.errorCode()).isEqualTo(42207);
        assertThat(endOffset(topic, 0) + endOffset(topic, 1)).as("nothing appended").isZero();

        // in a v3 stream each record is answered on its own: the keyed one is appended, the keyless one refused
        var stream = http().post(v3, Http.JSON, """
                {"key":{"type":"JSON","data":"a"},"value":{"type":"JSON","data":1}}
                {"value":{"type":"JSON","data":2}}""");
        assertThat(stream.status()).isEqualTo(200);
        List<Integer> codes = stream.body().lines().filter(l -> !l.isBlank()).map(l -> Http.parse(l).get("error_code").asInt()).toList();
        assertThat(codes).containsExactly(200, 42207);
        assertThat(endOffset(topic, 0) + endOffset(topic, 1)).isEqualTo(1);
    }
}

package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.TestConsumer.Rec;
import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/** Consumer groups driven over HTTP on the shared application: each test uses its own topics and groups. */
abstract class ConsumerHttpSupport extends HttpTestSupport {

    static ConditionFactory eventually() {
        return Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20));
    }

    /** Produces json records with the given keys (null: no key) and values (JSON text) to a topic; returns their partitions. */
    List<Integer> produce(String topic, List<String> keys, List<String> values) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Map<String, Object> record = new java.util.HashMap<>();
            record.put("value", Http.parse(values.get(i)));
            if (keys != null && keys.get(i) != null) {
                record.put("key", keys.get(i));
            }
            records.add(record);
        }
        Http.Response r = http().post("/topics/" + topic, Http.JSON_V2, Http.toJson(Map.of("records", records)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Integer> partitions = new ArrayList<>();
        r.json().path("offsets").forEach(o -> partitions.add(o.path("partition").asInt()));
        return partitions;
    }

    void produceToPartition(String topic, int partition, String... values) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (String v : values) {
            records.add(Map.of("value", Http.parse(v)));
        }
        Http.Response r = http().post("/topics/" + topic + "/partitions/" + partition, Http.JSON_V2, Http.toJson(Map.of("records", records)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    // ---- groups

    String topic(int partitions) {
        String topic = unique("payment-done");
        createTopic(topic, partitions);
        return topic;
    }

    List<TestConsumer> group(String topic, int size) {
        String group = unique("group");
        return IntStream.range(0, size)
                .mapToObj(i -> TestConsumer.create(http(), group, "c" + i, true).subscribe(topic))
                .toList();
    }

    /** A new group's only member, c0 (auto-commit off), subscribed to a one-partition topic and owning it. */
    TestConsumer soleMember(String group, String onePartitionTopic) {
        TestConsumer c = TestConsumer.create(http(), group, "c0", false).subscribe(onePartitionTopic);
        settle(List.of(c), List.of(1));
        return c;
    }

    /** Polls every consumer until the partition counts, sorted, are as expected (hand-overs happen at polls). */
    static void settle(List<TestConsumer> consumers, List<Integer> sortedCounts) {
        eventually().untilAsserted(() -> {
            consumers.forEach(c -> c.poll(0));
            List<Integer> counts = new ArrayList<>(consumers.stream().map(c -> c.partitions().size()).toList());
            Collections.sort(counts);
            assertThat(counts).isEqualTo(sortedCounts);
        });
    }

    /**
     * Polls all consumers until together they received {@code total} distinct records, counting those that polls
     * made elsewhere (such as {@link #settle}) received and nobody took yet.
     */
    static Map<TestConsumer, List<Rec>> drain(List<TestConsumer> consumers, int total) {
        Map<TestConsumer, List<Rec>> received = new LinkedHashMap<>();
        consumers.forEach(c -> received.put(c, new ArrayList<>()));
        consumers.forEach(c -> received.get(c).addAll(c.take()));
        eventually().until(() -> {
            consumers.forEach(c -> {
                c.poll(100);
                received.get(c).addAll(c.take());
            });
            return allIds(received).size() >= total;
        });
        return received;
    }

    static Set<String> allIds(Map<TestConsumer, List<Rec>> received) {
        Set<String> ids = new HashSet<>();
        received.values().forEach(list -> list.forEach(r -> ids.add(r.id())));
        return ids;
    }

    void produceEach(String topic, int partitions, int perPartition) {
        for (int p = 0; p < partitions; p++) {
            produceToPartition(topic, p, values(perPartition).toArray(String[]::new));
        }
    }

    static List<String> values(int n) {
        return IntStream.range(0, n).mapToObj(i -> "{\"n\":" + i + "}").toList();
    }
}

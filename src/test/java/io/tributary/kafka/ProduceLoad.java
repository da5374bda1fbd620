package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Four HTTP producers sending 10 records per v2 request, each record a unique value, a failed request (an error
 * status or no answer) retried up to {@code retries} times, each try through the node the supplier gives (a load
 * balancer): what was acknowledged where, and every other outcome. Shared by the Kafka-mode fault tests.
 */
final class ProduceLoad {

    final ConcurrentMap<String, long[]> acked = new ConcurrentHashMap<>(); // value -> {partition, offset}
    final ConcurrentMap<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    final AtomicLong slowestAck = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> producers = new ArrayList<>();

    static ProduceLoad start(Http http, String topic, int retries) {
        return start(() -> http, topic, retries);
    }

    static ProduceLoad start(Supplier<Http> nodes, String topic, int retries) {
        ProduceLoad load = new ProduceLoad();
        for (int t = 0; t < 4; t++) {
            int producer = t;
            Thread thread = new Thread(() -> {
                for (int request = 0; load.running.get(); request++) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        values.add(topic + "-p" + producer + "-r" + request + "-" + i);
                    }
                    load.requests.incrementAndGet();
                    boolean sent = false;
                    for (int attempt = 0; attempt <= retries && !sent; attempt++) {
                        sent = load.send(nodes.get(), topic, values);
                    }
                    if (!sent) {
                        load.failedRequests.incrementAndGet();
                    }
                }
            }, "producer-" + producer);
            thread.start();
            load.producers.add(thread);
        }
        return load;
    }

    /** One try: whether every record was acknowledged. */
    private boolean send(Http http, String topic, List<String> values) {
        String body = "{\"records\":[" + String.join(",", values.stream().map(v -> "{\"value\":\"" + v + "\"}").toList()) + "]}";
        long sent = System.nanoTime();
        Http.Response r;
        try {
            r = http.post("/topics/" + topic, Http.JSON_V2, body);
        } catch (UncheckedIOException e) {
            count("no answer");
            return false;
        }
        if (r.status() != 200) {
            count(r.status() + "/" + r.errorCode());
            return false;
        }
        JsonNode offsets = r.json().get("offsets");
        boolean all = true;
        for (int i = 0; i < values.size(); i++) {
            JsonNode o = offsets.get(i);
            if (o.get("error_code").isNull()) {
                acked.put(values.get(i), new long[] {o.get("partition").asLong(), o.get("offset").asLong()});
                slowestAck.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
            } else {
                count("record " + o.get("error_code").asInt());
                all = false;
            }
        }
        return all;
    }

    private void count(String outcome) {
        outcomes.computeIfAbsent(outcome, k -> new AtomicLong()).incrementAndGet();
    }

    void stop() throws InterruptedException {
        running.set(false);
        for (Thread producer : producers) {
            producer.join(Duration.ofSeconds(60).toMillis());
        }
    }

    /** Each acknowledged record is stored at the partition and offset its acknowledgement named. */
    void assertEveryAcknowledgedRecordAt(Map<String, List<long[]>> stored) {
        acked.forEach((value, at) -> assertThat(stored.get(value)).as("acknowledged %s", value).isNotNull()
                .anySatisfy(where -> assertThat(where).as("acknowledged %s at %d-%d", value, at[0], at[1])
                        .containsExactly(at)));
    }

    /** Every record of the topic's 3 partitions, read back through the API: value -> where it is stored. */
    static Map<String, List<long[]>> readBack(Http http, String topic) {
        Map<String, List<long[]>> stored = new HashMap<>();
        for (long p = 0; p < 3; p++) {
            long end = http.get("/topics/" + topic + "/partitions/" + p + "/offsets").json().get("end_offset").asLong();
            for (long offset = 0; offset < end; ) {
                JsonNode records = http.get("/topics/" + topic + "/partitions/" + p + "/records?offset=" + offset
                        + "&max_records=5000").json();
                assertThat(records.size()).as("records at %d of partition %d", offset, p).isPositive();
                for (JsonNode record : records) {
                    stored.computeIfAbsent(record.get("value").asString(), v -> new ArrayList<>())
                            .add(new long[] {p, record.get("offset").asLong()});
                    offset = record.get("offset").asLong() + 1;
                }
            }
        }
        return stored;
    }
}

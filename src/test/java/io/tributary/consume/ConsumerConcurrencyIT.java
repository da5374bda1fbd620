package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.TestConsumer.Rec;
import io.tributary.support.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Three consumers and two producers at once: every record delivered, none twice within a generation. */
class ConsumerConcurrencyIT extends ConsumerHttpSupport {

    private static final int PRODUCERS = 2;
    private static final int BATCHES = 30;
    private static final int BATCH = 50;

    @Test
    void everyProducedRecordIsDeliveredOnceWhenConsumersCommitAfterEachPoll() throws Exception {
        String topic = topic(3);
        List<TestConsumer> consumers = group(topic, 3);
        settle(consumers, List.of(1, 1, 1)); // one generation from here on: no member joins or leaves
        int total = PRODUCERS * BATCHES * BATCH;
        Set<String> produced = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> deliveries = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS + consumers.size());
        try {
            List<Future<?>> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                producers.add(pool.submit(() -> {
                    for (int b = 0; b < BATCHES; b++) {
                        int batch = b;
                        List<String> keys = IntStream.range(0, BATCH).mapToObj(i -> "key-" + producer + "-" + batch + "-" + i).toList();
                        produced.addAll(produceIds(topic, keys));
                    }
                }));
            }
            List<Future<?>> readers = consumers.stream().map(c -> pool.submit(() -> {
                while (deliveries.size() < total) {
                    for (Rec r : c.poll(200)) {
                        deliveries.computeIfAbsent(r.id(), id -> new AtomicInteger()).incrementAndGet();
                    }
                    assertThat(c.commit().status()).isEqualTo(204);
                }
            })).collect(java.util.stream.Collectors.toList());
            for (Future<?> f : producers) {
                f.get(2, TimeUnit.MINUTES);
            }
            for (Future<?> f : readers) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(produced).hasSize(total);
        assertThat(deliveries.keySet()).containsExactlyInAnyOrderElementsOf(produced);
        assertThat(deliveries).allSatisfy((id, count) -> assertThat(count.get()).as("deliveries of %s", id).isEqualTo(1));
    }

    /** Produces keyed records and returns their ids (topic/partition/offset) from the delivery report. */
    private List<String> produceIds(String topic, List<String> keys) {
        List<Map<String, Object>> records = keys.stream().<Map<String, Object>>map(k -> Map.of("key", k, "value", Map.of("k", k))).toList();
        Http.Response r = http().post("/topics/" + topic, Http.JSON_V2, Http.toJson(Map.of("records", records)));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        r.json().path("offsets").forEach(o -> ids.add(topic + "/" + o.path("partition").asInt() + "/" + o.path("offset").asLong()));
        return ids;
    }
}

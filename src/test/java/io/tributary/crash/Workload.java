package io.tributary.crash;

import io.tributary.support.Http;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

/**
 * Concurrent producers (keyed and unkeyed, small batches) and one consumer-group member committing explicit offsets,
 * all recording what the service acknowledged in the {@link Ledger}. Each thread runs until the service goes away (an
 * I/O error: the process was killed or stopped); an unexpected answer before that is a violation.
 */
final class Workload {

    private static final int PRODUCERS = 4;
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Http http;
    private final Ledger ledger;
    private final String run;
    private final List<Thread> threads = new ArrayList<>();

    private Workload(Http http, Ledger ledger, String run) {
        this.http = http;
        this.ledger = ledger;
        this.run = run;
    }

    /** Starts the producers and, when {@code consume}, a consumer member named after {@code run}. */
    static Workload start(Http http, Ledger ledger, String run, boolean consume) {
        Workload workload = new Workload(http, ledger, run);
        for (int i = 0; i < PRODUCERS; i++) {
            boolean keyed = i % 2 == 0;
            String producer = run + "-p" + i;
            workload.spawn(producer, () -> workload.produce(producer, keyed));
        }
        if (consume) {
            workload.spawn(run + "-c", workload::consume);
        }
        return workload;
    }

    /** Waits until every thread ended (after the service went away). */
    void join() throws InterruptedException {
        for (Thread thread : threads) {
            thread.join(60_000);
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not end after the service stopped");
            }
        }
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(() -> {
            try {
                body.run();
            } catch (UncheckedIOException serviceGone) {
                // expected: the process was killed under this request
            } catch (RuntimeException e) {
                ledger.violation(name + ": " + e);
            }
        }, name);
        threads.add(thread);
        thread.start();
    }

    private void produce(String producer, boolean keyed) {
        Map<Integer, Long> lastOffset = new HashMap<>();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            int count = 1 + random.nextInt(5);
            List<String> values = new ArrayList<>(count);
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < count; i++) {
                String value = producer + "-" + SEQUENCE.incrementAndGet();
                values.add(value);
                body.append(i == 0 ? "" : ",").append('{');
                if (keyed) {
                    body.append("\"key\":\"key-").append(random.nextInt(20)).append("\",");
                }
                body.append("\"value\":\"").append(value).append("\"}");
            }
            Http.Response response = http.post("/topics/" + ledger.topic(), Http.JSON_V2, body.append("]}").toString());
            if (response.status() != 200) {
                ledger.violation(producer + " produce answered " + response);
                continue;
            }
            JsonNode offsets = response.json().get("offsets");
            for (int i = 0; i < count; i++) {
                JsonNode entry = offsets.get(i);
                if (!entry.get("error_code").isNull()) {
                    ledger.violation(producer + " record refused: " + entry);
                    continue;
                }
                int partition = entry.get("partition").asInt();
                long offset = entry.get("offset").asLong();
                Long previous = lastOffset.put(partition, offset);
                if (previous != null && previous >= offset) {
                    ledger.violation(producer + " got offset " + offset + " after " + previous + " in partition " + partition);
                }
                ledger.acknowledged(partition, offset, values.get(i));
            }
        }
    }

    private void consume() {
        String base = "/consumers/" + ledger.group() + "/instances/" + run;
        expect(http.post("/consumers/" + ledger.group(), Http.V2, "{\"name\":\"" + run + "\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"), 200);
        expect(http.post(base + "/subscription", Http.V2, "{\"topics\":[\"" + ledger.topic() + "\"]}"), 204);
        while (true) {
            Http.Response polled = expect(http.get(base + "/records?timeout=200", Http.JSON_V2), 200);
            Map<Integer, Long> next = new HashMap<>();
            for (JsonNode record : polled.json()) {
                next.merge(record.get("partition").asInt(), record.get("offset").asLong() + 1, Math::max);
            }
            if (next.isEmpty()) {
                continue;
            }
            StringBuilder body = new StringBuilder("{\"offsets\":[");
            next.forEach((partition, offset) -> body.append(body.length() > 12 ? "," : "")
                    .append("{\"topic\":\"").append(ledger.topic()).append("\",\"partition\":").append(partition)
                    .append(",\"offset\":").append(offset).append('}'));
            expect(http.post(base + "/offsets", Http.V2, body.append("]}").toString()), 204);
            next.forEach(ledger::committed);
        }
    }

    private static Http.Response expect(Http.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response);
        }
        return response;
    }
}

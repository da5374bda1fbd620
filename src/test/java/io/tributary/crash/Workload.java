package io.tributary.crash;

import io.tributary.support.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * Concurrent producers and one consumer-group member against a running service, all recording in the {@link Ledger}
 * what the service acknowledged. The producers cover the ways in: v2 keyed, v2 unkeyed (spread by the service), v2 to
 * an explicit partition, and v3 streams of records (each answer is taken as it arrives, so a kill in the middle of a
 * stream still holds the service to the answers it gave). Each thread runs until the service goes away (an I/O
 * error: the process was killed or stopped; or, once {@link #stopping()} announced a graceful stop, the retriable 503
 * Tomcat gives a request it read after it stopped taking requests); any other surprise before that is a violation.
 */
final class Workload {

    private static final int KEYS = 20;

    private final Http http;
    private final Ledger ledger;
    private final String clusterId;
    private final String run;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private Workload(Http http, Ledger ledger, String clusterId, String run, long seed) {
        this.http = http;
        this.ledger = ledger;
        this.clusterId = clusterId;
        this.run = run;
        this.seed = seed;
    }

    /**
     * Starts the producers and, when {@code consume}, a consumer member named {@code run}; {@code run} also prefixes
     * every value, so it must be unique per ledger. Random choices come from {@code seed}.
     */
    static Workload start(Http http, Ledger ledger, String clusterId, String run, long seed, boolean consume) {
        Workload w = new Workload(http, ledger, clusterId, run, seed);
        w.spawn("v2-keyed", random -> w.produceV2(random, "v2k", true, false));
        w.spawn("v2-unkeyed", random -> w.produceV2(random, "v2u", false, false));
        w.spawn("v2-partition", random -> w.produceV2(random, "v2p", false, true));
        w.spawn("v3-stream", w::produceV3);
        if (consume) {
            w.spawn("consumer", random -> w.consume());
        }
        return w;
    }

    /** The service is about to be stopped gracefully: from now on a retriable 503 means it is going away. */
    void stopping() {
        stopping = true;
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

    private void spawn(String name, Consumer<Random> body) {
        Random random = new Random(seed * 31 + threads.size());
        Thread thread = new Thread(() -> {
            try {
                body.accept(random);
            } catch (UncheckedIOException serviceGone) {
                // the end of every thread: the process went away under this request
            } catch (RuntimeException | AssertionError e) {
                ledger.violation(run + "/" + name + ": " + e);
            }
        }, run + "/" + name);
        threads.add(thread);
        thread.start();
    }

    /** {@code POST /topics/{t}} or {@code /topics/{t}/partitions/{p}} with 1 to 5 JSON records. */
    private void produceV2(Random random, String kind, boolean keyed, boolean toPartition) {
        OffsetOrder order = new OffsetOrder();
        for (long n = 0; ; n++) {
            int count = 1 + random.nextInt(5);
            List<String> values = new ArrayList<>(count);
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < count; i++) {
                String value = run + "-" + kind + "-" + n + "." + i;
                String key = keyed ? "key-" + random.nextInt(KEYS) : null;
                ledger.sent(value, key);
                values.add(value);
                body.append(i == 0 ? "{" : ",{");
                if (key != null) {
                    body.append("\"key\":\"").append(key).append("\",");
                }
                body.append("\"value\":\"").append(value).append("\"}");
            }
            body.append("]}");
            int partition = random.nextInt(ledger.partitions());
            String path = "/topics/" + ledger.topic() + (toPartition ? "/partitions/" + partition : "");
            Http.Response response = endIfStopped(http.post(path, Http.JSON_V2, body.toString()));
            if (response.status() != 200) {
                ledger.violation(Thread.currentThread().getName() + ": produce answered " + response);
                continue;
            }
            JsonNode offsets = response.json().get("offsets");
            for (int i = 0; i < count; i++) {
                JsonNode entry = offsets.get(i);
                if (!entry.get("error_code").isNull()) {
                    ledger.violation(Thread.currentThread().getName() + ": record refused: " + entry);
                } else if (toPartition && entry.get("partition").asInt() != partition) {
                    ledger.violation(Thread.currentThread().getName() + ": sent to " + partition + ", stored in " + entry);
                } else {
                    acknowledge(order, entry.get("partition").asInt(), entry.get("offset").asLong(), values.get(i));
                }
            }
        }
    }

    /** {@code POST /v3/.../records}: a stream of 1 to 5 records, some keyed, some to a chosen partition. */
    private void produceV3(Random random) {
        OffsetOrder order = new OffsetOrder();
        String path = "/v3/clusters/" + clusterId + "/topics/" + ledger.topic() + "/records";
        for (long n = 0; ; n++) {
            int count = 1 + random.nextInt(5);
            List<String> values = new ArrayList<>(count);
            StringBuilder body = new StringBuilder();
            for (int i = 0; i < count; i++) {
                String value = run + "-v3-" + n + "." + i;
                String key = random.nextBoolean() ? "key-" + random.nextInt(KEYS) : null;
                ledger.sent(value, key);
                values.add(value);
                body.append('{');
                if (random.nextInt(4) == 0) {
                    body.append("\"partition_id\":").append(random.nextInt(ledger.partitions())).append(',');
                }
                if (key != null) {
                    body.append("\"key\":{\"type\":\"JSON\",\"data\":\"").append(key).append("\"},");
                }
                body.append("\"value\":{\"type\":\"JSON\",\"data\":\"").append(value).append("\"}}\n");
            }
            HttpRequest request = http.request(path).header("Content-Type", Http.JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
            HttpResponse<Stream<String>> response = http.stream(request);
            if (response.statusCode() == 503 && stopping) {
                response.body().close();
                throw new UncheckedIOException(new IOException("the service is stopping: 503"));
            }
            if (response.statusCode() != 200) {
                ledger.violation(Thread.currentThread().getName() + ": v3 produce answered " + response.statusCode());
                response.body().close();
                continue;
            }
            try (Stream<String> lines = response.body()) {
                Iterator<String> answers = lines.filter(line -> !line.isBlank()).iterator();
                int answered = 0;
                for (; answered < count && answers.hasNext(); answered++) { // an answer, once given, is a promise
                    JsonNode answer = Http.parse(answers.next());
                    if (answer.get("error_code").asInt() != 200) {
                        ledger.violation(Thread.currentThread().getName() + ": record refused: " + answer);
                    } else {
                        acknowledge(order, answer.get("partition_id").asInt(), answer.get("offset").asLong(),
                                values.get(answered));
                    }
                }
                if (answered < count) {
                    ledger.violation(Thread.currentThread().getName() + ": " + answered + " answers to " + count + " records");
                }
            }
        }
    }

    private void acknowledge(OffsetOrder order, int partition, long offset, String value) {
        if (!order.advance(partition, offset)) {
            ledger.violation(Thread.currentThread().getName() + ": " + value + " got offset " + offset
                    + ", not after this producer's earlier records in partition " + partition);
        }
        ledger.acknowledged(partition, offset, value);
    }

    /** One member of the ledger's group: subscribes, polls, checks every record it gets, commits what it processed. */
    private void consume() {
        String base = "/consumers/" + ledger.group() + "/instances/" + run;
        expect(http.post("/consumers/" + ledger.group(), Http.V2, "{\"name\":\"" + run + "\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"), 200);
        expect(http.post(base + "/subscription", Http.V2, "{\"topics\":[\"" + ledger.topic() + "\"]}"), 204);
        OffsetOrder order = new OffsetOrder();
        while (true) {
            Http.Response polled = expect(http.get(base + "/records?timeout=200", Http.JSON_V2), 200);
            Map<Integer, Long> next = new HashMap<>();
            for (JsonNode record : polled.json()) {
                int partition = record.get("partition").asInt();
                long offset = record.get("offset").asLong();
                if (!order.advance(partition, offset)) {
                    ledger.violation(run + " consumer got offset " + offset + " of partition " + partition + " out of order");
                }
                ledger.consumed(partition, offset, record.get("value").asString(),
                        record.get("key").isNull() ? null : record.get("key").asString());
                next.put(partition, offset + 1);
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

    private Http.Response expect(Http.Response response, int status) {
        if (endIfStopped(response).status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response);
        }
        return response;
    }

    /** Ends the calling thread, as an I/O error would, on the 503 50003 of a service that is stopping gracefully. */
    private Http.Response endIfStopped(Http.Response response) {
        if (stopping && response.status() == 503 && response.errorCode() == 50003) {
            throw new UncheckedIOException(new IOException("the service is stopping: " + response));
        }
        return response;
    }

    /** The last offset one producer or consumer saw per partition: each next one must be higher. */
    private static final class OffsetOrder {
        private final Map<Integer, Long> last = new HashMap<>();

        boolean advance(int partition, long offset) {
            Long previous = last.put(partition, offset);
            return previous == null || previous < offset;
        }
    }
}

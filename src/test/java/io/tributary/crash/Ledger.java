package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TopicPartition;
import io.tributary.support.Http;
import io.tributary.support.history.ApiLogReads;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryChecker;
import io.tributary.support.history.HistoryReport;
import io.tributary.support.history.LogSnapshot;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import tools.jackson.databind.JsonNode;

/**
 * The {@link Workload}'s side of a fault test against the packaged service: its topic, partitions and group (and,
 * optionally, a compacted topic beside them), the {@link History} it records what it sent and was told into, the
 * answers it did not expect (violations: an error status, a refused record, an I/O error before the service was meant
 * to go away), and the idempotent requests still unanswered. {@link #check} reads every partition and the group's
 * committed offsets back through the API into the {@link HistoryChecker}, whose report is the test's verdict.
 * Thread-safe.
 */
final class Ledger {

    private final String topic;
    private final int partitions;
    private final String group;
    private final String compactedTopic;
    private final History history = new History();
    private final HistoryChecker checker = new HistoryChecker(history);
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final ConcurrentMap<String, Unanswered> unanswered = new ConcurrentHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();
    private final AtomicLong compactedAcknowledged = new AtomicLong();

    Ledger(String topic, int partitions, String group) {
        this(topic, partitions, group, null);
    }

    /** With a compacted topic of as many partitions, whose records carry their id in an {@code id} header. */
    Ledger(String topic, int partitions, String group, String compactedTopic) {
        this.topic = topic;
        this.partitions = partitions;
        this.group = group;
        this.compactedTopic = compactedTopic;
        if (compactedTopic != null) {
            history.compacted(compactedTopic);
        }
    }

    String topic() {
        return topic;
    }

    int partitions() {
        return partitions;
    }

    String group() {
        return group;
    }

    /** The compacted topic, or null. */
    String compactedTopic() {
        return compactedTopic;
    }

    History history() {
        return history;
    }

    /** An acknowledged record of the compacted topic (counted: the check compares how many are still stored). */
    void acknowledgedCompacted(String id, int partition, long offset) {
        history.acknowledged(id, new TopicPartition(compactedTopic, partition), offset);
        compactedAcknowledged.incrementAndGet();
    }

    /**
     * An idempotent produce request that was sent and not answered (the service went away under it): its outcome is
     * unknown until it is sent again with its key.
     */
    record Unanswered(String key, String path, String body, List<String> values) {
    }

    void unanswered(Unanswered request) {
        unanswered.put(request.key(), request);
    }

    /** The request with this key got its answer (first time or retry); {@code retry} counts it, with {@code replayed}. */
    void answered(String key, boolean retry, boolean replayed) {
        unanswered.remove(key);
        if (retry) {
            retries.incrementAndGet();
            if (replayed) {
                replays.incrementAndGet();
            }
        }
    }

    List<Unanswered> unansweredRequests() {
        return List.copyOf(unanswered.values());
    }

    int retries() {
        return retries.get();
    }

    int replays() {
        return replays.get();
    }

    /** An answer the service must never give, seen by the workload (checked after each cycle). */
    void violation(String what) {
        violations.add(what);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    long acknowledgedCount() {
        return history.acknowledgedCount();
    }

    /** What was checked: the checker's report, and how many records were read back (of them, of the compacted topic). */
    record Checked(HistoryReport report, long recordsRead, long compactedStored, long compactedAcknowledged) {
    }

    /**
     * Reads every partition of the topic (and of the compacted topic) from its start to its end and the group's
     * committed offsets, hands them to the checker, and returns its report of the whole run so far.
     */
    Checked check(Http http, String clusterId) {
        List<LogSnapshot> logs = new ArrayList<>();
        long compactedStored = 0;
        for (int p = 0; p < partitions; p++) {
            logs.add(ApiLogReads.read(http, topic, p));
            if (compactedTopic != null) {
                LogSnapshot compacted = ApiLogReads.read(http, compactedTopic, p, true, Ledger::id);
                compactedStored += compacted.records().size();
                logs.add(compacted);
            }
        }
        checker.checkLog(logs);
        observeCommits(http, clusterId);
        long read = logs.stream().mapToLong(l -> l.records().size()).sum();
        return new Checked(checker.report(), read, compactedStored, compactedAcknowledged.get());
    }

    /** The report of everything checked so far. */
    HistoryReport report() {
        return checker.report();
    }

    /** The group's committed offset of every partition of the topic, as observed now (-1: none). */
    private void observeCommits(Http http, String clusterId) {
        Http.Response lags = http.get("/v3/clusters/" + clusterId + "/consumer-groups/" + group + "/lags");
        Map<Integer, Long> committed = new HashMap<>();
        if (lags.status() != 404) { // a group that never committed is unknown
            assertThat(lags.status()).as("lags of %s: %s", group, lags).isEqualTo(200);
            for (JsonNode lag : lags.json().get("data")) {
                if (lag.get("topic_name").asString().equals(topic)) {
                    committed.put(lag.get("partition_id").asInt(), lag.get("current_offset").asLong());
                }
            }
        }
        for (int p = 0; p < partitions; p++) {
            history.committedObserved(group, new TopicPartition(topic, p), committed.getOrDefault(p, -1L));
        }
    }

    private static String id(JsonNode record) {
        for (JsonNode header : record.get("headers")) {
            if (header.get("key").asString().equals("id")) {
                return new String(Base64.getDecoder().decode(header.get("value").asString()), StandardCharsets.UTF_8);
            }
        }
        throw new AssertionError("no id header in " + record);
    }
}

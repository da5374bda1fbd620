package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;

/**
 * What the workload sent and what the service promised: every value sent (with its key), every acknowledged record's
 * (partition, offset, value), every record a consumer was given, and the highest acknowledged commit of each partition.
 * The checks hold a (restarted) service to those promises. Thread-safe.
 */
final class Ledger {

    private static final int READ_BATCH = 5000;
    private static final String NO_KEY = "";

    private final String topic;
    private final int partitions;
    private final String group;
    private final ConcurrentMap<String, String> sent = new ConcurrentHashMap<>();
    private final List<NavigableMap<Long, String>> acknowledged;
    /** Records a consumer received: readers only see durable records, so these must survive a crash as well. */
    private final List<NavigableMap<Long, String>> consumed;
    private final ConcurrentMap<Integer, Long> commits = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();
    private final ConcurrentMap<String, Unanswered> unanswered = new ConcurrentHashMap<>();
    private final AtomicInteger retries = new AtomicInteger();
    private final AtomicInteger replays = new AtomicInteger();

    Ledger(String topic, int partitions, String group) {
        this.topic = topic;
        this.partitions = partitions;
        this.group = group;
        this.acknowledged = newPartitionMaps(partitions);
        this.consumed = newPartitionMaps(partitions);
    }

    private static List<NavigableMap<Long, String>> newPartitionMaps(int partitions) {
        return IntStream.range(0, partitions).<NavigableMap<Long, String>>mapToObj(p -> new ConcurrentSkipListMap<>()).toList();
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

    /** A value about to be produced (unique over the run), with its key or null. */
    void sent(String value, String key) {
        if (sent.putIfAbsent(value, key == null ? NO_KEY : key) != null) {
            throw new IllegalArgumentException("value " + value + " sent twice: the workload must send unique values");
        }
    }

    void acknowledged(int partition, long offset, String value) {
        String earlier = acknowledged.get(partition).putIfAbsent(offset, value);
        if (earlier != null && !earlier.equals(value)) {
            violation("offset " + partition + "/" + offset + " acknowledged twice: for " + earlier + " and for " + value);
        }
    }

    /** A record a consumer received: it must be one that was sent, and where it was acknowledged, that record. */
    void consumed(int partition, long offset, String value, String key) {
        String problem = problemWith(partition, offset, value, key);
        if (problem != null) {
            violation("consumer got " + problem);
        }
        consumed.get(partition).putIfAbsent(offset, value);
    }

    void committed(int partition, long offset) {
        commits.merge(partition, offset, Math::max);
    }

    /**
     * An idempotent produce request that was sent and not answered (the service went away under it): its outcome is
     * unknown until it is sent again with its key after the restart.
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

    /** Something the service must never do, seen by the workload (checked after each cycle). */
    void violation(String what) {
        violations.add(what);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    int acknowledgedCount() {
        return acknowledged.stream().mapToInt(Map::size).sum();
    }

    int consumedCount() {
        return consumed.stream().mapToInt(Map::size).sum();
    }

    int committedPartitions() {
        return commits.size();
    }

    /**
     * Reads every partition from its start to its end and checks: offsets are dense, every stored record is one that
     * was sent (value and key: no garbage), each value is stored once (no duplicates), and every acknowledged or
     * consumed record is at its offset. Returns the number of records read.
     */
    int checkRecords(Http http) {
        Set<String> stored = new HashSet<>();
        int read = 0;
        for (int p = 0; p < partitions; p++) {
            JsonNode offsets = http.get("/topics/" + topic + "/partitions/" + p + "/offsets").json();
            long start = offsets.get("beginning_offset").asLong();
            long end = offsets.get("end_offset").asLong();
            assertThat(start).as("beginning offset of partition %d (no retention here)", p).isZero();
            Map<Long, String> storedHere = new HashMap<>();
            long next = start;
            while (next < end) {
                Http.Response response = http.get("/topics/" + topic + "/partitions/" + p + "/records?offset=" + next
                        + "&max_records=" + READ_BATCH, Http.JSON_V2);
                assertThat(response.status()).as("read %d/%d: %s", p, next, response).isEqualTo(200);
                assertThat(response.json()).as("records from %d/%d below the end offset %d", p, next, end).isNotEmpty();
                for (JsonNode record : response.json()) {
                    long offset = record.get("offset").asLong();
                    assertThat(offset).as("offsets of partition %d are dense", p).isEqualTo(next);
                    String value = record.get("value").asString();
                    String key = record.get("key").isNull() ? null : record.get("key").asString();
                    String problem = problemWith(p, offset, value, key);
                    assertThat(problem).as("record at %d/%d", p, offset).isNull();
                    assertThat(stored.add(value)).as("%s stored once, but found again at %d/%d", value, p, offset).isTrue();
                    storedHere.put(offset, value);
                    next++;
                    read++;
                }
            }
            int partition = p;
            acknowledged.get(p).forEach((offset, value) -> assertThat(storedHere.get(offset))
                    .as("acknowledged record %s at %d/%d (end offset %d)", value, partition, offset, end).isEqualTo(value));
            consumed.get(p).forEach((offset, value) -> assertThat(storedHere.get(offset))
                    .as("consumed record %s at %d/%d (end offset %d)", value, partition, offset, end).isEqualTo(value));
        }
        return read;
    }

    /**
     * No committed offset went backwards (each is at least the highest acknowledged commit of its partition) or past
     * the partition's end. Returns the number of partitions checked.
     */
    int checkCommits(Http http, String clusterId) {
        if (commits.isEmpty()) {
            return 0;
        }
        Http.Response lags = http.get("/v3/clusters/" + clusterId + "/consumer-groups/" + group + "/lags");
        assertThat(lags.status()).as("lags of %s: %s", group, lags).isEqualTo(200);
        Map<Integer, JsonNode> stored = new HashMap<>();
        for (JsonNode lag : lags.json().get("data")) {
            if (lag.get("topic_name").asString().equals(topic)) {
                stored.put(lag.get("partition_id").asInt(), lag);
            }
        }
        commits.forEach((partition, offset) -> {
            JsonNode lag = stored.get(partition);
            assertThat(lag).as("committed offset of partition %d (acknowledged %d)", partition, offset).isNotNull();
            assertThat(lag.get("current_offset").asLong()).as("committed offset of partition %d", partition)
                    .isGreaterThanOrEqualTo(offset).isLessThanOrEqualTo(lag.get("log_end_offset").asLong());
        });
        return commits.size();
    }

    /** Why a record read at partition/offset cannot be right, or null when it can. */
    private String problemWith(int partition, long offset, String value, String key) {
        String sentKey = sent.get(value);
        if (sentKey == null) {
            return "a value that was never sent: " + value;
        }
        if (!sentKey.equals(key == null ? NO_KEY : key)) {
            return value + " with key " + key + ", sent with key " + sentKey;
        }
        String acked = acknowledged.get(partition).get(offset);
        if (acked != null && !acked.equals(value)) {
            return value + " where " + acked + " was acknowledged";
        }
        return Objects.equals(consumed.get(partition).getOrDefault(offset, value), value) ? null
                : value + " where a consumer got " + consumed.get(partition).get(offset);
    }
}

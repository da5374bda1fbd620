package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;

import tools.jackson.databind.JsonNode;

/**
 * What the service acknowledged: every produced record's (partition, offset, value) and the highest committed offset of
 * each partition. The checks compare a (restarted) service against it.
 */
final class Ledger {

    private static final int READ_BATCH = 5000;

    private final String topic;
    private final int partitions;
    private final String group;
    private final List<NavigableMap<Long, String>> records;
    private final ConcurrentMap<Integer, Long> commits = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    Ledger(String topic, int partitions, String group) {
        this.topic = topic;
        this.partitions = partitions;
        this.group = group;
        this.records = java.util.stream.IntStream.range(0, partitions)
                .<NavigableMap<Long, String>>mapToObj(p -> new ConcurrentSkipListMap<>()).toList();
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

    void acknowledged(int partition, long offset, String value) {
        String earlier = records.get(partition).putIfAbsent(offset, value);
        if (earlier != null) {
            violation("offset " + partition + "/" + offset + " acknowledged twice: " + earlier + " and " + value);
        }
    }

    void committed(int partition, long offset) {
        commits.merge(partition, offset, Math::max);
    }

    /** Something the service must never do, seen by the workload (checked at the end of each cycle). */
    void violation(String what) {
        violations.add(what);
    }

    List<String> violations() {
        return List.copyOf(violations);
    }

    int recordCount() {
        return records.stream().mapToInt(Map::size).sum();
    }

    int commitCount() {
        return commits.size();
    }

    /**
     * Reads every partition from offset 0 to its end: offsets are contiguous, every value appears once, and every
     * acknowledged record is at its acknowledged offset. Returns the number of acknowledged records checked.
     */
    int checkRecords(Http http) {
        Set<String> seen = new HashSet<>();
        int checked = 0;
        for (int p = 0; p < partitions; p++) {
            NavigableMap<Long, String> expected = records.get(p);
            long end = http.get("/topics/" + topic + "/partitions/" + p + "/offsets").json().get("end_offset").asLong();
            if (!expected.isEmpty()) {
                assertThat(end).as("end offset of partition %d", p).isGreaterThan(expected.lastKey());
            }
            long next = 0;
            while (next < end) {
                Http.Response read = http.get("/topics/" + topic + "/partitions/" + p + "/records?offset=" + next
                        + "&max_records=" + READ_BATCH, Http.JSON_V2);
                assertThat(read.status()).as("read %d/%d: %s", p, next, read).isEqualTo(200);
                assertThat(read.json()).as("records from %d/%d", p, next).isNotEmpty();
                for (JsonNode record : read.json()) {
                    assertThat(record.get("offset").asLong()).as("offsets of partition %d are contiguous", p).isEqualTo(next);
                    String value = record.get("value").asString();
                    assertThat(seen.add(value)).as("%s stored once (again at %d/%d)", value, p, next).isTrue();
                    String acknowledged = expected.get(next);
                    if (acknowledged != null) {
                        assertThat(value).as("acknowledged record at %d/%d", p, next).isEqualTo(acknowledged);
                        checked++;
                    }
                    next++;
                }
            }
        }
        assertThat(checked).as("acknowledged records found").isEqualTo(recordCount());
        return checked;
    }

    /** No partition's committed offset is below the highest one acknowledged. Returns the number checked. */
    int checkCommits(Http http, String clusterId) {
        if (commits.isEmpty()) {
            return 0;
        }
        Http.Response lags = http.get("/v3/clusters/" + clusterId + "/consumer-groups/" + group + "/lags");
        assertThat(lags.status()).as("lags of %s: %s", group, lags).isEqualTo(200);
        Map<Integer, Long> stored = new HashMap<>();
        for (JsonNode lag : lags.json().get("data")) {
            if (lag.get("topic_name").asString().equals(topic)) {
                stored.put(lag.get("partition_id").asInt(), lag.get("current_offset").asLong());
            }
        }
        commits.forEach((partition, offset) -> assertThat(stored.get(partition))
                .as("committed offset of partition %d (acknowledged %d)", partition, offset)
                .isNotNull().isGreaterThanOrEqualTo(offset));
        return commits.size();
    }
}

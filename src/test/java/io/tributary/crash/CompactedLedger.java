package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.IntStream;

import tools.jackson.databind.JsonNode;

/**
 * What the workload sent to and the service acknowledged on a compacted topic, whose cleaner removes every record a
 * later one of the same key supersedes. Each record carries a unique id in an {@code id} header (a tombstone has no
 * value to tell it by); the check holds a restarted service to: nothing stored that was never sent, and for every
 * acknowledged record either that record at its offset or a later one of its key, so each key's latest acknowledged
 * value (or one sent after it) is readable. Thread-safe.
 */
final class CompactedLedger {

    /** What was sent: the record's key and value (null: a tombstone). */
    record Sent(String key, String value) {
    }

    /** An acknowledged record. */
    private record Acked(String id, String key) {
    }

    private final String topic;
    private final int partitions;
    private final ConcurrentMap<String, Sent> sent = new ConcurrentHashMap<>();
    private final List<NavigableMap<Long, Acked>> acknowledged;

    CompactedLedger(String topic, int partitions) {
        this.topic = topic;
        this.partitions = partitions;
        this.acknowledged = IntStream.range(0, partitions).<NavigableMap<Long, Acked>>mapToObj(p -> new ConcurrentSkipListMap<>())
                .toList();
    }

    String topic() {
        return topic;
    }

    void sent(String id, String key, String value) {
        if (sent.putIfAbsent(id, new Sent(key, value)) != null) {
            throw new IllegalArgumentException("id " + id + " sent twice");
        }
    }

    void acknowledged(int partition, long offset, String id) {
        acknowledged.get(partition).put(offset, new Acked(id, sent.get(id).key()));
    }

    int acknowledgedCount() {
        return acknowledged.stream().mapToInt(Map::size).sum();
    }

    /**
     * Reads every partition from its start over the gaps and checks the promises (see the class comment). Returns
     * the number of records stored, which compaction keeps below the number acknowledged.
     */
    int check(Http http) {
        int stored = 0;
        for (int p = 0; p < partitions; p++) {
            long end = http.get("/topics/" + topic + "/partitions/" + p + "/offsets").json().get("end_offset").asLong();
            Map<Long, String> ids = new HashMap<>();
            Map<String, Long> latest = new HashMap<>();
            long next = 0;
            while (next < end) {
                Http.Response response = http.get("/topics/" + topic + "/partitions/" + p + "/records?offset=" + next
                        + "&max_records=5000", Http.JSON_V2);
                assertThat(response.status()).as("read %s-%d from %d: %s", topic, p, next, response).isEqualTo(200);
                if (response.json().isEmpty()) {
                    break; // compaction removed everything up to the end
                }
                for (JsonNode record : response.json()) {
                    long offset = record.get("offset").asLong();
                    assertThat(offset).as("offsets of %s-%d increase", topic, p).isGreaterThanOrEqualTo(next);
                    String id = id(record);
                    Sent what = sent.get(id);
                    assertThat(what).as("record %s at %s-%d/%d was sent", id, topic, p, offset).isNotNull();
                    assertThat(record.get("key").asString()).as("key of %s", id).isEqualTo(what.key());
                    assertThat(record.get("value").isNull() ? null : record.get("value").asString()).as("value of %s", id)
                            .isEqualTo(what.value());
                    ids.put(offset, id);
                    latest.merge(what.key(), offset, Math::max);
                    next = offset + 1;
                    stored++;
                }
            }
            int partition = p;
            acknowledged.get(p).forEach((offset, acked) -> {
                if (ids.containsKey(offset)) {
                    assertThat(ids.get(offset)).as("acknowledged %s at %s-%d/%d", acked.id(), topic, partition, offset)
                            .isEqualTo(acked.id());
                } else {
                    assertThat(latest.getOrDefault(acked.key(), -1L)).as("%s at %s-%d/%d is gone, so a later record of "
                            + "key %s must be there", acked.id(), topic, partition, offset, acked.key()).isGreaterThan(offset);
                }
            });
        }
        return stored;
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

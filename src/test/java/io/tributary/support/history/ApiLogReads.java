package io.tributary.support.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TopicPartition;
import io.tributary.support.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import tools.jackson.databind.JsonNode;

/** Reads a partition whole through the service's v2 API, for the {@link HistoryChecker}. */
public final class ApiLogReads {

    private static final int READ_BATCH = 5000;

    private ApiLogReads() {
    }

    /**
     * Every record of {@code topic}'s partition {@code p} from its beginning to its end offset (over the gaps of a
     * compacted topic), each told apart by {@code id}. The end is where the read ended: a paused service may still be
     * finishing requests its clients gave up on.
     */
    public static LogSnapshot read(Http http, String topic, int p, boolean compacted, Function<JsonNode, String> id) {
        JsonNode offsets = http.get("/topics/" + topic + "/partitions/" + p + "/offsets").json();
        long start = offsets.get("beginning_offset").asLong();
        long end = offsets.get("end_offset").asLong();
        List<Seen> records = new ArrayList<>();
        long next = start;
        while (next < end) {
            Http.Response response = http.get("/topics/" + topic + "/partitions/" + p + "/records?offset=" + next
                    + "&max_records=" + READ_BATCH, Http.JSON_V2);
            assertThat(response.status()).as("read %s-%d from %d: %s", topic, p, next, response).isEqualTo(200);
            if (response.json().isEmpty()) {
                assertThat(compacted).as("records of %s-%d from %d below the end offset %d", topic, p, next, end).isTrue();
                break; // compaction removed everything up to the end
            }
            for (JsonNode record : response.json()) {
                long offset = record.get("offset").asLong();
                records.add(new Seen(offset, id.apply(record), text(record.get("key")), text(record.get("value"))));
                next = Math.max(next, offset + 1);
            }
        }
        return new LogSnapshot(new TopicPartition(topic, p), start, Math.max(end, next), records, compacted, 0);
    }

    /** A partition of a topic without compaction, each record told apart by its value. */
    public static LogSnapshot read(Http http, String topic, int p) {
        return read(http, topic, p, false, record -> text(record.get("value")));
    }

    /** A record of a v2 read or poll, told apart by its value. */
    public static Seen seen(JsonNode record) {
        return Seen.of(record.get("offset").asLong(), text(record.get("value")), text(record.get("key")));
    }

    /** A JSON key or value as text: a string's text, another value's JSON, null for null. */
    public static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isString() ? node.asString() : node.toString();
    }
}

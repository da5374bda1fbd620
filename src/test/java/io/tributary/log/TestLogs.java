package io.tributary.log;

import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;
import io.tributary.common.TopicPartition;
import io.tributary.support.history.History;
import io.tributary.support.history.LogSnapshot;
import io.tributary.support.history.Seen;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Shared fixtures of the engine tests. */
final class TestLogs {

    static final long DAY_MS = Duration.ofDays(1).toMillis();

    /** Kafka's defaults: keep a week, 1 GiB segments. */
    static final TopicConfig DEFAULT_CONFIG =
            new TopicConfig(7 * DAY_MS, -1, 1 << 30, 7 * DAY_MS, 1_048_588, "CreateTime", "delete");

    private TestLogs() {
    }

    static TopicConfig config(Map<String, String> changes) {
        return DEFAULT_CONFIG.with(changes);
    }

    static LogSettings settings(Clock clock) {
        return new LogSettings(new FlushPolicy.Durable(), 256, clock, LogMetrics.NONE);
    }

    static NewRecord record(String value) {
        return new NewRecord(null, bytes(value), List.of(), -1);
    }

    static NewRecord record(String key, String value, long timestamp) {
        return new NewRecord(bytes(key), bytes(value), List.of(new RecordHeader("h", bytes("v-" + value))), timestamp);
    }

    static List<NewRecord> records(String prefix, int from, int count) {
        List<NewRecord> out = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            out.add(record(prefix + i));
        }
        return out;
    }

    /** The values {@link #records} creates. */
    static List<String> valueStrings(String prefix, int from, int count) {
        return records(prefix, from, count).stream().map(r -> string(r.value())).toList();
    }

    static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    static String string(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static List<String> values(LogReadResult result) {
        return result.records().stream().map(r -> string(r.value())).toList();
    }

    /** Reads everything from {@code from} to the end offset, in several reads. */
    static List<StoredRecord> readAll(PartitionLog log, long from) {
        List<StoredRecord> all = new ArrayList<>();
        long offset = from;
        while (offset < log.endOffset()) {
            LogReadResult r = log.read(offset, 1000, 1 << 20);
            all.addAll(r.records());
            offset = r.nextOffset();
        }
        return all;
    }

    /**
     * For the history checker: records about to be appended to {@code partition} of {@code topic}, each told apart by
     * its value (unique over a history).
     */
    static void invoked(History history, String topic, int partition, List<NewRecord> records) {
        records.forEach(r -> history.invoked(string(r.value()), topic, partition, string(r.key()), string(r.value())));
    }

    /** For the history checker: the append of {@code records} returned {@code result}. */
    static void acknowledged(History history, String topic, int partition, List<NewRecord> records, AppendResult result) {
        TopicPartition tp = new TopicPartition(topic, partition);
        for (int i = 0; i < records.size(); i++) {
            history.acknowledged(string(records.get(i).value()), tp, result.baseOffset() + i);
        }
    }

    /**
     * For the history checker: the whole partition as it reads now, each record told apart by its value; records below
     * {@code deletableBelow} may be gone (retention), and on a compacted topic under a later record of their key.
     */
    static LogSnapshot snapshot(PartitionLog log, boolean compacted, long deletableBelow) {
        return snapshot(log, compacted, deletableBelow, r -> string(r.value()));
    }

    /** As above, each record told apart by {@code id}. */
    static LogSnapshot snapshot(PartitionLog log, boolean compacted, long deletableBelow,
                                java.util.function.Function<StoredRecord, String> id) {
        List<Seen> records = readAll(log, log.logStartOffset()).stream()
                .map(r -> new Seen(r.offset(), id.apply(r), string(r.key()), string(r.value()))).toList();
        return new LogSnapshot(log.topicPartition(), log.logStartOffset(), log.endOffset(), records, compacted,
                deletableBelow);
    }

    /** Simulates a crash after the fact: without the marker the next open treats the last shutdown as unclean. */
    static void deleteMarker(java.nio.file.Path logDir) {
        try {
            java.nio.file.Files.delete(logDir.resolve(".clean-shutdown"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static LogView view(PartitionLog log) {
        return log.view();
    }

    /** Reads through an earlier view, as a reader that started before a change would. */
    static List<StoredRecord> readFromView(PartitionLog log, LogView view, long offset) {
        try {
            return new LogReader(log.topicPartition(), 256).read(view, offset, 10, 1 << 20);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

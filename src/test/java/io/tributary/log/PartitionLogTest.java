package io.tributary.log;

import static io.tributary.log.TestLogs.bytes;
import static io.tributary.log.TestLogs.config;
import static io.tributary.log.TestLogs.record;
import static io.tributary.log.TestLogs.records;
import static io.tributary.log.TestLogs.string;
import static io.tributary.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class PartitionLogTest extends LogDirectoryTest {

    private PartitionLog partition(Map<String, String> configs) {
        manager = openManager();
        return manager.createTopic("t", 1, config(configs)).partition(0);
    }

    @Test
    void appendAssignsConsecutiveOffsetsAndReadsBackKeysValuesHeadersAndTimestamps() {
        PartitionLog log = partition(Map.of());

        AppendResult first = log.append(List.of(record("k1", "v1", 1000), record("k2", "v2", -1)));
        AppendResult second = log.append(List.of(record(null, "v3", 2000)));

        assertThat(first).isEqualTo(new AppendResult(0, 1, clock.millis()));
        assertThat(second.baseOffset()).isEqualTo(2);
        assertThat(log.endOffset()).isEqualTo(3);
        LogReadResult read = log.read(0, 10, 1 << 20);
        assertThat(read.records()).extracting(StoredRecord::offset).containsExactly(0L, 1L, 2L);
        assertThat(read.records()).extracting(r -> string(r.key())).containsExactly("k1", "k2", null);
        assertThat(values(read)).containsExactly("v1", "v2", "v3");
        assertThat(read.records()).extracting(StoredRecord::timestamp).containsExactly(1000L, clock.millis(), 2000L);
        assertThat(read.records().get(0).headers()).hasSize(1);
        assertThat(read.records().get(0).headers().get(0).key()).isEqualTo("h");
        assertThat(string(read.records().get(0).headers().get(0).value())).isEqualTo("v-v1");
        assertThat(read.nextOffset()).isEqualTo(3);
        assertThat(read.logStartOffset()).isZero();
        assertThat(read.endOffset()).isEqualTo(3);
    }

    @Test
    void nullValuesAndNullHeaderValuesSurvive() {
        PartitionLog log = partition(Map.of());
        log.append(List.of(new NewRecord(bytes("k"), null, List.of(new RecordHeader("n", null)), -1)));

        StoredRecord read = log.read(0, 1, 1000).records().get(0);

        assertThat(read.value()).isNull();
        assertThat(read.headers().get(0).value()).isNull();
    }

    @Test
    void readsEveryOffsetAcrossSegmentRollsAndIndexEntries() {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_BYTES, "2048"));
        for (int i = 0; i < 300; i += 3) {
            log.append(records("value-", i, 3));
        }

        assertThat(log.segmentCount()).isGreaterThan(5);
        assertThat(log.endOffset()).isEqualTo(300);
        for (long offset = 0; offset < 300; offset++) {
            LogReadResult read = log.read(offset, 1, 1 << 20);
            assertThat(read.records()).extracting(StoredRecord::offset).containsExactly(offset);
            assertThat(values(read)).containsExactly("value-" + offset);
        }
        assertThat(TestLogs.readAll(log, 0)).extracting(StoredRecord::offset)
                .containsExactlyElementsOf(Stream.iterate(0L, o -> o + 1).limit(300).toList());
    }

    @Test
    void segmentFilesAreNamedByBaseOffset() throws Exception {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        for (int i = 0; i < 40; i++) {
            log.append(records("value-", i, 1));
        }

        List<String> logs;
        try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
            logs = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
        }
        assertThat(logs).hasSize(log.segmentCount()).first().isEqualTo("00000000000000000000.log");
        assertThat(logs).allMatch(n -> n.matches("\\d{20}\\.log"));
        assertThat(Files.exists(dir.resolve("t-0/00000000000000000000.index"))).isTrue();
        assertThat(Files.exists(dir.resolve("t-0/00000000000000000000.timeindex"))).isTrue();
    }

    @Test
    void readStopsAtMaxRecordsAndMaxBytesButReturnsAtLeastOneRecord() {
        PartitionLog log = partition(Map.of());
        log.append(records("v", 0, 50));

        assertThat(log.read(10, 5, 1 << 20).records()).extracting(StoredRecord::offset).containsExactly(10L, 11L, 12L, 13L, 14L);
        assertThat(log.read(10, 5, 1 << 20).nextOffset()).isEqualTo(15);
        assertThat(log.read(10, 100, 1).records()).extracting(StoredRecord::offset).containsExactly(10L);
        int small = log.read(0, 100, 40).records().size();
        assertThat(small).isBetween(1, 5);
        assertThat(log.read(0, 100, 1 << 20).records()).hasSize(50);
    }

    @Test
    void readAtEndIsEmptyAndOutsideTheLogIsOutOfRange() {
        PartitionLog log = partition(Map.of());
        log.append(records("v", 0, 3));

        LogReadResult atEnd = log.read(3, 10, 1000);
        assertThat(atEnd.records()).isEmpty();
        assertThat(atEnd.nextOffset()).isEqualTo(3);
        assertThatThrownBy(() -> log.read(4, 10, 1000)).isInstanceOf(OffsetOutOfRangeException.class)
                .satisfies(e -> assertThat(((OffsetOutOfRangeException) e).endOffset()).isEqualTo(3));
        assertThatThrownBy(() -> log.read(-1, 10, 1000)).isInstanceOf(OffsetOutOfRangeException.class);
    }

    @Test
    void batchOverMaxMessageBytesIsRejectedAndNothingIsWritten() {
        PartitionLog log = partition(Map.of(TopicConfig.MAX_MESSAGE_BYTES, "200"));
        log.append(List.of(record("small")));

        assertThatThrownBy(() -> log.append(List.of(record("x".repeat(300)))))
                .isInstanceOf(RecordTooLargeException.class).hasMessageContaining("max.message.bytes");

        assertThat(log.endOffset()).isEqualTo(1);
        assertThat(log.append(List.of(record("next"))).baseOffset()).isEqualTo(1);
        assertThat(values(log.read(0, 10, 1000))).containsExactly("small", "next");
    }

    @Test
    void logAppendTimeTopicsStampEveryRecordWithBrokerTime() {
        PartitionLog log = partition(Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime"));

        AppendResult result = log.append(List.of(record("k", "v", 42), record("k", "w", -1)));

        assertThat(result.logAppendTime()).isEqualTo(clock.millis());
        assertThat(log.read(0, 10, 1000).records()).extracting(StoredRecord::timestamp)
                .containsOnly(clock.millis());
    }

    @Test
    void offsetForTimestampFindsTheFirstRecordAtOrAfterIt() {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        for (int i = 0; i < 100; i++) {
            log.append(List.of(record("k", "v" + i, 1000 + i * 10L)));
        }

        assertThat(log.offsetForTimestamp(0)).hasValue(0);
        assertThat(log.offsetForTimestamp(1000)).hasValue(0);
        assertThat(log.offsetForTimestamp(1001)).hasValue(1);
        assertThat(log.offsetForTimestamp(1500)).hasValue(50);
        assertThat(log.offsetForTimestamp(1990)).hasValue(99);
        assertThat(log.offsetForTimestamp(1991)).isEmpty();
    }

    @Test
    void offsetForTimestampHandlesOutOfOrderCreateTimes() {
        PartitionLog log = partition(Map.of());
        log.append(List.of(record("k", "a", 5000), record("k", "b", 1000), record("k", "c", 3000)));

        assertThat(log.offsetForTimestamp(2000)).hasValue(0);
        assertThat(log.offsetForTimestamp(5001)).isEmpty();
    }

    @Test
    void maxTimestampIsTheLargestRecordTimestampInAnySegmentAcrossRestartsUntilRetentionRemovesIt() {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_BYTES, "1024", TopicConfig.RETENTION_MS, "3600000"));
        assertThat(log.maxTimestamp()).isEqualTo(-1);

        log.append(List.of(record("k", "early", 1000), record("k", "latest", 9000), record("k", "late", 5000)));
        for (int i = 0; i < 30; i++) {
            log.append(List.of(record("k", "v" + i, 2000 + i)));
        }
        assertThat(log.segmentCount()).as("the maximum is in a closed segment").isGreaterThan(1);
        assertThat(log.maxTimestamp()).isEqualTo(9000);
        log.append(List.of(record("k", "newest", 9500)));
        assertThat(log.maxTimestamp()).isEqualTo(9500);

        manager.close();
        assertThat(openManager().requireTopic("t").partition(0).maxTimestamp()).as("after a clean shutdown").isEqualTo(9500);
        manager.close();
        TestLogs.deleteMarker(dir);
        log = openManager().requireTopic("t").partition(0);
        assertThat(log.maxTimestamp()).as("after a crash, rebuilt by recovery").isEqualTo(9500);

        // every timestamp is from 1970, far past retention.ms: retention removes them all
        manager.enforceRetention();
        assertThat(log.logStartOffset()).isEqualTo(log.endOffset());
        assertThat(log.maxTimestamp()).isEqualTo(-1);
    }

    @Test
    void awaitEndOffsetAboveCompletesOnAppend() {
        PartitionLog log = partition(Map.of());
        log.append(records("v", 0, 2));

        assertThat(log.awaitEndOffsetAbove(1)).isDone();
        CompletableFuture<Void> waiting = log.awaitEndOffsetAbove(2);
        CompletableFuture<Void> later = log.awaitEndOffsetAbove(5);
        assertThat(waiting).isNotDone();

        log.append(records("v", 2, 1));

        assertThat(waiting).isCompleted();
        assertThat(later).isNotDone();
    }

    @Test
    void concurrentAppendersGetDistinctOffsetsAndEveryRecordIsReadableInOrder() throws Exception {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_BYTES, "65536"));
        int threads = 8;
        int perThread = 2000;
        List<CompletableFuture<List<AppendResult>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            futures.add(CompletableFuture.supplyAsync(() -> {
                List<AppendResult> results = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    results.add(log.append(List.of(record(thread + ":" + i))));
                }
                return results;
            }, r -> new Thread(r).start()));
        }
        List<Long> offsets = new ArrayList<>();
        for (var f : futures) {
            f.get().forEach(r -> offsets.add(r.baseOffset()));
        }

        assertThat(offsets).doesNotHaveDuplicates().hasSize(threads * perThread);
        assertThat(log.endOffset()).isEqualTo(threads * perThread);
        List<StoredRecord> all = TestLogs.readAll(log, 0);
        assertThat(all).extracting(StoredRecord::offset)
                .containsExactlyElementsOf(Stream.iterate(0L, o -> o + 1).limit(threads * perThread).toList());
        // each thread's records appear in the order that thread appended them
        int[] next = new int[threads];
        for (StoredRecord r : all) {
            String[] parts = string(r.value()).split(":");
            int thread = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1])).isEqualTo(next[thread]++);
        }
    }

    @Test
    void timeRollStartsANewSegmentOnceTheFirstRecordIsOlderThanSegmentMs() {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_MS, "60000"));
        log.append(records("v", 0, 1));
        clock.advance(Duration.ofSeconds(59));
        log.append(records("v", 1, 1));
        assertThat(log.segmentCount()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        log.append(records("v", 2, 1));

        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(values(log.read(0, 10, 1000))).containsExactly("v0", "v1", "v2");
    }
}

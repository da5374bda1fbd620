package io.tributary.log;

import static io.tributary.log.TestLogs.bytes;
import static io.tributary.log.TestLogs.readAll;
import static io.tributary.log.TestLogs.string;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The cleaner of compacted topics, on one partition: what it keeps, what it removes, and that readers cope. */
class LogCleanerTest extends LogDirectoryTest {

    private static final Map<String, String> COMPACTED = Map.of(TopicConfig.CLEANUP_POLICY, "compact",
            TopicConfig.SEGMENT_BYTES, "1024", TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "0.01");

    /** Durability is not what these tests are about: no fsync per append (the background flush never comes). */
    private LogSettings settings() {
        return new LogSettings(new FlushPolicy.Interval(Duration.ofHours(1)), 256, clock, LogMetrics.NONE);
    }

    @Override
    LogManager openManager() {
        return openManager(settings());
    }

    private PartitionLog compacted(Map<String, String> overrides) {
        Map<String, String> configs = new HashMap<>(COMPACTED);
        configs.putAll(overrides);
        if (manager == null) {
            openManager();
        }
        return manager.createTopic("t", 1, TestLogs.config(configs)).partition(0);
    }

    private static NewRecord keyed(String key, String value, long timestamp) {
        return new NewRecord(bytes(key), bytes(value), List.of(new RecordHeader("h", bytes("h-" + value)),
                new RecordHeader("empty", null)), timestamp);
    }

    /** Appends {@code count} records, one per batch, keys k0..k(keys-1) in turn, values v0.., timestamps 1000 + i. */
    private static void appendKeyed(PartitionLog log, int from, int count, int keys) {
        for (int i = from; i < from + count; i++) {
            log.append(List.of(keyed("k" + i % keys, "v" + i, 1000 + i)));
        }
    }

    /** Everything about a record, comparable. */
    private static String describe(StoredRecord r) {
        StringBuilder s = new StringBuilder(r.offset() + "|" + string(r.key()) + "|" + string(r.value()) + "|" + r.timestamp());
        r.headers().forEach(h -> s.append('|').append(h.key()).append('=').append(string(h.value())));
        return s.toString();
    }

    private static List<String> describeAll(List<StoredRecord> records) {
        return records.stream().map(LogCleanerTest::describe).toList();
    }

    /** What a cleaning of everything below {@code cleanableEnd} keeps: each key's last record there, and all after. */
    private static List<String> latestPerKeyBelow(List<StoredRecord> records, long cleanableEnd) {
        Map<String, Long> latest = new HashMap<>();
        records.stream().filter(r -> r.offset() < cleanableEnd).forEach(r -> latest.put(string(r.key()), r.offset()));
        return records.stream()
                .filter(r -> r.offset() >= cleanableEnd || latest.get(string(r.key())) == r.offset())
                .map(LogCleanerTest::describe).toList();
    }

    /** {@code earlier} followed by what the partition holds from {@code from} on. */
    private static List<StoredRecord> before(PartitionLog log, List<StoredRecord> earlier, long from) {
        List<StoredRecord> all = new ArrayList<>(earlier);
        all.addAll(readAll(log, from));
        return all;
    }

    private long activeBase(PartitionLog log) {
        List<Segment> segments = log.view().segments();
        return segments.get(segments.size() - 1).baseOffset();
    }

    private List<String> partitionFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void keepsTheLatestRecordPerKeyWithItsOffsetHeadersAndTimestamp() throws Exception {
        PartitionLog log = compacted(Map.of());
        appendKeyed(log, 0, 120, 10);
        List<StoredRecord> before = readAll(log, 0);
        int segmentsBefore = log.segmentCount();
        long sizeBefore = log.sizeInBytes();
        long activeBase = activeBase(log);
        assertThat(segmentsBefore).isGreaterThan(5);

        List<CleaningResult> results = manager.cleaner().cleanNow();

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.partition().toString()).isEqualTo("t-0");
            assertThat(r.bytesReclaimed()).isPositive().isEqualTo(sizeBefore - log.sizeInBytes());
            assertThat(r.recordsRemoved()).isEqualTo(before.size() - readAll(log, 0).size());
            assertThat(r.segmentsAfter()).isEqualTo(r.segmentsBefore()).as("each was about segment.bytes: none merged");
        });
        List<StoredRecord> after = readAll(log, 0);
        assertThat(describeAll(after)).isEqualTo(latestPerKeyBelow(before, activeBase));
        assertThat(after).hasSizeLessThan(before.size());
        assertThat(log.logStartOffset()).isZero();
        assertThat(log.endOffset()).isEqualTo(120);
        assertThat(partitionFiles()).noneMatch(f -> f.endsWith(".cleaned") || f.endsWith(".swap"));

        appendKeyed(log, 120, 60, 10);
        manager.cleaner().cleanNow();
        assertThat(log.segmentCount()).as("small cleaned segments are merged").isLessThan(segmentsBefore);
        assertThat(describeAll(readAll(log, 0))).isEqualTo(latestPerKeyBelow(before(log, after, 120), activeBase(log)));
    }

    @Test
    void aReadAtARemovedOffsetStartsAtTheNextRecordAndGapsNeverStopAReader() {
        PartitionLog log = compacted(Map.of());
        appendKeyed(log, 0, 60, 3);
        manager.cleaner().cleanNow();
        List<Long> kept = readAll(log, 0).stream().map(StoredRecord::offset).toList();
        assertThat(kept).as("k0's first value is superseded").doesNotContain(0L);

        LogReadResult read = log.read(0, 1, 1 << 20);
        assertThat(read.records()).singleElement().satisfies(r -> assertThat(r.offset()).isEqualTo(kept.get(0)));
        assertThat(read.nextOffset()).isEqualTo(kept.get(0) + 1);
        // one record at a time from the start sees every kept offset, in order, and nothing else
        List<Long> walked = new ArrayList<>();
        for (long offset = 0; offset < log.endOffset(); ) {
            LogReadResult r = log.read(offset, 1, 1 << 20);
            r.records().forEach(record -> walked.add(record.offset()));
            assertThat(r.nextOffset()).isGreaterThan(offset);
            offset = r.nextOffset();
        }
        assertThat(walked).isEqualTo(kept);
    }

    @Test
    void theActiveSegmentIsNeverCleaned() throws Exception {
        PartitionLog log = compacted(Map.of(TopicConfig.SEGMENT_BYTES, "1048576"));
        appendKeyed(log, 0, 50, 2); // all in the active segment
        Path activeFile = log.view().segments().get(0).logFile();
        byte[] bytes = Files.readAllBytes(activeFile);

        assertThat(manager.cleaner().cleanNow()).isEmpty();

        assertThat(readAll(log, 0)).hasSize(50);
        assertThat(Files.readAllBytes(activeFile)).isEqualTo(bytes);
    }

    @Test
    void aTombstoneStaysForDeleteRetentionAfterTheFirstCleaningReachedItThenGoes() {
        PartitionLog log = compacted(Map.of(TopicConfig.DELETE_RETENTION_MS, "60000", TopicConfig.SEGMENT_MS, "3600000"));
        appendKeyed(log, 0, 30, 3);
        log.append(List.of(new NewRecord(bytes("k1"), null, List.of(), 5000))); // deletes k1
        long tombstone = log.endOffset() - 1;
        clock.advance(Duration.ofHours(2));
        manager.enforceRetention(); // rolls: the tombstone is in a closed segment now
        assertThat(log.view().segments().get(log.segmentCount() - 1).isEmpty()).isTrue();

        manager.cleaner().cleanNow();
        List<StoredRecord> first = readAll(log, 0);
        assertThat(first).extracting(r -> string(r.key())).containsExactly("k0", "k2", "k1");
        assertThat(first.get(2).offset()).isEqualTo(tombstone);
        assertThat(first.get(2).value()).isNull();

        clock.advance(Duration.ofSeconds(59));
        assertThat(manager.cleaner().cleanNow()).as("nothing dirty, no tombstone expired").isEmpty();
        assertThat(readAll(log, 0)).hasSize(3);

        clock.advance(Duration.ofSeconds(2));
        assertThat(manager.cleaner().cleanNow()).singleElement()
                .satisfies(r -> assertThat(r.recordsRemoved()).isEqualTo(1));
        assertThat(readAll(log, 0)).extracting(r -> string(r.key())).containsExactly("k0", "k2");
        // the tombstone's batch stays as an empty header, the segment's last: a read from it goes on from the end
        LogReadResult atTombstone = log.read(tombstone, 10, 1 << 20);
        assertThat(atTombstone.records()).isEmpty();
        assertThat(atTombstone.nextOffset()).isEqualTo(log.endOffset());
    }

    @Test
    void theTimeIndexOfCleanedSegmentsFindsTheFirstRecordAtOrAfterATime() throws Exception {
        PartitionLog log = compacted(Map.of());
        for (int i = 0; i < 150; i++) { // timestamps out of order now and then
            log.append(List.of(keyed("k" + i % 7, "v" + i, 10_000 + i * 10L + (i % 5 == 0 ? -35 : 0))));
        }
        manager.cleaner().cleanNow();
        assertTimeLookupsMatchTheRecords(log);

        manager.close();
        openManager();
        assertThat(manager.recoveryReport().repairs()).as("the cleaned segments' index files are valid").isEmpty();
        assertTimeLookupsMatchTheRecords(manager.requireTopic("t").partition(0));
    }

    private static void assertTimeLookupsMatchTheRecords(PartitionLog log) {
        List<StoredRecord> records = readAll(log, 0);
        for (long t = 9_000; t <= 11_600; t += 7) {
            long time = t;
            OptionalLong expected = records.stream().filter(r -> r.timestamp() >= time).mapToLong(StoredRecord::offset).findFirst();
            assertThat(log.offsetForTimestamp(t)).as("first offset at or after %d", t).isEqualTo(expected);
        }
    }

    @Test
    void cleanedSegmentsSurviveARestartAndACrashWithoutRepairs() {
        PartitionLog log = compacted(Map.of());
        appendKeyed(log, 0, 100, 4);
        manager.cleaner().cleanNow();
        List<String> cleaned = describeAll(readAll(log, 0));

        manager.close();
        TestLogs.deleteMarker(dir); // as after a crash: the active segment is scanned, the closed ones are trusted
        openManager();
        assertThat(manager.recoveryReport().repairs()).isEmpty();
        PartitionLog reopened = manager.requireTopic("t").partition(0);
        assertThat(describeAll(readAll(reopened, 0))).isEqualTo(cleaned);
        assertThat(manager.cleaner().cleanNow()).as("the checkpoint says it is clean").isEmpty();

        appendKeyed(reopened, 100, 60, 4);
        assertThat(manager.cleaner().cleanNow()).hasSize(1);
        assertThat(readAll(reopened, 0).stream().filter(r -> r.offset() < activeBase(reopened)).map(r -> string(r.key())))
                .doesNotHaveDuplicates();
    }

    @Test
    void aPartitionIsCleanedOnlyOnceItsDirtyRatioReachesTheMinimum() {
        PartitionLog log = compacted(Map.of(TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "0.5"));
        appendKeyed(log, 0, 100, 3);
        assertThat(manager.cleaner().cleanNow()).as("all dirty").hasSize(1);
        long clean = log.sizeInBytes();

        appendKeyed(log, 100, 10, 3); // a little dirt: well below half
        assertThat(manager.cleaner().cleanNow()).isEmpty();
        appendKeyed(log, 110, 100, 3);
        assertThat(manager.cleaner().cleanNow()).hasSize(1);
        assertThat(log.sizeInBytes()).isLessThan(clean + 100 * 50);
    }

    @Test
    void minCompactionLagKeepsYoungRecordsUncleaned() {
        PartitionLog log = compacted(Map.of(TopicConfig.MIN_COMPACTION_LAG_MS, "3600000"));
        for (int i = 0; i < 60; i++) {
            log.append(List.of(keyed("k" + i % 3, "v" + i, -1))); // timestamped now
        }
        assertThat(manager.cleaner().cleanNow()).as("younger than min.compaction.lag.ms").isEmpty();
        assertThat(readAll(log, 0)).hasSize(60);

        clock.advance(Duration.ofMinutes(61));
        assertThat(manager.cleaner().cleanNow()).hasSize(1);
        assertThat(readAll(log, 0)).hasSizeLessThan(60);
    }

    @Test
    void maxCompactionLagCleansOldRecordsWhateverTheDirtyRatioAndRollsTheActiveSegment() {
        PartitionLog log = compacted(Map.of(TopicConfig.SEGMENT_BYTES, "1048576", TopicConfig.SEGMENT_MS, "3600000",
                TopicConfig.MAX_COMPACTION_LAG_MS, "10800000", TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "1"));
        appendNow(log, 0, 30, 3);
        clock.advance(Duration.ofMinutes(61));
        appendNow(log, 30, 1, 3); // rolls: segment.ms
        assertThat(manager.cleaner().cleanNow()).as("never cleaned: all dirty").hasSize(1);

        appendNow(log, 31, 30, 3);
        clock.advance(Duration.ofMinutes(61));
        appendNow(log, 61, 1, 3); // rolls again; the new closed segment's first record is 61 minutes old
        assertThat(manager.cleaner().cleanNow()).as("below the ratio, within max.compaction.lag.ms").isEmpty();
        clock.advance(Duration.ofMinutes(120));
        assertThat(manager.cleaner().cleanNow()).as("past max.compaction.lag.ms").hasSize(1);
        assertThat(readAll(log, 0).stream().filter(r -> r.offset() < 61).map(r -> string(r.key()))).doesNotHaveDuplicates();

        PartitionLog quick = manager.createTopic("quick", 1, TestLogs.config(Map.of(TopicConfig.CLEANUP_POLICY, "compact",
                TopicConfig.MAX_COMPACTION_LAG_MS, "60000"))).partition(0);
        appendNow(quick, 0, 5, 3);
        clock.advance(Duration.ofSeconds(61));
        appendNow(quick, 5, 1, 3);
        assertThat(quick.segmentCount()).as("rolled after max.compaction.lag.ms, not segment.ms").isEqualTo(2);
    }

    /** Like {@link #appendKeyed}, timestamped now (max.compaction.lag.ms judges by timestamps). */
    private static void appendNow(PartitionLog log, int from, int count, int keys) {
        for (int i = from; i < from + count; i++) {
            log.append(List.of(keyed("k" + i % keys, "v" + i, -1)));
        }
    }

    @Test
    void aSmallOffsetMapCleansInSeveralRunsToTheSameResult() {
        openManager(settings().withCleaner(CleanerSettings.manual().withDedupeBufferBytes(50 * OffsetMap.ENTRY_BYTES)));
        PartitionLog log = compacted(Map.of());
        appendKeyed(log, 0, 300, 120);
        List<StoredRecord> before = readAll(log, 0);
        long activeBase = activeBase(log);

        int runs = 0;
        while (!manager.cleaner().cleanNow().isEmpty()) {
            runs++;
            assertThat(runs).as("cleanings until clean").isLessThan(50);
        }

        assertThat(runs).isGreaterThan(1);
        assertThat(describeAll(readAll(log, 0))).isEqualTo(latestPerKeyBelow(before, activeBase));
    }

    @Test
    void keylessRecordsAreRefusedAndThoseWrittenBeforeTheTopicWasCompactedAreRemoved() {
        openManager();
        TopicLog topic = manager.createTopic("t", 1, TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024")));
        PartitionLog log = topic.partition(0);
        for (int i = 0; i < 30; i++) {
            log.append(List.of(i % 2 == 0 ? TestLogs.record("plain" + i) : keyed("k", "v" + i, 1000)));
        }
        topic.updateConfig(topic.config().with(Map.of(TopicConfig.CLEANUP_POLICY, "compact",
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "0.01")));

        assertThatThrownBy(() -> log.append(List.of(keyed("k", "ok", 1), TestLogs.record("no key"))))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("without a key");
        assertThat(log.endOffset()).isEqualTo(30);

        manager.cleaner().cleanNow();
        assertThat(readAll(log, 0).stream().filter(r -> r.offset() < activeBase(log))).allSatisfy(r ->
                assertThat(r.key()).isNotNull());
    }

    @Test
    void aCompactedTopicKeepsEveryKeysLatestRecordPastRetentionUnlessItIsAlsoDelete() {
        PartitionLog log = compacted(Map.of(TopicConfig.RETENTION_MS, "1000", TopicConfig.RETENTION_BYTES, "1"));
        appendKeyed(log, 0, 40, 4);
        clock.advance(Duration.ofDays(30));
        RetentionReport report = manager.enforceRetention();
        assertThat(report.segmentsDeleted()).isZero();
        assertThat(readAll(log, 0)).hasSize(40);

        manager.requireTopic("t").updateConfig(log.config().with(Map.of(TopicConfig.CLEANUP_POLICY, "compact,delete")));
        assertThat(manager.enforceRetention().segmentsDeleted()).isPositive();
        assertThat(log.logStartOffset()).isPositive();
    }

    @Test
    void anIdempotentAppendWhoseRecordsWereCompactedAwayIsStillAnsweredAfterARestart() throws Exception {
        PartitionLog log = compacted(Map.of());
        ProducerIdentity identity = new ProducerIdentity(42, (short) 1, 0);
        // a producer's own timestamp, long past: the header is kept because its segment was written within the window
        AppendResult first = log.append(List.of(keyed("k0", "first", 1000)), identity);
        appendKeyed(log, 1, 60, 3); // supersedes it
        Path firstSegment = log.view().segments().get(0).logFile();
        FileTime written = Files.getLastModifiedTime(firstSegment);

        manager.cleaner().cleanNow();
        assertThat(readAll(log, 0)).extracting(StoredRecord::offset).doesNotContain(first.baseOffset());
        assertThat(Files.getLastModifiedTime(log.view().segments().get(0).logFile()))
                .as("a cleaned segment keeps the time of the last append to it").isEqualTo(written);

        manager.close();
        openManager();
        PartitionLog reopened = manager.requireTopic("t").partition(0);
        assertThat(reopened.idempotentBatches(42)).singleElement()
                .satisfies(b -> assertThat(b.baseOffset()).isEqualTo(first.baseOffset()));
        long end = reopened.endOffset();
        AppendResult again = reopened.append(List.of(keyed("k0", "first", 1000)), identity);
        assertThat(again.baseOffset()).as("answered from the kept header, not appended").isEqualTo(first.baseOffset());
        assertThat(reopened.endOffset()).isEqualTo(end);
    }

    @Test
    void backgroundCleanerThreadsCleanWhileRecordsAreAppendedAndEveryKeysLatestValueStays() {
        openManager(settings().withCleaner(new CleanerSettings(2, CleanerSettings.UNLIMITED, Duration.ofMillis(10), 1 << 20)));
        PartitionLog log = compacted(Map.of());
        Map<String, String> latest = new HashMap<>();
        for (int i = 0; i < 600; i++) {
            log.append(List.of(keyed("k" + i % 7, "v" + i, 1000 + i)));
            latest.put("k" + i % 7, "v" + i);
            if (i == 300) {
                await().atMost(Duration.ofSeconds(20)).until(() -> manager.cleaner().status().lastCleaning() != null);
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> readAll(log, 0).size() < 100);

        Map<String, String> read = new HashMap<>();
        readAll(log, 0).forEach(r -> read.put(string(r.key()), string(r.value())));
        assertThat(read).isEqualTo(latest);
        assertThat(manager.cleaner().status().lastFailure()).isNull();
    }

    @Test
    void aDeletedTopicIsNotCleanedAndItsStatusReportsTheLastCleaning() {
        PartitionLog log = compacted(Map.of());
        appendKeyed(log, 0, 40, 4);
        manager.cleaner().cleanNow();
        assertThat(manager.cleaner().status().lastCleaning().partition().toString()).isEqualTo("t-0");
        assertThat(manager.cleaner().status().lastFailure()).isNull();

        appendKeyed(log, 40, 40, 4);
        manager.deleteTopic("t");
        assertThat(manager.cleaner().cleanNow()).isEmpty();
        assertThat(manager.cleaner().status().lastFailure()).isNull();
    }
}

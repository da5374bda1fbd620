package io.tributary.log;

import static io.tributary.log.TestLogs.config;
import static io.tributary.log.TestLogs.records;
import static io.tributary.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.StoredRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class RetentionTest extends LogDirectoryTest {

    private PartitionLog partition(Map<String, String> configs) {
        manager = openManager();
        return manager.createTopic("t", 1, config(configs)).partition(0);
    }

    private List<String> segmentLogs() throws Exception {
        try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".log")).sorted().toList();
        }
    }

    @Test
    void closedSegmentsWhoseNewestRecordIsOlderThanRetentionMsAreDeletedButTheActiveOneStays() throws Exception {
        PartitionLog log = partition(Map.of(TopicConfig.RETENTION_MS, "3600000", TopicConfig.SEGMENT_BYTES, "1024"));
        for (int i = 0; i < 60; i++) {
            log.append(records("old", i, 1));
        }
        int segments = log.segmentCount();
        assertThat(segments).isGreaterThan(2);
        clock.advance(Duration.ofMinutes(61));
        log.append(records("fresh", 0, 1)); // the active segment now holds a fresh record: it must survive

        RetentionReport report = manager.enforceRetention();

        assertThat(report.segmentsDeleted()).isEqualTo(segments - 1);
        assertThat(report.segmentsRolled()).isZero();
        assertThat(report.bytesDeleted()).isPositive();
        assertThat(log.segmentCount()).isEqualTo(1);
        long start = log.logStartOffset();
        assertThat(start).isPositive().isLessThan(60);
        assertThat(segmentLogs()).containsExactly(LogFiles.segmentName(start) + ".log");
        assertThat(log.read(start, 100, 1 << 20).records().get(0).offset()).isEqualTo(start);
        assertThat(values(log.read(60, 1, 1000))).containsExactly("fresh0");
        assertThatThrownBy(() -> log.read(start - 1, 1, 1000)).isInstanceOf(OffsetOutOfRangeException.class)
                .satisfies(e -> assertThat(((OffsetOutOfRangeException) e).logStartOffset()).isEqualTo(start));

        manager.close(); // removes the renamed files of deleted segments
        try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".deleted"));
        }
        manager = openManager();
        assertThat(manager.requireTopic("t").partition(0).logStartOffset()).isEqualTo(start);
    }

    @Test
    void anActiveSegmentWhoseRecordsAllExpiredIsRolledAndDeleted() {
        PartitionLog log = partition(Map.of(TopicConfig.RETENTION_MS, "60000"));
        log.append(records("v", 0, 5));
        clock.advance(Duration.ofSeconds(61));

        RetentionReport report = manager.enforceRetention();

        assertThat(report.segmentsRolled()).isEqualTo(1);
        assertThat(report.segmentsDeleted()).isEqualTo(1);
        assertThat(log.logStartOffset()).isEqualTo(5);
        assertThat(log.endOffset()).isEqualTo(5);
        assertThat(log.sizeInBytes()).isZero();
        assertThat(log.read(5, 10, 1000).records()).isEmpty();
        assertThatThrownBy(() -> log.read(0, 10, 1000)).isInstanceOf(OffsetOutOfRangeException.class);
        assertThat(log.append(records("next", 0, 1)).baseOffset()).isEqualTo(5);
        assertThat(manager.enforceRetention()).isEqualTo(new RetentionReport(0, 0, 0));
    }

    @Test
    void recordsNotYetExpiredKeepTheirSegment() {
        PartitionLog log = partition(Map.of(TopicConfig.RETENTION_MS, "60000"));
        log.append(records("v", 0, 5));
        clock.advance(Duration.ofSeconds(60));

        assertThat(manager.enforceRetention()).isEqualTo(new RetentionReport(0, 0, 0));
        assertThat(log.logStartOffset()).isZero();
    }

    @Test
    void sizeRetentionDeletesOldestClosedSegmentsWhileThePartitionStaysAtOrAboveRetentionBytes() {
        PartitionLog log = partition(Map.of(TopicConfig.RETENTION_BYTES, "3000", TopicConfig.SEGMENT_BYTES, "1024"));
        for (int i = 0; i < 150; i++) {
            log.append(records("v", i, 1));
        }
        long before = log.sizeInBytes();

        RetentionReport report = manager.enforceRetention();

        assertThat(report.segmentsDeleted()).isPositive();
        assertThat(log.sizeInBytes()).isEqualTo(before - report.bytesDeleted()).isGreaterThanOrEqualTo(3000 - 1024);
        // deleting one more closed segment would go below retention.bytes
        assertThat(log.sizeInBytes() - 1024).isLessThan(3000);
        assertThat(TestLogs.readAll(log, log.logStartOffset())).last().extracting(StoredRecord::offset).isEqualTo(149L);
    }

    @Test
    void sizeRetentionNeverDeletesTheActiveSegment() {
        PartitionLog log = partition(Map.of(TopicConfig.RETENTION_BYTES, "0", TopicConfig.SEGMENT_BYTES, "1024"));
        for (int i = 0; i < 50; i++) {
            log.append(records("v", i, 1));
        }

        manager.enforceRetention();

        assertThat(log.segmentCount()).isEqualTo(1);
        assertThat(log.sizeInBytes()).isPositive();
        assertThat(TestLogs.readAll(log, log.logStartOffset())).last().extracting(StoredRecord::offset).isEqualTo(49L);
    }

    @Test
    void quietTopicsRollBySegmentMsInTheRetentionPass() {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_MS, "60000", TopicConfig.RETENTION_MS, "-1"));
        log.append(records("v", 0, 1));
        clock.advance(Duration.ofMinutes(2));

        RetentionReport report = manager.enforceRetention();

        assertThat(report).isEqualTo(new RetentionReport(0, 0, 1));
        assertThat(log.segmentCount()).isEqualTo(2);
        assertThat(log.logStartOffset()).isZero();
        assertThat(values(log.read(0, 10, 1000))).containsExactly("v0");
    }

    @Test
    void retentionMsMinusOneKeepsForever() {
        PartitionLog log = partition(Map.of(TopicConfig.RETENTION_MS, "-1", TopicConfig.SEGMENT_BYTES, "1024"));
        for (int i = 0; i < 60; i++) {
            log.append(records("v", i, 1));
        }
        clock.advance(Duration.ofDays(3650));

        assertThat(manager.enforceRetention().segmentsDeleted()).isZero();
        assertThat(log.logStartOffset()).isZero();
    }

    @Test
    void readersThatStartedBeforeADeletionFinishTheirRead() {
        PartitionLog log = partition(Map.of(TopicConfig.RETENTION_MS, "1000", TopicConfig.SEGMENT_BYTES, "1024"));
        for (int i = 0; i < 60; i++) {
            log.append(records("v", i, 1));
        }
        LogView before = TestLogs.view(log);
        clock.advance(Duration.ofSeconds(2));
        manager.enforceRetention();

        // a read that picked its segments before the deletion still reads them (renamed, not yet closed)
        List<StoredRecord> read = TestLogs.readFromView(log, before, 0);
        assertThat(read).first().extracting(StoredRecord::offset).isEqualTo(0L);
    }
}

package io.tributary.log;

import static io.tributary.log.TestLogs.config;
import static io.tributary.log.TestLogs.records;
import static io.tributary.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening the log directory after crashes and damage: torn tails, flipped bytes, broken indexes, leftovers. */
class LogRecoveryTest extends LogDirectoryTest {

    private PartitionLog open() {
        manager = openManager();
        return manager.topic("t").map(t -> t.partition(0)).orElse(null);
    }

    /** A topic with {@code batches} single-record batches "v0".."vN", closed cleanly. */
    private void writeAndClose(int batches, Map<String, String> configs) {
        manager = openManager();
        PartitionLog log = manager.createTopic("t", 1, config(configs)).partition(0);
        for (int i = 0; i < batches; i++) {
            log.append(records("v", i, 1));
        }
        manager.close();
        manager = null;
    }

    private List<Path> segmentLogs() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("t-0"))) {
            return files.filter(p -> p.toString().endsWith(".log")).sorted().toList();
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (var channel = Files.newByteChannel(file, StandardOpenOption.WRITE)) {
            channel.truncate(size);
        }
    }

    private static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0xFF);
        }
    }

    @Test
    void tornTailIsTruncatedAndAppendsContinueAfterTheLastCompleteBatch() throws Exception {
        writeAndClose(10, Map.of());
        Path active = segmentLogs().get(0);
        truncate(active, Files.size(active) - 5); // the last batch was half written when the machine died
        TestLogs.deleteMarker(dir);

        PartitionLog log = open();

        RecoveryReport report = manager.recoveryReport();
        assertThat(report.cleanShutdown()).isFalse();
        assertThat(report.segmentsScanned()).isEqualTo(1);
        assertThat(report.repairs()).singleElement().asString().contains("truncated t-0/00000000000000000000.log");
        assertThat(log.endOffset()).isEqualTo(9);
        assertThat(values(log.read(0, 100, 1 << 20))).containsExactlyElementsOf(TestLogs.valueStrings("v", 0, 9));
        assertThat(log.append(records("new", 0, 1)).baseOffset()).isEqualTo(9);
        assertThat(values(log.read(8, 100, 1 << 20))).containsExactly("v8", "new0");
    }

    @Test
    void zeroFilledTailIsTruncated() throws Exception {
        writeAndClose(5, Map.of());
        Path active = segmentLogs().get(0);
        long size = Files.size(active);
        try (var channel = Files.newByteChannel(active, StandardOpenOption.WRITE)) {
            channel.position(size).write(java.nio.ByteBuffer.allocate(100)); // file grew, data blocks never written
        }
        TestLogs.deleteMarker(dir);

        PartitionLog log = open();

        assertThat(log.endOffset()).isEqualTo(5);
        assertThat(Files.size(active)).isEqualTo(size);
        assertThat(manager.recoveryReport().repairs()).hasSize(1);
    }

    @Test
    void flippedByteInTheActiveSegmentIsCaughtByTheChecksumAndCutOff() throws Exception {
        writeAndClose(10, Map.of());
        Path active = segmentLogs().get(0);
        long batchSize = Files.size(active) / 10;
        flipByte(active, 6 * batchSize + batchSize - 2); // inside batch 6's record
        TestLogs.deleteMarker(dir);

        PartitionLog log = open();

        assertThat(log.endOffset()).isEqualTo(6);
        assertThat(manager.recoveryReport().repairs()).singleElement().asString().contains("corrupt");
        assertThat(values(log.read(0, 100, 1 << 20))).containsExactlyElementsOf(TestLogs.valueStrings("v", 0, 6));
    }

    @Test
    void corruptClosedSegmentIsNeverServed() throws Exception {
        writeAndClose(60, Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        List<Path> logs = segmentLogs();
        assertThat(logs).hasSizeGreaterThan(2);
        Path first = logs.get(0);
        long batchSize = firstBatchSize(first);
        flipByte(first, 3 * batchSize + batchSize - 2); // the record of offset 3

        PartitionLog log = open();

        assertThat(manager.recoveryReport().cleanShutdown()).isTrue();
        assertThat(values(log.read(0, 3, 1 << 20))).containsExactly("v0", "v1", "v2");
        assertThatThrownBy(() -> log.read(3, 1, 1 << 20)).isInstanceOf(CorruptRecordException.class)
                .hasMessageContaining("t-0").hasMessageContaining("checksum");
        assertThat(values(log.read(0, 100, 1 << 20))).as("a read over it stops before it").containsExactly("v0", "v1", "v2");
        long secondBase = Long.parseLong(logs.get(1).getFileName().toString().substring(0, 20));
        assertThat(log.read(secondBase, 1, 1 << 20).records().get(0).offset()).isEqualTo(secondBase);
    }

    @Test
    void missingOrGarbageIndexFilesAreRebuiltFromTheLog() throws Exception {
        writeAndClose(200, Map.of(TopicConfig.SEGMENT_BYTES, "4096"));
        List<Path> logs = segmentLogs();
        assertThat(logs).hasSizeGreaterThan(3);
        Path dirOf = dir.resolve("t-0");
        String s0 = "00000000000000000000";
        String s1 = logs.get(1).getFileName().toString().substring(0, 20);
        String s2 = logs.get(2).getFileName().toString().substring(0, 20);
        assertThat(Files.size(dirOf.resolve(s0 + ".index"))).isPositive();
        Files.delete(dirOf.resolve(s0 + ".index"));
        Files.write(dirOf.resolve(s1 + ".index"), new byte[]{1, 2, 3}); // not whole entries
        Files.write(dirOf.resolve(s2 + ".index"), java.nio.ByteBuffer.allocate(8).putInt(5).putInt(17).array()); // wrong position

        PartitionLog log = open();

        assertThat(manager.recoveryReport().repairs()).hasSize(3).allMatch(r -> r.startsWith("rebuilt indexes"));
        for (long offset = 0; offset < 200; offset++) {
            assertThat(log.read(offset, 1, 1 << 20).records().get(0).offset()).isEqualTo(offset);
        }
        assertThat(Files.size(dirOf.resolve(s0 + ".index"))).isPositive();

        manager.close();
        open();
        assertThat(manager.recoveryReport().repairs()).isEmpty();
    }

    @Test
    void garbageTimeIndexIsRebuilt() throws Exception {
        writeAndClose(100, Map.of(TopicConfig.SEGMENT_BYTES, "4096"));
        Path timeIndex = dir.resolve("t-0/00000000000000000000.timeindex");
        Files.write(timeIndex, java.nio.ByteBuffer.allocate(24).putLong(10).putInt(0).putLong(5).putInt(1).array());

        PartitionLog log = open();

        assertThat(manager.recoveryReport().repairs()).singleElement().asString().contains("time index");
        assertThat(log.offsetForTimestamp(clock.millis())).hasValue(0);
    }

    @Test
    void leftoversOfInterruptedOperationsAreRemoved() throws Exception {
        writeAndClose(3, Map.of());
        Files.createDirectories(dir.resolve("ghost-0"));
        Files.write(dir.resolve("ghost-0/00000000000000000000.log"), new byte[10]); // topic delete cut short
        Files.write(dir.resolve("12345678-aaaa.tmp"), new byte[3]); // metadata write cut short
        Files.write(dir.resolve("t-0/00000000000000000000.log.deleted"), new byte[3]); // retention cut short
        Files.createDirectories(dir.resolve("t-1")); // partition increase cut short
        Files.createDirectories(dir.resolve("lost+found")); // not ours: left alone

        PartitionLog log = open();

        assertThat(dir.resolve("ghost-0")).doesNotExist();
        assertThat(dir.resolve("t-1")).doesNotExist();
        assertThat(dir.resolve("12345678-aaaa.tmp")).doesNotExist();
        assertThat(dir.resolve("t-0/00000000000000000000.log.deleted")).doesNotExist();
        assertThat(dir.resolve("lost+found")).exists();
        assertThat(manager.recoveryReport().repairs()).hasSize(4);
        assertThat(log.endOffset()).isEqualTo(3);
    }

    @Test
    void uncleanOpenOfAnUntouchedLogChangesNothing() throws Exception {
        writeAndClose(50, Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        TestLogs.deleteMarker(dir);

        PartitionLog log = open();

        assertThat(manager.recoveryReport().repairs()).isEmpty();
        assertThat(manager.recoveryReport().segmentsScanned()).isEqualTo(1); // only the active segment
        assertThat(TestLogs.readAll(log, 0)).hasSize(50);
    }

    @Test
    void reportNamesTheRepairedPartitionsAndTheBytesTruncated() throws Exception {
        writeAndClose(5, Map.of());
        Path log = segmentLogs().get(0);
        truncate(log, Files.size(log) - 3);

        open();

        RecoveryReport report = manager.recoveryReport();
        assertThat(report.repairedPartitions()).containsExactly("t-0");
        assertThat(report.bytesTruncated()).isEqualTo(firstBatchSize(log) - 3);
    }

    @Test
    void damagedTopicMetadataIsRebuiltFromThePartitionDirectories() throws Exception {
        manager = openManager();
        TopicLog topic = manager.createTopic("wide", 12, config(Map.of(TopicConfig.RETENTION_MS, "60000")));
        topic.partition(11).append(records("w", 0, 2));
        var oldId = topic.topicId();
        manager.close();
        Path metadata = dir.resolve("wide.properties");
        String text = Files.readString(metadata);
        // cut right after "partition.count=1": without a checksum it would still parse, as a topic of 1 partition
        Files.writeString(metadata, text.substring(0, text.indexOf("partition.count=12") + "partition.count=1".length()));

        manager = openManager();

        TopicLog rebuilt = manager.requireTopic("wide");
        assertThat(rebuilt.partitions()).hasSize(12);
        assertThat(values(rebuilt.partition(11).read(0, 10, 1 << 20))).containsExactly("w0", "w1");
        assertThat(rebuilt.topicId()).isNotEqualTo(oldId);
        assertThat(rebuilt.config().retentionMs()).as("retention off until set again").isEqualTo(-1);
        assertThat(rebuilt.config().retentionBytes()).isEqualTo(-1);
        RecoveryReport report = manager.recoveryReport();
        assertThat(report.repairs()).singleElement().asString().contains("wide.properties", "checksum", "retention off");
        assertThat(report.repairedPartitions()).hasSize(12).contains("wide-0", "wide-11");
        try (Stream<Path> kept = Files.list(dir)) {
            assertThat(kept.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("wide.properties.damaged-"));
        }

        manager.close();
        manager = openManager();
        assertThat(manager.recoveryReport().repairs()).as("the rebuilt file is sound").isEmpty();
        assertThat(manager.requireTopic("wide").partitions()).hasSize(12);
    }

    @Test
    void damagedTopicMetadataWithoutPartitionDirectoriesIsMovedAside() throws Exception {
        writeAndClose(1, Map.of());
        Files.writeString(dir.resolve("gone.properties"), "topic.name=gone\npartition.co");

        open();

        assertThat(manager.topic("gone")).isEmpty();
        assertThat(manager.topic("t")).isPresent();
        assertThat(dir.resolve("gone.properties")).doesNotExist();
        assertThat(manager.recoveryReport().repairs()).singleElement().asString().contains("gone.properties", "moved it aside");
    }

    /** Single-record batches of equal-length values all have the size of the first. */
    private static long firstBatchSize(Path log) throws IOException {
        try (var channel = Files.newByteChannel(log)) {
            var header = java.nio.ByteBuffer.allocate(12);
            channel.read(header);
            return 12 + header.getInt(8);
        }
    }
}

package io.tributary.log;

import static io.tributary.log.TestLogs.bytes;
import static io.tributary.log.TestLogs.readAll;
import static io.tributary.log.TestLogs.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.StoredRecord;
import io.tributary.support.MutableClock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at every step of a cleaning: the storage seam refuses every file operation from the n-th on (as if the
 * process died there, leaving the files as they were), for n = 0, 1, 2, ... until the cleaning finishes within n.
 * After each crash the directory is opened again and must hold either the records before the cleaning or those after
 * it, exactly, never a mix and never without a key's latest value; no temporary file may be left; and a cleaning then
 * ends where an uninterrupted one does.
 */
class CleanerCrashTest {

    @TempDir
    Path root;

    private final MutableClock clock = new MutableClock();

    private LogSettings settings(StorageIo storage) {
        return new LogSettings(new FlushPolicy.Interval(Duration.ofHours(1)), 256, clock, LogMetrics.NONE, storage);
    }

    @Test
    void aCrashAtAnyStepOfACleaningLeavesTheOldSegmentsOrTheCleanedOnes() throws Exception {
        Path template = root.resolve("template");
        writeTemplate(template);
        List<String> original;
        List<String> cleaned;
        try (LogManager reference = LogManager.open(copy(template, "reference"), settings(StorageIo.DEFAULT))) {
            PartitionLog log = reference.requireTopic("t").partition(0);
            original = readEveryOffset(log);
            assertThat(reference.cleaner().cleanNow()).hasSize(1);
            cleaned = readEveryOffset(log);
        }
        assertThat(cleaned).isNotEqualTo(original);

        int sawOld = 0;
        int sawCleaned = 0;
        int steps = 0;
        for (boolean finished = false; !finished; steps++) {
            Path dir = copy(template, "crash-" + steps);
            FaultyStorage storage = new FaultyStorage();
            LogManager crashing = LogManager.open(dir, settings(storage));
            storage.crashAfter(steps);
            crashing.cleaner().cleanNow();
            finished = !storage.crashed();
            crashing.close(); // every file operation fails now: nothing is flushed, no clean-shutdown marker

            try (LogManager reopened = LogManager.open(dir, settings(StorageIo.DEFAULT))) {
                PartitionLog log = reopened.requireTopic("t").partition(0);
                List<String> records = readEveryOffset(log);
                assertThat(records).as("after a crash at step %d: %s", steps, reopened.recoveryReport().repairs())
                        .isIn(original, cleaned);
                sawOld += records.equals(original) ? 1 : 0;
                sawCleaned += records.equals(cleaned) ? 1 : 0;
                assertThat(files(dir.resolve("t-0"))).as("after a crash at step %d", steps)
                        .noneMatch(f -> f.endsWith(".cleaned") || f.endsWith(".swap") || f.endsWith(".deleted")
                                || f.endsWith(".tmp"));
                reopened.cleaner().cleanNow();
                assertThat(readEveryOffset(log)).as("cleaned again after a crash at step %d", steps).isEqualTo(cleaned);
            }
        }
        System.out.printf("CleanerCrashTest: %d crash points, %d left the old segments, %d the cleaned ones%n", steps - 1,
                sawOld, sawCleaned);
        assertThat(steps).as("file operations of one cleaning").isGreaterThan(15);
        assertThat(sawOld).as("crashes before the commit point").isGreaterThan(2);
        assertThat(sawCleaned).as("crashes after it").isGreaterThan(2);
    }

    /** Small segments with overwritten keys and a tombstone, then one segment.bytes that takes them all in one swap. */
    private void writeTemplate(Path dir) {
        try (LogManager manager = LogManager.open(dir, settings(StorageIo.DEFAULT))) {
            TopicLog topic = manager.createTopic("t", 1, TestLogs.config(Map.of(TopicConfig.CLEANUP_POLICY, "compact",
                    TopicConfig.SEGMENT_BYTES, "1024", TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "0.01")));
            PartitionLog log = topic.partition(0);
            for (int i = 0; i < 60; i++) {
                log.append(List.of(new NewRecord(bytes("k" + i % 6), bytes("v" + i), List.of(), 1000 + i)));
            }
            log.append(List.of(new NewRecord(bytes("k2"), null, List.of(), 2000)));
            log.append(List.of(new NewRecord(bytes("k0"), bytes("last"), List.of(), 2001)));
            assertThat(log.segmentCount()).isGreaterThan(4);
            topic.updateConfig(topic.config().with(Map.of(TopicConfig.SEGMENT_BYTES, "1048576")));
        }
    }

    /**
     * For every offset, what a read from it starts with (so a stale segment left beside the cleaned one would show,
     * where a read from 0 skips over it), then the whole partition read from the start.
     */
    private static List<String> readEveryOffset(PartitionLog log) {
        List<String> seen = new ArrayList<>();
        for (long offset = 0; offset < log.endOffset(); offset++) {
            seen.add(offset + ": " + log.read(offset, 1, 1 << 20).records().stream().map(CleanerCrashTest::describe).toList());
        }
        readAll(log, 0).forEach(r -> seen.add(describe(r)));
        return seen;
    }

    private static String describe(StoredRecord r) {
        return r.offset() + "|" + string(r.key()) + "|" + string(r.value()) + "|" + r.timestamp();
    }

    private Path copy(Path from, String name) throws IOException {
        Path to = root.resolve(name);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()));
            }
        }
        return to;
    }

    private static List<String> files(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).toList();
        }
    }
}

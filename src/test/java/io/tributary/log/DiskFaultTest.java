package io.tributary.log;

import static io.tributary.log.TestLogs.records;
import static io.tributary.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.TopicPartition;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.Test;

/** A full or failing disk fails the appends it hits, leaves no trace of them, and the log works again afterwards. */
class DiskFaultTest extends LogDirectoryTest {

    private final FaultyStorage storage = new FaultyStorage();
    private PartitionLog partition(Map<String, String> configs) {
        openManager(TestLogs.settings(Clock.systemUTC()).withStorage(storage));
        return manager.createTopic("t", 1, TestLogs.config(configs)).partition(0);
    }

    private long logFileSize() throws Exception {
        return Files.size(dir.resolve("t-0/00000000000000000000.log"));
    }

    @Test
    void fullDiskFailsTheAppendWithoutAPartialBatchAndTheNextAppendWorksOnceSpaceIsBack() throws Exception {
        PartitionLog log = partition(Map.of());
        log.append(records("ok", 0, 2));
        long sizeBefore = logFileSize();

        storage.diskFull = true;
        assertThatThrownBy(() -> log.append(records("lost", 0, 3)))
                .isInstanceOf(LogStorageException.class).hasMessageContaining("No space left");

        assertThat(storage.failedWrites.get()).isEqualTo(1);
        assertThat(log.endOffset()).isEqualTo(2);
        assertThat(logFileSize()).isEqualTo(sizeBefore);

        storage.diskFull = false;
        assertThat(log.append(records("again", 0, 1)).baseOffset()).isEqualTo(2);
        assertThat(values(log.read(0, 10, 1 << 20))).containsExactly("ok0", "ok1", "again0");

        manager.close();
        openManager(TestLogs.settings(Clock.systemUTC()));
        assertThat(values(manager.requireTopic("t").partition(0).read(0, 10, 1 << 20)))
                .containsExactly("ok0", "ok1", "again0");
    }

    @Test
    void failedFsyncFailsTheAppendAndDiscardsItsBatch() throws Exception {
        PartitionLog log = partition(Map.of());
        log.append(records("ok", 0, 1));

        storage.fsyncFails = true;
        assertThatThrownBy(() -> log.append(records("lost", 0, 2)))
                .isInstanceOf(LogStorageException.class).hasMessageContaining("fsync");
        assertThat(log.endOffset()).isEqualTo(1);

        storage.fsyncFails = false;
        assertThat(log.append(records("again", 0, 1)).baseOffset()).isEqualTo(1);
        assertThat(values(log.read(0, 10, 1 << 20))).containsExactly("ok0", "again0");
        manager.close();
        openManager(TestLogs.settings(Clock.systemUTC()));
        assertThat(values(manager.requireTopic("t").partition(0).read(0, 10, 1 << 20))).containsExactly("ok0", "again0");
    }

    @Test
    void concurrentAppendersDuringFsyncFailuresEitherSucceedOrLeaveNoTrace() throws Exception {
        PartitionLog log = partition(Map.of(TopicConfig.SEGMENT_BYTES, "4096"));
        var pool = Executors.newFixedThreadPool(4);
        List<CompletableFuture<List<String>>> futures = new ArrayList<>();
        try {
            for (int t = 0; t < 4; t++) {
                int thread = t;
                futures.add(CompletableFuture.supplyAsync(() -> {
                    List<String> acknowledged = new ArrayList<>();
                    for (int i = 0; i < 300; i++) {
                        storage.fsyncFails = (i % 7 == 3); // some threads flip it while others append
                        try {
                            log.append(records(thread + "-", i, 1));
                            acknowledged.add(thread + "-" + i);
                        } catch (LogStorageException expected) {
                            // not acknowledged: must leave no trace
                        }
                    }
                    return acknowledged;
                }, pool));
            }
            List<String> acknowledged = new ArrayList<>();
            for (var f : futures) {
                acknowledged.addAll(f.get());
            }
            storage.fsyncFails = false;

            List<String> stored = TestLogs.readAll(log, 0).stream().map(r -> TestLogs.string(r.value())).toList();
            // failed appends were cut off again, so exactly the acknowledged records are stored
            assertThat(stored).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged);
            assertThat(storage.failedFsyncs.get()).isPositive();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void storageFailuresAreReportedUntilAnFsyncSucceedsAgain() throws Exception {
        PartitionLog log = partition(Map.of());
        log.append(records("ok", 0, 1));
        assertThat(manager.storageFailures()).isEmpty();
        manager.probeStorage();

        storage.diskFull = true;
        assertThatThrownBy(() -> log.append(records("lost", 0, 1))).isInstanceOf(LogStorageException.class);
        assertThat(manager.storageFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.partition()).isEqualTo(new TopicPartition("t", 0));
            assertThat(failure.reason()).contains("No space left on device");
            assertThat(failure.offline()).isFalse();
        });
        assertThatThrownBy(manager::probeStorage).isInstanceOf(LogStorageException.class).hasMessageContaining("No space left");

        storage.heal();
        manager.probeStorage();
        assertThat(manager.storageFailures()).as("reported until an fsync proves the disk takes data").hasSize(1);
        log.append(records("again", 0, 1));
        assertThat(manager.storageFailures()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("no probe file left").noneMatch(n -> n.contains("probe"));
        }
    }

    /** Failures travel on their own channel: the listener the settings name hears each one, and each good fsync. */
    @Test
    void everyStorageFailureIsReportedToTheFailureListenerOfTheSettings() {
        List<String> heard = new CopyOnWriteArrayList<>();
        StorageFailureListener listener = new StorageFailureListener() {
            @Override
            public void storageFailed(TopicPartition tp, java.io.IOException cause, boolean offline) {
                heard.add(tp + " failed: " + cause.getMessage() + (offline ? ", offline" : ""));
            }

            @Override
            public void fsyncSucceeded(TopicPartition tp) {
                heard.add(tp + " fsynced");
            }
        };
        openManager(TestLogs.settings(Clock.systemUTC()).withStorage(storage).withFailureListener(listener));
        PartitionLog log = manager.createTopic("t", 1, TestLogs.config(Map.of())).partition(0);

        storage.writeFails = true;
        assertThatThrownBy(() -> log.append(records("lost", 0, 1))).isInstanceOf(LogStorageException.class);
        storage.heal();
        storage.fsyncFails = true;
        assertThatThrownBy(() -> log.append(records("lost", 0, 1))).isInstanceOf(LogStorageException.class);
        storage.heal();
        log.append(records("ok", 0, 1));

        assertThat(heard).containsExactly("t-0 failed: Input/output error", "t-0 failed: Input/output error", "t-0 fsynced");
        assertThat(manager.storageFailures()).as("the manager's own health heard them too, and the fsync after").isEmpty();
    }

    /**
     * Interval policy: records are acknowledged before their fsync, so a failed background fsync may have lost
     * acknowledged records, and retrying it could report success without them (fsyncgate). The partition refuses
     * appends until a restart, whose recovery checks what is on disk; reads go on meanwhile.
     */
    @Test
    void aFailedBackgroundFsyncTakesThePartitionOfflineUntilARestart() {
        openManager(new LogSettings(new FlushPolicy.Interval(Duration.ofMillis(20)), 256, Clock.systemUTC(), LogMetrics.NONE, storage));
        PartitionLog log = manager.createTopic("t", 1, TestLogs.config(Map.of())).partition(0);
        log.append(records("ok", 0, 2));
        storage.fsyncFails = true;
        log.append(records("unsure", 0, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> !manager.storageFailures().isEmpty());
        assertThat(manager.storageFailures()).singleElement().satisfies(failure -> assertThat(failure.offline()).isTrue());

        storage.heal();
        assertThatThrownBy(() -> log.append(records("refused", 0, 1)))
                .isInstanceOf(LogStorageException.class).hasMessageContaining("offline");
        assertThat(values(log.read(0, 10, 1 << 20))).containsExactly("ok0", "ok1", "unsure0");
        assertThat(manager.storageFailures()).as("until a restart").hasSize(1);

        manager.close();
        assertThat(dir.resolve(LogFiles.CLEAN_SHUTDOWN)).as("not flushed, so recovered at the next start").doesNotExist();
        PartitionLog reopened = openManager(TestLogs.settings(Clock.systemUTC())).requireTopic("t").partition(0);
        assertThat(manager.recoveryReport().cleanShutdown()).isFalse();
        assertThat(manager.storageFailures()).isEmpty();
        reopened.append(records("after", 0, 1));
        assertThat(values(reopened.read(0, 10, 1 << 20))).containsExactly("ok0", "ok1", "unsure0", "after0");
    }

    /**
     * A roll fsyncs the segment it closes. When that fsync fails under the interval policy, records acknowledged before
     * it may not be on disk, exactly as when the background fsync fails: the partition goes offline until a restart
     * instead of acknowledging more on top of a possible hole.
     */
    @Test
    void aFailedRollFsyncTakesAnIntervalPartitionOffline() {
        openManager(new LogSettings(new FlushPolicy.Interval(Duration.ofHours(1)), 256, Clock.systemUTC(), LogMetrics.NONE, storage));
        PartitionLog log = manager.createTopic("t", 1, TestLogs.config(Map.of("segment.bytes", "1024"))).partition(0);
        log.append(List.of(TestLogs.record("x".repeat(1100)))); // more than segment.bytes: the next append rolls
        storage.fsyncFails = true;

        assertThatThrownBy(() -> log.append(records("rolls", 0, 1))).isInstanceOf(LogStorageException.class);
        assertThat(manager.storageFailures()).anySatisfy(failure -> assertThat(failure.offline()).isTrue());
        storage.heal();
        assertThatThrownBy(() -> log.append(records("refused", 0, 1)))
                .isInstanceOf(LogStorageException.class).hasMessageContaining("offline");
    }

    /**
     * A roll's fsync and a group commit's fsync never run at once: a group commit that failed is discarded before a
     * roll can acknowledge its batches, and a roll that failed is discarded before a group commit can retry over it.
     * Many appenders on tiny segments roll all the time; slow fsyncs widen the windows.
     */
    @Test
    void rollsAndGroupCommitsNeverFsyncAtOnceAndEveryAcknowledgedRecordIsThere() throws Exception {
        PartitionLog log = partition(Map.of("segment.bytes", "2048"));
        storage.fsyncDelayNanos = Duration.ofMillis(1).toNanos();
        List<String> acknowledged = new CopyOnWriteArrayList<>();
        var pool = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Void>> appenders = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                String prefix = "t" + t + "-";
                appenders.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 40; i++) {
                        log.append(records(prefix, i, 1));
                        acknowledged.add(prefix + i);
                    }
                }, pool));
            }
            CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        assertThat(log.segmentCount()).as("rolled many times").isGreaterThan(10);
        assertThat(storage.maxConcurrentFsyncs.get()).isEqualTo(1);
        assertThat(values(log.read(0, 1000, 1 << 20))).containsExactlyInAnyOrderElementsOf(acknowledged);
    }
}

package io.tributary.log;

import static io.tributary.log.TestLogs.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.PowerLossStorage.DirEntries;
import io.tributary.log.PowerLossStorage.Tail;
import io.tributary.support.MutableClock;
import io.tributary.support.history.Figure;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryChecker;
import io.tributary.support.history.HistoryReport;
import io.tributary.support.history.LogSnapshot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * fsync failures inside group commits under 8 concurrent producers (docs/reliability.md, "fsync failures"). The disk is
 * {@link PowerLossStorage} with {@linkplain PowerLossStorage#failFileForces Linux's writeback-error semantics}: a failed
 * fsync marks its bytes clean without writing them, so a later fsync "succeeds" without them. Each round runs 8
 * producers against a one-partition topic and a four-partition topic (small segments: rolls fsync too) with a seeded
 * share of file fsyncs failing, then cuts the power and opens what the disk holds. Checked: while running, a partition
 * shows exactly the records whose appends returned (nothing of a failed group is visible or acknowledged); after the
 * cut every acknowledged record is at its offset with its value (an acknowledgement that rested on a failed fsync, or on
 * an fsync retried after one, would be missing: its bytes never reached the disk), no record of a failed append is
 * there, offsets are dense, nothing is there twice. The history checker checks both reads of the log; its report
 * must count no anomaly.
 *
 * <p>Default: one seed, 12 rounds (seconds). Long run:
 * {@code ./mvnw -B -q test -Dtest=FsyncFailureTest -Dfsyncfail.seeds=1,2,3 -Dfsyncfail.rounds=300}.
 */
class FsyncFailureTest {

    private static final int PRODUCERS = 8;
    private static final int APPENDS_PER_PRODUCER = 30;
    private static final TopicConfig CONFIG = TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "2048"));

    @TempDir
    Path tempDir;

    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("io.tributary.log");

    @BeforeAll
    static void quiet() {
        ENGINE_LOG.setLevel(java.util.logging.Level.OFF); // thousands of expected fsync failures
    }

    @AfterAll
    static void loud() {
        ENGINE_LOG.setLevel(null);
    }

    private static final class Totals {
        int rounds;
        long failedAppends;
        long failedFsyncs;
        HistoryReport history = HistoryReport.empty();
        final List<String> violations = new CopyOnWriteArrayList<>();

        @Override
        public String toString() {
            return rounds + " rounds, " + failedFsyncs + " failed fsyncs, " + failedAppends + " failed appends, "
                    + violations.size() + " violations" + (violations.isEmpty() ? "" : ": " + String.join("\n  ",
                    violations.subList(0, Math.min(20, violations.size())))) + "; " + history;
        }
    }

    @Test
    void noAcknowledgementRestsOnAFailedOrRetriedFsync() throws Exception {
        List<Long> seeds = Arrays.stream(System.getProperty("fsyncfail.seeds", "1").split(","))
                .map(String::trim).map(Long::parseLong).toList();
        int rounds = Integer.getInteger("fsyncfail.rounds", 12);
        Path shm = Path.of("/dev/shm");
        Path tmp = Files.isWritable(shm) ? Files.createTempDirectory(shm, "fsync-failure") : tempDir;
        Totals totals = new Totals();
        long started = System.nanoTime();
        try {
            for (long seed : seeds) {
                Random random = new Random(seed);
                for (int round = 0; round < rounds; round++) {
                    // from rare failures to every other fsync failing
                    double failureRate = 0.02 + random.nextDouble() * 0.5;
                    round(tmp.resolve("s" + seed + "-r" + round), random.nextLong(), failureRate, totals);
                }
            }
        } finally {
            if (!tmp.equals(tempDir)) {
                PowerLossStorage.deleteDisk(tmp);
            }
        }
        System.out.printf("FsyncFailureTest: %d seeds x %d rounds in %d s: %s%n", seeds.size(), rounds,
                (System.nanoTime() - started) / 1_000_000_000L, totals);
        assertThat(totals.violations).as(totals.toString()).isEmpty();
        assertThat(totals.history.anomalies()).as(totals.toString()).isZero();
        assertThat(totals.failedFsyncs).as("fsyncs failed").isPositive();
        assertThat(totals.failedAppends).as("appends failed by them").isPositive();
        assertThat(totals.history.figure(Figure.PROMISES_CHECKED)).as("acknowledged records checked").isPositive();
    }

    private void round(Path disk, long seed, double failureRate, Totals totals) throws Exception {
        Random faults = new Random(seed);
        History history = new History();
        HistoryChecker checker = new HistoryChecker(history);
        Set<String> failed = ConcurrentHashMap.newKeySet();
        Path after = disk.resolveSibling(disk.getFileName() + "-after");
        String label = disk.getFileName() + " (seed " + seed + ", fsync failure rate " + String.format("%.2f", failureRate) + ")";
        try (PowerLossStorage storage = new PowerLossStorage(disk)) {
            LogManager manager = LogManager.open(disk.resolve("log"), settings(storage));
            manager.createTopic("one", 1, CONFIG);
            manager.createTopic("many", 4, CONFIG);
            storage.failFileForces(() -> {
                synchronized (faults) {
                    return faults.nextDouble() < failureRate;
                }
            });
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int producer = p;
                Random choices = new Random(seed + p);
                producers.add(new Thread(() -> {
                    await(start);
                    for (int i = 0; i < APPENDS_PER_PRODUCER; i++) {
                        // half of the producers on the one partition, the others spread over four (several at once)
                        String topic = producer % 2 == 0 ? "one" : "many";
                        int partition = topic.equals("one") ? 0 : choices.nextInt(4);
                        List<NewRecord> records = new ArrayList<>();
                        for (int r = 0, n = 1 + choices.nextInt(3); r < n; r++) {
                            records.add(TestLogs.record("p" + producer + "-" + i + "-" + r));
                        }
                        TestLogs.invoked(history, topic, partition, records);
                        try {
                            AppendResult result = manager.requireTopic(topic).partition(partition).append(records);
                            TestLogs.acknowledged(history, topic, partition, records, result);
                        } catch (LogStorageException e) { // a definite failure: none of them may ever be read
                            records.forEach(r -> {
                                failed.add(string(r.value()));
                                history.failed(string(r.value()));
                            });
                        }
                    }
                }, "fsync-failure-producer-" + p));
            }
            producers.forEach(Thread::start);
            start.countDown();
            for (Thread t : producers) {
                t.join();
            }
            storage.failFileForces(() -> false);
            totals.failedFsyncs += storage.failedForces();
            totals.failedAppends += failed.size();
            // while running: exactly what was acknowledged is visible, at its offsets (every append either returned or failed)
            check(label + " before the cut", manager, checker, totals.violations);
            storage.cutNow();
            manager.close(); // nothing of it reaches the disk any more
            storage.materialize(after, DirEntries.DURABLE_ONLY, Tail.NONE, new Random(seed));
        }
        try (PowerLossStorage reopened = new PowerLossStorage(after)) {
            LogManager manager = LogManager.open(after.resolve("log"), settings(reopened));
            try {
                check(label + " after the power cut", manager, checker, totals.violations);
                assertThat(manager.topics()).as(label + ": topics after the cut").hasSize(2);
            } finally {
                manager.close();
            }
        }
        totals.rounds++;
        HistoryReport report = checker.report();
        totals.history = totals.history.plus(report);
        if (report.anomalies() > 0) {
            totals.violations.add(label + ": " + report);
        }
        PowerLossStorage.deleteDisk(disk);
        PowerLossStorage.deleteDisk(after);
    }

    /** Reads every partition into the checker. */
    private static void check(String label, LogManager manager, HistoryChecker checker, List<String> violations) {
        List<LogSnapshot> logs = new ArrayList<>();
        for (TopicLog topic : manager.topics()) {
            for (PartitionLog partition : topic.partitions()) {
                try {
                    logs.add(TestLogs.snapshot(partition, false, 0));
                } catch (CorruptRecordException e) {
                    violations.add(label + ": " + partition.topicPartition() + " cannot be read: " + e.getMessage());
                }
            }
        }
        checker.checkLog(logs);
    }

    private static LogSettings settings(StorageIo storage) {
        return new LogSettings(new FlushPolicy.Durable(), 128, new MutableClock(), LogMetrics.NONE, storage);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package io.tributary.log;

import static io.tributary.log.TestLogs.bytes;
import static io.tributary.log.TestLogs.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.StoredRecord;
import io.tributary.log.PowerLossStorage.DirEntries;
import io.tributary.log.PowerLossStorage.Tail;
import io.tributary.support.MutableClock;
import io.tributary.support.history.Figure;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryChecker;
import io.tributary.support.history.HistoryReport;
import io.tributary.support.history.LogSnapshot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Power cuts at random points of a busy engine ({@link PowerLossStorage}: only forced bytes and fsynced directory
 * entries survive). Each cut point runs the same workload from an empty disk: concurrent producers appending under the
 * durable flush policy to a topic with small segments and retention (rolls, index writes, deletions) and to a compacted
 * topic (cleaner swaps, checkpoints), while a maintenance thread moves the clock, enforces retention, cleans, changes a
 * config and creates and deletes topics. The power is cut at an operation count chosen by the seed, the disk is
 * materialized as the cut left it (with a seeded choice of surviving directory changes and torn tails), and the engine
 * is opened on it. Checked by the history checker (its report must count no anomaly): every acknowledged record is at
 * its offset with its bytes (unless retention had deleted it, or on the compacted topic a later record of its key is
 * there); each partition holds only records that were sent to it, each once, at increasing offsets, without holes
 * outside compaction, starting no later than the crashed engine had it. Checked here besides: the open never fails;
 * each producer's order; a topic whose creation was acknowledged exists, one whose deletion was acknowledged does
 * not; the engine takes appends afterwards and keeps them across a clean restart.
 *
 * <p>Short by default (one seed, a few dozen cut points: seconds). The long run:
 * {@code ./mvnw -B -q test -Dtest=PowerLossTest -Dpowerloss.seeds=1,2,3 -Dpowerloss.cuts=1000}.
 */
class PowerLossTest {

    private static final int PRODUCERS = 3;
    private static final int APPENDS_PER_PRODUCER = 40;
    private static final int MAINTENANCE_STEPS = 12;
    private static final String ORDERS = "orders";
    private static final String PROFILES = "profiles";
    private static final TopicConfig ORDERS_CONFIG = TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1500",
            TopicConfig.RETENTION_BYTES, "6000", TopicConfig.RETENTION_MS, "150000"));
    private static final TopicConfig PROFILES_CONFIG = TestLogs.config(Map.of(TopicConfig.CLEANUP_POLICY, "compact",
            TopicConfig.SEGMENT_BYTES, "1200", TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "0.01"));
    private static final TopicConfig TEMP_CONFIG = TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024"));

    @TempDir
    Path tempDir;
    private Path tmp;

    private final Totals totals = new Totals();

    /** The engine's warnings and errors about a dead disk, thousands per run, would drown the report. */
    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("io.tributary.log");

    @org.junit.jupiter.api.BeforeAll
    static void quiet() {
        ENGINE_LOG.setLevel(java.util.logging.Level.OFF);
    }

    @org.junit.jupiter.api.AfterAll
    static void loud() {
        ENGINE_LOG.setLevel(null);
    }

    @Test
    void acknowledgedRecordsSurviveAPowerCutAtAnyPoint() throws Exception {
        List<Long> seeds = Arrays.stream(System.getProperty("powerloss.seeds", "17").split(",")).map(String::trim)
                .map(Long::parseLong).toList();
        int cuts = Integer.getInteger("powerloss.cuts", 24);
        // tmpfs when there is one: thousands of small files are made and removed per second
        Path shm = Path.of("/dev/shm");
        tmp = java.nio.file.Files.isWritable(shm) ? java.nio.file.Files.createTempDirectory(shm, "power-loss") : tempDir;
        long started = System.nanoTime();
        java.nio.file.Files.deleteIfExists(Path.of("target", "powerloss-violations.txt"));
        for (long seed : seeds) {
            Random random = new Random(seed);
            long operations = run("seed" + seed + "-calibration", seed, -1, null, null, 0);
            for (int i = 0; i < cuts; i++) {
                long cutAt = random.nextInt((int) operations + 1);
                DirEntries dirEntries = DirEntries.values()[random.nextInt(DirEntries.values().length)];
                Tail tail = Tail.values()[random.nextInt(Tail.values().length)];
                run("seed" + seed + "-cut" + i, seed * 1_000_003 + i, cutAt, dirEntries, tail, random.nextLong());
            }
            System.out.printf("PowerLossTest seed %d: about %d file operations per run%n", seed, operations);
        }
        if (!tmp.equals(tempDir)) {
            deleteDisks(tmp);
        }
        System.out.printf("PowerLossTest: %d seeds x %d cut points in %d s: %s%n", seeds.size(), cuts,
                (System.nanoTime() - started) / 1_000_000_000L, totals);
        if (!totals.violations.isEmpty()) {
            java.nio.file.Files.write(Path.of("target", "powerloss-violations.txt"), totals.violations);
        }
        assertThat(totals.violations).as("violations (all in target/powerloss-violations.txt)").isEmpty();
        assertThat(totals.history.anomalies()).as(totals.history.toString()).isZero();
        assertThat(totals.history.figure(Figure.PROMISES_CHECKED)).as("acknowledged records checked").isGreaterThan(cuts);
    }

    /** One run from an empty disk; with a cut at {@code cutAt} (-1: none) checks the recovery. Returns the operations. */
    private long run(String label, long workloadSeed, long cutAt, DirEntries dirEntries, Tail tail, long stateSeed)
            throws Exception {
        Path disk = tmp.resolve(label);
        MutableClock clock = new MutableClock();
        Operations history = new Operations();
        Map<String, Long> logStarts = new HashMap<>();
        long operations;
        String state;
        Path after = tmp.resolve(label + "-after");
        try (PowerLossStorage storage = new PowerLossStorage(disk)) {
            if (cutAt >= 0) {
                storage.cutAfter(cutAt);
            }
            LogManager manager = null;
            try {
                manager = LogManager.open(disk.resolve("log"), settings(storage, clock));
            } catch (LogException e) {
                if (!storage.isCut()) {
                    throw e;
                }
            }
            if (manager != null) {
                new Workload(manager, storage, history, clock, workloadSeed).run();
                for (TopicLog topic : manager.topics()) {
                    for (PartitionLog p : topic.partitions()) {
                        logStarts.put(p.topicPartition().toString(), p.logStartOffset());
                    }
                }
            }
            operations = storage.operations();
            storage.cutNow();
            if (manager != null) {
                manager.close(); // nothing of it reaches the disk any more
            }
            if (cutAt < 0) {
                assertThat(history.unexpected).as("failures without a power cut").isEmpty();
                deleteDisks(disk);
                return operations;
            }
            state = storage.materialize(after, dirEntries, tail, new Random(stateSeed));
        }
        Random random = new Random(stateSeed);
        if (random.nextBoolean()) { // a second cut, while recovery repairs what the first left
            Path again = tmp.resolve(label + "-again");
            state += "; then a cut " + cutDuringRecovery(after, again, clock, random);
            after = again;
        }
        String context = label + " (cut after " + cutAt + " operations; " + state + ")";
        totals.runs++;
        history.unexpected.forEach(e -> totals.violations.add(context + ": failure before the cut: " + e));
        try (PowerLossStorage reopened = new PowerLossStorage(after)) {
            verify(after.resolve("log"), reopened, clock, history, logStarts, context);
        }
        deleteDisks(disk, after.resolveSibling(label + "-after"), after);
        return operations;
    }

    /** Opens {@code disk}'s log with a power cut at a random point of its recovery; materializes what is left. */
    private String cutDuringRecovery(Path disk, Path target, MutableClock clock, Random random) throws Exception {
        try (PowerLossStorage storage = new PowerLossStorage(disk)) {
            int cutAt = random.nextInt(60);
            storage.cutAfter(cutAt);
            try {
                LogManager.open(disk.resolve("log"), settings(storage, clock)).close(); // closing fails after the cut
            } catch (LogException e) {
                if (!storage.isCut()) {
                    totals.violations.add(disk + ": the log did not open before the second cut: " + e);
                }
            }
            boolean during = storage.isCut();
            storage.cutNow();
            totals.secondCuts += during ? 1 : 0;
            return (during ? "after " + cutAt + " operations of the recovery: " : "after the recovery and a close: ")
                    + storage.materialize(target, DirEntries.values()[random.nextInt(DirEntries.values().length)],
                    Tail.values()[random.nextInt(Tail.values().length)], random);
        }
    }

    private static LogSettings settings(StorageIo storage, MutableClock clock) {
        return new LogSettings(new FlushPolicy.Durable(), 128, clock, LogMetrics.NONE, storage);
    }

    // ---- the workload

    /** What was sent and acknowledged (the records' history), created and deleted; filled concurrently. */
    private static final class Operations {
        final History records = new History();
        final List<Idempotent> idempotent = new CopyOnWriteArrayList<>();
        final Set<String> creating = ConcurrentHashMap.newKeySet();
        final Set<String> created = ConcurrentHashMap.newKeySet();
        final Set<String> deleting = ConcurrentHashMap.newKeySet();
        final Set<String> deleted = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
    }

    /** An idempotent request, and the base offset it was answered with (-1: no answer before the cut). */
    private static final class Idempotent {
        final String topic;
        final int partition;
        final ProducerIdentity identity;
        final List<NewRecord> records;
        volatile long ackedAt = -1;

        Idempotent(String topic, int partition, ProducerIdentity identity, List<NewRecord> records) {
            this.topic = topic;
            this.partition = partition;
            this.identity = identity;
            this.records = records;
        }
    }

    private static final class Workload {
        private final LogManager manager;
        private final PowerLossStorage storage;
        private final Operations history;
        private final MutableClock clock;
        private final long seed;

        Workload(LogManager manager, PowerLossStorage storage, Operations history, MutableClock clock, long seed) {
            this.manager = manager;
            this.storage = storage;
            this.history = history;
            this.clock = clock;
            this.seed = seed;
        }

        void run() throws InterruptedException {
            if (!create(ORDERS, 2, ORDERS_CONFIG) || !create(PROFILES, 1, PROFILES_CONFIG)) {
                return;
            }
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < PRODUCERS; t++) {
                int producer = t;
                threads.add(new Thread(() -> produce(producer), "power-loss-producer-" + t));
            }
            threads.add(new Thread(this::maintain, "power-loss-maintenance"));
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        }

        private void produce(int producer) {
            Random random = new Random(seed * 31 + producer);
            for (int seq = 0; seq < APPENDS_PER_PRODUCER; seq++) {
                boolean compacted = random.nextInt(4) == 0;
                String topic = compacted ? PROFILES : ORDERS;
                int partition = compacted ? 0 : random.nextInt(2);
                List<NewRecord> records = new ArrayList<>();
                int count = 1 + random.nextInt(3);
                for (int j = 0; j < count; j++) {
                    String value = "p" + producer + "-" + seq + "-" + j + "-" + "x".repeat(random.nextInt(100));
                    String key = compacted ? "k" + random.nextInt(6) : null;
                    records.add(new NewRecord(bytes(key), bytes(value), List.of(), -1));
                }
                // producer 0 sends its orders as idempotent requests (each with its own identity, as Idempotency-Key does)
                ProducerIdentity identity = producer == 0 && !compacted ? new ProducerIdentity(1_000_000L + seq, (short) 0, 0)
                        : null;
                if (!append(topic, partition, records, identity)) {
                    return;
                }
            }
        }

        private void maintain() {
            Random random = new Random(seed * 31 + PRODUCERS);
            try {
                for (int step = 0; step < MAINTENANCE_STEPS && !storage.isCut(); step++) {
                    clock.advance(Duration.ofSeconds(20));
                    manager.enforceRetention();
                    manager.cleaner().cleanNow();
                    String temp = "temp-" + step;
                    if (!create(temp, 1, TEMP_CONFIG)
                            || !append(temp, 0, List.of(new NewRecord(null, bytes("m-" + step), List.of(), -1)))) {
                        return;
                    }
                    if (step > 0 && !delete("temp-" + (step - 1))) {
                        return;
                    }
                    if (step % 4 == 3) {
                        TopicLog orders = manager.requireTopic(ORDERS);
                        orders.updateConfig(orders.config().with(Map.of(TopicConfig.RETENTION_BYTES,
                                Integer.toString(5000 + random.nextInt(3000)))));
                    }
                    Thread.sleep(1 + random.nextInt(3));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failed(e);
            }
        }

        private boolean create(String topic, int partitions, TopicConfig config) {
            history.creating.add(topic);
            try {
                manager.createTopic(topic, partitions, config);
                history.created.add(topic);
                return true;
            } catch (RuntimeException e) {
                failed(e);
                return false;
            }
        }

        private boolean delete(String topic) {
            history.deleting.add(topic);
            try {
                manager.deleteTopic(topic);
                history.deleted.add(topic);
                return true;
            } catch (RuntimeException e) {
                failed(e);
                return false;
            }
        }

        private boolean append(String topic, int partition, List<NewRecord> records) {
            return append(topic, partition, records, null);
        }

        private boolean append(String topic, int partition, List<NewRecord> records, ProducerIdentity identity) {
            TestLogs.invoked(history.records, topic, partition, records);
            Idempotent request = identity == null ? null : new Idempotent(topic, partition, identity, records);
            if (request != null) {
                history.idempotent.add(request);
            }
            try {
                AppendResult result = manager.requireTopic(topic).partition(partition).append(records, identity);
                TestLogs.acknowledged(history.records, topic, partition, records, result);
                if (request != null) {
                    request.ackedAt = result.baseOffset();
                }
                return true;
            } catch (RuntimeException e) {
                records.forEach(r -> history.records.unknown(string(r.value()))); // the power went under it
                failed(e);
                return false;
            }
        }

        private void failed(RuntimeException e) {
            if (!storage.isCut()) {
                history.unexpected.add(e.toString());
            }
        }
    }

    // ---- the checks

    private void verify(Path logDir, PowerLossStorage storage, MutableClock clock, Operations history,
                        Map<String, Long> crashedLogStarts, String context) {
        List<String> violations = new ArrayList<>();
        HistoryChecker checker = new HistoryChecker(history.records);
        Map<String, Long> ends = new HashMap<>();
        LogManager manager;
        try {
            manager = LogManager.open(logDir, settings(storage, clock));
        } catch (RuntimeException e) {
            totals.violations.add(context + ": the log did not open: " + e);
            return;
        }
        try {
            RecoveryReport report = manager.recoveryReport();
            totals.repairs += report.repairs().size();
            totals.bytesTruncated += report.bytesTruncated();
            totals.recoveriesWithRepairs += report.repairs().isEmpty() ? 0 : 1;
            Set<String> names = new HashSet<>();
            manager.topics().forEach(t -> names.add(t.name()));
            for (String topic : history.created) {
                if (!history.deleting.contains(topic) && !names.contains(topic)) {
                    violations.add("topic " + topic + " was created (acknowledged) but is gone");
                }
            }
            for (String topic : history.deleted) {
                if (names.contains(topic)) {
                    violations.add("topic " + topic + " was deleted (acknowledged) but is back");
                }
            }
            for (String topic : names) {
                if (!history.creating.contains(topic)) {
                    violations.add("topic " + topic + " was never created");
                }
            }
            List<LogSnapshot> logs = new ArrayList<>();
            for (TopicLog topic : manager.topics()) {
                int expected = topic.name().equals(ORDERS) ? 2 : 1;
                if (topic.partitionCount() != expected) {
                    violations.add("topic " + topic.name() + " has " + topic.partitionCount() + " partitions, not "
                            + expected);
                }
                for (PartitionLog partition : topic.partitions()) {
                    String tp = partition.topicPartition().toString();
                    logs.add(TestLogs.snapshot(partition, topic.config().compact(), crashedLogStarts.getOrDefault(tp, 0L)));
                    checkProducerOrder(partition, violations);
                    ends.put(tp, partition.endOffset());
                }
            }
            checker.checkLog(logs);
            retryIdempotentRequests(manager, history, checker, crashedLogStarts, ends);
            // the engine takes appends after the recovery, and keeps them across a clean restart
            for (TopicLog topic : manager.topics()) {
                for (PartitionLog partition : topic.partitions()) {
                    AppendResult r = partition.append(List.of(new NewRecord(bytes("k0"), bytes("after"), List.of(),
                            -1)));
                    if (r.baseOffset() != ends.get(partition.topicPartition().toString())) {
                        violations.add(partition + ": the first append after recovery got offset " + r.baseOffset());
                    }
                    ends.put(partition.topicPartition().toString(), r.baseOffset() + 1);
                }
            }
        } catch (RuntimeException e) {
            violations.add("failed after recovery: " + e);
        } finally {
            manager.close();
        }
        try (LogManager again = LogManager.open(logDir, settings(storage, clock))) {
            for (TopicLog topic : again.topics()) {
                for (PartitionLog partition : topic.partitions()) {
                    Long end = ends.get(partition.topicPartition().toString());
                    if (end == null || partition.endOffset() != end) {
                        violations.add(partition + " ends at " + partition.endOffset() + " after a clean restart, not " + end);
                    }
                }
            }
        } catch (RuntimeException e) {
            violations.add("did not open after a clean restart: " + e);
        }
        HistoryReport report = checker.report();
        totals.history = totals.history.plus(report);
        if (report.anomalies() > 0) {
            violations.add(report.toString());
        }
        violations.forEach(v -> totals.violations.add(context + ": " + v));
    }

    /**
     * Sends every idempotent request again, as a client does with the requests a failure left unanswered (and may do
     * with answered ones): an answered one must get its first offsets and append nothing, an unanswered one is appended
     * unless it was durable already; the history checker then reads the partitions again: each stored once.
     */
    private void retryIdempotentRequests(LogManager manager, Operations history, HistoryChecker checker,
                                         Map<String, Long> crashedLogStarts, Map<String, Long> ends) {
        if (manager.topic(ORDERS).isEmpty()) {
            return; // the cut came before its creation was acknowledged
        }
        for (Idempotent request : history.idempotent) {
            PartitionLog partition = manager.requireTopic(request.topic).partition(request.partition);
            AppendResult retried = partition.append(request.records, request.identity);
            totals.idempotentRetries++;
            request.records.forEach(r -> history.records.retried(string(r.value()), true));
            boolean stillStored = request.ackedAt >= partition.logStartOffset();
            if (request.ackedAt < 0 || stillStored) { // an answer at another offset is a duplicate in the report
                TestLogs.acknowledged(history.records, request.topic, request.partition, request.records, retried);
            }
            if (request.ackedAt < 0 && retried.baseOffset() < ends.get(partition.topicPartition().toString())) {
                totals.idempotentFoundDurable++; // not answered before the cut, but durable: found, not appended
            }
        }
        List<LogSnapshot> logs = new ArrayList<>();
        for (PartitionLog partition : manager.requireTopic(ORDERS).partitions()) {
            String tp = partition.topicPartition().toString();
            logs.add(TestLogs.snapshot(partition, false, crashedLogStarts.getOrDefault(tp, 0L)));
            ends.put(tp, partition.endOffset());
        }
        checker.checkLog(logs);
    }

    /** Each producer's records in a partition come in the order it appended them (values p{producer}-{seq}-{j}-...). */
    private static void checkProducerOrder(PartitionLog partition, List<String> violations) {
        Map<String, Integer> lastSeqOfProducer = new HashMap<>();
        for (StoredRecord r : TestLogs.readAll(partition, partition.logStartOffset())) {
            String value = string(r.value());
            if (value.startsWith("p")) {
                String[] parts = value.split("-");
                int order = Integer.parseInt(parts[1]) * 10 + Integer.parseInt(parts[2]);
                Integer last = lastSeqOfProducer.put(parts[0], order);
                if (last != null && last >= order) {
                    violations.add(partition + ": " + value + " at offset " + r.offset() + " comes after a later record of its producer");
                }
            }
        }
    }

    private static final class Totals {
        int runs;
        int secondCuts;
        long idempotentRetries;
        long idempotentFoundDurable;
        HistoryReport history = HistoryReport.empty();
        int recoveriesWithRepairs;
        long repairs;
        long bytesTruncated;
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String toString() {
            String shown = violations.isEmpty() ? ""
                    : ": " + String.join("\n  ", violations.subList(0, Math.min(20, violations.size())));
            return runs + " recoveries (" + secondCuts + " of them after a second cut during a recovery; "
                    + recoveriesWithRepairs + " with repairs, " + repairs + " repairs, " + bytesTruncated
                    + " bytes truncated), " + idempotentRetries + " idempotent requests retried (" + idempotentFoundDurable
                    + " unanswered but durable, found and not appended again), " + violations.size() + " violations"
                    + shown + "; " + history;
        }
    }

    private static void deleteDisks(Path... disks) {
        for (Path disk : disks) {
            PowerLossStorage.deleteDisk(disk);
        }
    }
}

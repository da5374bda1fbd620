package io.tributary.log;

import static io.tributary.log.TestLogs.bytes;
import static io.tributary.log.TestLogs.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.StoredRecord;
import io.tributary.log.PowerLossStorage.DirEntries;
import io.tributary.log.PowerLossStorage.Tail;
import io.tributary.support.MutableClock;

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
 * is opened on it. Checked: the open never fails; every acknowledged record is at its offset with its bytes (unless
 * retention had deleted it, or on the compacted topic a later record of its key is there); each partition holds only
 * records that were sent to it, each once, in each producer's order, at increasing offsets, without holes outside
 * compaction; a topic whose creation was acknowledged exists, one whose deletion was acknowledged does not; the engine
 * takes appends afterwards and keeps them across a clean restart.
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
        assertThat(totals.acknowledgedChecked).as("acknowledged records checked").isGreaterThan(cuts);
    }

    /** One run from an empty disk; with a cut at {@code cutAt} (-1: none) checks the recovery. Returns the operations. */
    private long run(String label, long workloadSeed, long cutAt, DirEntries dirEntries, Tail tail, long stateSeed)
            throws Exception {
        Path disk = tmp.resolve(label);
        MutableClock clock = new MutableClock();
        History history = new History();
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

    /** What was sent, acknowledged, created and deleted; filled concurrently. */
    private static final class History {
        /** Per partition ({@code topic-p}), every value sent to it. */
        final Map<String, Set<String>> sent = new ConcurrentHashMap<>();
        final List<Acked> acked = new CopyOnWriteArrayList<>();
        final List<Idempotent> idempotent = new CopyOnWriteArrayList<>();
        final Set<String> creating = ConcurrentHashMap.newKeySet();
        final Set<String> created = ConcurrentHashMap.newKeySet();
        final Set<String> deleting = ConcurrentHashMap.newKeySet();
        final Set<String> deleted = ConcurrentHashMap.newKeySet();
        final List<String> unexpected = new CopyOnWriteArrayList<>();

        void sent(String partition, List<NewRecord> records) {
            Set<String> values = sent.computeIfAbsent(partition, p -> ConcurrentHashMap.newKeySet());
            records.forEach(r -> values.add(string(r.value())));
        }
    }

    private record Acked(String topic, int partition, long offset, NewRecord record) {
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
        private final History history;
        private final MutableClock clock;
        private final long seed;

        Workload(LogManager manager, PowerLossStorage storage, History history, MutableClock clock, long seed) {
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
            history.sent(topic + "-" + partition, records);
            Idempotent request = identity == null ? null : new Idempotent(topic, partition, identity, records);
            if (request != null) {
                history.idempotent.add(request);
            }
            try {
                AppendResult result = manager.requireTopic(topic).partition(partition).append(records, identity);
                for (int i = 0; i < records.size(); i++) {
                    history.acked.add(new Acked(topic, partition, result.baseOffset() + i, records.get(i)));
                }
                if (request != null) {
                    request.ackedAt = result.baseOffset();
                }
                return true;
            } catch (RuntimeException e) {
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

    private void verify(Path logDir, PowerLossStorage storage, MutableClock clock, History history,
                        Map<String, Long> crashedLogStarts, String context) {
        List<String> violations = new ArrayList<>();
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
            Map<String, List<Acked>> ackedByPartition = new HashMap<>();
            history.acked.forEach(a -> ackedByPartition.computeIfAbsent(a.topic() + "-" + a.partition(),
                    k -> new ArrayList<>()).add(a));
            for (TopicLog topic : manager.topics()) {
                int expected = topic.name().equals(ORDERS) ? 2 : 1;
                if (topic.partitionCount() != expected) {
                    violations.add("topic " + topic.name() + " has " + topic.partitionCount() + " partitions, not "
                            + expected);
                }
                for (PartitionLog partition : topic.partitions()) {
                    String tp = partition.topicPartition().toString();
                    checkPartition(partition, topic.config().compact(), history.sent.getOrDefault(tp, Set.of()),
                            ackedByPartition.getOrDefault(tp, List.of()), crashedLogStarts.get(tp), violations);
                    ends.put(tp, partition.endOffset());
                }
            }
            retryIdempotentRequests(manager, history, ends, violations);
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
        violations.forEach(v -> totals.violations.add(context + ": " + v));
    }

    /**
     * Sends every idempotent request again, as a client does with the requests a failure left unanswered (and may do
     * with answered ones): an answered one gets its first offsets and appends nothing, an unanswered one is appended
     * unless it was durable already; either way each is stored once.
     */
    private void retryIdempotentRequests(LogManager manager, History history, Map<String, Long> ends,
                                         List<String> violations) {
        if (manager.topic(ORDERS).isEmpty()) {
            return; // the cut came before its creation was acknowledged
        }
        for (Idempotent request : history.idempotent) {
            PartitionLog partition = manager.requireTopic(request.topic).partition(request.partition);
            AppendResult retried = partition.append(request.records, request.identity);
            totals.idempotentRetries++;
            boolean stillStored = request.ackedAt >= partition.logStartOffset();
            if (request.ackedAt >= 0 && stillStored && retried.baseOffset() != request.ackedAt) {
                violations.add(partition + ": the retry of idempotent request " + request.identity + " answered offset "
                        + retried.baseOffset() + ", not " + request.ackedAt);
            }
            if (request.ackedAt < 0 && retried.baseOffset() < ends.get(partition.topicPartition().toString())) {
                totals.idempotentFoundDurable++; // not answered before the cut, but durable: found, not appended
            }
        }
        for (String tp : Set.of(ORDERS + "-0", ORDERS + "-1")) {
            PartitionLog partition = manager.requireTopic(ORDERS).partition(Integer.parseInt(tp.substring(tp.length() - 1)));
            Map<String, Integer> count = new HashMap<>();
            TestLogs.readAll(partition, partition.logStartOffset()).forEach(r -> count.merge(string(r.value()), 1, Integer::sum));
            for (Idempotent request : history.idempotent) {
                if ((request.topic + "-" + request.partition).equals(tp)) {
                    for (NewRecord record : request.records) {
                        int n = count.getOrDefault(string(record.value()), 0);
                        boolean deletedByRetention = n == 0 && request.ackedAt >= 0 && request.ackedAt < partition.logStartOffset();
                        if (n != 1 && !deletedByRetention) {
                            violations.add(partition + ": a record of idempotent request " + request.identity
                                    + " is stored " + n + " times after its retry");
                        }
                    }
                }
            }
            ends.put(tp, partition.endOffset());
        }
    }

    private void checkPartition(PartitionLog partition, boolean compacted, Set<String> sent, List<Acked> acked,
                                Long crashedLogStart, List<String> violations) {
        long start = partition.logStartOffset();
        List<StoredRecord> records = TestLogs.readAll(partition, start);
        Map<Long, StoredRecord> byOffset = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> lastSeqOfProducer = new HashMap<>();
        long previous = start - 1;
        for (StoredRecord r : records) {
            String value = string(r.value());
            if (r.offset() <= previous || (!compacted && r.offset() != previous + 1)) {
                violations.add(partition + ": offset " + r.offset() + " follows " + previous);
            }
            previous = r.offset();
            byOffset.put(r.offset(), r);
            if (!sent.contains(value)) {
                violations.add(partition + ": offset " + r.offset() + " holds a value never sent to it: " + value);
            }
            if (!seen.add(value)) {
                violations.add(partition + ": value " + value + " is there twice");
            }
            if (value.startsWith("p")) {
                String[] parts = value.split("-");
                int order = Integer.parseInt(parts[1]) * 10 + Integer.parseInt(parts[2]);
                Integer last = lastSeqOfProducer.put(parts[0], order);
                if (last != null && last >= order) {
                    violations.add(partition + ": " + value + " at offset " + r.offset() + " comes after a later record of its producer");
                }
            }
        }
        if (!compacted && !records.isEmpty() && previous != partition.endOffset() - 1) {
            violations.add(partition + ": the last record is at " + previous + " but the end offset is " + partition.endOffset());
        }
        if (crashedLogStart != null && start > crashedLogStart) {
            violations.add(partition + ": starts at " + start + ", past " + crashedLogStart + " where retention had left it");
        }
        for (Acked a : acked) {
            totals.acknowledgedChecked++;
            StoredRecord r = byOffset.get(a.offset());
            if (r != null && string(r.value()).equals(string(a.record().value())) && Arrays.equals(r.key(), a.record().key())) {
                continue;
            }
            if (a.offset() < start && crashedLogStart != null && a.offset() < crashedLogStart) {
                continue; // retention had deleted it
            }
            if (compacted && r == null && records.stream().anyMatch(later -> later.offset() > a.offset()
                    && Arrays.equals(later.key(), a.record().key()))) {
                continue; // the cleaner removed it under a later record of its key
            }
            totals.lost++;
            violations.add(partition + ": acknowledged record " + string(a.record().value()) + " at offset " + a.offset()
                    + " is " + (r == null ? "missing" : "replaced by " + string(r.value())) + " (log " + start + " to "
                    + partition.endOffset() + ")");
        }
    }

    private static final class Totals {
        int runs;
        int secondCuts;
        long idempotentRetries;
        long idempotentFoundDurable;
        long acknowledgedChecked;
        long lost;
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
                    + " bytes truncated), " + acknowledgedChecked + " acknowledged records checked, " + lost + " lost, "
                    + idempotentRetries + " idempotent requests retried (" + idempotentFoundDurable
                    + " unanswered but durable, found and not appended again), "
                    + violations.size() + " violations" + shown;
        }
    }

    private static void deleteDisks(Path... disks) {
        for (Path disk : disks) {
            PowerLossStorage.deleteDisk(disk);
        }
    }
}

package io.tributary.log;

import static io.tributary.log.TestLogs.bytes;
import static io.tributary.log.TestLogs.string;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.PowerLossStorage.Tail;
import io.tributary.common.TopicPartition;
import io.tributary.support.MutableClock;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryChecker;
import io.tributary.support.history.HistoryReport;
import io.tributary.support.history.LogSnapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every crash state of the engine's metadata operations, as ALICE (OSDI'14) enumerates them: a segment roll, a
 * retention deletion, a topic creation, a topic deletion and re-creation, a metadata rewrite, a cleaning (swap and
 * checkpoint), a recovery that rebuilds indexes, and a clean shutdown. Each runs on {@link PowerLossStorage} once to
 * count its file operations; then, for every k, again with the power cut right after its k-th operation (so each
 * operation is cut both before and after the directory fsync that follows it), and the disk is materialized in every
 * state the model allows there: the durable directory entries plus each prefix of the pending directory changes, and
 * every subset of them when there are at most {@value #SUBSETS_UP_TO}; with the prefixes, the files' unforced bytes
 * dropped or all kept.
 * Every state must open, and the history checker's report of it must count no anomaly (every record acknowledged
 * before the cut at its offset, each log without holes, nothing stored that was not sent, nothing twice); each state
 * must also satisfy the operation's own rule (below, per test).
 *
 * <p>What "acknowledged" means for a topic: {@link LogManager#createTopic} returning is an acknowledged creation (the
 * topic and all its partitions exist after any crash); {@link LogManager#deleteTopic} returning is an acknowledged
 * deletion (it never comes back). Before either returns, a crash may leave the topic there or not, never half: all
 * its partitions, or none of it.
 */
class CrashStatesTest {

    private static final int SUBSETS_UP_TO = 4;
    private static final java.util.logging.Logger ENGINE_LOG = java.util.logging.Logger.getLogger("io.tributary.log");

    @TempDir
    Path tempDir;
    /** tmpfs when there is one: each test makes and removes thousands of small files. */
    private Path tmp;

    private final MutableClock clock = new MutableClock();
    private int states;
    private HistoryReport checked = HistoryReport.empty();

    @org.junit.jupiter.api.BeforeEach
    void workDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        tmp = Files.isWritable(shm) ? Files.createTempDirectory(shm, "crash-states") : tempDir;
    }

    @org.junit.jupiter.api.AfterEach
    void removeWorkDirectory() {
        if (!tmp.equals(tempDir)) {
            PowerLossStorage.deleteDisk(tmp);
        }
    }

    @BeforeAll
    static void quiet() {
        ENGINE_LOG.setLevel(java.util.logging.Level.OFF);
    }

    @AfterAll
    static void loud() {
        ENGINE_LOG.setLevel(null);
    }

    /** What a scenario did before the cut, and what it knows. */
    private static final class Run {
        /** Per partition: offset to key and value of every acknowledged record, the setup's included. */
        final Map<TopicPartition, Map<Long, Acked>> acked = new HashMap<>();
        /** Per partition: every record whose append was invoked (acknowledged or not), the setup's included. */
        final Map<TopicPartition, List<Acked>> sent = new HashMap<>();
        final List<String> done = new ArrayList<>();
        /** Topics whose deletion has begun: they may be gone. */
        final List<String> mayVanish = new ArrayList<>();

        void sent(String topic, int partition, String key, String value) {
            sent.computeIfAbsent(new TopicPartition(topic, partition), k -> new ArrayList<>()).add(new Acked(key, value));
        }

        void acked(String topic, int partition, long offset, String key, String value) {
            acked.computeIfAbsent(new TopicPartition(topic, partition), k -> new HashMap<>()).put(offset, new Acked(key, value));
        }

        /** The records sent and acknowledged as a history (each told apart by its partition and value). */
        History history() {
            History history = new History();
            sent.forEach((tp, records) -> records.forEach(record -> history.invoked(tp + "/" + record.value(), tp.topic(),
                    tp.partition(), record.key(), record.value())));
            acked.forEach((tp, offsets) -> offsets.forEach((offset, record) ->
                    history.acknowledged(tp + "/" + record.value(), tp, offset)));
            return history;
        }

        boolean did(String step) {
            return done.contains(step);
        }
    }

    /** A record as appended: its key and value. */
    private record Acked(String key, String value) {
    }

    @FunctionalInterface
    private interface Step {
        void run(LogManager manager, Run run);
    }

    /** What the operation may do to a log besides appending. */
    private enum Rules {
        /** Nothing: the log starts at 0 and has no holes. */
        STRICT,
        /** Retention: the log may start later, without holes after its start. */
        START_MAY_MOVE,
        /** Compaction: records may be missing (the check looks at keys), offsets only increase. */
        COMPACTED
    }

    @FunctionalInterface
    private interface Damage {
        void apply(Path logDir) throws IOException;
    }

    @FunctionalInterface
    private interface Check {
        void check(LogManager recovered, Run run, String state);
    }

    // ---- the operations

    @Test
    void segmentRoll() throws Exception {
        TopicConfig config = TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        enumerate("roll", (m, run) -> {
            m.createTopic("t", 1, config);
            appendAcked(m, run, "t", 0, "base-", 3);
        }, null, (m, run) -> appendAcked(m, run, "t", 0, "rolled-", 4), Rules.STRICT, (m, run, state) -> {
        });
    }

    @Test
    void retentionDeletion() throws Exception {
        TopicConfig config = TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        List<Long> bases = new ArrayList<>();
        enumerate("retention", (m, run) -> {
            TopicLog topic = m.createTopic("r", 1, config);
            appendAcked(m, run, "r", 0, "r", 14);
            topic.updateConfig(topic.config().with(Map.of(TopicConfig.RETENTION_BYTES, "2000")));
            bases.clear();
            topic.partition(0).view().segments().forEach(s -> bases.add(s.baseOffset()));
        }, null, (m, run) -> {
            m.enforceRetention();
            run.done.add("retention");
            appendAcked(m, run, "r", 0, "after-", 1);
        }, Rules.START_MAY_MOVE, (m, run, state) -> {
            long start = m.requireTopic("r").partition(0).logStartOffset();
            assertThat(bases).as(state + ": the log starts at a segment's base offset").contains(start);
        });
        assertThat(bases).as("segments before retention").hasSizeGreaterThan(3);
    }

    @Test
    void topicCreation() throws Exception {
        enumerate("create", (m, run) -> m.createTopic("old", 1, TestLogs.DEFAULT_CONFIG), null, (m, run) -> {
            m.createTopic("new", 3, TestLogs.DEFAULT_CONFIG);
            run.done.add("created");
            for (int p = 0; p < 3; p++) {
                appendAcked(m, run, "new", p, "n" + p + "-", 1);
            }
        }, Rules.STRICT, (m, run, state) -> {
            assertThat(m.topic("old")).as(state).isPresent();
            if (run.did("created")) {
                assertThat(m.topic("new")).as(state + ": acknowledged creation").isPresent();
            }
            m.topic("new").ifPresent(t -> assertThat(t.partitionCount()).as(state).isEqualTo(3));
        });
    }

    @Test
    void topicDeletionAndRecreation() throws Exception {
        enumerate("delete", (m, run) -> {
            m.createTopic("d", 2, TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024")));
            appendAcked(m, run, "d", 0, "old-", 6);
            appendAcked(m, run, "d", 1, "old-", 2);
        }, null, (m, run) -> {
            run.mayVanish.add("d");
            m.deleteTopic("d");
            run.done.add("deleted");
            run.acked.remove(new TopicPartition("d", 0));
            run.acked.remove(new TopicPartition("d", 1));
            m.createTopic("d", 1, TestLogs.DEFAULT_CONFIG);
            run.done.add("recreated");
            appendAcked(m, run, "d", 0, "new-", 1);
        }, Rules.STRICT, (m, run, state) -> {
            TopicLog d = m.topic("d").orElse(null);
            if (run.did("recreated")) {
                assertThat(d).as(state + ": acknowledged re-creation").isNotNull();
            }
            if (d == null) {
                return; // gone: allowed once its deletion began (the atomic point may have passed before the answer)
            }
            List<String> values = TestLogs.readAll(d.partition(0), 0).stream().map(r -> string(r.value())).toList();
            if (d.partitionCount() == 2) { // the old topic: all of it
                assertThat(run.did("recreated")).as(state).isFalse();
                assertThat(values).as(state).hasSize(6).allMatch(v -> v.startsWith("old-"));
            } else { // the new one: none of the old records
                assertThat(values).as(state).noneMatch(v -> v.startsWith("old-"));
            }
        });
    }

    @Test
    void metadataRewrite() throws Exception {
        enumerate("config", (m, run) -> m.createTopic("c", 2, TestLogs.DEFAULT_CONFIG), null, (m, run) -> {
            TopicLog topic = m.requireTopic("c");
            topic.updateConfig(topic.config().with(Map.of(TopicConfig.RETENTION_MS, "12345")));
            run.done.add("updated");
            topic.increasePartitions(4);
            run.done.add("grown");
        }, Rules.STRICT, (m, run, state) -> {
            TopicLog topic = m.requireTopic("c");
            long retention = topic.config().retentionMs();
            assertThat(retention).as(state).isIn(TestLogs.DEFAULT_CONFIG.retentionMs(), 12345L);
            if (run.did("updated")) {
                assertThat(retention).as(state + ": acknowledged config").isEqualTo(12345L);
            }
            assertThat(topic.partitionCount()).as(state).isIn(2, 4);
            if (run.did("grown")) {
                assertThat(topic.partitionCount()).as(state + ": acknowledged partitions").isEqualTo(4);
            }
        });
    }

    @Test
    void cleaningSwapAndCheckpoint() throws Exception {
        TopicConfig config = TestLogs.config(Map.of(TopicConfig.CLEANUP_POLICY, "compact", TopicConfig.SEGMENT_BYTES, "1024",
                TopicConfig.MIN_CLEANABLE_DIRTY_RATIO, "0.01"));
        Map<String, String> latest = new HashMap<>();
        enumerate("clean", (m, run) -> {
            m.createTopic("k", 1, config);
            PartitionLog log = m.requireTopic("k").partition(0);
            latest.clear();
            for (int i = 0; i < 60; i++) {
                String key = "key" + i % 4;
                run.sent("k", 0, key, "v" + i);
                AppendResult r = log.append(List.of(new NewRecord(bytes(key), bytes("v" + i), List.of(), -1)));
                run.acked("k", 0, r.baseOffset(), key, "v" + i);
                latest.put(key, "v" + i);
            }
        }, null, (m, run) -> {
            m.cleaner().cleanNow();
        }, Rules.COMPACTED, (m, run, state) -> {
            Map<String, String> found = new HashMap<>();
            TestLogs.readAll(m.requireTopic("k").partition(0), 0).forEach(r -> found.put(string(r.key()), string(r.value())));
            assertThat(found).as(state + ": every key's latest value").isEqualTo(latest);
        });
    }

    @Test
    void recoveryRebuildingIndexes() throws Exception {
        TopicConfig config = TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        enumerate("rebuild", (m, run) -> {
            m.createTopic("i", 1, config);
            appendAcked(m, run, "i", 0, "i", 8);
        }, log -> {
            try (Stream<Path> files = Files.walk(log)) {
                for (Path f : files.filter(f -> f.toString().endsWith(".index") || f.toString().endsWith(".timeindex")).toList()) {
                    Files.delete(f);
                }
            }
        }, (m, run) -> appendAcked(m, run, "i", 0, "after-", 1), Rules.STRICT, (m, run, state) -> {
        });
    }

    /** A partition directory lost outside the engine is created again at open; what is then appended to it stays. */
    @Test
    void recoveryRecreatingAPartitionDirectory() throws Exception {
        enumerate("recreate-partition", (m, run) -> {
            m.createTopic("p", 2, TestLogs.DEFAULT_CONFIG);
            appendAcked(m, run, "p", 0, "p", 2);
        }, log -> LogFiles.deleteRecursively(StorageIo.DEFAULT, log.resolve("p-1")),
                (m, run) -> appendAcked(m, run, "p", 1, "after-", 2), Rules.STRICT, (m, run, state) -> {
                });
    }

    @Test
    void cleanShutdown() throws Exception {
        TopicConfig config = TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024"));
        enumerate("close", (m, run) -> {
            m.createTopic("s", 2, config);
            appendAcked(m, run, "s", 0, "s", 7);
            appendAcked(m, run, "s", 1, "s", 2);
        }, null, (m, run) -> m.close(), Rules.STRICT, (m, run, state) -> {
        });
    }

    // ---- the enumeration

    /**
     * @param setup      builds the state before the operation, on a disk whose every byte then counts as durable
     * @param damage     null, or what happens to the log after the setup closed it, outside the engine; then the
     *                   marker is removed as well (an unclean shutdown) and the crash states of the recovery at the next
     *                   open are enumerated too, followed by the operation
     * @param operation  the operation whose every crash state is checked
     * @param rules      what the operation may do to a log besides appending
     */
    private void enumerate(String name, Step setup, Damage damage, Step operation, Rules rules, Check check)
            throws Exception {
        Path template = tmp.resolve(name + "-template");
        Run base = new Run();
        try (LogManager manager = LogManager.open(template.resolve("log"), settings(StorageIo.DEFAULT))) {
            setup.run(manager, base);
        }
        if (damage != null) {
            TestLogs.deleteMarker(template.resolve("log"));
            damage.apply(template.resolve("log"));
        }
        long operations = Long.MAX_VALUE;
        int cuts = 0;
        int before = states;
        for (long k = 0; k <= operations; k++) {
            Path disk = copy(template, tmp.resolve(name + "-" + k));
            Run run = new Run();
            base.acked.forEach((p, offsets) -> run.acked.put(p, new HashMap<>(offsets)));
            base.sent.forEach((p, records) -> run.sent.put(p, new ArrayList<>(records)));
            try (PowerLossStorage storage = new PowerLossStorage(disk)) {
                LogManager manager = null;
                try {
                    if (damage != null) {
                        storage.cutAfter(k);
                    }
                    manager = LogManager.open(disk.resolve("log"), settings(storage));
                    if (damage == null) {
                        storage.cutAfter(k);
                    }
                    operation.run(manager, run);
                } catch (LogException e) {
                    assertThat(storage.isCut()).as(name + " failed without a cut: " + e).isTrue();
                }
                if (!storage.isCut()) {
                    operations = k; // the whole operation ran within k operations: this was the last cut point
                }
                storage.cutNow();
                if (manager != null) {
                    manager.close();
                }
                cuts++;
                int pending = storage.pendingDirectoryChanges();
                List<String> variants = new ArrayList<>();
                for (int prefix = 0; prefix <= pending; prefix++) {
                    variants.add("prefix " + prefix);
                }
                if (pending <= SUBSETS_UP_TO) {
                    for (int mask = 0; mask < 1 << pending; mask++) {
                        if (Integer.bitCount(mask + 1) != 1) { // masks 0, 1, 3, 7... are prefixes, done above
                            variants.add("subset " + mask);
                        }
                    }
                }
                int v = 0;
                for (String variant : variants) {
                    // the files' tails vary with the prefixes; the subsets vary only the directory entries
                    Tail[] tails = variant.startsWith("prefix") ? new Tail[]{Tail.NONE, Tail.ALL} : new Tail[]{Tail.NONE};
                    for (Tail tail : tails) {
                        Path state = tmp.resolve(name + "-" + k + "-" + v++);
                        int selector = Integer.parseInt(variant.substring(variant.indexOf(' ') + 1));
                        IntPredicate keep = variant.startsWith("prefix") ? i -> i < selector : i -> (selector >> i & 1) == 1;
                        String description = name + ", cut after operation " + k + ", " + variant + ": "
                                + storage.materialize(state, keep, tail, new Random(k));
                        verify(state, run, rules, check, description);
                    }
                }
            }
        }
        System.out.printf("CrashStatesTest %s: %d operations, %d cut points, %d crash states, all recovered; %s%n", name,
                operations, cuts, states - before, checked);
        assertThat(operations).as(name + ": operations").isGreaterThan(1);
    }

    private void verify(Path disk, Run run, Rules rules, Check check, String state) throws IOException {
        states++;
        try (PowerLossStorage storage = new PowerLossStorage(disk);
             LogManager recovered = LogManager.open(disk.resolve("log"), settings(storage))) {
            List<LogSnapshot> logs = new ArrayList<>();
            for (TopicLog topic : recovered.topics()) {
                for (PartitionLog partition : topic.partitions()) {
                    // retention may have moved the start: what is below it may be gone, what is above it may not
                    long deletableBelow = rules == Rules.START_MAY_MOVE ? partition.logStartOffset() : 0;
                    logs.add(TestLogs.snapshot(partition, rules == Rules.COMPACTED, deletableBelow,
                            r -> partition.topicPartition() + "/" + string(r.value())));
                }
            }
            HistoryReport report = new HistoryChecker(run.history()).checkLog(logs).report();
            checked = checked.plus(report);
            assertThat(report.anomalies()).as(state + ": " + report).isZero();
            for (TopicPartition tp : run.acked.keySet()) {
                if (run.mayVanish.contains(tp.topic())) {
                    continue;
                }
                assertThat(recovered.topic(tp.topic())).as(state + ": the topic of acknowledged records " + tp).isPresent();
            }
            check.check(recovered, run, state);
            for (TopicLog topic : recovered.topics()) { // and it takes appends
                for (PartitionLog partition : topic.partitions()) {
                    long end = partition.endOffset();
                    assertThat(partition.append(List.of(new NewRecord(bytes("k"), bytes("x"), List.of(), -1))).baseOffset())
                            .as(state).isEqualTo(end);
                }
            }
        }
        PowerLossStorage.deleteDisk(disk);
    }

    // ---- helpers

    private LogSettings settings(StorageIo storage) {
        return new LogSettings(new FlushPolicy.Durable(), 128, clock, LogMetrics.NONE, storage);
    }

    private static void appendAcked(LogManager m, Run run, String topic, int partition, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String value = prefix + i + "-" + "x".repeat(300);
            run.sent(topic, partition, "k" + i, value);
            AppendResult r = m.requireTopic(topic).partition(partition).append(List.of(new NewRecord(bytes("k" + i),
                    bytes(value), List.of(), -1)));
            run.acked(topic, partition, r.baseOffset(), "k" + i, value);
        }
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path source : walk.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }

}

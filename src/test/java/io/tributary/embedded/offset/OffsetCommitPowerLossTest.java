package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TopicPartition;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.log.PowerLossStorage;
import io.tributary.log.PowerLossStorage.DirEntries;
import io.tributary.log.PowerLossStorage.Tail;
import io.tributary.support.history.Anomaly;
import io.tributary.support.history.Figure;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryChecker;
import io.tributary.support.history.HistoryReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A power cut under concurrent offset commits (issue 17, "Durable offset commits"): H2 runs on {@link PowerCutFilePath}
 * and the offsets journal on {@link PowerLossStorage}, each disk loses power after a random number of operations, and
 * the store is reopened (the journal replayed into the database) from what the disks could hold (only what was forced,
 * or that plus later writes and directory changes, the last write possibly torn). Pass: it opens,
 * and the history checker finds no commit regression (a group's stored offset below its highest acknowledged commit)
 * and no phantom commit (above its highest attempted one). The control run commits the way Tributary did before (H2's
 * commit, no force) and must show commit regressions, which shows that the check can fail.
 */
class OffsetCommitPowerLossTest {

    private static final int GROUPS = 8;
    /** 24 in `verify`; a long run: -Dtributary.test.offset-power-cuts=1000. */
    private static final int CUT_POINTS = Integer.getInteger("tributary.test.offset-power-cuts", 24);
    /** The partition checked (each commit also commits partition 1). */
    private static final TopicPartition T0 = new TopicPartition("t", 0);

    @TempDir
    Path dir;

    @Test
    void acknowledgedCommitsSurviveAPowerCutAtAnyPoint() throws Exception {
        Random random = new Random(17);
        History history = new History(); // the groups of each run under their own names: "run-<n>/g<i>"
        for (int run = 0; run < CUT_POINTS; run++) {
            Path base = dir.resolve("run-" + run).resolve("offsets");
            Files.createDirectories(base.getParent());
            String prefix = "run-" + run + "/";
            Path journalDisk = base.resolveSibling("journal-disk");
            try (Database db = migratedThroughPowerCut(base); PowerLossStorage journal = new PowerLossStorage(journalDisk)) {
                OffsetStore store = new OffsetStore(db.dataSource, journalDisk.resolve(OffsetStore.JOURNAL_DIRECTORY),
                        journal, Clock.systemUTC(), 500, Duration.ofMillis(5)); // many checkpoints in a run
                // Each disk loses power at its own point: a database cut first leaves checkpoints failing while
                // commits go on into the journal; a journal cut first stops the commits.
                PowerCutFilePath.disk(Path.of(base + ".mv.db")).cutAfterWrites(1 + random.nextInt(60));
                journal.cutAfter(random.nextInt(600));
                runUntilCut(base, history, prefix, (group, offset) ->
                        store.commit(group, List.of(new OffsetCommit("t", 0, offset, ""), new OffsetCommit("t", 1, offset, ""))));
                journal.cutNow();
                store.close();
                observe(base, journal, random, history, prefix);
            }
        }
        HistoryReport report = new HistoryChecker(history).report();
        System.out.printf("offset commit power loss: %d cut points x 3 disk images; %s%n", CUT_POINTS, report);
        assertThat(report.figure(Figure.COMMITS_ACKNOWLEDGED)).as("commits acknowledged before the cuts")
                .isGreaterThan(CUT_POINTS);
        assertThat(report.anomalies()).as("stored offsets below an acknowledged commit or above any attempted one: %s",
                report).isZero();
    }

    @Test
    void controlWithoutAForceLosesAcknowledgedCommits() throws Exception {
        Path base = dir.resolve("control").resolve("offsets");
        Files.createDirectories(base.getParent());
        Database db = migratedThroughPowerCut(base);
        History history = new History();
        // Before this change: H2's own commit (WRITE_DELAY=0 writes the chunk), never forced.
        PowerCutFilePath.disk(Path.of(base + ".mv.db")).cutAfterWrites(1 + new Random(1).nextInt(120));
        runUntilCut(base, history, "", (group, offset) -> {
            try (Connection c = db.dataSource.getConnection(); PreparedStatement merge = c.prepareStatement(OffsetCheckpointer.MERGE)) {
                merge.setString(1, group);
                merge.setString(2, "t");
                merge.setInt(3, 0);
                merge.setLong(4, offset);
                merge.setString(5, "");
                merge.setObject(6, java.time.Instant.now());
                merge.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        db.close();
        Path image = base.resolveSibling("after-cut");
        Files.createDirectories(image);
        PowerCutFilePath.disk(Path.of(base + ".mv.db")).materialize(image.resolve("offsets.mv.db"), 0, -1);
        observed(history, "", stored(image.resolve("offsets"), image.resolve(OffsetStore.JOURNAL_DIRECTORY)));

        HistoryReport report = new HistoryChecker(history).report();
        assertThat(report.figure(Figure.COMMITS_ACKNOWLEDGED)).isPositive();
        assertThat(report.count(Anomaly.COMMIT_REGRESSION)).as("acknowledged commits lost by the cut: %s", report)
                .isPositive();
    }

    /**
     * Commits from one thread per group, increasing offsets, until the power goes; each commit sent and acknowledged
     * is recorded for the group {@code prefix + group}.
     */
    private static void runUntilCut(Path base, History history, String prefix, BiConsumer<String, Long> commit)
            throws Exception {
        PowerCutFilePath.Disk disk = PowerCutFilePath.disk(Path.of(base + ".mv.db"));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService committers = Executors.newFixedThreadPool(GROUPS);
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                String group = "g" + g;
                // Groups that stop early have their last commit in journal files a checkpoint deletes later on.
                long last = 50L * (g + 1);
                running.add(committers.submit(() -> {
                    for (long offset = 1; offset <= last && !stop.get(); offset++) {
                        history.commitSent(prefix + group, T0, offset);
                        try {
                            commit.accept(group, offset);
                        } catch (RuntimeException refused) {
                            return; // not acknowledged: the power went (or H2 gave up after it), the outcome unknown
                        }
                        history.commitAcknowledged(prefix + group, T0, offset);
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            committers.shutdown();
            committers.awaitTermination(30, TimeUnit.SECONDS);
        }
        disk.cutNow(); // when the workload ended before the cut point, the power goes now
    }

    /**
     * Opens every image the cuts may leave, the database's (forced only, all written, a random torn prefix) each with
     * one of the journal's (durable only, all, random directory changes and torn tails): what each group kept.
     */
    private void observe(Path base, PowerLossStorage journal, Random random, History history, String prefix) throws Exception {
        PowerCutFilePath.Disk disk = PowerCutFilePath.disk(Path.of(base + ".mv.db"));
        int pending = disk.pendingOperations();
        int[][] images = {{0, -1}, {pending, -1}, {random.nextInt(pending + 1), random.nextInt(4096)}};
        DirEntries[] entries = {DirEntries.DURABLE_ONLY, DirEntries.ALL, DirEntries.values()[random.nextInt(DirEntries.values().length)]};
        Tail[] tails = {Tail.NONE, Tail.ALL, Tail.values()[random.nextInt(Tail.values().length)]};
        for (int i = 0; i < images.length; i++) {
            Path image = base.resolveSibling("image-" + i);
            Files.createDirectories(image);
            disk.materialize(image.resolve("offsets.mv.db"), images[i][0], images[i][1]);
            Path journalImage = image.resolve("journal-disk");
            journal.materialize(journalImage, entries[i], tails[i], random);
            observed(history, prefix, stored(image.resolve("offsets"), journalImage.resolve(OffsetStore.JOURNAL_DIRECTORY)));
        }
    }

    /** Every group's committed offset as one image stores it (-1: none). */
    private static void observed(History history, String prefix, Map<String, Long> stored) {
        for (int g = 0; g < GROUPS; g++) {
            history.committedObserved(prefix + "g" + g, T0, stored.getOrDefault("g" + g, -1L));
        }
    }

    /** The database under test and a session that keeps it open (as the service's pool does) until closed. */
    private record Database(JdbcDataSource dataSource, Connection keeper) implements AutoCloseable {
        @Override
        public void close() {
            try {
                keeper.close(); // the last session: H2 closes the database (after the cut, without writing)
            } catch (SQLException | RuntimeException afterTheCut) {
                // expected once the power is gone
            }
        }
    }

    private static Database migratedThroughPowerCut(Path base) throws SQLException {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(PowerCutFilePath.url(base) + ";WRITE_DELAY=0"); // as the application opens it
        dataSource.setUser("sa");
        Connection keeper = dataSource.getConnection();
        Flyway.configure().dataSource(dataSource).load().migrate();
        // The file exists and holds the schema on the disk before the first commit (the service's first start).
        try (Connection c = dataSource.getConnection(); PreparedStatement sync = c.prepareStatement("CHECKPOINT SYNC")) {
            sync.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return new Database(dataSource, keeper);
    }

    /**
     * Per group, the stored offset of partition 0 in the database file {@code base}.mv.db, opened plainly, after the
     * journal in {@code journal} (if any) is replayed into it, as a start does.
     */
    private static Map<String, Long> stored(Path base, Path journal) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + base.toAbsolutePath());
        dataSource.setUser("sa");
        OffsetStore reopened = new OffsetStore(dataSource, journal);
        try {
            Map<String, Long> stored = new HashMap<>();
            for (CommittedOffset c : reopened.all()) {
                if (c.partition() == 0) {
                    stored.put(c.group(), c.offset());
                }
            }
            return stored;
        } finally {
            reopened.close();
        }
    }
}

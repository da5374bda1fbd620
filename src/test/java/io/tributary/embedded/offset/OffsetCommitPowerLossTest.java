package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
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
 * A power cut under concurrent offset commits (issue 17, "Durable offset commits"): H2 runs on {@link PowerCutFilePath},
 * the power goes after a random number of file writes, and the database is reopened from what the disk could hold
 * (only what was forced, or that plus an ordered prefix of later writes, the last one possibly torn). Pass: it opens,
 * and every group's stored offset is at least its highest acknowledged commit and at most its highest attempted one.
 * The control run commits the way Tributary did before (H2's commit, no force) and must lose acknowledged commits,
 * which shows that the check can fail.
 */
class OffsetCommitPowerLossTest {

    private static final int GROUPS = 8;
    /** 24 in `verify`; a long run: -Dtributary.test.offset-power-cuts=1000. */
    private static final int CUT_POINTS = Integer.getInteger("tributary.test.offset-power-cuts", 24);

    @TempDir
    Path dir;

    @Test
    void acknowledgedCommitsSurviveAPowerCutAtAnyPoint() throws Exception {
        Random random = new Random(17);
        int anomalies = 0;
        long acknowledged = 0;
        for (int run = 0; run < CUT_POINTS; run++) {
            Path base = dir.resolve("run-" + run).resolve("offsets");
            Files.createDirectories(base.getParent());
            Outcome outcome;
            try (Database db = migratedThroughPowerCut(base)) {
                OffsetStore store = new OffsetStore(db.dataSource, Clock.systemUTC(), 500);
                outcome = runUntilCut(base, random, (group, offset) ->
                        store.commit(group, List.of(new OffsetCommit("t", 0, offset, ""), new OffsetCommit("t", 1, offset, ""))));
                store.close();
            }
            anomalies += check(base, random, outcome, run);
            acknowledged += outcome.acknowledged.values().stream().mapToLong(Long::longValue).sum();
        }
        System.out.printf("offset commit power loss: %d cut points x 3 disk images, %d acknowledged commits, %d anomalies%n",
                CUT_POINTS, acknowledged, anomalies);
        assertThat(acknowledged).as("commits acknowledged before the cuts").isGreaterThan(CUT_POINTS);
        assertThat(anomalies).as("groups whose stored offset is below an acknowledged commit or above any attempted one")
                .isZero();
    }

    @Test
    void controlWithoutAForceLosesAcknowledgedCommits() throws Exception {
        Path base = dir.resolve("control").resolve("offsets");
        Files.createDirectories(base.getParent());
        Database db = migratedThroughPowerCut(base);
        // Before this change: H2's own commit (WRITE_DELAY=0 writes the chunk), never forced.
        Outcome outcome = runUntilCut(base, new Random(1), (group, offset) -> {
            try (Connection c = db.dataSource.getConnection(); PreparedStatement merge = c.prepareStatement(OffsetCommitWriter.MERGE)) {
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
        Map<String, Long> stored = stored(image.resolve("offsets"));

        assertThat(outcome.acknowledged).isNotEmpty();
        assertThat(outcome.acknowledged).as("acknowledged commits lost by the cut")
                .anySatisfy((group, acked) -> assertThat(stored.getOrDefault(group, -1L)).isLessThan(acked));
    }

    private record Outcome(Map<String, Long> acknowledged, Map<String, Long> attempted) {
    }

    /** Commits from one thread per group, increasing offsets, until the power goes. */
    private static Outcome runUntilCut(Path base, Random random, BiConsumer<String, Long> commit) throws Exception {
        PowerCutFilePath.Disk disk = PowerCutFilePath.disk(Path.of(base + ".mv.db"));
        disk.cutAfterWrites(1 + random.nextInt(120));
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        Map<String, Long> attempted = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService committers = Executors.newFixedThreadPool(GROUPS);
        try {
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int g = 0; g < GROUPS; g++) {
                String group = "g" + g;
                running.add(committers.submit(() -> {
                    for (long offset = 1; offset <= 400 && !stop.get(); offset++) {
                        attempted.put(group, offset);
                        try {
                            commit.accept(group, offset);
                        } catch (RuntimeException refused) {
                            return; // not acknowledged: the power went (or H2 gave up after it)
                        }
                        acknowledged.put(group, offset);
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
        return new Outcome(acknowledged, attempted);
    }

    /** Opens every image the cut may leave (forced only, all written, a random torn prefix); counts anomalies. */
    private int check(Path base, Random random, Outcome outcome, int run) throws Exception {
        PowerCutFilePath.Disk disk = PowerCutFilePath.disk(Path.of(base + ".mv.db"));
        int pending = disk.pendingOperations();
        int[][] images = {{0, -1}, {pending, -1}, {random.nextInt(pending + 1), random.nextInt(4096)}};
        int anomalies = 0;
        for (int i = 0; i < images.length; i++) {
            Path image = base.resolveSibling("image-" + i);
            Files.createDirectories(image);
            disk.materialize(image.resolve("offsets.mv.db"), images[i][0], images[i][1]);
            Map<String, Long> stored = stored(image.resolve("offsets"));
            for (var e : outcome.acknowledged.entrySet()) {
                long found = stored.getOrDefault(e.getKey(), -1L);
                if (found < e.getValue() || found > outcome.attempted.get(e.getKey())) {
                    System.err.printf("run %d image %d: %s stored %d, acknowledged %d%n", run, i, e.getKey(), found, e.getValue());
                    anomalies++;
                }
            }
        }
        return anomalies;
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

    /** Per group, the stored offset of partition 0 in the database file {@code base}.mv.db, opened plainly. */
    private static Map<String, Long> stored(Path base) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + base.toAbsolutePath());
        dataSource.setUser("sa");
        OffsetStore reopened = new OffsetStore(dataSource);
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

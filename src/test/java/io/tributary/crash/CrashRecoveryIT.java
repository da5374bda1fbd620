package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.ChildService;
import io.tributary.support.history.Figure;
import io.tributary.support.history.HistoryReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Kills the packaged service with SIGKILL at random moments while producers and a consumer group work, now and then
 * also while it is starting (in the middle of recovery), restarts it on the same data dir and, after every restart,
 * reads everything back into the history checker ({@link Ledger#check}), whose report must count no anomaly: every
 * acknowledged or consumed record exactly once at its offset, nothing that was never sent, no poll skipping a record,
 * no committed offset below an acknowledged commit. Small segments make rolls frequent. Beside it a compacted topic,
 * which the log cleaner (checking every half second) compacts under the same kills: each acknowledged record of it
 * stays at its offset or under a later record of its key.
 *
 * <p>{@code -Dcrash.cycles=300} for a longer run, {@code -Dcrash.seed=N} to repeat one (the seed is printed). Child
 * output: {@code target/crash-recovery/kill-cycles.log}; the figures of the run: {@code .../figures.txt}.
 */
class CrashRecoveryIT extends ChildServiceTestBase {

    private static final long DEFAULT_SEED = 20261125L;
    /** One start in this many is killed too, after a random part of its start-up. */
    private static final int KILL_DURING_START_ONE_IN = 4;
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final String COMPACTED_TOPIC = "crash-compacted";
    /** The log cleaner looks for work every half second, so kills land in cleanings too. */
    private static final String[] CLEANER_ARGS = {"--tributary.compaction.check-interval=500ms"};

    @Test
    void nothingAcknowledgedIsLostAcrossRepeatedKills() throws Exception {
        int cycles = Integer.getInteger("crash.cycles", 20); // every build; 300 in the long run
        long seed = Long.getLong("crash.seed", DEFAULT_SEED);
        System.out.printf("CrashRecoveryIT: %d kill cycles, seed %d (repeat with -Dcrash.seed=%d)%n", cycles, seed, seed);
        Random random = new Random(seed);
        Path output = output("kill-cycles");
        Ledger ledger = new Ledger(TOPIC, PARTITIONS, "crash-group", COMPACTED_TOPIC);
        long started = System.nanoTime();
        child = ChildService.start(dataDir, output, CLEANER_ARGS);
        String clusterId = createTopic(child.http(), TOPIC, PARTITIONS, "{\"name\":\"segment.bytes\",\"value\":\"32768\"}");
        createTopic(child.http(), COMPACTED_TOPIC, PARTITIONS, "{\"name\":\"cleanup.policy\",\"value\":\"compact\"}",
                "{\"name\":\"segment.bytes\",\"value\":\"4096\"}", "{\"name\":\"min.cleanable.dirty.ratio\",\"value\":\"0.1\"}");

        Figures figures = new Figures();
        for (int cycle = 1; cycle <= cycles; cycle++) {
            long cycleStart = System.nanoTime();
            Workload workload = Workload.start(child.http(), ledger, clusterId, "c" + cycle, random.nextLong(), true);
            long acknowledgedBefore = ledger.acknowledgedCount();
            int progress = 1 + random.nextInt(400); // the random moment: after this many more acknowledged records
            await().atMost(PROGRESS_TIMEOUT).until(() -> ledger.acknowledgedCount() >= acknowledgedBefore + progress
                    || !ledger.violations().isEmpty());
            long killed = System.nanoTime();
            workload.killing(); // from here on, and only from here on, requests may fail
            child.kill();
            workload.join();
            assertThat(ledger.violations()).as("what the service answered in cycle %d", cycle).isEmpty();

            if (random.nextInt(KILL_DURING_START_ONE_IN) == 0) {
                ChildService starting = ChildService.launch(dataDir, output, CLEANER_ARGS);
                Thread.sleep(random.nextInt(4000)); // the random moment in start-up: JVM, recovery, Flyway, web server
                starting.kill();
                figures.killsDuringStart++;
            }
            long restarting = System.nanoTime();
            child = ChildService.start(dataDir, output, CLEANER_ARGS);
            long restarted = System.nanoTime();
            JsonNode recovery = lastRecovery(child.http());
            assertThat(recovery.get("cleanShutdown").asBoolean()).as("recovery after a kill: %s", recovery).isFalse();
            figures.repairs += recovery.get("repairs").size();
            Ledger.Checked checked = ledger.check(child.http(), clusterId);
            figures.add(checked);
            System.out.printf("cycle %d: killed after %d ms of load, restarted in %d ms, checked in %d ms, %d records%n",
                    cycle, millis(cycleStart, killed), millis(restarting, restarted), millis(restarted, System.nanoTime()),
                    ledger.acknowledgedCount());
            assertThat(checked.report().anomalies()).as("after the restart of cycle %d: %s", cycle, checked.report())
                    .isZero();
        }
        // the requests the last kill left unanswered, retried on a running service: then every record exactly once
        Workload.retryUnanswered(child.http(), ledger);
        assertThat(ledger.violations()).as("the final retries").isEmpty();
        assertThat(ledger.unansweredRequests()).as("idempotent requests still unanswered").isEmpty();
        Ledger.Checked last = ledger.check(child.http(), clusterId);
        figures.add(last);
        HistoryReport report = last.report();
        figures.cycles = cycles;
        figures.seed = seed;
        figures.minutes = (System.nanoTime() - started) / 60e9;
        figures.report(ledger, report);
        assertThat(report.anomalies()).as(report.toString()).isZero();
        assertThat(report.figure(Figure.ACKNOWLEDGED)).as("records acknowledged over the run").isGreaterThan(cycles);
        assertThat(report.figure(Figure.POLLED)).as("records consumed over the run").isPositive();
        assertThat(report.figure(Figure.COMMITS_ACKNOWLEDGED)).as("commits acknowledged over the run").isPositive();
        assertThat(ledger.retries()).as("idempotent requests retried after kills").isPositive();
        assertThat(figures.compactedMin).as("stored over acknowledged records of the compacted topic: the cleaner ran")
                .isLessThan(1.0);
    }

    private static long millis(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1_000_000;
    }

    /** What a run did and checked; printed, and written to figures.txt for docs/reliability.md. */
    private static final class Figures {
        long seed;
        int cycles;
        int killsDuringStart;
        long repairs;
        long recordsRead;
        long compactedRead;
        long compactedAcknowledged;
        double compactedMin = 1.0;
        double minutes;

        void add(Ledger.Checked checked) {
            recordsRead += checked.recordsRead();
            compactedRead += checked.compactedStored();
            compactedAcknowledged = checked.compactedAcknowledged();
            compactedMin = Math.min(compactedMin, (double) checked.compactedStored() / checked.compactedAcknowledged());
        }

        void report(Ledger ledger, HistoryReport history) throws IOException {
            String text = String.format("""
                            date: %s
                            machine: %d cores, %s %s, Java %s
                            seed: %d
                            kill cycles (SIGKILL under load): %d
                            kills during start-up: %d
                            records read back (all restarts, both topics): %d
                            compacted topic: records acknowledged %d, read back (all restarts) %d, lowest share stored %.2f
                            recovery repairs reported: %d
                            idempotent requests retried after a kill: %d (answered from the log: %d, appended by the retry: %d)
                            %s
                            duration: %.1f min
                            """, Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                    System.getProperty("os.arch"), System.getProperty("java.version"), seed, cycles, killsDuringStart,
                    recordsRead, compactedAcknowledged, compactedRead, compactedMin, repairs, ledger.retries(),
                    ledger.replays(), ledger.retries() - ledger.replays(), history, minutes);
            System.out.print("CrashRecoveryIT figures:\n" + text);
            Files.createDirectories(OUTPUT);
            Files.writeString(OUTPUT.resolve("figures.txt"), text);
        }
    }
}

package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.ChildService;
import io.tributary.support.Http;
import io.tributary.support.history.Figure;
import io.tributary.support.history.HistoryReport;

import java.time.Duration;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Pauses the packaged service with SIGSTOP for seconds while producers and a consumer group work, as a long GC pause,
 * a frozen VM or a debugger would, and resumes it with SIGCONT (docs/reliability.md, "Pauses"). The clients give up
 * after {@link #CLIENT_TIMEOUT}, so the requests in flight end with unknown outcomes: the service may still complete
 * them when it resumes. After every pause the history checker ({@link Ledger#check}) holds it to what it answered: every
 * acknowledged or consumed record exactly once at its offset, nothing never sent, no poll skipping a record, no
 * committed offset below an acknowledged commit. The
 * idempotent producer sends every request a pause left unanswered again with its Idempotency-Key, first thing in the
 * next cycle, and once more at the end: each of its records must then be stored exactly once.
 *
 * <p>Short by default (3 pauses of 3 to 5 s). The long run: {@code ./mvnw -B verify -Dtest=none
 * -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=PauseIT -Dpause.cycles=100 -Dpause.min-seconds=5
 * -Dpause.max-seconds=40} ({@code -Dpause.seed=N} repeats a run's choices; the figures are printed).
 */
class PauseIT extends ChildServiceTestBase {

    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration PROGRESS_TIMEOUT = Duration.ofSeconds(60);
    private static final String GROUP = "pause-group";

    @Test
    void acknowledgedRecordsAndCommitsSurvivePausesAndRetriesResolveUnknownOutcomesOnce() throws Exception {
        int cycles = Integer.getInteger("pause.cycles", 3);
        int minSeconds = Integer.getInteger("pause.min-seconds", 3);
        int maxSeconds = Integer.getInteger("pause.max-seconds", 5);
        long seed = Long.getLong("pause.seed", 20261206L);
        System.out.printf("PauseIT: %d pauses of %d to %d s, seed %d%n", cycles, minSeconds, maxSeconds, seed);
        Random random = new Random(seed);
        Ledger ledger = new Ledger(TOPIC, PARTITIONS, GROUP);
        long started = System.nanoTime();
        child = ChildService.start(dataDir, output("pauses"));
        Http http = child.http().withTimeout(CLIENT_TIMEOUT);
        String clusterId = createTopic(child.http(), TOPIC, PARTITIONS, "{\"name\":\"segment.bytes\",\"value\":\"32768\"}");

        long pausedMillis = 0;
        long recordsRead = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            String run = "p" + cycle;
            Workload workload = Workload.start(http, ledger, clusterId, run, random.nextLong(), true);
            long acknowledgedBefore = ledger.acknowledgedCount();
            int progress = 1 + random.nextInt(300);
            await().atMost(PROGRESS_TIMEOUT).until(() -> ledger.acknowledgedCount() >= acknowledgedBefore + progress
                    || !ledger.violations().isEmpty());
            long pause = (minSeconds + random.nextInt(maxSeconds - minSeconds + 1)) * 1000L;
            workload.pausing(); // from here on requests may time out
            child.pause();
            Thread.sleep(pause); // the fault itself: the service is frozen this long
            child.resume();
            pausedMillis += pause;
            workload.finish();
            workload.join();
            assertThat(ledger.violations()).as("what the service answered in cycle %d", cycle).isEmpty();

            // this cycle's consumer instance is abandoned, as by a client that timed out; the next cycle's member
            // takes over the group once it is gone
            Http.Response deleted = child.http().delete("/consumers/" + GROUP + "/instances/" + run);
            assertThat(deleted.status()).as("delete %s: %s", run, deleted).isIn(204, 404);
            Ledger.Checked checked = ledger.check(child.http(), clusterId);
            recordsRead += checked.recordsRead();
            System.out.printf("pause %d: %d ms, %d records acknowledged so far, %d idempotent requests retried%n",
                    cycle, pause, ledger.acknowledgedCount(), ledger.retries());
            assertThat(checked.report().anomalies()).as("after pause %d: %s", cycle, checked.report()).isZero();
        }
        Workload.retryUnanswered(child.http(), ledger);
        assertThat(ledger.violations()).as("the final retries").isEmpty();
        assertThat(ledger.unansweredRequests()).as("idempotent requests still unanswered").isEmpty();
        Ledger.Checked last = ledger.check(child.http(), clusterId);
        recordsRead += last.recordsRead();
        HistoryReport report = last.report();
        System.out.printf("PauseIT figures: %d pauses (%.1f s paused), %d records read back, %d idempotent requests "
                        + "retried (%d answered from the log), %.1f min; %s%n", cycles, pausedMillis / 1000.0, recordsRead,
                ledger.retries(), ledger.replays(), (System.nanoTime() - started) / 60e9, report);
        assertThat(report.anomalies()).as(report.toString()).isZero();
        assertThat(report.figure(Figure.ACKNOWLEDGED)).as("records acknowledged").isGreaterThan(cycles);
        assertThat(report.figure(Figure.POLLED)).as("records consumed").isPositive();
        assertThat(ledger.retries()).as("idempotent requests left unanswered by a pause and retried").isPositive();
    }
}

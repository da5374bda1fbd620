package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.ChildService;
import io.tributary.support.Http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the service with SIGKILL at random moments while producers and a consumer group work, restarts it on the same
 * data dir and checks, after every restart, that nothing acknowledged was lost: every acknowledged record exactly once at
 * its offset, in order, and no committed offset below an acknowledged commit. {@code -Dcrash.cycles=300} for a long run.
 * Child output: {@code target/crash-recovery/*.log}.
 */
class CrashRecoveryIT {

    private static final Path OUTPUT = Path.of("target", "crash-recovery");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String TOPIC = "crash-test";
    private static final int PARTITIONS = 3;

    @TempDir
    Path dataDir;

    private ChildService child;

    @AfterEach
    void killChild() {
        if (child != null) {
            child.close();
        }
    }

    @Test
    void nothingAcknowledgedIsLostAcrossRepeatedKills() throws Exception {
        int cycles = Integer.getInteger("crash.cycles", 30);
        Path output = OUTPUT.resolve("kill-cycles.log");
        Files.deleteIfExists(output);
        Ledger ledger = new Ledger(TOPIC, PARTITIONS, "crash-group");
        child = ChildService.start(dataDir, output, START_TIMEOUT);
        String clusterId = createTopic(child.http());

        long recordChecks = 0;
        long commitChecks = 0;
        for (int cycle = 1; cycle <= cycles; cycle++) {
            Workload workload = Workload.start(child.http(), ledger, "c" + cycle, true);
            Thread.sleep(ThreadLocalRandom.current().nextLong(300, 2500)); // the random moment of the crash
            child.kill();
            workload.join();
            assertThat(ledger.violations()).as("answers before the kill in cycle %d", cycle).isEmpty();

            child = ChildService.start(dataDir, output, START_TIMEOUT);
            recordChecks += ledger.checkRecords(child.http());
            commitChecks += ledger.checkCommits(child.http(), clusterId);
        }
        System.out.printf("CrashRecoveryIT: %d kill cycles, %d acknowledged records (%d record checks), %d partitions "
                        + "with committed offsets (%d commit checks), records lost: 0, commits lost: 0%n",
                cycles, ledger.recordCount(), recordChecks, ledger.commitCount(), commitChecks);
        assertThat(ledger.recordCount()).as("records acknowledged over the run").isGreaterThan(cycles);
        assertThat(ledger.commitCount()).as("partitions with acknowledged commits").isPositive();
    }

    @Test
    void sigtermFinishesCleanlyAndTheNextStartScansNothing() throws Exception {
        Path output = OUTPUT.resolve("sigterm.log");
        Files.deleteIfExists(output);
        Ledger ledger = new Ledger(TOPIC, PARTITIONS, "sigterm-group");
        child = ChildService.start(dataDir, output, START_TIMEOUT);
        createTopic(child.http());
        Workload workload = Workload.start(child.http(), ledger, "t", false);
        awaitRecords(ledger, 50);

        int exit = child.terminate(Duration.ofSeconds(30)); // producers keep sending while the service stops
        workload.join();
        assertThat(exit).as("exit code after SIGTERM").isIn(0, 143);
        assertThat(ledger.violations()).as("answers during a graceful stop").isEmpty();
        assertThat(dataDir.resolve("log/.clean-shutdown")).exists();

        child = ChildService.start(dataDir, output, START_TIMEOUT);
        var recovery = child.http().get("/actuator/health").json().at("/components/logDirectory/details/lastRecovery");
        assertThat(recovery.get("cleanShutdown").asBoolean()).as("last recovery: %s", recovery).isTrue();
        assertThat(ledger.checkRecords(child.http())).isEqualTo(ledger.recordCount());
    }

    private static String createTopic(Http http) {
        String clusterId = http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        Http.Response created = http.post("/v3/clusters/" + clusterId + "/topics", Http.JSON,
                "{\"topic_name\":\"" + TOPIC + "\",\"partitions_count\":" + PARTITIONS + "}");
        assertThat(created.status()).as("create topic: %s", created).isEqualTo(201);
        return clusterId;
    }

    private static void awaitRecords(Ledger ledger, int count) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> ledger.recordCount() >= count);
    }
}

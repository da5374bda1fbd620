package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.ChildService;
import io.tributary.support.Http;
import io.tributary.support.history.Figure;
import io.tributary.support.history.HistoryReport;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * SIGTERM while producers, a consumer group and a long poll are busy: requests in flight are finished, the log is
 * flushed and closed with its clean-shutdown marker, and the next start trusts it and scans nothing.
 */
class GracefulShutdownIT extends ChildServiceTestBase {

    private static final String IDLE_TOPIC = "idle";
    private static final int LONG_POLL_MS = 15_000;

    @Test
    void sigtermFinishesInFlightRequestsAndTheNextStartScansNothing() throws Exception {
        Path output = output("sigterm");
        Ledger ledger = new Ledger(TOPIC, PARTITIONS, "sigterm-group");
        // nothing is fsynced in the background: what is on disk after the stop is what the shutdown flushed
        child = ChildService.start(dataDir, output, "--tributary.log.flush=interval", "--tributary.log.flush-interval=1h",
                "--management.endpoints.web.exposure.include=health,metrics"); // active requests are read from metrics
        Http http = child.http();
        String clusterId = createTopic(http, TOPIC, PARTITIONS);
        createTopic(http, IDLE_TOPIC, 1);

        CompletableFuture<Http.Response> longPoll = http.getAsync("/topics/" + IDLE_TOPIC + "/partitions/0/records?offset=0"
                + "&timeout=" + LONG_POLL_MS, Http.JSON_V2);
        await().atMost(Duration.ofSeconds(10)).until(() -> activeRequests(http) >= 2); // the poll, and this request
        Workload workload = Workload.start(http, ledger, clusterId, "t", 1L, true);
        await().atMost(Duration.ofSeconds(60)).until(() -> ledger.acknowledgedCount() >= 200
                && ledger.history().polledCount() > 0);

        assertThat(longPoll).as("the long poll, still in flight").isNotDone();
        workload.stopping(); // the requests it sent before this are in flight: they must be answered
        int exit = child.terminate(Duration.ofSeconds(60)); // producers and the consumer keep going while it stops
        workload.join();
        assertThat(exit).as("exit code after SIGTERM").isEqualTo(ChildService.SIGTERM_EXIT);
        assertThat(ledger.violations()).as("answers during a graceful stop").isEmpty();
        Http.Response polled = longPoll.get(10, TimeUnit.SECONDS);
        assertThat(polled.status()).as("the long poll in flight: %s", polled).isEqualTo(200);
        assertThat(polled.json()).isEmpty();
        assertThat(child.output()).contains("Commencing graceful shutdown", "Graceful shutdown complete");
        assertThat(dataDir.resolve("log/.clean-shutdown")).exists();

        child = ChildService.start(dataDir, output);
        JsonNode recovery = lastRecovery(child.http());
        assertThat(recovery.get("cleanShutdown").asBoolean()).as("recovery: %s", recovery).isTrue();
        assertThat(recovery.get("segmentsScanned").asInt()).as("segments scanned: %s", recovery).isZero();
        assertThat(recovery.get("repairs")).as("repairs: %s", recovery).isEmpty();
        HistoryReport report = ledger.check(child.http(), clusterId).report();
        System.out.println("GracefulShutdownIT " + report);
        assertThat(report.anomalies()).as(report.toString()).isZero();
        assertThat(report.figure(Figure.PROMISES_CHECKED)).as("acknowledged and consumed records checked")
                .isGreaterThanOrEqualTo(ledger.acknowledgedCount());
        assertThat(report.figure(Figure.COMMITS_ACKNOWLEDGED)).as("commits acknowledged before the stop").isPositive();
    }

    private static double activeRequests(Http http) {
        JsonNode metric = http.get("/actuator/metrics/http.server.requests.active").json();
        for (JsonNode measurement : metric.get("measurements")) {
            if (measurement.get("statistic").asString().equals("ACTIVE_TASKS")) {
                return measurement.get("value").asDouble();
            }
        }
        return 0;
    }
}

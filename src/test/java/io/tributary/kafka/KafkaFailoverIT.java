package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.TopicPartition;
import io.tributary.support.ChildService;
import io.tributary.support.Http;
import io.tributary.support.KafkaCluster;
import io.tributary.support.history.ApiLogReads;
import io.tributary.support.history.Figure;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryChecker;
import io.tributary.support.history.HistoryReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service over a Kafka cluster of its own (three brokers, replication factor 3, min.insync.replicas 2)
 * while brokers crash (partition leaders killed with SIGKILL one after another under four HTTP producers, each
 * restarted and caught up before the next kill): every acknowledged record is there exactly once (the history checker's
 * report counts no anomaly), a request in the stall either waits it out
 * or answers 50003 (never a false success or a 500), and with no broker at all produce answers 503 50003 and health is
 * DOWN, both back without a restart once Kafka is.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KafkaFailoverIT {

    /** Above a fail-over with the test brokers' 3 s session timeout; short enough to keep the unreachable case quick. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final String TOPIC = "failover";
    /** Leader kills in the first test: 1 in every build (the suite's time budget); the 5 with -Dkafka.failover.kills=5. */
    private static final int KILLS = Integer.getInteger("kafka.failover.kills", 1);

    private static KafkaCluster cluster;
    private static ChildService node;
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaCluster.start(3, Map.of());
        dir = Files.createTempDirectory("tributary-kafka-failover-");
        node = ChildService.start(dir.resolve("data"), dir.resolve("node.log"), "--tributary.backend=kafka",
                "--tributary.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--tributary.kafka.request-timeout=" + REQUEST_TIMEOUT.toSeconds() + "s");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyAcknowledgedRecordSurvivesRepeatedLeaderCrashesExactlyOnce() throws Exception {
        Http http = node.http();
        createTopic(http, TOPIC);
        ProduceLoad load = ProduceLoad.start(http, TOPIC, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged() > 500);
        for (int kill = 0; kill < KILLS; kill++) {
            // a different partition's leader each time, so every broker crashes as a leader
            int victim = cluster.leaderOf(TOPIC, kill % 3);
            long beforeKill = load.acknowledged();
            cluster.kill(victim);
            long killedAt = System.nanoTime();
            // the API keeps serving: acknowledgements resume after the fail-over
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() > beforeKill + 2000);
            long resumedAfterMs = (System.nanoTime() - killedAt) / 1_000_000;
            System.out.printf("kill %d of %d, broker %d: %d records acknowledged so far, slowest acknowledgement %d ms, "
                    + "2000 more within %d ms of the kill; other outcomes %s%n", kill + 1, KILLS, victim, load.acknowledged(),
                    load.slowestAck.get(), resumedAfterMs, load.outcomes);
            cluster.restartStopped();
            awaitAllReplicasInSync(TOPIC);
        }
        load.stop();

        assertThat(load.outcomes.keySet()).as("only retriable errors and dropped connections, never a 500")
                .allMatch(k -> k.equals("no answer") || k.equals("503/50003") || k.equals("record 50003"));
        HistoryReport report = load.check(http);
        System.out.printf("%d leader kills: %s%n", KILLS, report);
        assertThat(report.anomalies()).as(report.toString()).isZero(); // lost, duplicates, inconsistent offsets...
        assertThat(report.figure(Figure.RECORDS_CHECKED)).as("records read back").isGreaterThanOrEqualTo(load.acknowledged());
    }

    /**
     * A rolling restart of the brokers (each stopped gracefully, started again and caught up before the next), under
     * four HTTP producers that retry a failed request up to three times, as a client would: nothing acknowledged is
     * lost (the history checker's report counts no anomaly) and at least 99% of requests succeed. A retried request may
     * be stored twice (Kafka mode has no Idempotency-Key): at-least-once, as any client retry over HTTP; the report
     * counts those apart, not as anomalies.
     */
    @Test
    @Order(3)
    void aRollingRestartOfTheBrokersLosesNothingAndNearlyEveryRequestSucceedsWithRetries() throws Exception {
        Http http = node.http();
        String topic = "rolling";
        createTopic(http, topic);
        ProduceLoad load = ProduceLoad.start(http, topic, 3);
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged() > 500);
        for (int id : cluster.nodeIds()) {
            long before = load.acknowledged();
            cluster.stop(id);
            cluster.restartStopped();
            awaitAllReplicasInSync(topic);
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() > before + 1000);
        }
        load.stop();

        long requests = load.requests.get();
        long failed = load.failedRequests.get();
        System.out.printf("rolling restart of %d brokers: %d requests, %d failed after 3 retries, %d records acknowledged, "
                + "slowest acknowledgement %d ms; outcomes of tries %s%n", cluster.nodeIds().size(), requests, failed,
                load.acknowledged(), load.slowestAck.get(), load.outcomes);
        assertThat(load.outcomes.keySet()).as("only retriable errors and dropped connections, never a 500")
                .allMatch(k -> k.equals("no answer") || k.equals("503/50003") || k.equals("record 50003"));
        assertThat(failed).as("requests failed after 3 retries, of %d", requests).isLessThanOrEqualTo(requests / 100);
        HistoryReport report = load.check(http);
        System.out.println("rolling restart of the brokers: " + report);
        assertThat(report.anomalies()).as(report.toString()).isZero();
    }

    private static void createTopic(Http http, String topic) {
        String clusterId = http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        assertThat(http.post("/v3/clusters/" + clusterId + "/topics", Http.JSON, """
                {"topic_name":"%s","partitions_count":3,"replication_factor":3,
                 "configs":[{"name":"min.insync.replicas","value":"2"}]}""".formatted(topic)).status()).isEqualTo(201);
    }

    /**
     * Until a restarted broker has caught up: killing the next one earlier would leave a partition one in-sync replica
     * short of min.insync.replicas, which answers retriably and proves nothing more.
     */
    private static void awaitAllReplicasInSync(String topic) {
        try (Admin admin = cluster.admin()) {
            await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> admin.describeTopics(List.of(topic))
                    .allTopicNames().get(30, java.util.concurrent.TimeUnit.SECONDS).get(topic).partitions().stream()
                    .allMatch(p -> p.isr().size() == 3));
        }
    }

    @Test
    @Order(2)
    void commitsWhileTheGroupCoordinatorCrashesAreKeptOrRefusedRetriablyNeverLost() throws Exception {
        Http http = node.http();
        String topic = "commits";
        String cluster0 = http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        assertThat(http.post("/v3/clusters/" + cluster0 + "/topics", Http.JSON, "{\"topic_name\":\"" + topic
                + "\",\"partitions_count\":1,\"replication_factor\":3}").status()).isEqualTo(201);
        TopicPartition partition = new TopicPartition(topic, 0);
        History history = new History();
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            records.append(i == 0 ? "" : ",").append("{\"value\":").append(i).append('}');
            history.invoked(Integer.toString(i), topic);
        }
        Http.Response produced = http.post("/topics/" + topic, Http.JSON_V2, "{\"records\":[" + records + "]}");
        assertThat(produced.status()).isEqualTo(200);
        for (int i = 0; i < 300; i++) {
            history.acknowledged(Integer.toString(i), partition, produced.json().get("offsets").get(i).get("offset").asLong());
        }
        String group = "committers";
        String base = "/consumers/" + group + "/instances/c";
        assertThat(http.post("/consumers/" + group, Http.V2, "{\"name\":\"c\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}").status()).isEqualTo(200);
        assertThat(http.post(base + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}").status()).isEqualTo(204);

        Map<String, Integer> outcomes = new java.util.TreeMap<>();
        long acknowledged = -1;
        long next = 0;
        Integer victim = null;
        long slowestCommitMs = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (next < 300 && System.nanoTime() < deadline) {
            Http.Response polled = http.get(base + "/records?timeout=500&max_bytes=8", Http.JSON_V2);
            if (polled.status() != 200) {
                outcomes.merge("poll " + polled.status() + "/" + polled.errorCode(), 1, Integer::sum);
                continue;
            }
            for (JsonNode record : polled.json()) {
                next = record.get("offset").asLong() + 1;
                history.polled(group, "c", partition, ApiLogReads.seen(record));
            }
            if (polled.json().isEmpty()) {
                continue;
            }
            history.commitSent(group, partition, next);
            long sent = System.nanoTime();
            Http.Response commit = http.post(base + "/offsets", Http.V2, "{\"offsets\":[{\"topic\":\"" + topic
                    + "\",\"partition\":0,\"offset\":" + next + "}]}");
            slowestCommitMs = Math.max(slowestCommitMs, (System.nanoTime() - sent) / 1_000_000);
            String outcome = commit.status() == 204 ? "204" : commit.status() + "/" + commit.errorCode();
            outcomes.merge(outcome, 1, Integer::sum);
            if (commit.status() == 204) {
                acknowledged = next;
                history.commitAcknowledged(group, partition, next);
            } else if (commit.status() == 409) {
                history.commitRefused(group, partition, next); // the partition moved: refused for certain
            }
            if (victim == null && acknowledged >= 30) { // a few commits in: crash the group's coordinator
                try (Admin admin = cluster.admin()) {
                    victim = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                            .get(30, java.util.concurrent.TimeUnit.SECONDS).coordinator().id();
                }
                cluster.kill(victim);
            }
        }
        System.out.printf("coordinator %s killed while committing: outcomes %s, slowest commit %d ms, last acknowledged "
                + "commit %d%n", victim, outcomes, slowestCommitMs, acknowledged);
        assertThat(victim).isNotNull();
        assertThat(next).as("every record read").isEqualTo(300);
        assertThat(outcomes.keySet()).as("commits answered 204, or refused clearly (retriable, or the partition moved)")
                .allMatch(k -> k.equals("204") || k.endsWith("/50003") || k.equals("409/40903"));
        long lastAcknowledged = acknowledged;
        try (Admin admin = cluster.admin()) {
            long stored = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, java.util.concurrent.TimeUnit.SECONDS).get(new org.apache.kafka.common.TopicPartition(topic, 0)).offset();
            assertThat(stored).as("the last acknowledged commit is what Kafka keeps").isEqualTo(lastAcknowledged);
            history.committedObserved(group, partition, stored);
        }
        HistoryReport report = new HistoryChecker(history).report();
        System.out.println("coordinator crash: " + report);
        assertThat(report.anomalies()).as(report.toString()).isZero(); // no poll skipped a record, no commit moved back
        assertThat(report.figure(Figure.POLLED)).isGreaterThanOrEqualTo(300);
        assertThat(http.delete(base).status()).isEqualTo(204);
        cluster.restartStopped();
    }

    @Test
    @Order(4)
    void withNoBrokerProduceAnswers503AndHealthIsDownAndBothRecoverWithoutARestart() {
        Http http = node.http();
        assertThat(http.post("/topics/" + TOPIC, Http.JSON_V2, "{\"records\":[{\"value\":\"before\"}]}").status()).isEqualTo(200);
        for (int id : cluster.nodeIds()) {
            cluster.kill(id);
        }

        Http.Response refused = http.post("/topics/" + TOPIC, Http.JSON_V2, "{\"records\":[{\"value\":\"during\"}]}");
        assertThat(refused.status()).as(refused.toString()).isIn(200, 503);
        int code = refused.status() == 503 ? refused.errorCode() : refused.json().get("offsets").get(0).get("error_code").asInt();
        assertThat(code).as(refused.toString()).isEqualTo(50003);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Http.Response health = http.get("/actuator/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("components").get("kafka").get("status").asString()).isEqualTo("DOWN");
        });

        cluster.restartStopped();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(http.get("/actuator/health").status()).isEqualTo(200));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Response after = http.post("/topics/" + TOPIC, Http.JSON_V2, "{\"records\":[{\"value\":\"after\"}]}");
            assertThat(after.status()).as(after.toString()).isEqualTo(200);
            assertThat(after.json().get("offsets").get(0).get("error_code").isNull()).isTrue();
        });
    }
}

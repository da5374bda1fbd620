package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.ChildService;
import io.tributary.support.Http;
import io.tributary.support.KafkaCluster;
import io.tributary.support.TcpProxy;
import io.tributary.support.history.Figure;
import io.tributary.support.history.History;
import io.tributary.support.history.HistoryReport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A network partition between one Tributary node and the whole Kafka cluster, on loopback: the shared cluster's
 * brokers have a second listener whose advertised endpoints are proxies in this JVM ({@link TcpProxy}), and the
 * minority node is bootstrapped there, so it reaches every broker only through them; the majority node and the
 * brokers among themselves do not use them. Under HTTP produce load on both nodes the proxies are cut (a black hole,
 * as an iptables DROP; in the long run every other cut is a refusal, as a REJECT with RST) and healed:
 * <ul>
 *   <li>the cut-off node answers every request, with 503 / 50003 in the Kafka REST error body, within its request
 *       timeout plus a margin, never hangs, and acknowledges nothing while it cannot reach the brokers;</li>
 *   <li>its consumer's commit is refused the same way, never acknowledged; after healing the group's committed offset is
 *       not below the last acknowledged commit, and commits are acknowledged again;</li>
 *   <li>the majority node keeps acknowledging through the cut;</li>
 *   <li>nothing acknowledged is lost: every acknowledged record is readable at its offset, once, within 60 s of the
 *       heal, and the cut-off node acknowledges produces again.</li>
 * </ul>
 * One cut of 12 s in {@code verify}; {@code -Dkafka.partition.cycles=N -Dkafka.partition.cut-seconds=S} for more
 * (docs/reliability.md).
 */
class KafkaPartitionIT {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);
    /** Above the request timeout: the Kafka producer's delivery timeout adds its linger, the HTTP answer its writing. */
    private static final Duration ANSWER_MARGIN = Duration.ofSeconds(4);
    private static final int CYCLES = Integer.getInteger("kafka.partition.cycles", 1);
    private static final Duration CUT = Duration.ofSeconds(Long.getLong("kafka.partition.cut-seconds", 12));

    private static KafkaCluster cluster;
    private static ChildService majority;
    private static ChildService minority;

    @BeforeAll
    static void start() throws Exception {
        cluster = KafkaCluster.shared();
        Path dir = Files.createTempDirectory("tributary-kafka-partition-");
        long started = System.nanoTime();
        // both at once: a start takes seconds on two cores
        var minorityStart = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> node(dir, "minority", cluster.proxiedBootstrapServers()));
        try {
            majority = node(dir, "majority", cluster.bootstrapServers());
        } finally {
            minority = minorityStart.join();
        }
        System.out.printf("KafkaPartitionIT: two nodes started in %d ms%n", millisSince(started));
    }

    private static ChildService node(Path dir, String name, String bootstrapServers) {
        return ChildService.start(dir.resolve(name), dir.resolve(name + ".log"), "--tributary.backend=kafka",
                "--tributary.kafka.bootstrap-servers=" + bootstrapServers,
                "--tributary.kafka.request-timeout=" + REQUEST_TIMEOUT.toSeconds() + "s",
                "--tributary.kafka.node-timeout=4s", "--tributary.kafka.heartbeat-interval=1s");
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.healProxiedClients();
        }
        for (ChildService node : new ChildService[] {minority, majority}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void theCutOffNodeAnswers5xxWithinItsTimeoutAndNothingAcknowledgedIsLost() throws Exception {
        String topic = "partition-" + System.nanoTime() % 100_000;
        Http viaMajority = majority.http();
        // a hang shows as "no answer" after this, instead of holding the test for a minute
        Http viaMinority = minority.http().withTimeout(REQUEST_TIMEOUT.plus(ANSWER_MARGIN).multipliedBy(2));
        String clusterId = viaMajority.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        assertThat(viaMajority.post("/v3/clusters/" + clusterId + "/topics", Http.JSON, """
                {"topic_name":"%s","partitions_count":3,"replication_factor":3,
                 "configs":[{"name":"min.insync.replicas","value":"2"}]}""".formatted(topic)).status()).isEqualTo(201);

        Consumer consumer = new Consumer(viaMinority, "g-" + topic, topic);
        History history = new History(); // both loads: the checker reads the topic once for the two
        ProduceLoad majorityLoad = ProduceLoad.start(() -> viaMajority, topic, "majority", 0, history);
        ProduceLoad minorityLoad = ProduceLoad.start(() -> viaMinority, topic, "minority", 0, history);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> majorityLoad.acknowledged() > 200 && minorityLoad.acknowledged() > 200);
        await().atMost(Duration.ofSeconds(60)).until(consumer::pollAndCommit);
        assertThat(consumer.acknowledged).as("a commit before the cut").isPositive();

        List<String> figures = new ArrayList<>();
        for (int cycle = 0; cycle < CYCLES; cycle++) {
            TcpProxy.Cut how = cycle % 2 == 0 ? TcpProxy.Cut.BLACK_HOLE : TcpProxy.Cut.REFUSE;
            long majorityBefore = majorityLoad.acknowledged();
            cluster.partitionProxiedClients(how);
            long cutAt = System.nanoTime();

            // a one-record v3 produce on the cut-off node: 503 with the error body, within the request timeout
            long sent = System.nanoTime();
            Http.Response probe = viaMinority.post("/v3/clusters/" + clusterId + "/topics/" + topic + "/records",
                    Http.JSON, "{\"value\":{\"type\":\"JSON\",\"data\":\"probe-" + cycle + "\"}}");
            long probeMs = millisSince(sent);
            assertThat(probe.status()).as(probe.toString()).isEqualTo(503);
            assertThat(probe.errorCode()).as(probe.toString()).isEqualTo(50003);
            assertThat(probe.json().get("message").asString()).as(probe.toString()).isNotBlank();
            assertThat(Duration.ofMillis(probeMs)).as("the answer's wait").isLessThanOrEqualTo(REQUEST_TIMEOUT.plus(ANSWER_MARGIN));

            // the cut-off node's consumer: its commit is refused, not acknowledged
            sent = System.nanoTime();
            Http.Response commit = consumer.commit(consumer.acknowledged + 1);
            long commitMs = millisSince(sent);
            assertThat(commit.status()).as("a commit while cut off: " + commit).isEqualTo(503);
            assertThat(commit.errorCode()).as(commit.toString()).isEqualTo(50003);
            assertThat(Duration.ofMillis(commitMs)).as("the commit's wait").isLessThanOrEqualTo(REQUEST_TIMEOUT.plus(ANSWER_MARGIN));

            // whatever the cut-off node had in flight is answered by now; from here on it must acknowledge nothing
            await().atMost(REQUEST_TIMEOUT.plus(ANSWER_MARGIN).multipliedBy(2))
                    .until(() -> millisSince(cutAt) >= REQUEST_TIMEOUT.plus(ANSWER_MARGIN).toMillis());
            long minorityFrozen = minorityLoad.acknowledged();
            await().atMost(CUT.plus(Duration.ofSeconds(30))).until(() -> millisSince(cutAt) >= CUT.toMillis()
                    && majorityLoad.acknowledged() > majorityBefore + 500);
            assertThat(minorityLoad.acknowledged()).as("records the cut-off node acknowledged while it could reach no broker")
                    .isEqualTo(minorityFrozen);
            long majorityDuring = majorityLoad.acknowledged() - majorityBefore;

            cluster.healProxiedClients();
            long healedAt = System.nanoTime();
            long minorityBeforeHeal = minorityLoad.acknowledged();
            await().atMost(Duration.ofSeconds(60)).until(() -> minorityLoad.acknowledged() > minorityBeforeHeal + 100);
            long minorityBackMs = millisSince(healedAt);
            await().atMost(Duration.ofSeconds(60)).until(consumer::pollAndCommit);
            long commitsBackMs = millisSince(healedAt);
            long allReadableMs = awaitEveryAcknowledgedRecordReadable(viaMajority, healedAt, majorityLoad);
            String figure = ("cut %d (%s, %d s): probe answered 503/50003 in %d ms, commit 503/50003 in %d ms; majority "
                    + "acknowledged %d records during the cut, the cut-off node none after %d ms; after the heal: the cut-off "
                    + "node acknowledges again in %d ms, commits in %d ms, every acknowledged record read back and found in %d ms")
                    .formatted(cycle + 1, how, CUT.toSeconds(), probeMs, commitMs, majorityDuring,
                            REQUEST_TIMEOUT.plus(ANSWER_MARGIN).toMillis(), minorityBackMs, commitsBackMs, allReadableMs);
            System.out.println("KafkaPartitionIT: " + figure);
            figures.add(figure);
        }
        majorityLoad.stop();
        minorityLoad.stop();

        System.out.printf("KafkaPartitionIT: majority node: %d acknowledged, outcomes %s, slowest answer %d ms; cut-off "
                + "node: %d acknowledged, outcomes %s, slowest answer %d ms%n", majorityLoad.acknowledged(),
                majorityLoad.outcomes, majorityLoad.slowestAnswer.get(), minorityLoad.acknowledged(), minorityLoad.outcomes,
                minorityLoad.slowestAnswer.get());
        assertThat(minorityLoad.outcomes.keySet()).as("the cut-off node answers every request, retriably")
                .allMatch(k -> k.equals("503/50003") || k.equals("record 50003"));
        assertThat(minorityLoad.outcomes).as("the cut-off node refused requests during the cut").isNotEmpty();
        assertThat(Duration.ofMillis(minorityLoad.slowestAnswer.get())).as("the cut-off node's slowest answer")
                .isLessThanOrEqualTo(REQUEST_TIMEOUT.plus(ANSWER_MARGIN));
        assertThat(majorityLoad.outcomes.keySet()).as("the majority node: only retriable refusals, if any")
                .allMatch(k -> k.equals("503/50003") || k.equals("record 50003"));

        HistoryReport report = majorityLoad.check(viaMajority);
        System.out.println("KafkaPartitionIT: " + report);
        assertThat(report.anomalies()).as(report.toString()).isZero(); // lost, stored twice, inconsistent offsets...
        assertThat(report.figure(Figure.RECORDS_CHECKED)).as("records read back")
                .isGreaterThanOrEqualTo(majorityLoad.acknowledged() + minorityLoad.acknowledged());
        try (Admin admin = cluster.admin()) {
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(consumer.group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
            assertThat(committed.offset()).as("the group's committed offset, after the last acknowledged commit")
                    .isGreaterThanOrEqualTo(consumer.acknowledged);
        }
        consumer.delete();
    }

    /**
     * Reads the topic back until the history checker finds every record acknowledged so far (by either load: they share
     * the history) at its offset; the wait since the heal (ms).
     */
    private static long awaitEveryAcknowledgedRecordReadable(Http http, long healedAt, ProduceLoad load) {
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> load.lostSoFar(http) == 0);
        return millisSince(healedAt);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** A consumer instance on the cut-off node, reading partition 0 of the topic and committing explicitly. */
    private static final class Consumer {
        final String group;
        final String topic;
        final String base;
        final Http http;
        long position;
        long acknowledged = -1;

        Consumer(Http http, String group, String topic) {
            this.http = http;
            this.group = group;
            this.topic = topic;
            this.base = "/consumers/" + group + "/instances/c";
            assertThat(http.post("/consumers/" + group, Http.V2, "{\"name\":\"c\",\"format\":\"json\","
                    + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}").status()).isEqualTo(200);
            assertThat(http.post(base + "/assignments", Http.V2, "{\"partitions\":[{\"topic\":\"" + topic
                    + "\",\"partition\":0}]}").status()).isEqualTo(204);
        }

        /** One poll, and a commit of what it read: whether the commit was acknowledged. */
        boolean pollAndCommit() {
            Http.Response polled = http.get(base + "/records?timeout=1000&max_bytes=20000", Http.JSON_V2);
            if (polled.status() != 200) {
                return false;
            }
            for (JsonNode record : polled.json()) {
                position = Math.max(position, record.get("offset").asLong() + 1);
            }
            return position > 0 && commit(position).status() == 204;
        }

        Http.Response commit(long offset) {
            Http.Response answer = http.post(base + "/offsets", Http.V2, "{\"offsets\":[{\"topic\":\"" + topic
                    + "\",\"partition\":0,\"offset\":" + offset + "}]}");
            if (answer.status() == 204) {
                acknowledged = Math.max(acknowledged, offset);
            }
            return answer;
        }

        void delete() {
            http.delete(base);
        }
    }
}

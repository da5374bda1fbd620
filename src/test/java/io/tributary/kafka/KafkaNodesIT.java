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
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two packaged Tributary nodes over one Kafka cluster, used as through a round-robin load balancer with no session
 * affinity: every request goes to the next node. A consumer instance created through one node is used and deleted
 * through the other; two nodes creating one name at once give one 40902; when the node holding an instance is
 * killed, the next requests through the other node carry on from the committed offsets. The fault cases record what
 * they sent, read and committed in a {@link History}; the history checker's report must count no anomaly.
 */
class KafkaNodesIT {

    private static final String PUBLIC_URL = "http://events.example.com";

    // the balancer's view: producers read it while a rolling restart replaces nodes
    private static final List<ChildService> nodes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final AtomicInteger next = new AtomicInteger();
    private static Path dir;

    @BeforeAll
    static void start() throws Exception {
        KafkaCluster cluster = KafkaCluster.shared();
        dir = Files.createTempDirectory("tributary-kafka-nodes-");
        for (String name : List.of("a", "b")) {
            nodes.add(ChildService.start(dir.resolve(name), dir.resolve(name + ".log"), "--tributary.backend=kafka",
                    "--tributary.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                    "--tributary.kafka.node-timeout=4s", "--tributary.kafka.heartbeat-interval=1s",
                    "--tributary.public-url=" + PUBLIC_URL));
        }
    }

    @AfterAll
    static void stop() {
        nodes.forEach(ChildService::close);
    }

    /** The load balancer: the next node, round robin, skipping none. */
    private static Http any() {
        return nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size())).http();
    }

    @Test
    void anInstanceCreatedThroughOneNodeIsUsedAndDeletedThroughTheOther() {
        String topic = "nodes-" + System.nanoTime() % 100_000;
        createTopicWithRecords(topic, 3, 30, new History());
        String group = "g-" + topic;
        Http.Response created = nodes.get(0).http().post("/consumers/" + group, Http.V2,
                "{\"name\":\"c1\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertThat(created.json().get("base_uri").asString()).isEqualTo(PUBLIC_URL + "/consumers/" + group + "/instances/c1");
        String base = "/consumers/" + group + "/instances/c1";
        assertThat(nodes.get(1).http().post(base + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}").status())
                .isEqualTo(204);

        Set<String> read = new TreeSet<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Http.Response polled = any().get(base + "/records?timeout=1000", Http.JSON_V2);
            assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
            polled.json().forEach(r -> read.add(r.get("partition").asInt() + "/" + r.get("offset").asLong()));
            return read.size() == 30;
        });
        assertThat(any().post(base + "/offsets", null, null).status()).isEqualTo(204);
        Http.Response committed = any().get(base + "/offsets", Http.V2);
        assertThat(committed.status()).isEqualTo(200);
        assertThat(any().get(base + "/assignments").json().get("partitions")).hasSize(3);

        assertThat(nodes.get(1).http().delete(base).status()).isEqualTo(204);
        for (ChildService node : nodes) {
            assertThat(node.http().get(base + "/assignments").errorCode()).isEqualTo(40403);
        }
    }

    @Test
    void twoNodesCreatingOneInstanceAtOnceGiveOneInstanceAndOne40902() {
        String group = "race-" + System.nanoTime() % 100_000;
        for (int round = 0; round < 5; round++) {
            String body = "{\"name\":\"same-" + round + "\",\"format\":\"json\"}";
            List<CompletableFuture<Http.Response>> answers = nodes.stream()
                    .map(node -> CompletableFuture.supplyAsync(() -> node.http().post("/consumers/" + group, Http.V2, body)))
                    .toList();
            List<Integer> statuses = answers.stream().map(CompletableFuture::join).map(Http.Response::status).sorted().toList();
            assertThat(statuses).as("round %d", round).containsExactly(200, 409);
            assertThat(answers.stream().map(CompletableFuture::join).filter(r -> r.status() == 409).findFirst().orElseThrow()
                    .errorCode()).isEqualTo(40902);
        }
    }

    @Test
    void whenTheNodeHoldingAnInstanceDiesTheOtherCarriesOnFromTheCommittedOffsets() {
        String topic = "takeover-" + System.nanoTime() % 100_000;
        History history = new History();
        createTopicWithRecords(topic, 1, 20, history);
        TopicPartition partition = new TopicPartition(topic, 0);
        String group = "g-" + topic;
        ChildService holder = nodes.get(0);
        ChildService survivor = nodes.get(1);
        String base = "/consumers/" + group + "/instances/c1";
        assertThat(holder.http().post("/consumers/" + group, Http.V2, "{\"name\":\"c1\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}").status()).isEqualTo(200);
        assertThat(holder.http().post(base + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}").status()).isEqualTo(204);
        List<Long> before = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            holder.http().get(base + "/records?timeout=1000&max_bytes=200", Http.JSON_V2).json().forEach(r -> {
                before.add(r.get("offset").asLong());
                history.polled(group, "c1", partition, ApiLogReads.seen(r));
            });
            return before.size() >= 5;
        });
        long committed = before.get(4) + 1;
        history.commitSent(group, partition, committed);
        assertThat(survivor.http().post(base + "/offsets", Http.V2, "{\"offsets\":[{\"topic\":\"" + topic
                + "\",\"partition\":0,\"offset\":" + committed + "}]}").status()).isEqualTo(204);
        history.commitAcknowledged(group, partition, committed);

        holder.kill();
        history.rebalanced("c1"); // taken over: its next record must be the committed offset
        long killedAt = System.nanoTime();

        // through the survivor: retriable answers until the holder is known dead, then the instance, taken over
        List<Long> after = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            Http.Response polled = survivor.http().get(base + "/records?timeout=1000", Http.JSON_V2);
            assertThat(polled.status()).as(polled.toString()).isIn(200, 503);
            if (polled.status() == 200) {
                polled.json().forEach(r -> {
                    after.add(r.get("offset").asLong());
                    history.polled(group, "c1", partition, ApiLogReads.seen(r));
                });
            }
            return after.contains(19L);
        });
        System.out.printf("KafkaNodesIT: holder killed, its instance served again through the other node after %d ms%n",
                (System.nanoTime() - killedAt) / 1_000_000);
        HistoryReport report = new HistoryChecker(history).report();
        System.out.println("KafkaNodesIT take-over: " + report);
        assertThat(report.anomalies()).as("at-least-once from the committed offset, nothing skipped: %s", report).isZero();
        assertThat(report.figure(Figure.POLLED)).isGreaterThanOrEqualTo(20);
        assertThat(survivor.http().delete(base).status()).isEqualTo(204);
        nodes.set(0, restartedAfterTest(holder));
    }

    /**
     * A node paused (SIGSTOP) longer than the Kafka session of its instances: the group gives the paused member's
     * partition to the other member, which reads again from the committed offset and commits further; when the paused
     * node resumes, the commit a client had sent it during the pause, for records it delivered before, is refused
     * (the member was fenced: its generation is gone), and the committed offset does not move back.
     */
    @Test
    void aPausedNodesStaleCommitIsRefusedAndTheCommittedOffsetNeverMovesBack() throws Exception {
        String topic = "paused-" + System.nanoTime() % 100_000;
        History history = new History();
        createTopicWithRecords(topic, 1, 20, history);
        TopicPartition partition = new TopicPartition(topic, 0);
        String group = "g-" + topic;
        ChildService paused = nodes.get(0);
        ChildService other = nodes.get(1);
        String a = "/consumers/" + group + "/instances/a";
        String b = "/consumers/" + group + "/instances/b";
        for (var instance : List.of(java.util.Map.entry(paused, "a"), java.util.Map.entry(other, "b"))) {
            assertThat(instance.getKey().http().post("/consumers/" + group, Http.V2, "{\"name\":\"" + instance.getValue()
                    + "\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}").status())
                    .isEqualTo(200);
            assertThat(instance.getKey().http().post("/consumers/" + group + "/instances/" + instance.getValue()
                    + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}").status()).isEqualTo(204);
        }
        // the one partition goes to one of them; make it a's by reading until a has all 20 (b polls so the group settles)
        List<Long> readByA = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            other.http().get(b + "/records?timeout=200", Http.JSON_V2).json()
                    .forEach(r -> history.polled(group, "b", partition, ApiLogReads.seen(r)));
            paused.http().get(a + "/records?timeout=500", Http.JSON_V2).json().forEach(r -> {
                readByA.add(r.get("offset").asLong());
                history.polled(group, "a", partition, ApiLogReads.seen(r));
            });
            return readByA.contains(19L);
        });
        String commit = "{\"offsets\":[{\"topic\":\"" + topic + "\",\"partition\":0,\"offset\":%d}]}";
        history.commitSent(group, partition, 10);
        assertThat(paused.http().post(a + "/offsets", Http.V2, commit.formatted(10)).status()).isEqualTo(204);
        history.commitAcknowledged(group, partition, 10);

        paused.pause();
        try {
            // sent during the pause: answered only after it, by a member the group has fenced by then
            history.commitSent(group, partition, 15);
            CompletableFuture<Http.Response> stale = CompletableFuture.supplyAsync(
                    () -> paused.http().post(a + "/offsets", Http.V2, commit.formatted(15)));
            // b is given the partition once a's session ends, reads from the committed 10 and commits 20
            List<Long> readByB = new ArrayList<>();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                other.http().get(b + "/records?timeout=1000", Http.JSON_V2).json().forEach(r -> {
                    readByB.add(r.get("offset").asLong());
                    history.polled(group, "b", partition, ApiLogReads.seen(r));
                });
                return readByB.contains(19L);
            });
            history.commitSent(group, partition, 20);
            assertThat(other.http().post(b + "/offsets", Http.V2, commit.formatted(20)).status()).isEqualTo(204);
            history.commitAcknowledged(group, partition, 20);

            paused.resume();
            Http.Response refused = stale.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo(40903);
            history.commitRefused(group, partition, 15);
        } finally {
            paused.resume();
        }
        Http.Response committed = other.http().get(b + "/offsets?topic=" + topic + "&partition=0", Http.V2);
        history.committedObserved(group, partition, committed.json().get("offsets").get(0).get("offset").asLong());
        HistoryReport report = new HistoryChecker(history).report();
        System.out.println("KafkaNodesIT paused node: " + report);
        // b started from the committed 10 (not the refused 15), nothing committed moved back
        assertThat(report.anomalies()).as("%s: %s", committed, report).isZero();
        assertThat(report.figure(Figure.COMMITS_OBSERVED)).isEqualTo(1);
        assertThat(other.http().delete(b).status()).isEqualTo(204);
        paused.http().delete(a);
    }

    /**
     * A rolling restart of the nodes (each stopped gracefully and started again while the other serves) under four
     * producers going through the round-robin balancer and retrying a failed request up to three times: nothing
     * acknowledged is lost and at least 99% of requests succeed (a graceful stop finishes the requests it took).
     */
    @Test
    void aRollingRestartOfTheNodesLosesNothingAndNearlyEveryRequestSucceedsWithRetries() throws Exception {
        String topic = "rolling-nodes-" + System.nanoTime() % 100_000;
        History history = new History();
        createTopicWithRecords(topic, 3, 3, history);
        ProduceLoad load = ProduceLoad.start(KafkaNodesIT::running, topic, 3, history);
        await().atMost(Duration.ofSeconds(30)).until(() -> load.acknowledged() > 500);
        for (int i = 0; i < nodes.size(); i++) {
            ChildService stopping = nodes.get(i);
            long before = load.acknowledged();
            assertThat(stopping.terminate(Duration.ofSeconds(60))).as("graceful exit").isEqualTo(ChildService.SIGTERM_EXIT);
            nodes.set(i, restartedAfterTest(stopping));
            await().atMost(Duration.ofSeconds(60)).until(() -> load.acknowledged() > before + 1000);
        }
        load.stop();
        long requests = load.requests.get();
        long failed = load.failedRequests.get();
        System.out.printf("KafkaNodesIT: rolling restart of %d nodes: %d requests, %d failed after 3 retries, %d records "
                + "acknowledged; outcomes of tries %s%n", nodes.size(), requests, failed, load.acknowledged(), load.outcomes);
        assertThat(failed).as("requests failed after 3 retries, of %d", requests).isLessThanOrEqualTo(requests / 100);
        HistoryReport report = load.check(any());
        System.out.println("KafkaNodesIT rolling restart of the nodes: " + report);
        assertThat(report.anomalies()).as(report.toString()).isZero();
    }

    /** The balancer, skipping a node that is not running (a stopped node's port refuses connections). */
    private static Http running() {
        for (int tries = 0; tries < nodes.size(); tries++) {
            ChildService node = nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
            if (node.isAlive()) {
                return node.http();
            }
        }
        return any();
    }

    /** The killed node's place, started again so later tests have two nodes (a new node id: a new start). */
    private static ChildService restartedAfterTest(ChildService killed) {
        killed.close();
        return ChildService.start(dir.resolve("a2-" + System.nanoTime()), dir.resolve("a2.log"), "--tributary.backend=kafka",
                "--tributary.kafka.bootstrap-servers=" + KafkaCluster.shared().bootstrapServers(),
                "--tributary.kafka.node-timeout=4s", "--tributary.kafka.heartbeat-interval=1s",
                "--tributary.public-url=" + PUBLIC_URL);
    }

    /** Creates the topic with {@code records} records, told to {@code history} (values 0, 1...: their ids). */
    private static void createTopicWithRecords(String topic, int partitions, int records, History history) {
        Http http = any();
        String clusterId = http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        assertThat(http.post("/v3/clusters/" + clusterId + "/topics", Http.JSON, "{\"topic_name\":\"" + topic
                + "\",\"partitions_count\":" + partitions + "}").status()).isEqualTo(201);
        List<String> values = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            values.add("{\"value\":" + i + ",\"partition\":" + (i % partitions) + "}");
            history.invoked(Integer.toString(i), topic, i % partitions, null, Integer.toString(i));
        }
        Http.Response produced = any().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[" + String.join(",", values) + "]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);
        JsonNode offsets = produced.json().get("offsets");
        offsets.forEach(o -> assertThat(o.get("error_code").isNull()).isTrue());
        for (int i = 0; i < records; i++) {
            history.acknowledged(Integer.toString(i), new TopicPartition(topic, i % partitions),
                    offsets.get(i).get("offset").asLong());
        }
    }
}

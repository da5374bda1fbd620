package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.ChildService;
import io.tributary.support.FakeTime;
import io.tributary.support.Http;
import io.tributary.support.KafkaCluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Two Kafka-mode nodes whose wall clocks disagree: one runs on the real clock, the other's is moved by libfaketime
 * ({@link FakeTime}) to +30 s, +24 h and −1 h while it runs (monotonic time real). What depends on the wall clock
 * across nodes, and what it must not do:
 * <ul>
 *   <li>a node ahead must not see the other nodes dead: a consumer instance held by the other node is served through it
 *       by forwarding, not taken over (its position would fall back to the committed offset);</li>
 *   <li>a node behind must not keep a dead node alive for the size of its skew: when the other node is killed, the
 *       skewed node takes its instance over within the node timeout, not an hour later;</li>
 *   <li>commits and offsets go through either node as usual (offsets are Kafka's counters; nothing compares them with a
 *       clock); records a client stamps keep their timestamps; records the node stamps carry its clock, and when that
 *       is more than an hour ahead of the brokers' Kafka refuses them: the answer says so (503, retriable once the clock
 *       is right), never a false success.</li>
 * </ul>
 * Skipped when libfaketime is not installed.
 */
class KafkaClockSkewIT {

    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(4);

    private static Path dir;
    private static FakeTime clock;
    private static ChildService plain;
    private static ChildService skewed;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(FakeTime.library().isPresent(),
                "libfaketime is not installed: Debian's 'faketime' package (apt-get install faketime; .ci/run installs it)");
        KafkaCluster cluster = KafkaCluster.shared();
        dir = Files.createTempDirectory("tributary-kafka-skew-");
        clock = FakeTime.in(dir);
        var skewedStart = java.util.concurrent.CompletableFuture.supplyAsync(() -> ChildService.start(clock.environment(),
                dir.resolve("skewed"), dir.resolve("skewed.log"), args(cluster)));
        try {
            plain = ChildService.start(dir.resolve("plain"), dir.resolve("plain.log"), args(cluster));
        } finally {
            skewed = skewedStart.join();
        }
    }

    private static String[] args(KafkaCluster cluster) {
        return new String[] {"--tributary.backend=kafka", "--tributary.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--tributary.kafka.node-timeout=" + NODE_TIMEOUT.toSeconds() + "s", "--tributary.kafka.heartbeat-interval=1s"};
    }

    @AfterAll
    static void stop() {
        for (ChildService node : new ChildService[] {plain, skewed}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void nodesWhoseClocksDisagreeShareInstancesCommitsAndRecordsAndStillFindTheDead() {
        String topic = "skew-" + System.nanoTime() % 100_000;
        String clusterId = plain.http().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        assertThat(plain.http().post("/v3/clusters/" + clusterId + "/topics", Http.JSON, "{\"topic_name\":\"" + topic
                + "\",\"partitions_count\":1}").status()).isEqualTo(201);
        produce(plain.http(), topic, 20);

        // an instance held by the plain node, read through both
        String group = "g-" + topic;
        String base = "/consumers/" + group + "/instances/c";
        assertThat(plain.http().post("/consumers/" + group, Http.V2, "{\"name\":\"c\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}").status()).isEqualTo(200);
        assertThat(plain.http().post(base + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}").status())
                .isEqualTo(204);
        List<Long> read = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            read.addAll(poll(plain.http(), base));
            return !read.isEmpty();
        });

        List<String> figures = new ArrayList<>();
        for (String skew : new String[] {"+30", "+24h", "-1h"}) {
            long skewMillis = switch (skew) {
                case "+30" -> 30_000L;
                case "+24h" -> 86_400_000L;
                default -> -3_600_000L;
            };
            clock.set(skew);
            await(skew + ": the skewed node's clock").atMost(Duration.ofSeconds(20))
                    .until(() -> Math.abs(serverClock(skewed.http()) - (System.currentTimeMillis() + skewMillis)) < 5_000);
            // (a node ahead by more than the node timeout would think the other dead at once, were liveness judged by
            // its own clock: the other's last heartbeat is older than that by its clock)

            // through the skewed node: the plain node's instance, forwarded, at the position it had (no takeover)
            produce(plain.http(), topic, 20);
            long next = read.get(read.size() - 1) + 1;
            List<Long> viaSkewed = new ArrayList<>();
            await(skew + ": a poll through the skewed node").atMost(Duration.ofSeconds(30)).until(() -> {
                viaSkewed.addAll(poll(skewed.http(), base));
                return !viaSkewed.isEmpty();
            });
            assertThat(viaSkewed.get(0)).as(skew + ": the instance's position, kept (a takeover restarts at the committed "
                    + "offset)").isEqualTo(next);
            read.addAll(viaSkewed);
            produce(plain.http(), topic, 20);
            List<Long> viaPlain = new ArrayList<>();
            await(skew + ": the plain node still serves its instance").atMost(Duration.ofSeconds(30)).until(() -> {
                viaPlain.addAll(poll(plain.http(), base));
                return !viaPlain.isEmpty();
            });
            assertThat(viaPlain.get(0)).isEqualTo(read.get(read.size() - 1) + 1);
            read.addAll(viaPlain);

            // a commit through the skewed node, read back through the plain one
            long committed = read.get(read.size() - 1) + 1;
            assertThat(skewed.http().post(base + "/offsets", Http.V2, "{\"offsets\":[{\"topic\":\"" + topic
                    + "\",\"partition\":0,\"offset\":" + committed + "}]}").status()).isEqualTo(204);
            JsonNode offsets = plain.http().get(base + "/offsets?topic=" + topic + "&partition=0", Http.V2).json();
            assertThat(offsets.get("offsets").get(0).get("offset").asLong()).as(skew + ": " + offsets).isEqualTo(committed);

            // records: a client's timestamp is kept; the node's own is its clock, refused by Kafka an hour or more ahead
            long clientTimestamp = System.currentTimeMillis();
            Http.Response stamped = skewed.http().post("/topics/" + topic, Http.JSON_V2,
                    "{\"records\":[{\"value\":\"client-stamped\",\"timestamp\":" + clientTimestamp + "}]}");
            assertThat(stamped.json().get("offsets").get(0).get("error_code").isNull()).as(skew + ": " + stamped).isTrue();
            assertThat(timestampAt(plain.http(), topic, stamped.json().get("offsets").get(0).get("offset").asLong()))
                    .isEqualTo(clientTimestamp);
            Http.Response unstamped = skewed.http().post("/topics/" + topic, Http.JSON_V2,
                    "{\"records\":[{\"value\":\"node-stamped\"}]}");
            JsonNode answer = unstamped.json().get("offsets").get(0);
            if (skewMillis < Duration.ofHours(1).toMillis()) {
                assertThat(answer.get("error_code").isNull()).as(skew + ": " + unstamped).isTrue();
                long timestamp = timestampAt(plain.http(), topic, answer.get("offset").asLong());
                assertThat(timestamp - System.currentTimeMillis()).as(skew + ": the node's clock").isCloseTo(skewMillis,
                        org.assertj.core.data.Offset.offset(10_000L));
                figures.add(skew + ": node-stamped record accepted, stamped " + (timestamp - System.currentTimeMillis())
                        + " ms from the real time");
            } else {
                assertThat(answer.get("error_code").asInt()).as(skew + ": " + unstamped).isEqualTo(50003);
                assertThat(answer.get("error").asString()).as(skew + ": " + unstamped).contains("this node's clock");
                figures.add(skew + ": node-stamped record refused: " + answer.get("error").asString());
            }
        }

        // the plain node dies while the skewed node's clock is an hour behind: the instance is taken over within the
        // node timeout (by the brokers' clock), not an hour later
        long committed = read.get(read.size() - 1) + 1;
        plain.kill();
        long killedAt = System.nanoTime();
        List<Long> afterDeath = new ArrayList<>();
        await("the dead node's instance, taken over through the skewed node").atMost(Duration.ofSeconds(60)).until(() -> {
            Http.Response polled = skewed.http().get(base + "/records?timeout=1000", Http.JSON_V2);
            assertThat(polled.status()).as(polled.toString()).isIn(200, 503);
            if (polled.status() == 200) {
                polled.json().forEach(r -> afterDeath.add(r.get("offset").asLong()));
            }
            return !afterDeath.isEmpty();
        });
        long takenOverMs = (System.nanoTime() - killedAt) / 1_000_000;
        assertThat(afterDeath.get(0)).as("from the committed offset").isEqualTo(committed);
        assertThat(skewed.http().delete(base).status()).isEqualTo(204);
        figures.add("-1h: the killed node's instance taken over after " + takenOverMs + " ms");
        figures.forEach(f -> System.out.println("KafkaClockSkewIT: " + f));
    }

    /** The node's wall clock, from its Date header (second resolution). */
    private static long serverClock(Http http) {
        String date = http.get("/actuator/health").headers().firstValue("date").orElseThrow();
        return ZonedDateTime.parse(date, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
    }

    private static List<Long> poll(Http http, String base) {
        Http.Response polled = http.get(base + "/records?timeout=1000&max_bytes=300", Http.JSON_V2);
        assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
        List<Long> offsets = new ArrayList<>();
        polled.json().forEach(r -> offsets.add(r.get("offset").asLong()));
        return offsets;
    }

    private static long timestampAt(Http http, String topic, long offset) {
        return http.get("/topics/" + topic + "/partitions/0/records?offset=" + offset + "&max_records=1", Http.JSON_V2)
                .json().get(0).get("timestamp").asLong();
    }

    private static void produce(Http http, String topic, int count) {
        StringBuilder records = new StringBuilder();
        for (int i = 0; i < count; i++) {
            records.append(i == 0 ? "" : ",").append("{\"value\":").append(i).append('}');
        }
        assertThat(http.post("/topics/" + topic, Http.JSON_V2, "{\"records\":[" + records + "]}").status()).isEqualTo(200);
    }
}

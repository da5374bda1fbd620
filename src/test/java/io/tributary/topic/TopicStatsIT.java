package io.tributary.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.nio.file.Files;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The topic statistics extension, {@code /v3/clusters/{c}/topic-stats[/{topic}]}, with security off. */
class TopicStatsIT extends HttpTestSupport {

    private static final long T0 = 1_718_009_600_000L;

    private String stats() {
        return "/v3/clusters/" + clusterId() + "/topic-stats";
    }

    @Test
    void aTopicsRecordsBytesAndLastWriteTimeInTotalAndPerPartition() throws Exception {
        String topic = unique("stats");
        createTopic(topic, 2);
        JsonNode empty = http().get(stats() + "/" + topic).json();
        assertThat(empty.get("records").asLong()).isZero();
        assertThat(empty.get("size_bytes").asLong()).isZero();
        assertThat(empty.get("last_write_time").isNull()).isTrue();

        // out of order, as CreateTime allows: the latest write is the largest timestamp, not the last record's
        var produced = http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[" + record(T0 + 300) + ","
                + record(T0 + 900) + "," + record(T0 + 100) + "]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);

        var r = http().get(stats() + "/" + topic);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode t = r.json();
        String c = clusterId();
        String latest = Instant.ofEpochMilli(T0 + 900).toString();
        // the segment file's size; with Kafka, what the leader's log directory reports (KafkaTopicStatisticsIT)
        long onDisk = isKafka() ? t.get("partitions").get(1).get("size_bytes").asLong()
                : Files.size(dataDir().resolve("log").resolve(topic + "-1").resolve("00000000000000000000.log"));
        assertThat(onDisk).isPositive();
        assertThat(t.get("kind").asString()).isEqualTo("KafkaTopicStats");
        assertThat(t.get("metadata").get("self").asString()).isEqualTo(http().base() + stats() + "/" + topic);
        assertThat(t.get("cluster_id").asString()).isEqualTo(c);
        assertThat(t.get("topic_name").asString()).isEqualTo(topic);
        assertThat(t.get("partitions_count").asInt()).isEqualTo(2);
        assertThat(t.get("records").asLong()).isEqualTo(3);
        assertThat(t.get("size_bytes").asLong()).isEqualTo(onDisk);
        assertThat(t.get("last_write_time").asString()).isEqualTo(latest);
        assertThat(t.get("topic").get("related").asString()).isEqualTo(http().base() + "/v3/clusters/" + c + "/topics/" + topic);
        assertThat(t.get("partitions")).containsExactly(
                Http.parse("{\"partition_id\":0,\"log_start_offset\":0,\"log_end_offset\":0,\"records\":0,\"size_bytes\":0,"
                        + "\"last_write_time\":null}"),
                Http.parse("{\"partition_id\":1,\"log_start_offset\":0,\"log_end_offset\":3,\"records\":3,\"size_bytes\":"
                        + onDisk + ",\"last_write_time\":\"" + latest + "\"}"));

        // the list has the same entry, and every topic sorted by name
        JsonNode list = http().get(stats()).json();
        assertThat(list.get("kind").asString()).isEqualTo("KafkaTopicStatsList");
        assertThat(list.get("metadata").get("self").asString()).isEqualTo(http().base() + stats());
        List<String> names = list.get("data").valueStream().map(d -> d.get("topic_name").asString()).toList();
        assertThat(names).isSorted().contains(topic)
                .containsExactlyElementsOf(http().get("/v3/clusters/" + c + "/topics").json().get("data").valueStream()
                        .map(d -> d.get("topic_name").asString()).sorted().toList());
        assertThat(list.get("data").valueStream().filter(d -> d.get("topic_name").asString().equals(topic))).containsExactly(t);
    }

    @Test
    void unknownTopicsAndClustersAreAnsweredLikeTheOtherV3Endpoints() {
        var missing = http().get(stats() + "/no-such-topic");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40401);
        assertThat(missing.json().get("message").asString()).contains("no-such-topic");
        assertThat(http().get(stats() + "/bad%20name").errorCode()).isEqualTo(42206);
        for (String path : List.of("/v3/clusters/other/topic-stats", "/v3/clusters/other/topic-stats/x")) {
            var r = http().get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo(404);
        }
    }

    private static String record(long timestamp) {
        return "{\"value\":" + timestamp + ",\"partition\":1,\"timestamp\":" + timestamp + "}";
    }
}

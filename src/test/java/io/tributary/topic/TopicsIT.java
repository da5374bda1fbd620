package io.tributary.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.PayloadApplicationEvent;
import org.springframework.context.event.ApplicationEventMulticaster;
import tools.jackson.databind.JsonNode;

/** Topic metadata (v2) and admin (v3): shapes, lifecycle, configs, events. */
class TopicsIT extends HttpTestSupport {

    /** A topic config the backend does not have: Kafka's compression.type is one for the embedded engine. */
    private static final String UNKNOWN_CONFIG = isKafka() ? "no.such.config" : "compression.type";

    @Autowired
    ApplicationEventMulticaster multicaster;

    /** Topic events, published on request threads. */
    private final List<TopicEvent> events = new CopyOnWriteArrayList<>();
    private final ApplicationListener<PayloadApplicationEvent<TopicEvent>> listener = e -> events.add(e.getPayload());

    @BeforeEach
    void listen() {
        multicaster.addApplicationListener(listener);
    }

    @AfterEach
    void stopListening() {
        multicaster.removeApplicationListener(listener);
    }

    @Test
    void v2DescribesTopicsPartitionsOffsetsAndBrokers() {
        String topic = unique("v2");
        createTopic(topic, 2);
        http().post("/topics/" + topic + "/partitions/1", Http.JSON_V2, "{\"records\":[{\"value\":1},{\"value\":2}]}");

        assertThat(http().get("/topics").json().findValuesAsString("")).isEmpty();
        assertThat(http().get("/topics").json().toString()).contains("\"" + topic + "\"");
        var described = http().get("/topics/" + topic);
        assertThat(described.contentType()).startsWith(Http.V2);
        JsonNode t = described.json();
        assertThat(t.get("name").asString()).isEqualTo(topic);
        assertThat(t.get("configs").get("retention.ms").asString()).isEqualTo("604800000");
        assertThat(t.get("configs").get("cleanup.policy").asString()).isEqualTo("delete");
        assertThat(t.get("partitions")).hasSize(2);
        if (isKafka()) { // three brokers, each partition on all of them, the leader first
            JsonNode p1 = t.get("partitions").get(1);
            assertThat(p1.get("partition").asInt()).isEqualTo(1);
            assertThat(p1.get("replicas")).hasSize(3).allSatisfy(r -> assertThat(r.get("in_sync").asBoolean()).isTrue());
            assertThat(p1.get("replicas").get(0).get("broker").asInt()).isEqualTo(p1.get("leader").asInt());
            assertThat(p1.get("replicas").get(0).get("leader").asBoolean()).isTrue();
        } else {
            assertThat(t.get("partitions").get(1)).isEqualTo(Http.parse(
                    "{\"partition\":1,\"leader\":0,\"replicas\":[{\"broker\":0,\"leader\":true,\"in_sync\":true}]}"));
        }
        assertThat(http().get("/topics/" + topic + "/partitions").json()).isEqualTo(t.get("partitions"));
        assertThat(http().get("/topics/" + topic + "/partitions/1").json()).isEqualTo(t.get("partitions").get(1));
        assertThat(http().get("/topics/" + topic + "/partitions/1/offsets").json())
                .isEqualTo(Http.parse("{\"beginning_offset\":0,\"end_offset\":2}"));
        assertThat(http().get("/brokers").json()).isEqualTo(Http.parse(isKafka() ? "{\"brokers\":[1,2,3]}" : "{\"brokers\":[0]}"));
    }

    @Test
    void v3ListsAPartitionsEarliestAndLatestOffsetAsConfluent() {
        String topic = unique("offsets");
        createTopic(topic, 2);
        http().post("/topics/" + topic + "/partitions/1", Http.JSON_V2, "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3}]}");
        String c = clusterId();
        String path = "/v3/clusters/" + c + "/topics/" + topic + "/partitions/1/offset";
        var r = http().get(path);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith(Http.JSON);
        assertThat(r.json()).isEqualTo(Http.parse("""
                {"kind":"KafkaPartitionWithOffsets","metadata":{"self":"%s",
                 "resource_name":"crn:///kafka=%s/topic=%s/partition=1/offset_type=earliest_and_latest"},
                 "cluster_id":"%s","topic_name":"%s","partition_id":1,"earliest_offset":0,"latest_offset":3}"""
                .formatted(http().base() + path, c, topic, c, topic)));
        assertThat(http().get(path + "?offset_type=earliest_and_latest").json()).isEqualTo(r.json());
        assertThat(http().get("/v3/clusters/" + c + "/topics/" + topic + "/partitions/0/offset").json().get("latest_offset").asLong())
                .isZero();

        var badType = http().get(path + "?offset_type=latest");
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.errorCode()).isEqualTo(400);
        assertThat(badType.json().get("message").asString()).contains("offset_type", "earliest_and_latest");
        assertThat(http().get("/v3/clusters/" + c + "/topics/" + topic + "/partitions/2/offset").errorCode()).isEqualTo(40402);
        assertThat(http().get("/v3/clusters/" + c + "/topics/" + unique("nope") + "/partitions/0/offset").errorCode()).isEqualTo(40401);
        assertThat(http().get("/v3/clusters/not-this-one/topics/" + topic + "/partitions/1/offset").errorCode()).isEqualTo(404);
    }

    @Test
    void v3ClusterIsStableAndUnknownClustersAre404() {
        String id = clusterId();
        JsonNode list = http().get("/v3/clusters").json();
        assertThat(list.get("kind").asString()).isEqualTo("KafkaClusterList");
        assertThat(list.get("metadata").get("self").asString()).isEqualTo(http().base() + "/v3/clusters");
        JsonNode cluster = http().get("/v3/clusters/" + id).json();
        assertThat(cluster.get("kind").asString()).isEqualTo("KafkaCluster");
        assertThat(cluster.get("metadata").get("self").asString()).isEqualTo(http().base() + "/v3/clusters/" + id);
        assertThat(cluster.get("topics").get("related").asString()).isEqualTo(http().base() + "/v3/clusters/" + id + "/topics");
        assertThat(cluster).isEqualTo(list.get("data").get(0));
        if (!isKafka()) { // the Kafka cluster's own id otherwise
            assertThat(dataDir().resolve("cluster.id")).content().contains(id);
        }

        for (String path : new String[] {"/v3/clusters/other", "/v3/clusters/other/topics", "/v3/clusters/other/topics/x/configs"}) {
            var r = http().get(path);
            assertThat(r.status()).as(path).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo(404);
        }
    }

    @Test
    void withSecurityOffTheAuthorizedOperationsAreEverythingWhenAskedFor() {
        String c = clusterId();
        String topic = unique("authorized");
        createTopic(topic, 1);
        List<String> all = List.of("READ", "WRITE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS");
        String base = "/v3/clusters/" + c;

        assertThat(operations(http().get(base + "/topics/" + topic + "?include_authorized_operations=true").json()))
                .isEqualTo(all);
        assertThat(operations(http().get(base + "/topics/" + topic).json())).isEmpty();
        assertThat(operations(http().get(base + "/topics/" + topic + "?include_authorized_operations=false").json())).isEmpty();
        for (String query : List.of("?include_authorized_operations=true", "?includeAuthorizedOperations=true")) {
            assertThat(http().get(base + "/topics" + query).json().get("data").valueStream().map(TopicsIT::operations))
                    .as(query).isNotEmpty().allMatch(all::equals);
        }
        assertThat(http().get(base + "/topics").json().get("data").valueStream().map(TopicsIT::operations)).allMatch(List::isEmpty);

        assertThat(operations(http().get(base + "?include_authorized_operations=true").json()))
                .containsExactly("CREATE", "DESCRIBE");
        assertThat(operations(http().get("/v3/clusters?include_authorized_operations=true").json().get("data").get(0)))
                .containsExactly("CREATE", "DESCRIBE");
        assertThat(operations(http().get(base).json())).isEmpty();
        assertThat(http().get(base + "?include_authorized_operations=maybe").errorCode()).isEqualTo(400);
    }

    private static List<String> operations(JsonNode resource) {
        return resource.get("authorized_operations").valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void topicLifecycleCreateDescribeGrowDelete() throws Exception {
        String c = clusterId();
        String topic = unique("lifecycle");
        String base = "/v3/clusters/" + c + "/topics";
        var created = http().post(base, Http.JSON, "{\"topic_name\":\"" + topic + "\",\"partitions_count\":2,\"replication_factor\":1,"
                + "\"configs\":[{\"name\":\"retention.ms\",\"value\":\"86400000\"}]}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode t = created.json();
        assertThat(t.get("kind").asString()).isEqualTo("KafkaTopic");
        assertThat(t.get("metadata").get("self").asString()).isEqualTo(http().base() + base + "/" + topic);
        assertThat(t.get("metadata").get("resource_name").asString()).isEqualTo("crn:///kafka=" + c + "/topic=" + topic);
        assertThat(t.get("partitions_count").asInt()).isEqualTo(2);
        assertThat(t.get("replication_factor").asInt()).isEqualTo(1);
        assertThat(t.get("is_internal").asBoolean()).isFalse();
        assertThat(t.get("partitions").get("related").asString()).isEqualTo(http().base() + base + "/" + topic + "/partitions");
        assertThat(http().get(base + "/" + topic).json()).isEqualTo(t);
        assertThat(http().get(base).json().get("data").findValuesAsString("topic_name")).contains(topic);
        assertThat(events).contains(new TopicEvent.Created(topic, 2));

        JsonNode partitions = http().get(base + "/" + topic + "/partitions").json();
        assertThat(partitions.get("kind").asString()).isEqualTo("KafkaPartitionList");
        assertThat(partitions.get("data")).hasSize(2);
        JsonNode p1 = http().get(base + "/" + topic + "/partitions/1").json();
        assertThat(p1).isEqualTo(partitions.get("data").get(1));
        assertThat(p1.get("partition_id").asInt()).isEqualTo(1);
        assertThat(http().get(base + "/" + topic + "/partitions/2").errorCode()).isEqualTo(40402);

        var grown = http().patch(base + "/" + topic, Http.JSON, "{\"partitions_count\":5}");
        assertThat(grown.status()).isEqualTo(200);
        assertThat(grown.json().get("partitions_count").asInt()).isEqualTo(5);
        assertThat(events).contains(new TopicEvent.PartitionsIncreased(topic, 5));
        var toNew = http().post("/topics/" + topic + "/partitions/4", Http.JSON_V2, "{\"records\":[{\"value\":1}]}");
        assertThat(toNew.json().get("offsets").get(0).get("partition").asInt()).isEqualTo(4);
        assertThat(http().patch(base + "/" + topic, Http.JSON, "{\"partitions_count\":3}").errorCode()).isEqualTo(40002);
        assertThat(http().patch(base + "/" + topic, Http.JSON, "{\"partitions_count\":5}").errorCode()).isEqualTo(40002);
        assertThat(http().patch(base + "/" + topic, Http.JSON, "{}").errorCode()).isEqualTo(42206);

        boolean files = !isKafka(); // the embedded engine's own directories
        assertThat(!files || Files.exists(dataDir().resolve("log").resolve(topic + "-4"))).isTrue();
        var deleted = http().delete(base + "/" + topic);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.body()).isEmpty();
        assertThat(events).contains(new TopicEvent.Deleted(topic));
        for (int p = 0; p < 5 && files; p++) {
            assertThat(dataDir().resolve("log").resolve(topic + "-" + p)).doesNotExist();
        }
        assertThat(http().get(base + "/" + topic).errorCode()).isEqualTo(40401);
        assertThat(http().get("/topics/" + topic).errorCode()).isEqualTo(40401);
        assertThat(http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1}]}").errorCode()).isEqualTo(40401);
        assertThat(http().delete(base + "/" + topic).errorCode()).isEqualTo(40401);

        // the name is free again, with empty partitions
        createTopic(topic, 1);
        assertThat(endOffset(topic, 0)).isZero();
    }

    @Test
    void badCreateRequests() {
        String base = "/v3/clusters/" + clusterId() + "/topics";
        String topic = unique("dupe");
        createTopic(topic, 1);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"" + topic + "\"}").errorCode()).isEqualTo(40002);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"partitions_count\":0}").errorCode()).isEqualTo(40002);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"partitions_count\":-3}").errorCode()).isEqualTo(40002);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"partitions_count\":100000}").errorCode()).isEqualTo(40002);
        // more replicas than brokers: 1 for the embedded engine, 3 in the tests' Kafka cluster
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"replication_factor\":" + (isKafka() ? 4 : 3) + "}")
                .errorCode()).isEqualTo(40002);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"configs\":[{\"name\":\"retention.ms\",\"value\":\"soon\"}]}")
                .errorCode()).isEqualTo(42206);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"configs\":[{\"name\":\"" + UNKNOWN_CONFIG
                + "\",\"value\":\"lz4\"}]}").errorCode()).isEqualTo(42206);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"configs\":[{\"name\":\"segment.bytes\",\"value\":\"1\"}]}")
                .errorCode()).isEqualTo(42206);
        assertThat(http().post(base, Http.JSON, "{\"partitions_count\":1}").errorCode()).isEqualTo(42206);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"partitions_count\":\"many\"}").errorCode()).isEqualTo(42206);
        assertThat(http().post(base, Http.JSON, "{\"topic_name\":").errorCode()).isEqualTo(400);
        assertThat(http().post(base, "text/plain", "x1").errorCode()).isEqualTo(415);
        assertThat(http().get("/topics/x1").errorCode()).as("none of those created it").isEqualTo(40401);

        var validateOnly = http().post(base, Http.JSON, "{\"topic_name\":\"x1\",\"partitions_count\":4,\"validate_only\":true}");
        assertThat(validateOnly.status()).isEqualTo(200);
        assertThat(validateOnly.json().get("partitions_count").asInt()).isEqualTo(4);
        assertThat(http().get("/topics/x1").errorCode()).isEqualTo(40401);
    }

    @Test
    void configsCanBeListedSetResetAndAlteredTogether() {
        String c = clusterId();
        String topic = unique("configs");
        createTopic(topic, 1);
        String configs = "/v3/clusters/" + c + "/topics/" + topic + "/configs";

        JsonNode list = http().get(configs).json();
        assertThat(list.get("kind").asString()).isEqualTo("KafkaTopicConfigList");
        List<String> embedded = List.of("cleanup.policy", "delete.retention.ms", "max.compaction.lag.ms", "max.message.bytes",
                "message.timestamp.type", "min.cleanable.dirty.ratio", "min.compaction.lag.ms", "retention.bytes",
                "retention.ms", "segment.bytes", "segment.ms");
        if (isKafka()) { // every topic config Kafka has, the embedded engine's among them
            assertThat(list.get("data").valueStream().map(d -> d.get("name").asString())).containsAll(embedded)
                    .contains("compression.type", "min.insync.replicas");
        } else {
            assertThat(list.get("data").valueStream().map(d -> d.get("name").asString())).containsExactlyInAnyOrderElementsOf(embedded);
        }
        JsonNode retention = http().get(configs + "/retention.ms").json();
        assertThat(retention.get("kind").asString()).isEqualTo("KafkaTopicConfig");
        assertThat(retention.get("value").asString()).isEqualTo("604800000");
        assertThat(retention.get("is_default").asBoolean()).isTrue();
        assertThat(retention.get("source").asString()).isEqualTo("DEFAULT_CONFIG");
        assertThat(retention.get("metadata").get("self").asString()).isEqualTo(http().base() + configs + "/retention.ms");

        assertThat(http().put(configs + "/retention.ms", Http.JSON, "{\"value\":\"3600000\"}").status()).isEqualTo(204);
        retention = http().get(configs + "/retention.ms").json();
        assertThat(retention.get("value").asString()).isEqualTo("3600000");
        assertThat(retention.get("is_default").asBoolean()).isFalse();
        assertThat(retention.get("source").asString()).isEqualTo("DYNAMIC_TOPIC_CONFIG");
        assertThat(http().get("/topics/" + topic).json().get("configs").get("retention.ms").asString()).isEqualTo("3600000");

        assertThat(http().delete(configs + "/retention.ms").status()).isEqualTo(204);
        assertThat(http().get(configs + "/retention.ms").json().get("value").asString()).isEqualTo("604800000");

        var altered = http().post(configs + ":alter", Http.JSON, """
                {"data":[{"name":"retention.ms","value":"1000"},{"name":"segment.bytes","value":"1048576"},
                 {"name":"max.message.bytes","operation":"DELETE"}]}""");
        assertThat(altered.status()).isEqualTo(204);
        assertThat(http().get(configs + "/retention.ms").json().get("value").asString()).isEqualTo("1000");
        assertThat(http().get(configs + "/segment.bytes").json().get("value").asString()).isEqualTo("1048576");

        // all or nothing: one bad entry changes nothing
        var bad = http().post(configs + ":alter", Http.JSON, """
                {"data":[{"name":"retention.ms","value":"2000"},{"name":"segment.ms","value":"-7"}]}""");
        assertThat(bad.errorCode()).isEqualTo(42206);
        assertThat(http().get(configs + "/retention.ms").json().get("value").asString()).isEqualTo("1000");
        assertThat(http().post(configs + ":alter", Http.JSON, "{\"data\":[{\"name\":\"retention.ms\",\"operation\":\"MERGE\"}]}")
                .errorCode()).isEqualTo(42206);
        assertThat(http().post(configs + ":alter", Http.JSON, "{\"data\":[{\"name\":\"retention.ms\",\"value\":\"5\"}],"
                + "\"validate_only\":true}").status()).isEqualTo(204);
        assertThat(http().get(configs + "/retention.ms").json().get("value").asString()).isEqualTo("1000");

        assertThat(http().get(configs + "/" + UNKNOWN_CONFIG).errorCode()).isEqualTo(404);
        assertThat(http().put(configs + "/" + UNKNOWN_CONFIG, Http.JSON, "{\"value\":\"lz4\"}").errorCode()).isEqualTo(404);
        assertThat(http().put(configs + "/retention.ms", Http.JSON, "{\"value\":\"forever\"}").errorCode()).isEqualTo(42206);
        assertThat(http().put(configs + "/retention.ms", Http.JSON, "{}").errorCode()).isEqualTo(42206);
        assertThat(http().get("/v3/clusters/" + c + "/topics/nope/configs").errorCode()).isEqualTo(40401);
    }

    @Test
    void compactionConfigsAreSetOnCreateAlteredAndListedWithKafkasDefaults() {
        String topic = unique("compacted");
        createTopic(topic, 1, """
                [{"name":"cleanup.policy","value":"compact"},{"name":"min.cleanable.dirty.ratio","value":"0.1"}]""");
        String configs = "/v3/clusters/" + clusterId() + "/topics/" + topic + "/configs";
        JsonNode policy = http().get(configs + "/cleanup.policy").json();
        assertThat(policy.get("value").asString()).isEqualTo("compact");
        assertThat(policy.get("is_default").asBoolean()).isFalse();
        assertThat(http().get(configs + "/min.cleanable.dirty.ratio").json().get("value").asString()).isEqualTo("0.1");
        JsonNode deleteRetention = http().get(configs + "/delete.retention.ms").json();
        assertThat(deleteRetention.get("value").asString()).isEqualTo("86400000");
        assertThat(deleteRetention.get("is_default").asBoolean()).isTrue();
        assertThat(http().get(configs + "/min.compaction.lag.ms").json().get("value").asString()).isEqualTo("0");
        assertThat(http().get(configs + "/max.compaction.lag.ms").json().get("value").asString())
                .isEqualTo(Long.toString(Long.MAX_VALUE));

        assertThat(http().post(configs + ":alter", Http.JSON, """
                {"data":[{"name":"cleanup.policy","value":"delete,compact"},{"name":"delete.retention.ms","value":"1000"},
                 {"name":"max.compaction.lag.ms","value":"60000"}]}""").status()).isEqualTo(204);
        JsonNode described = http().get("/topics/" + topic).json().get("configs");
        // the embedded engine writes the list one way; Kafka keeps it as given
        assertThat(described.get("cleanup.policy").asString()).as("one spelling of the list")
                .isEqualTo(isKafka() ? "delete,compact" : "compact,delete");
        assertThat(described.get("delete.retention.ms").asString()).isEqualTo("1000");
        assertThat(described.get("max.compaction.lag.ms").asString()).isEqualTo("60000");

        var conflict = http().put(configs + "/min.compaction.lag.ms", Http.JSON, "{\"value\":\"120000\"}");
        assertThat(conflict.errorCode()).as(conflict.toString()).isEqualTo(42206);
        assertThat(conflict.body()).contains("max.compaction.lag.ms");
        assertThat(http().put(configs + "/cleanup.policy", Http.JSON, "{\"value\":\"shred\"}").errorCode()).isEqualTo(42206);
        assertThat(http().put(configs + "/min.cleanable.dirty.ratio", Http.JSON, "{\"value\":\"2\"}").errorCode())
                .isEqualTo(42206);
        assertThat(http().get(configs + "/min.compaction.lag.ms").json().get("value").asString()).isEqualTo("0");

        assertThat(http().delete(configs + "/cleanup.policy").status()).isEqualTo(204);
        assertThat(http().get(configs + "/cleanup.policy").json().get("value").asString()).isEqualTo("delete");
    }

    @Test
    void theConfigsOfAllTopicsComeInOneList() {
        String c = clusterId();
        String first = unique("all-configs");
        String second = unique("all-configs");
        createTopic(first, 1);
        createTopic(second, 2);
        assertThat(http().put("/v3/clusters/" + c + "/topics/" + second + "/configs/retention.ms", Http.JSON,
                "{\"value\":\"3600000\"}").status()).isEqualTo(204);

        JsonNode list = http().get("/v3/clusters/" + c + "/topics/-/configs").json();
        assertThat(list.get("kind").asString()).isEqualTo("KafkaTopicConfigList");
        assertThat(list.get("metadata").get("self").asString()).isEqualTo(http().base() + "/v3/clusters/" + c + "/topics/-/configs");
        for (String topic : List.of(first, second)) {
            JsonNode own = http().get("/v3/clusters/" + c + "/topics/" + topic + "/configs").json().get("data");
            assertThat(list.get("data").valueStream().filter(config -> config.get("topic_name").asString().equals(topic)).toList())
                    .as("the same entries as the topic's own list").containsExactlyElementsOf(own.valueStream().toList());
        }
        assertThat(list.get("data").valueStream().filter(config -> config.get("topic_name").asString().equals(second)
                && config.get("name").asString().equals("retention.ms"))).singleElement()
                .satisfies(config -> assertThat(config.get("value").asString()).isEqualTo("3600000"));
        assertThat(http().get("/v3/clusters/other/topics/-/configs").status()).isEqualTo(404);
    }

    @Test
    void aSmallerMaxMessageBytesAppliesToTheNextProduce() {
        String topic = unique("max-message");
        createTopic(topic, 1);
        String configs = "/v3/clusters/" + clusterId() + "/topics/" + topic + "/configs";
        String body = "{\"records\":[{\"value\":\"" + "m".repeat(3000) + "\"}]}";
        assertThat(http().post("/topics/" + topic, Http.JSON_V2, body).status()).isEqualTo(200);
        http().put(configs + "/max.message.bytes", Http.JSON, "{\"value\":\"2000\"}");
        assertThat(http().post("/topics/" + topic, Http.JSON_V2, body).errorCode()).isEqualTo(413);
        assertThat(endOffset(topic, 0)).isEqualTo(1);
    }
}

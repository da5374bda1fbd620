package io.tributary.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * v3 brokers, broker configs, replicas and reassignments: one broker, id 0, reached where the client reached the
 * service, holding the only replica of every partition, which never moves.
 */
class ClusterTopologyIT extends HttpTestSupport {

    @Test
    void theOneBrokerIsThisNodeAndTheController() {
        String c = "/v3/clusters/" + clusterId();
        JsonNode brokers = ok(c + "/brokers");
        assertThat(brokers.path("kind").asString()).isEqualTo("KafkaBrokerList");
        assertThat(brokers.path("metadata").path("self").asString()).isEqualTo(http().base() + c + "/brokers");
        assertThat(brokers.path("data")).hasSize(1);

        JsonNode broker = ok(c + "/brokers/0");
        assertThat(brokers.path("data").get(0)).isEqualTo(broker);
        assertThat(broker.path("kind").asString()).isEqualTo("KafkaBroker");
        assertThat(broker.path("metadata").path("self").asString()).isEqualTo(http().base() + c + "/brokers/0");
        assertThat(broker.path("metadata").path("resource_name").asString()).isEqualTo("crn:///kafka=" + clusterId() + "/broker=0");
        assertThat(broker.path("cluster_id").asString()).isEqualTo(clusterId());
        assertThat(broker.path("broker_id").asInt()).isZero();
        assertThat(broker.path("host").asString()).isEqualTo("127.0.0.1");
        assertThat(broker.path("port").asInt()).isEqualTo(port);
        assertThat(broker.has("rack")).isTrue();
        assertThat(broker.path("rack").isNull()).isTrue();
        assertThat(broker.path("configs").path("related").asString()).isEqualTo(http().base() + c + "/brokers/0/configs");
        assertThat(broker.path("partition_replicas").path("related").asString())
                .isEqualTo(http().base() + c + "/brokers/0/partition-replicas");
        assertThat(ok(c).path("controller").path("related").asString()).isEqualTo(http().base() + c + "/brokers/0");

        assertNotFound(http().get(c + "/brokers/1"), 404);
        assertThat(http().get(c + "/brokers/x").status()).isEqualTo(400);
        assertNotFound(http().get("/v3/clusters/nope/brokers"), 404);
    }

    @Test
    void theBrokersConfigsAreTributarysBrokerLevelDefaultsReadOnly() {
        String c = "/v3/clusters/" + clusterId();
        JsonNode configs = ok(c + "/brokers/0/configs");
        assertThat(configs.path("kind").asString()).isEqualTo("KafkaBrokerConfigList");
        assertThat(configs.path("data").valueStream().map(n -> n.path("name").asString()).toList()).containsExactly(
                "auto.create.topics.enable", "default.replication.factor", "log.cleaner.backoff.ms",
                "log.cleaner.dedupe.buffer.size", "log.cleaner.delete.retention.ms", "log.cleaner.io.max.bytes.per.second",
                "log.cleaner.max.compaction.lag.ms", "log.cleaner.min.cleanable.ratio", "log.cleaner.min.compaction.lag.ms",
                "log.cleaner.threads", "log.cleanup.policy", "log.message.timestamp.type", "log.retention.bytes",
                "log.retention.ms", "log.roll.ms", "log.segment.bytes", "message.max.bytes", "num.partitions");
        assertThat(configs.path("data")).allSatisfy(config -> {
            assertThat(config.path("kind").asString()).isEqualTo("KafkaBrokerConfig");
            assertThat(config.path("broker_id").asInt()).isZero();
            assertThat(config.path("is_read_only").asBoolean()).isTrue();
            assertThat(config.path("is_sensitive").asBoolean()).isFalse();
            // the tests' application sets no tributary.topics.* or tributary.compaction.* setting
            assertThat(config.path("is_default").asBoolean()).isTrue();
            assertThat(config.path("source").asString()).isEqualTo("DEFAULT_CONFIG");
            assertThat(ok(config.path("metadata").path("self").asString())).isEqualTo(config);
        });
        JsonNode retention = ok(c + "/brokers/0/configs/log.retention.ms");
        assertThat(retention.path("value").asString()).isEqualTo("604800000");
        assertThat(retention.path("synonyms")).isEqualTo(Http.parse(
                "[{\"name\":\"log.retention.ms\",\"value\":\"604800000\",\"source\":\"DEFAULT_CONFIG\"}]"));
        assertThat(ok(c + "/brokers/-/configs").path("data")).isEqualTo(configs.path("data"));

        assertNotFound(http().get(c + "/brokers/0/configs/log.retention.hours"), 404);
        assertNotFound(http().get(c + "/brokers/1/configs"), 404);

        JsonNode dynamic = ok(c + "/broker-configs");
        assertThat(dynamic.path("kind").asString()).isEqualTo("KafkaClusterConfigList");
        assertThat(dynamic.path("data")).isEmpty();
        assertNotFound(http().get(c + "/broker-configs/log.retention.ms"), 404);
    }

    @Test
    void everyPartitionHasOneReplicaTheInSyncLeaderOnBrokerZero() {
        String topic = unique("replicated");
        createTopic(topic, 2);
        String c = "/v3/clusters/" + clusterId();
        String partition = c + "/topics/" + topic + "/partitions/1";

        JsonNode described = ok(partition);
        assertThat(described.path("leader").path("related").asString()).isEqualTo(http().base() + partition + "/replicas/0");
        assertThat(described.path("replicas").path("related").asString()).isEqualTo(http().base() + partition + "/replicas");

        JsonNode replicas = ok(partition + "/replicas");
        assertThat(replicas.path("kind").asString()).isEqualTo("KafkaReplicaList");
        JsonNode replica = ok(partition + "/replicas/0");
        assertThat(replicas.path("data")).containsExactly(replica);
        assertThat(replica.path("kind").asString()).isEqualTo("KafkaReplica");
        assertThat(replica.path("metadata").path("self").asString()).isEqualTo(http().base() + partition + "/replicas/0");
        assertThat(replica.path("metadata").path("resource_name").asString())
                .isEqualTo("crn:///kafka=" + clusterId() + "/topic=" + topic + "/partition=1/replica=0");
        assertThat(replica.path("topic_name").asString()).isEqualTo(topic);
        assertThat(replica.path("partition_id").asInt()).isEqualTo(1);
        assertThat(replica.path("broker_id").asInt()).isZero();
        assertThat(replica.path("is_leader").asBoolean()).isTrue();
        assertThat(replica.path("is_in_sync").asBoolean()).isTrue();
        assertThat(replica.path("broker").path("related").asString()).isEqualTo(http().base() + c + "/brokers/0");

        List<String> onBroker = ok(c + "/brokers/0/partition-replicas").path("data").valueStream()
                .filter(r -> r.path("topic_name").asString().equals(topic))
                .map(r -> r.path("metadata").path("self").asString()).toList();
        assertThat(onBroker).containsExactly(http().base() + c + "/topics/" + topic + "/partitions/0/replicas/0",
                http().base() + partition + "/replicas/0");

        assertNotFound(http().get(partition + "/replicas/1"), 404);
        assertNotFound(http().get(c + "/topics/" + topic + "/partitions/2/replicas"), 40402);
        assertNotFound(http().get(c + "/topics/" + unique("nope") + "/partitions/0/replicas"), 40401);
    }

    @Test
    void noReplicaEverMovesSoEveryReassignmentIsEmpty() {
        String topic = unique("unmoved");
        createTopic(topic, 2);
        String c = "/v3/clusters/" + clusterId();

        JsonNode all = ok(c + "/topics/-/partitions/-/reassignment");
        assertThat(all.path("kind").asString()).isEqualTo("KafkaReassignmentList");
        assertThat(all.path("metadata").path("self").asString()).isEqualTo(http().base() + c + "/topics/-/partitions/-/reassignment");
        assertThat(all.path("data")).isEmpty();
        JsonNode ofTopic = ok(c + "/topics/" + topic + "/partitions/-/reassignment");
        assertThat(ofTopic.path("metadata").path("self").asString())
                .isEqualTo(http().base() + c + "/topics/" + topic + "/partitions/-/reassignment");
        assertThat(ofTopic.path("data")).isEmpty();
        assertThat(ok(c + "/topics/" + topic).path("partition_reassignments").path("related").asString())
                .isEqualTo(http().base() + c + "/topics/" + topic + "/partitions/-/reassignment");

        // what the partition's reassignment link promises: nothing being added or removed
        String partition = c + "/topics/" + topic + "/partitions/1";
        JsonNode none = ok(partition + "/reassignment");
        assertThat(ok(partition).path("reassignment").path("related").asString()).isEqualTo(http().base() + partition + "/reassignment");
        assertThat(none.path("kind").asString()).isEqualTo("KafkaReassignment");
        assertThat(none.path("metadata").path("self").asString()).isEqualTo(http().base() + partition + "/reassignment");
        assertThat(none.path("metadata").path("resource_name").asString())
                .isEqualTo("crn:///kafka=" + clusterId() + "/topic=" + topic + "/partition=1/reassignment");
        assertThat(none.path("partition_id").asInt()).isEqualTo(1);
        assertThat(none.path("adding_replicas")).isEmpty();
        assertThat(none.path("removing_replicas")).isEmpty();
        assertThat(none.path("replicas").path("related").asString()).isEqualTo(http().base() + partition + "/replicas");

        assertNotFound(http().get(c + "/topics/" + topic + "/partitions/2/reassignment"), 40402);
        assertNotFound(http().get(c + "/topics/" + unique("nope") + "/partitions/-/reassignment"), 40401);
    }

    private JsonNode ok(String pathOrUrl) {
        Http.Response r = http().get(pathOrUrl, Http.JSON);
        assertThat(r.status()).as(pathOrUrl + " answered " + r).isEqualTo(200);
        assertThat(r.contentType()).startsWith(Http.JSON);
        return r.json();
    }

    private static void assertNotFound(Http.Response r, int errorCode) {
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.errorCode()).as(r.toString()).isEqualTo(errorCode);
        assertThat(r.json().path("message").asString()).isNotBlank();
    }
}

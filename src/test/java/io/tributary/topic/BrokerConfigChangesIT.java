package io.tributary.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Changing broker configs over v3, per broker and cluster-wide. Embedded: every config is Tributary's configuration,
 * read at start, so every change is refused as Kafka refuses one it cannot make dynamically (40002), naming the setting.
 * Kafka mode: real changes on the shared test cluster, seen by the next read, and reset afterwards.
 */
class BrokerConfigChangesIT extends HttpTestSupport {

    /**
     * A config Kafka changes at run time, cluster-wide and per broker, set to its built-in value so that nothing
     * changes for the other tests of the run; a broker's own config Kafka does not change.
     */
    private static final String DYNAMIC = "log.cleaner.backoff.ms";
    private static final String BUILT_IN = "15000";
    private static final String STATIC = isKafka() ? "node.id" : "num.partitions";

    private String c() {
        return "/v3/clusters/" + clusterId();
    }

    /** The names of the dynamic cluster-wide configs (Kafka's controller keeps min.insync.replicas there). */
    private List<String> clusterWide() {
        return http().get(c() + "/broker-configs").json().get("data").valueStream().map(e -> e.get("name").asString()).toList();
    }

    private int broker() {
        return http().get(c() + "/brokers").json().get("data").get(0).get("broker_id").asInt();
    }

    @AfterEach
    void resetTheSharedCluster() {
        if (isKafka()) { // the test cluster is shared by the whole run: leave what this test set as it was
            http().delete(c() + "/broker-configs/" + DYNAMIC); // 404 when not set
            http().delete(c() + "/brokers/" + broker() + "/configs/" + DYNAMIC);
            http().delete(c() + "/broker-configs/no.such.config");
            assertThat(clusterWide()).doesNotContain(DYNAMIC);
        }
    }

    @Test
    void aConfigReadAtStartCannotChangeAndTheAnswerSaysWhereItIsSet() {
        JsonNode before = http().get(c() + "/brokers/" + broker() + "/configs").json().get("data");
        String path = c() + "/brokers/" + broker() + "/configs/" + STATIC;
        // a reset of a config that has no run-time value changes nothing, as Kafka answers it
        assertThat(http().delete(path).status()).isEqualTo(204);
        for (Http.Response refused : List.of(
                http().put(path, Http.JSON, "{\"value\":\"7\"}"),
                http().post(c() + "/brokers/" + broker() + "/configs:alter", Http.JSON,
                        "{\"data\":[{\"name\":\"" + STATIC + "\",\"value\":\"7\"}],\"validate_only\":true}"))) {
            assertThat(refused.status()).as(refused + " " + refused.uri()).isEqualTo(400);
            assertThat(refused.errorCode()).isEqualTo(40002);
            assertThat(refused.contentType()).startsWith(Http.JSON);
            assertThat(refused.json().get("message").asString()).contains("Cannot update", STATIC);
            if (!isKafka()) {
                assertThat(refused.json().get("message").asString()).contains("tributary.topics.default-partitions", "read at start");
            }
        }
        if (!isKafka()) { // every embedded config is read at start, cluster-wide too
            var backoff = http().put(c() + "/broker-configs/" + DYNAMIC, Http.JSON, "{\"value\":\"" + BUILT_IN + "\"}");
            assertThat(backoff.errorCode()).as(backoff.toString()).isEqualTo(40002);
            assertThat(backoff.json().get("message").asString()).contains("tributary.compaction.check-interval");
            var fixed = http().post(c() + "/broker-configs:alter", Http.JSON,
                    "{\"data\":[{\"name\":\"default.replication.factor\",\"value\":\"3\"},{\"name\":\"log.retention.ms\",\"value\":\"1\"}]}");
            assertThat(fixed.errorCode()).as(fixed.toString()).isEqualTo(40002);
            assertThat(fixed.json().get("message").asString()).contains("default.replication.factor is fixed",
                    "tributary.topics.retention");
        }
        assertThat(http().get(c() + "/brokers/" + broker() + "/configs").json().get("data")).isEqualTo(before);
        assertThat(clusterWide()).doesNotContain(DYNAMIC, STATIC);
    }

    @Test
    void namesABrokerDoesNotHaveAndUnsetClusterConfigsAre404AndBadBodies422() {
        var unknown = http().put(c() + "/brokers/" + broker() + "/configs/no.such.config", Http.JSON, "{\"value\":\"1\"}");
        assertThat(unknown.status()).as(unknown.toString()).isEqualTo(404);
        assertThat(unknown.json().get("message").asString()).contains("no.such.config", "cannot be found");
        assertThat(http().delete(c() + "/brokers/" + broker() + "/configs/no.such.config").status()).isEqualTo(404);
        assertThat(http().post(c() + "/brokers/" + broker() + "/configs:alter", Http.JSON,
                "{\"data\":[{\"name\":\"no.such.config\",\"value\":\"1\"}]}").status()).isEqualTo(404);
        assertThat(http().put(c() + "/brokers/99/configs/" + DYNAMIC, Http.JSON, "{\"value\":\"1\"}").status()).isEqualTo(404);
        assertThat(http().delete(c() + "/broker-configs/" + DYNAMIC).status()).as("not set").isEqualTo(404);
        assertThat(http().put("/v3/clusters/not-this-one/broker-configs/" + DYNAMIC, Http.JSON, "{\"value\":\"1\"}").status())
                .isEqualTo(404);

        assertThat(http().put(c() + "/broker-configs/" + DYNAMIC, Http.JSON, "{}").errorCode()).isEqualTo(42206);
        assertThat(http().post(c() + "/broker-configs:alter", Http.JSON, "{}").errorCode()).isEqualTo(42206);
        assertThat(http().post(c() + "/broker-configs:alter", Http.JSON,
                "{\"data\":[{\"name\":\"" + DYNAMIC + "\",\"operation\":\"ADD\"}]}").errorCode()).isEqualTo(42206);
        assertThat(http().post(c() + "/broker-configs:alter", Http.JSON, "{\"data\":[]}").status()).as("nothing to do").isEqualTo(204);
        // a cluster-wide name no broker has is the cluster's to judge, as Confluent passes it on
        var other = http().put(c() + "/broker-configs/no.such.config", Http.JSON, "{\"value\":\"1\"}");
        assertThat(other.status()).as(other.toString()).isEqualTo(204);
        assertThat(clusterWide()).doesNotContain(DYNAMIC, STATIC);
    }

    @Test
    void overKafkaClusterWideAndPerBrokerChangesAreMadeValidatedAndReset() {
        if (!isKafka()) {
            return; // the embedded broker has no config that changes at run time (above)
        }
        String configs = c() + "/broker-configs";
        var validated = http().post(configs + ":alter", Http.JSON,
                "{\"data\":[{\"name\":\"" + DYNAMIC + "\",\"value\":\"" + BUILT_IN + "\"}],\"validate_only\":true}");
        assertThat(validated.status()).as(validated.toString()).isEqualTo(204);
        assertThat(clusterWide()).as("validate_only changes nothing").doesNotContain(DYNAMIC);

        assertThat(http().put(configs + "/" + DYNAMIC, Http.JSON, "{\"value\":\"" + BUILT_IN + "\"}").status()).isEqualTo(204);
        JsonNode set = http().get(configs + "/" + DYNAMIC).json();
        assertThat(set.get("value").asString()).isEqualTo(BUILT_IN);
        assertThat(set.get("source").asString()).isEqualTo("DYNAMIC_DEFAULT_BROKER_CONFIG");
        assertThat(clusterWide()).contains(DYNAMIC);
        var refused = http().put(configs + "/" + DYNAMIC, Http.JSON, "{\"value\":\"not a number\"}");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo(40002);

        assertThat(http().delete(configs + "/" + DYNAMIC).status()).isEqualTo(204);
        assertThat(clusterWide()).doesNotContain(DYNAMIC);
        assertThat(http().get(configs + "/" + DYNAMIC).status()).isEqualTo(404);

        String broker = c() + "/brokers/" + broker() + "/configs";
        assertThat(http().post(broker + ":alter", Http.JSON, "{\"data\":[{\"name\":\"" + DYNAMIC + "\",\"value\":\"" + BUILT_IN + "\"}]}")
                .status()).isEqualTo(204);
        JsonNode own = http().get(broker + "/" + DYNAMIC).json();
        assertThat(own.get("value").asString()).isEqualTo(BUILT_IN);
        assertThat(own.get("source").asString()).isEqualTo("DYNAMIC_BROKER_CONFIG");
        assertThat(http().delete(broker + "/" + DYNAMIC).status()).isEqualTo(204);
        assertThat(http().get(broker + "/" + DYNAMIC).json().get("source").asString()).isNotEqualTo("DYNAMIC_BROKER_CONFIG");
    }
}

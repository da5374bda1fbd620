package io.tributary.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.support.OpenApiDocument.Rule;
import io.tributary.support.OpenApiDocument.Violation;

import java.net.URI;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The validator every v3 answer of the tests passes through: it must find what breaks Confluent's document. */
class ConfluentSpecTest {

    private static final String JSON = "application/json";
    private static final String TOPIC_PATH = "/v3/clusters/c1/topics/orders";

    private final ConfluentSpec spec = ConfluentSpec.get();

    private static String topic(String partitionsCount, boolean withKind) {
        return "{" + (withKind ? "\"kind\":\"KafkaTopic\"," : "")
                + "\"metadata\":{\"self\":\"http://h/v3/clusters/c1/topics/orders\",\"resource_name\":null},"
                + "\"cluster_id\":\"c1\",\"topic_name\":\"orders\",\"is_internal\":false,\"replication_factor\":1,"
                + "\"partitions_count\":" + partitionsCount + ",\"partitions\":{\"related\":\"p\"},\"configs\":{\"related\":\"c\"},"
                + "\"partition_reassignments\":{\"related\":\"r\"}}";
    }

    @Test
    void aBodyAsTheSpecDescribesItPasses() {
        assertThat(spec.violations("GET", TOPIC_PATH, 200, "application/json;charset=UTF-8", topic("3", true))).isEmpty();
    }

    @Test
    void aMissingRequiredFieldIsNamedWithItsOperationStatusAndRule() {
        List<Violation> violations = spec.violations("GET", TOPIC_PATH, 200, JSON, topic("3", false));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.operation()).isEqualTo("getKafkaTopic");
            assertThat(v.status()).isEqualTo(200);
            assertThat(v.rule()).isEqualTo(Rule.SCHEMA);
            assertThat(v.pointer()).isEqualTo("");
            assertThat(v.message()).startsWith("required:").contains("kind");
        });
    }

    @Test
    void aWrongTypeIsNamedWithItsJsonPointer() {
        List<Violation> violations = spec.violations("GET", TOPIC_PATH, 200, JSON, topic("\"3\"", true));

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.pointer()).isEqualTo("/partitions_count");
            assertThat(v.message()).startsWith("type:");
        });
    }

    @Test
    void nullIsAllowedOnlyWhereTheSpecSaysNullable() {
        String error = "{\"error_code\":40403,\"message\":null}";
        assertThat(spec.violations("GET", TOPIC_PATH, 404, JSON, error)).isEmpty();

        String summary = "{\"kind\":\"KafkaConsumerGroupLagSummary\",\"metadata\":{\"self\":\"s\"},\"cluster_id\":\"c1\","
                + "\"consumer_group_id\":\"g\",\"max_lag_consumer_id\":\"\",\"max_lag_instance_id\":null,"
                + "\"max_lag_client_id\":\"\",\"max_lag_topic_name\":\"\",\"max_lag_partition_id\":0,\"max_lag\":0,"
                + "\"total_lag\":0,\"max_lag_consumer\":null,\"max_lag_partition\":{\"related\":\"p\"}}";
        assertThat(spec.violations("GET", "/v3/clusters/c1/consumer-groups/g/lag-summary", 200, JSON, summary))
                .singleElement().satisfies(v -> {
                    assertThat(v.operation()).isEqualTo("getKafkaConsumerGroupLagSummary");
                    assertThat(v.pointer()).isEqualTo("/max_lag_consumer");
                    assertThat(v.message()).startsWith("type:");
                });
    }

    @Test
    void anUndeclaredStatusOrContentTypeIsAViolation() {
        assertThat(spec.violations("GET", TOPIC_PATH, 418, JSON, "{\"error_code\":418,\"message\":\"teapot\"}"))
                .extracting(Violation::rule).containsExactly(Rule.STATUS);
        assertThat(spec.violations("GET", TOPIC_PATH, 200, "text/plain", "hello"))
                .singleElement().satisfies(v -> {
                    assertThat(v.rule()).isEqualTo(Rule.CONTENT_TYPE);
                    assertThat(v.message()).contains("text/plain", "application/json");
                });
        assertThat(spec.violations("DELETE", TOPIC_PATH, 204, null, ""))
                .as("an answer without content").isEmpty();
        assertThat(spec.violations("DELETE", TOPIC_PATH, 204, JSON, "{}"))
                .extracting(Violation::rule).containsExactly(Rule.CONTENT_TYPE);
    }

    @Test
    void aStreamedProduceAnswerIsCheckedObjectByObject() {
        String ok = "{\"error_code\":200,\"cluster_id\":\"c1\",\"topic_name\":\"t\",\"partition_id\":0,\"offset\":1,"
                + "\"timestamp\":\"2024-01-02T03:04:05.678Z\",\"value\":{\"type\":\"JSON\",\"size\":3}}";
        String bad = "{\"error_code\":200,\"partition_id\":\"zero\"}";
        String path = "/v3/clusters/c1/topics/t/records";

        assertThat(spec.violations("POST", path, 200, JSON, ok + "\n" + ok)).isEmpty();
        assertThat(spec.violations("POST", path, 200, JSON, ok + bad))
                .singleElement().extracting(Violation::pointer).isEqualTo("(object 1)/partition_id");
        assertThat(spec.violations("GET", TOPIC_PATH, 200, JSON, topic("3", true) + topic("3", true)))
                .as("only produce streams").extracting(Violation::rule).containsExactly(Rule.BODY);
    }

    @Test
    void formatsAreAsserted() {
        String path = "/v3/clusters/c1/topics/t/records";
        assertThat(spec.violations("POST", path, 200, JSON, "{\"error_code\":200,\"timestamp\":\"yesterday\"}"))
                .singleElement().satisfies(v -> {
                    assertThat(v.pointer()).isEqualTo("/timestamp");
                    assertThat(v.message()).startsWith("format:");
                });
    }

    @Test
    void theDocumentsInt64TypoIsReadAsAnInt64Integer() {
        String offsets = "{\"kind\":\"KafkaPartitionWithOffsets\",\"metadata\":{\"self\":\"s\"},\"cluster_id\":\"c1\","
                + "\"topic_name\":\"t\",\"partition_id\":0,\"earliest_offset\":0,\"latest_offset\":%s}";
        String path = "/v3/clusters/c1/topics/t/partitions/0/offset";

        assertThat(spec.violations("GET", path, 200, JSON, offsets.formatted("12"))).isEmpty();
        assertThat(spec.violations("GET", path, 200, JSON, offsets.formatted("\"12\""))).singleElement()
                .extracting(Violation::pointer).isEqualTo("/latest_offset");
    }

    @Test
    void operationsAreFoundByTemplateAndALiteralSegmentWins() {
        assertThat(spec.operation("GET", "/v3/clusters/c1/topics/-/configs")).get()
                .extracting(OpenApiDocument.Operation::name).isEqualTo("listKafkaAllTopicConfigs");
        assertThat(spec.operation("GET", "/v3/clusters/c1/topics/orders/configs")).get()
                .extracting(OpenApiDocument.Operation::name).isEqualTo("listKafkaTopicConfigs");
        assertThat(spec.operation("POST", "/v3/clusters/c1/topics/orders/configs:alter")).get()
                .extracting(OpenApiDocument.Operation::name).isEqualTo("updateKafkaTopicConfigBatch");
        assertThat(spec.operation("GET", "/v3/clusters/c1/topics/orders/partitions/0/reassignment")).get()
                .extracting(OpenApiDocument.Operation::name).isEqualTo("Get Replica Reassignments");
        assertThat(spec.operation("GET", "/v3/clusters/c1/topic-stats/orders")).as("Tributary's own").isEmpty();
        assertThat(spec.operation("PUT", "/v3/clusters/c1/topics/orders")).as("a method the path lacks").isEmpty();
        assertThat(spec.operation("GET", "/topics/orders")).as("v2").isEmpty();
    }

    @Test
    void checkFailsTheTestWithEverythingToFindTheCause() {
        URI uri = URI.create("http://127.0.0.1:1" + TOPIC_PATH);
        assertThatThrownBy(() -> ConfluentSpec.check("GET", uri, 200, JSON, topic("\"3\"", true)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("getKafkaTopic 200 SCHEMA at '/partitions_count': type:")
                .hasMessageContaining(TOPIC_PATH);
        // the allowance table: Confluent answers 404 where its document does not declare it, and so does Tributary
        ConfluentSpec.check("GET", URI.create("http://127.0.0.1:1/v3/clusters/nope"), 404, JSON,
                "{\"error_code\":404,\"message\":\"Cluster nope cannot be found.\"}");
        assertThatThrownBy(() -> ConfluentSpec.check("GET", URI.create("http://127.0.0.1:1/v3/clusters/nope"), 404, JSON,
                "{\"code\":404}")).as("the allowed status's body is still an Error").isInstanceOf(AssertionError.class)
                .hasMessageContaining("required");
    }
}

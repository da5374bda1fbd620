package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The seed article's walkthrough, as README.md shows it with curl. */
class QuickstartIT extends HttpTestSupport {

    @Test
    void createProduceAndReadFromTheBeginning() {
        var created = http().post("/v3/clusters/" + clusterId() + "/topics", Http.JSON, "{\"topic_name\":\"quickstart-events\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue(
                http().base() + "/v3/clusters/" + clusterId() + "/topics/quickstart-events");
        assertThat(created.json().get("partitions_count").asInt()).isEqualTo(1);

        var produced = http().post("/topics/quickstart-events", Http.JSON_V2, "{\"records\":[{\"value\":\"hi there\"}]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);
        assertThat(produced.contentType()).startsWith(Http.V2);
        assertThat(produced.json()).isEqualTo(Http.parse("""
                {"key_schema_id":null,"value_schema_id":null,
                 "offsets":[{"partition":0,"offset":0,"error_code":null,"error":null}]}"""));

        var read = http().get("/topics/quickstart-events/partitions/0/records", Http.JSON_V2);
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.contentType()).startsWith(Http.JSON_V2);
        JsonNode records = read.json();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("topic").asString()).isEqualTo("quickstart-events");
        assertThat(records.get(0).get("value").asString()).isEqualTo("hi there");
        assertThat(records.get(0).get("key").isNull()).isTrue();
        assertThat(records.get(0).get("offset").asLong()).isZero();
        assertThat(records.get(0).get("timestamp").asLong()).isPositive();
    }

    @Test
    void keyedRecordsLandInOnePartitionTheKafkaClientWouldChoose() {
        String topic = "payment-done";
        createTopic(topic, 3);
        byte[] user1 = "user1".getBytes(StandardCharsets.UTF_8);

        // binary format: the key bytes are "user1", exactly what a Kafka StringSerializer sends
        var binary = http().post("/topics/" + topic, Http.BINARY_V2, """
                {"records":[{"key":"dXNlcjE=","value":"eyJhbW91bnQiOjF9"},{"key":"dXNlcjE=","value":"eyJhbW91bnQiOjJ9"},
                 {"key":"dXNlcjE=","value":"eyJhbW91bnQiOjN9"}]}""");
        assertThat(binary.status()).as(binary.toString()).isEqualTo(200);
        int kafkaPartition = BuiltInPartitioner.partitionForKey(user1, 3);
        assertThat(partitions(binary.json().get("offsets"))).containsExactly(kafkaPartition);

        // v3 STRING keys are the same bytes
        var v3 = http().post("/v3/clusters/" + clusterId() + "/topics/" + topic + "/records", Http.JSON,
                "{\"key\":{\"type\":\"STRING\",\"data\":\"user1\"},\"value\":{\"data\":{\"amount\":4}}}");
        assertThat(v3.status()).as(v3.toString()).isEqualTo(200);
        assertThat(v3.json().get("partition_id").asInt()).isEqualTo(kafkaPartition);

        // json format: the key is stored (and hashed) as its JSON text "\"user1\"", as Confluent's json format does
        var json = http().post("/topics/" + topic, Http.JSON_V2, """
                {"records":[{"key":"user1","value":{"amount":5}},{"key":"user1","value":{"amount":6}}]}""");
        assertThat(partitions(json.json().get("offsets"))).containsExactly(
                BuiltInPartitioner.partitionForKey("\"user1\"".getBytes(StandardCharsets.UTF_8), 3));

        // The binary keys are not JSON, so this partition is read in the binary format.
        var read = http().get("/topics/" + topic + "/partitions/" + kafkaPartition + "/records", Http.BINARY_V2);
        assertThat(read.contentType()).startsWith(Http.BINARY_V2);
        assertThat(read.json()).hasSizeGreaterThanOrEqualTo(4);
        assertThat(decode(read.json().get(0).get("key"))).isEqualTo("user1");
        assertThat(decode(read.json().get(0).get("value"))).isEqualTo("{\"amount\":1}");
        assertThat(decode(read.json().get(3).get("value"))).isEqualTo("{\"amount\":4}");
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asString()), StandardCharsets.UTF_8);
    }

    private static Set<Integer> partitions(JsonNode offsets) {
        Set<Integer> partitions = new HashSet<>();
        offsets.forEach(o -> partitions.add(o.get("partition").asInt()));
        return partitions;
    }
}

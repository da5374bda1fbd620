package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The v3 consumer-group views: groups, members with assignments, lags, lag summary; and the group metrics. */
class ConsumerGroupsV3IT extends ConsumerHttpSupport {

    @Test
    void groupsMembersAssignmentsAndLags() {
        String topic = topic(3);
        String group = unique("group");
        TestConsumer c0 = TestConsumer.create(http(), group, "c0", false).subscribe(topic);
        TestConsumer c1 = TestConsumer.create(http(), group, "c1", false).subscribe(topic);
        settle(List.of(c0, c1), List.of(1, 2));
        produceEach(topic, 3, 4);
        drain(List.of(c0, c1), 12);
        int p = c0.partitions().iterator().next();
        assertThat(c0.commit(topic, p, 1).status()).isEqualTo(204); // lag 3 on p
        String base = "/v3/clusters/" + clusterId() + "/consumer-groups";

        JsonNode described = get(base + "/" + group);
        assertThat(described.path("kind").asString()).isEqualTo("KafkaConsumerGroup");
        assertThat(described.path("consumer_group_id").asString()).isEqualTo(group);
        assertThat(described.path("state").asString()).isEqualTo("STABLE");
        assertThat(described.path("partition_assignor").asString()).isEqualTo("sticky");
        assertThat(described.path("members_count").asInt()).isEqualTo(2);
        // Kafka does not report a classic group's generation (0); the embedded coordinator's second join is generation 2
        assertThat(described.path("generation_id").asLong()).isEqualTo(isKafka() ? 0 : 2);
        assertThat(described.path("metadata").path("self").asString()).endsWith(base + "/" + group);
        assertThat(described.path("type").asString()).isEqualTo("CLASSIC");
        assertThat(described.path("is_mixed_consumer_group").isBoolean()).isTrue();
        assertThat(described.path("is_mixed_consumer_group").asBoolean()).isFalse();
        assertThat(described.path("coordinator").path("related").asString()).matches(isKafka() ? ".*/brokers/[123]" : ".*/brokers/0");

        assertThat(ids(get(base).path("data"), "consumer_group_id")).contains(group);

        JsonNode consumers = get(base + "/" + group + "/consumers").path("data");
        assertThat(ids(consumers, "consumer_id")).containsExactly("c0", "c1");
        int assigned = 0;
        for (JsonNode consumer : consumers) {
            assigned += consumer.path("assigned_partitions").size();
        }
        assertThat(assigned).isEqualTo(3);
        JsonNode assignment = get(base + "/" + group + "/consumers/c0/assignments").path("data").get(0);
        assertThat(assignment.path("partition_id").asInt()).isEqualTo(p);
        String one = base + "/" + group + "/consumers/c0/assignments/" + topic + "/partitions/" + p;
        assertThat(assignment.path("metadata").path("self").asString()).isEqualTo(http().base() + one);
        assertThat(get(one)).isEqualTo(assignment);
        assertThat(assignment.path("lag").path("related").asString())
                .isEqualTo(http().base() + base + "/" + group + "/lags/" + topic + "/partitions/" + p);
        assertThat(get(assignment.path("lag").path("related").asString()).path("lag").asLong()).isEqualTo(3);
        int notOwned = c1.partitions().iterator().next();
        Http.Response other = http().get(base + "/" + group + "/consumers/c0/assignments/" + topic + "/partitions/" + notOwned, Http.JSON);
        assertThat(other.status()).as(other.toString()).isEqualTo(404);
        assertThat(other.errorCode()).isEqualTo(404);

        JsonNode lags = get(base + "/" + group + "/lags").path("data");
        assertThat(lags).hasSize(1);
        assertThat(lags.get(0).path("current_offset").asLong()).isEqualTo(1);
        assertThat(lags.get(0).path("log_end_offset").asLong()).isEqualTo(4);
        assertThat(lags.get(0).path("lag").asLong()).isEqualTo(3);
        assertThat(lags.get(0).path("consumer_id").asString()).isEqualTo("c0");

        JsonNode summary = get(base + "/" + group + "/lag-summary");
        assertThat(summary.path("max_lag").asLong()).isEqualTo(3);
        assertThat(summary.path("total_lag").asLong()).isEqualTo(3);
        assertThat(summary.path("max_lag_consumer_id").asString()).isEqualTo("c0");

        if (!isKafka()) { // the embedded coordinator's gauges; Kafka mode has the lag endpoints (and Kafka's own tools)
            JsonNode metric = get("/actuator/metrics/tributary.group.lag?tag=group:" + group + "&tag=partition:" + p);
            assertThat(metric.path("measurements").get(0).path("value").asDouble()).isEqualTo(3.0);
        }
    }

    @Test
    void aGroupWithoutMembersButWithCommittedOffsetsIsListedAsEmpty() {
        String topic = topic(1);
        String group = unique("group");
        TestConsumer c = soleMember(group, topic);
        assertThat(c.commit(topic, 0, 0).status()).isEqualTo(204);
        assertThat(c.delete().status()).isEqualTo(204);

        JsonNode described = get("/v3/clusters/" + clusterId() + "/consumer-groups/" + group);

        assertThat(described.path("state").asString()).isEqualTo("EMPTY");
        assertThat(described.path("members_count").asInt()).isZero();
        // no member reads the partition that lags most: the link leads to the group's consumers (Confluent's leads
        // to .../consumers/, built from the empty consumer id)
        JsonNode summary = get(described.path("lag_summary").path("related").asString());
        assertThat(summary.path("max_lag_consumer_id").asString()).isEmpty();
        assertThat(get(summary.path("max_lag_consumer").path("related").asString()).path("kind").asString())
                .isEqualTo("KafkaConsumerList");
        assertThat(get(summary.path("max_lag_partition").path("related").asString()).path("partition_id").asInt()).isZero();
    }

    @Test
    void aGroupThatCommittedNothingHasALagSummaryOfZerosWhoseLinksLeadSomewhere() {
        String group = unique("group");
        soleMember(group, topic(1));
        String base = "/v3/clusters/" + clusterId() + "/consumer-groups/" + group;

        // Confluent answers 404 here, which leaves the group's lag_summary link dangling (docs/compatibility.md)
        JsonNode summary = get(get(base).path("lag_summary").path("related").asString());

        assertThat(summary.path("total_lag").asLong()).isZero();
        assertThat(summary.path("max_lag").asLong()).isZero();
        assertThat(get(summary.path("max_lag_consumer").path("related").asString()).path("kind").asString())
                .isEqualTo("KafkaConsumerList");
        JsonNode lags = get(summary.path("max_lag_partition").path("related").asString());
        assertThat(lags.path("kind").asString()).isEqualTo("KafkaConsumerLagList");
        assertThat(lags.path("data")).isEmpty();
    }

    @Test
    void anUnknownGroupIs40405() {
        Http.Response r = http().get("/v3/clusters/" + clusterId() + "/consumer-groups/" + unique("nobody"), Http.JSON);

        assertThat(r.status()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo(40405);
    }

    @Test
    void everyConsumerEndpointIsInTheOpenApiDocumentWithASummary() {
        JsonNode paths = get("/v3/api-docs").path("paths");

        for (String path : List.of("/consumers/{group}", "/consumers/{group}/instances/{instance}",
                "/consumers/{group}/instances/{instance}/subscription", "/consumers/{group}/instances/{instance}/assignments",
                "/consumers/{group}/instances/{instance}/positions", "/consumers/{group}/instances/{instance}/positions/beginning",
                "/consumers/{group}/instances/{instance}/positions/end", "/consumers/{group}/instances/{instance}/records",
                "/consumers/{group}/instances/{instance}/offsets", "/v3/clusters/{cluster_id}/consumer-groups",
                "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}", "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/consumers",
                "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/lags", "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/lag-summary")) {
            assertThat(paths.has(path)).as(path).isTrue();
            paths.path(path).properties().forEach(operation ->
                    assertThat(operation.getValue().path("summary").asString()).as(operation.getKey() + " " + path).isNotBlank());
        }
    }

    private JsonNode get(String path) {
        Http.Response r = http().get(path, Http.JSON);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private static List<String> ids(JsonNode data, String field) {
        List<String> ids = new ArrayList<>();
        data.forEach(n -> ids.add(n.path(field).asString()));
        return ids;
    }
}

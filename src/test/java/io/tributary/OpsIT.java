package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Actuator (health, info, metrics, and prometheus as these tests expose it; the default exposure is checked by
 * ServerHardeningIT), the engine's metrics and records handed out, and the OpenAPI document and UI.
 */
class OpsIT extends HttpTestSupport {

    @Test
    void healthReportsTheLogDirectory() {
        var r = http().get("/actuator/health");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode log = r.json().get("components").get("logDirectory");
        assertThat(log.get("status").asString()).isEqualTo("UP");
        assertThat(log.get("details").get("path").asString()).endsWith("log");
        assertThat(log.get("details").get("freeBytes").asLong()).isPositive();
        assertThat(log.get("details").get("lastRecovery").has("cleanShutdown")).isTrue();
        assertThat(dataDir().resolve("log").resolve(".tributary-health-probe.tmp")).doesNotExist();
    }

    @Test
    void onlyTheConfiguredEndpointsAreExposed() {
        assertThat(http().get("/actuator/info").status()).isEqualTo(200);
        assertThat(http().get("/actuator/metrics").status()).isEqualTo(200);
        assertThat(http().get("/actuator/prometheus").status()).isEqualTo(200);
        for (String hidden : new String[] {"/actuator/env", "/actuator/beans", "/actuator/heapdump", "/actuator/loggers",
                "/actuator/shutdown", "/actuator/threaddump", "/h2-console"}) {
            assertThat(http().get(hidden).status()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void recordsAndBytesInAreCountedPerTopicWithAppendAndFsyncTimers() {
        String topic = unique("metrics");
        createTopic(topic, 1);
        // the timers are node-wide and earlier tests moved them: what counts is what this produce adds
        double appendsBefore = timerCount("tributary.log.append");
        double fsyncsBefore = timerCount("tributary.log.fsync");
        var produced = http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3}]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);

        JsonNode records = http().get("/actuator/metrics/tributary.records.in?tag=topic:" + topic).json();
        assertThat(records.get("measurements").get(0).get("value").asDouble()).isEqualTo(3.0);
        JsonNode bytes = http().get("/actuator/metrics/tributary.bytes.in?tag=topic:" + topic).json();
        assertThat(bytes.get("measurements").get(0).get("value").asDouble()).isPositive();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(timerCount("tributary.log.append")).as("appends timed").isGreaterThanOrEqualTo(appendsBefore + 1);
            assertThat(timerCount("tributary.log.fsync")).as("fsyncs timed").isGreaterThanOrEqualTo(fsyncsBefore + 1);
        });
        String prometheus = http().get("/actuator/prometheus").body();
        assertThat(prometheus).contains("tributary_records_in_total{topic=\"" + topic + "\"} 3.0");

        http().delete("/v3/clusters/" + clusterId() + "/topics/" + topic);
        assertThat(http().get("/actuator/metrics/tributary.records.in?tag=topic:" + topic).status()).isEqualTo(404);
    }

    @Test
    void recordsOutCountsEveryRecordHandedOutByGroupPollsAndPartitionReads() {
        String topic = unique("traffic");
        createTopic(topic, 2);
        double allInBefore = counter("tributary.records.in", null);
        double allOutBefore = counter("tributary.records.out", null);
        var produced = http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1,\"partition\":0},"
                + "{\"value\":2,\"partition\":0},{\"value\":3,\"partition\":0},{\"value\":4,\"partition\":1},"
                + "{\"value\":5,\"partition\":1}]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);
        assertThat(counter("tributary.records.in", topic)).isEqualTo(5.0);
        assertThat(counter("tributary.records.out", topic)).isZero();

        // a group reads all five, each once
        String group = unique("traffic-group");
        var created = http().post("/consumers/" + group, Http.V2, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
        String instance = created.json().get("base_uri").asString();
        assertThat(http().post(instance + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}").status()).isEqualTo(204);
        int[] received = {0};
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            received[0] += http().get(instance + "/records?timeout=500", Http.JSON_V2).json().size();
            return received[0] >= 5;
        });
        assertThat(received[0]).isEqualTo(5);
        assertThat(counter("tributary.records.out", topic)).isEqualTo(5.0);
        assertThat(http().get(instance + "/records?timeout=0", Http.JSON_V2).json()).isEmpty();
        assertThat(http().delete(instance).status()).isEqualTo(204);

        // a partition read counts what it answers; one at the end answers nothing
        assertThat(http().get("/topics/" + topic + "/partitions/0/records?offset=1").json()).hasSize(2);
        assertThat(http().get("/topics/" + topic + "/partitions/1/records?offset=2").json()).isEmpty();
        assertThat(counter("tributary.records.out", topic)).isEqualTo(7.0);

        // the node-wide sums the console charts moved as much (no other test produces or reads meanwhile)
        assertThat(counter("tributary.records.in", null) - allInBefore).isEqualTo(5.0);
        assertThat(counter("tributary.records.out", null) - allOutBefore).isEqualTo(7.0);
        http().delete("/v3/clusters/" + clusterId() + "/topics/" + topic);
        assertThat(http().get("/actuator/metrics/tributary.records.out?tag=topic:" + topic).status()).isEqualTo(404);
    }

    /** A counter's value from the metrics endpoint: of one topic, or summed over all ({@code topic} null; 0 when none). */
    private double counter(String name, String topic) {
        var r = http().get("/actuator/metrics/" + name + (topic == null ? "" : "?tag=topic:" + topic));
        if (topic == null && r.status() == 404) {
            return 0;
        }
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("measurements").get(0).get("value").asDouble();
    }

    /** The COUNT statistic of a timer, from the metrics endpoint. */
    private double timerCount(String timer) {
        var r = http().get("/actuator/metrics/" + timer);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("measurements").valueStream().filter(m -> m.get("statistic").asString().equals("COUNT"))
                .findFirst().orElseThrow(() -> new AssertionError("no COUNT in " + r)).get("value").asDouble();
    }

    @Test
    void theOpenApiDocumentDescribesEveryEndpointAndSwaggerUiRenders() {
        JsonNode api = http().get("/v3/api-docs").json();
        assertThat(api.get("info").get("title").asString()).isEqualTo("Tributary");
        JsonNode paths = api.get("paths");
        for (String path : new String[] {"/topics", "/topics/{topic}", "/topics/{topic}/partitions",
                "/topics/{topic}/partitions/{partition}", "/topics/{topic}/partitions/{partition}/offsets",
                "/topics/{topic}/partitions/{partition}/records", "/brokers", "/v3/clusters", "/v3/clusters/{cluster_id}",
                "/v3/clusters/{cluster_id}/topics", "/v3/clusters/{cluster_id}/topics/{topic_name}",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/configs", "/v3/clusters/{cluster_id}/topics/{topic_name}/configs/{name}",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/configs:alter",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/records", "/v3/clusters/{cluster_id}/topic-stats",
                "/v3/clusters/{cluster_id}/topic-stats/{topic_name}", "/v3/clusters/{cluster_id}/brokers",
                "/v3/clusters/{cluster_id}/brokers/{broker_id}", "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs",
                "/v3/clusters/{cluster_id}/brokers/{broker_id}/configs/{name}", "/v3/clusters/{cluster_id}/brokers/-/configs",
                "/v3/clusters/{cluster_id}/brokers/{broker_id}/partition-replicas", "/v3/clusters/{cluster_id}/broker-configs",
                "/v3/clusters/{cluster_id}/broker-configs/{name}",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/replicas",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/replicas/{broker_id}",
                "/v3/clusters/{cluster_id}/topics/-/partitions/-/reassignment",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/-/reassignment",
                "/v3/clusters/{cluster_id}/topics/{topic_name}/partitions/{partition_id}/reassignment",
                "/v3/clusters/{cluster_id}/consumer-groups/{consumer_group_id}/consumers/{consumer_id}/assignments/{topic_name}/partitions/{partition_id}"}) {
            assertThat(paths.has(path)).as(path).isTrue();
            paths.get(path).properties().forEach(op -> {
                assertThat(op.getValue().get("summary")).as(op.getKey() + " " + path + " summary").isNotNull();
                assertThat(op.getValue().get("responses").size()).as(op.getKey() + " " + path).isGreaterThan(0);
            });
        }
        // "Try it out" works at once: every cluster id parameter is prefilled with this cluster's id
        List<String> clusterIdExamples = new ArrayList<>();
        paths.forEach(path -> path.forEach(operation -> operation.path("parameters").forEach(parameter -> {
            if (parameter.path("name").asString().equals("cluster_id")) {
                clusterIdExamples.add(parameter.path("example").asString());
            }
        })));
        assertThat(clusterIdExamples).hasSizeGreaterThan(20).containsOnly(clusterId());
        assertThat(paths.has("/error")).isFalse();
        assertThat(api.get("components").get("responses").has("NotFound")).isTrue();

        var ui = http().get("/swagger-ui.html");
        assertThat(ui.status()).isIn(200, 302);
        String location = ui.status() == 302 ? ui.headers().firstValue("Location").orElseThrow() : "/swagger-ui.html";
        var page = http().get(location.replace(http().base(), ""));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }
}

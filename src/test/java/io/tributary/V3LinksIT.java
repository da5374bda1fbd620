package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * No v3 link leads nowhere: from {@code /v3/clusters}, every {@code self}, {@code related} and {@code next} URL of
 * every answer is followed, after a topic was created, written and read by a consumer group that committed. Each
 * answers 200 with a body whose {@code metadata.self} is the URL itself, without exception.
 */
class V3LinksIT extends HttpTestSupport {

    /** Kinds of every resource the walk must reach, so that it cannot pass by reaching little. */
    private static final List<String> KINDS = List.of("KafkaClusterList", "KafkaCluster", "KafkaBrokerList", "KafkaBroker",
            "KafkaBrokerConfigList", "KafkaBrokerConfig", "KafkaClusterConfigList", "KafkaReplicaList", "KafkaReplica",
            "KafkaReassignmentList", "KafkaReassignment", "KafkaTopicList", "KafkaTopic", "KafkaTopicConfigList",
            "KafkaTopicConfig", "KafkaPartitionList", "KafkaPartition", "KafkaConsumerGroupList", "KafkaConsumerGroup",
            "KafkaConsumerList", "KafkaConsumer", "KafkaConsumerAssignmentList", "KafkaConsumerAssignment",
            "KafkaConsumerLagList", "KafkaConsumerLag", "KafkaConsumerGroupLagSummary", "KafkaAclList");

    @Test
    void everyLinkOfEveryV3AnswerLeadsToWhatItNames() {
        String topic = unique("walked");
        String group = unique("walkers");
        String c = clusterId();
        readAndCommit(topic, group);
        String cluster = http().base() + "/v3/clusters/" + c;

        // the start, and the lists that no Confluent resource links to
        Deque<String> queue = new ArrayDeque<>(List.of(http().base() + "/v3/clusters", cluster + "/brokers/-/configs",
                cluster + "/topics/-/configs", cluster + "/consumer-groups/" + group + "/lags"));
        Set<String> seen = new LinkedHashSet<>(queue);
        Map<String, Integer> failed = new LinkedHashMap<>();
        Set<String> kinds = new TreeSet<>();
        while (!queue.isEmpty()) {
            String url = queue.poll();
            Http.Response r = http().get(url, Http.JSON);
            if (r.status() != 200) {
                failed.put(url, r.status());
                assertThat(r.contentType()).as(url).startsWith(Http.JSON);
                continue;
            }
            assertThat(r.contentType()).as(url).startsWith(Http.JSON);
            JsonNode body = r.json();
            assertThat(body.path("metadata").path("self").asString()).as("self of " + url).isEqualTo(url);
            kinds.add(body.path("kind").asString());
            for (String link : links(body)) {
                if (inScope(link, cluster, topic, group) && seen.add(link)) {
                    queue.add(link);
                }
            }
        }

        assertThat(kinds).containsAll(KINDS);
        // the one broker 0 of the embedded engine; in Kafka mode the partition's leader and the first broker
        String leader = isKafka() ? http().get(cluster + "/topics/" + topic + "/partitions/1", Http.JSON).json()
                .path("leader").path("related").asString().replaceAll(".*/", "") : "0";
        String broker = isKafka() ? http().get(cluster + "/brokers", Http.JSON).json().path("data").get(0)
                .path("broker_id").asString() : "0";
        assertThat(seen).as("the walk went through the topic, its partitions, the group and the broker")
                .contains(cluster + "/topics/" + topic + "/partitions/1/replicas/" + leader,
                        cluster + "/topics/" + topic + "/partitions/1/reassignment",
                        cluster + "/consumer-groups/" + group + "/consumers/w1/assignments/" + topic + "/partitions/1",
                        cluster + "/consumer-groups/" + group + "/lags/" + topic + "/partitions/1",
                        cluster + "/brokers/" + broker + "/configs/log.retention.ms");
        System.out.println("V3LinksIT: followed " + seen.size() + " links, " + kinds.size() + " kinds");
        assertThat(failed).as("links that lead nowhere").isEmpty();
    }

    /**
     * A topic of two partitions with records in both, read by the one member of a group that commits what it read:
     * then the group has a consumer, assignments and a lag for each partition.
     */
    private void readAndCommit(String topic, String group) {
        createTopic(topic, 2);
        for (int p = 0; p < 2; p++) {
            ok(http().post("/topics/" + topic + "/partitions/" + p, Http.JSON_V2, "{\"records\":[{\"value\":1},{\"value\":2}]}"));
        }
        String base = ok(http().post("/consumers/" + group, Http.V2, "{\"name\":\"w1\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}")).json().path("base_uri").asString();
        ok(http().post(base + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}"));
        List<JsonNode> read = new ArrayList<>();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            ok(http().get(base + "/records?timeout=500", Http.JSON_V2)).json().forEach(read::add);
            return read.size() == 4;
        });
        ok(http().post(base + "/offsets", null, null));
    }

    /** Every URL under {@code self}, {@code related} or {@code next}, anywhere in the body. */
    private static List<String> links(JsonNode node) {
        List<String> links = new ArrayList<>();
        if (node.isObject()) {
            node.properties().forEach(field -> {
                if (List.of("self", "related", "next").contains(field.getKey()) && field.getValue().isString()) {
                    links.add(field.getValue().asString());
                } else {
                    links.addAll(links(field.getValue()));
                }
            });
        } else if (node.isArray()) {
            node.forEach(element -> links.addAll(links(element)));
        }
        return links;
    }

    /**
     * The cluster's resources, but not those of other tests' topics and groups (the shared application has many,
     * and each would add hundreds of links that prove nothing more).
     */
    private static boolean inScope(String link, String cluster, String topic, String group) {
        assertThat(link).as("links are absolute URLs of this service").startsWith(cluster.substring(0, cluster.indexOf("/v3/")));
        if (!link.startsWith(cluster + "/")) {
            return link.equals(cluster);
        }
        String[] segments = URI.create(link).getRawPath().substring(URI.create(cluster).getRawPath().length() + 1).split("/");
        return segments.length < 2
                || segments[0].equals("topics") && (segments[1].equals(topic) || segments[1].equals("-"))
                || segments[0].equals("consumer-groups") && segments[1].equals(group)
                || !segments[0].equals("topics") && !segments[0].equals("consumer-groups");
    }

    private static Http.Response ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isIn(200, 204);
        return r;
    }
}

package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import io.tributary.confluent.v3client.ApiClient;
import io.tributary.confluent.v3client.ApiException;
import io.tributary.confluent.v3client.api.AclV3Api;
import io.tributary.confluent.v3client.api.ClusterV3Api;
import io.tributary.confluent.v3client.api.ConfigsV3Api;
import io.tributary.confluent.v3client.api.ConsumerGroupV3Api;
import io.tributary.confluent.v3client.api.PartitionV3Api;
import io.tributary.confluent.v3client.api.RecordsV3Api;
import io.tributary.confluent.v3client.api.TopicV3Api;
import io.tributary.confluent.v3client.model.AclData;
import io.tributary.confluent.v3client.model.AclResourceType;
import io.tributary.confluent.v3client.model.ClusterData;
import io.tributary.confluent.v3client.model.ConsumerAssignmentData;
import io.tributary.confluent.v3client.model.ConsumerData;
import io.tributary.confluent.v3client.model.ConsumerGroupData;
import io.tributary.confluent.v3client.model.ConsumerGroupLagSummaryData;
import io.tributary.confluent.v3client.model.ConsumerLagData;
import io.tributary.confluent.v3client.model.CreateAclRequestData;
import io.tributary.confluent.v3client.model.CreateAclRequestDataList;
import io.tributary.confluent.v3client.model.CreateTopicRequestData;
import io.tributary.confluent.v3client.model.CreateTopicRequestDataConfigsInner;
import io.tributary.confluent.v3client.model.PartitionData;
import io.tributary.confluent.v3client.model.PartitionWithOffsetsData;
import io.tributary.confluent.v3client.model.ProduceBatchRequest;
import io.tributary.confluent.v3client.model.ProduceBatchRequestEntry;
import io.tributary.confluent.v3client.model.ProduceBatchResponse;
import io.tributary.confluent.v3client.model.ProduceBatchResponseSuccessEntry;
import io.tributary.confluent.v3client.model.ProduceRequest;
import io.tributary.confluent.v3client.model.ProduceRequestData;
import io.tributary.confluent.v3client.model.ProduceResponse;
import io.tributary.confluent.v3client.model.TopicConfigData;
import io.tributary.confluent.v3client.model.TopicData;
import io.tributary.confluent.v3client.model.UpdateConfigRequestData;
import io.tributary.support.ChildService;
import io.tributary.support.Http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client generated from Confluent's own v3 OpenAPI document (openapi-generator, pom.xml; package
 * {@code io.tributary.confluent.v3client}) walks through the admin, produce, consumer-group and ACL operations of the
 * packaged service, started once as a child process: what a user of Confluent's REST Proxy who generated their client
 * from Confluent's spec would do. Every v3 step goes through the generated API classes only, so their request bodies
 * must be ones Tributary accepts and Tributary's answers ones the client can read. Consuming is v2 (Confluent's v2
 * API is not in that document), through {@link Http}.
 */
class ConfluentClientWalkthroughIT {

    private static final String TOPIC = "walkthrough-payments";
    private static final String GROUP = "walkthrough-billing";
    private static final String PRINCIPAL = "User:billing";
    private static final String CONSUMER = "walker";
    private static final int RECORDS = 3;

    @TempDir
    Path dataDir;

    private ChildService service;

    @AfterEach
    void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void aClientGeneratedFromConfluentsSpecWalksThroughTopicsRecordsGroupsAndAcls() throws Exception {
        Path output = Path.of("target", "confluent-client-walkthrough.log");
        Files.deleteIfExists(output);
        service = ChildService.start(dataDir, output);
        Http http = service.http();
        ApiClient client = new ApiClient();
        client.updateBaseUri(http.base() + "/v3");

        // clusters: the one this node is
        List<ClusterData> clusters = new ClusterV3Api(client).listKafkaClusters().getData();
        assertThat(clusters).hasSize(1);
        String cluster = clusters.get(0).getClusterId();
        assertThat(cluster).isNotBlank();

        // a topic with configs
        TopicV3Api topics = new TopicV3Api(client);
        TopicData created = topics.createKafkaTopic(cluster, new CreateTopicRequestData().topicName(TOPIC).partitionsCount(2)
                .configs(List.of(new CreateTopicRequestDataConfigsInner().name("retention.ms").value("3600000"),
                        new CreateTopicRequestDataConfigsInner().name("cleanup.policy").value("delete"))));
        assertThat(created.getTopicName()).isEqualTo(TOPIC);
        assertThat(created.getPartitionsCount()).isEqualTo(2);
        assertThat(created.getClusterId()).isEqualTo(cluster);

        // read, update, reset a topic config
        ConfigsV3Api configs = new ConfigsV3Api(client);
        TopicConfigData retention = configs.getKafkaTopicConfig(cluster, TOPIC, "retention.ms");
        assertThat(retention.getValue()).isEqualTo("3600000");
        assertThat(retention.getIsDefault()).isFalse();
        configs.updateKafkaTopicConfig(cluster, TOPIC, "retention.ms", new UpdateConfigRequestData().value("7200000"));
        assertThat(configs.getKafkaTopicConfig(cluster, TOPIC, "retention.ms").getValue()).isEqualTo("7200000");
        configs.deleteKafkaTopicConfig(cluster, TOPIC, "retention.ms");
        TopicConfigData reset = configs.getKafkaTopicConfig(cluster, TOPIC, "retention.ms");
        assertThat(reset.getIsDefault()).isTrue();
        assertThat(reset.getValue()).isEqualTo("604800000"); // Kafka's default: 7 days
        assertThat(configs.listKafkaTopicConfigs(cluster, TOPIC).getData())
                .extracting(TopicConfigData::getName).contains("retention.ms", "cleanup.policy");

        // partitions
        assertThat(new PartitionV3Api(client).listKafkaPartitions(cluster, TOPIC).getData())
                .extracting(PartitionData::getPartitionId).containsExactly(0, 1);

        // records, all to partition 0, each answered with where it went
        RecordsV3Api records = new RecordsV3Api(client);
        for (int i = 0; i < RECORDS; i++) {
            ProduceResponse produced = records.produceRecord(cluster, TOPIC, new ProduceRequest().partitionId(0)
                    .key(new ProduceRequestData().type("STRING").data("user1"))
                    .value(new ProduceRequestData().type("JSON").data(Map.of("amount", 10 * i))));
            assertThat(produced.getErrorCode()).as("record %s: %s", i, produced).isEqualTo(200);
            assertThat(produced.getPartitionId()).isZero();
            assertThat(produced.getOffset()).isEqualTo(i);
            assertThat(produced.getValue().getType()).isEqualTo("JSON");
        }

        // a consumer group: one member reads everything through v2 and commits offset 2 of partition 0 (lag 1)
        String member = consumeAll(http);
        Http.Response commit = http.post(member + "/offsets", Http.V2,
                "{\"offsets\":[{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"offset\":2}]}");
        assertThat(commit.status()).as(commit.toString()).isEqualTo(204);

        ConsumerGroupV3Api groups = new ConsumerGroupV3Api(client);
        assertThat(groups.listKafkaConsumerGroups(cluster).getData())
                .extracting(ConsumerGroupData::getConsumerGroupId).contains(GROUP);
        assertThat(groups.listKafkaConsumers(cluster, GROUP).getData())
                .extracting(ConsumerData::getConsumerId).containsExactly(CONSUMER);
        assertThat(groups.listKafkaConsumerAssignment(cluster, GROUP, CONSUMER).getData())
                .extracting(ConsumerAssignmentData::getTopicName, ConsumerAssignmentData::getPartitionId)
                .containsExactlyInAnyOrder(tuple(TOPIC, 0), tuple(TOPIC, 1));
        List<ConsumerLagData> lags = groups.listKafkaConsumerLags(cluster, GROUP).getData();
        assertThat(lags).singleElement().satisfies(lag -> {
            assertThat(lag.getPartitionId()).isZero();
            assertThat(lag.getCurrentOffset()).isEqualTo(2);
            assertThat(lag.getLogEndOffset()).isEqualTo(RECORDS);
            assertThat(lag.getLag()).isEqualTo(1);
            assertThat(lag.getConsumerId()).isEqualTo(CONSUMER);
        });
        ConsumerGroupLagSummaryData summary = groups.getKafkaConsumerGroupLagSummary(cluster, GROUP);
        assertThat(summary.getMaxLag()).isEqualTo(1);
        assertThat(summary.getTotalLag()).isEqualTo(1);
        assertThat(summary.getMaxLagConsumerId()).isEqualTo(CONSUMER);
        assertThat(summary.getMaxLagTopicName()).isEqualTo(TOPIC);
        assertThat(summary.getMaxLagPartitionId()).isZero();

        // a batch of records, one of them unreadable, and the partition's offsets afterwards
        ProduceBatchResponse batch = records.produceRecordsBatch(cluster, TOPIC, new ProduceBatchRequest().entries(List.of(
                new ProduceBatchRequestEntry().id("a").partitionId(1).value(new ProduceRequestData().type("STRING").data("first")),
                new ProduceBatchRequestEntry().id("b").partitionId(1).value(new ProduceRequestData().type("BINARY").data("*not base64*")),
                new ProduceBatchRequestEntry().id("c").partitionId(1).value(new ProduceRequestData().type("STRING").data("second")))));
        assertThat(batch.getSuccesses()).extracting(ProduceBatchResponseSuccessEntry::getId, ProduceBatchResponseSuccessEntry::getOffset)
                .containsExactly(tuple("a", 0L), tuple("c", 1L));
        assertThat(batch.getFailures()).singleElement().satisfies(failure -> {
            assertThat(failure.getId()).isEqualTo("b");
            assertThat(failure.getErrorCode()).isEqualTo(400);
        });
        PartitionWithOffsetsData offsets = new PartitionV3Api(client).listKafkaPartitionOffsets(cluster, TOPIC, 1, "earliest_and_latest");
        assertThat(offsets.getEarliestOffset()).isZero();
        assertThat(offsets.getLatestOffset()).isEqualTo(2);

        // ACLs: one created, two in a batch, listed by principal, one deleted by its exact filter
        AclV3Api acls = new AclV3Api(client);
        acls.createKafkaAcls(cluster, acl(AclResourceType.TOPIC, TOPIC, "LITERAL", "READ", "ALLOW"));
        acls.batchCreateKafkaAcls(cluster, new CreateAclRequestDataList().data(List.of(
                acl(AclResourceType.GROUP, "walkthrough-", "PREFIXED", "READ", "ALLOW"),
                acl(AclResourceType.TOPIC, TOPIC, "LITERAL", "WRITE", "DENY"))));
        assertThat(acls.getKafkaAcls(cluster, null, null, null, PRINCIPAL, null, null, null).getData())
                .extracting(AclData::getResourceType, AclData::getResourceName, AclData::getOperation, AclData::getPermission)
                .containsExactlyInAnyOrder(tuple(AclResourceType.TOPIC, TOPIC, "READ", "ALLOW"),
                        tuple(AclResourceType.GROUP, "walkthrough-", "READ", "ALLOW"),
                        tuple(AclResourceType.TOPIC, TOPIC, "WRITE", "DENY"));
        assertThat(acls.deleteKafkaAcls(cluster, AclResourceType.TOPIC, "LITERAL", "READ", "ALLOW", TOPIC, PRINCIPAL, "*")
                .getData()).singleElement().extracting(AclData::getOperation).isEqualTo("READ");
        assertThat(acls.getKafkaAcls(cluster, AclResourceType.TOPIC, TOPIC, "LITERAL", PRINCIPAL, null, null, null).getData())
                .extracting(AclData::getOperation).containsExactly("WRITE");

        assertThat(http.delete(member).status()).isEqualTo(204);
        topics.deleteKafkaTopic(cluster, TOPIC);
        assertThatThrownBy(() -> topics.getKafkaTopic(cluster, TOPIC, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(404));
    }

    private static CreateAclRequestData acl(AclResourceType type, String name, String pattern, String operation,
                                            String permission) {
        return new CreateAclRequestData().resourceType(type).resourceName(name).patternType(pattern).principal(PRINCIPAL)
                .host("*").operation(operation).permission(permission);
    }

    /**
     * Joins the group through v2, subscribes to the topic and reads until it has every record; returns its base URI.
     * The binary format, since the keys were produced as STRING, which is no JSON text.
     */
    private static String consumeAll(Http http) {
        Http.Response joined = http.post("/consumers/" + GROUP, Http.V2,
                "{\"name\":\"" + CONSUMER + "\",\"format\":\"binary\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}");
        assertThat(joined.status()).as(joined.toString()).isEqualTo(200);
        String member = joined.json().get("base_uri").asString();
        assertThat(http.post(member + "/subscription", Http.V2, "{\"topics\":[\"" + TOPIC + "\"]}").status()).isEqualTo(204);
        AtomicInteger read = new AtomicInteger();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Http.Response r = http.get(member + "/records?timeout=1000", Http.BINARY_V2);
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
            return read.addAndGet(r.json().size()) >= RECORDS;
        });
        assertThat(read.get()).isEqualTo(RECORDS);
        return member;
    }
}

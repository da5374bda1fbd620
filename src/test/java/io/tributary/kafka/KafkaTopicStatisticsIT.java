package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.errors.InvalidTopicException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.topic.PartitionStats;
import io.tributary.topic.TopicStats;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaTopicStatisticsIT {

    private static KafkaClients clients;
    private static Admin admin;
    private static KafkaTopicStatistics statistics;

    @BeforeAll
    static void start() {
        clients = KafkaPorts.clients(KafkaPorts.properties(Map.of()));
        admin = clients.admin();
        statistics = new KafkaTopicStatistics(admin, clients);
    }

    @AfterAll
    static void stop() {
        admin.close();
    }

    @Test
    void offsetsSizesAndLastWriteOfEachPartition() throws Exception {
        String topic = KafkaPorts.uniqueTopic("stats");
        KafkaPorts.createTopic(admin, topic, 2, 3);
        long timestamp = 1_700_000_000_000L;
        KafkaPorts.produce(clients, topic, 0, 4, timestamp);
        admin.deleteRecords(Map.of(new TopicPartition(topic, 0), RecordsToDelete.beforeOffset(1))).all().get(30, TimeUnit.SECONDS);

        await().atMost(KafkaPorts.patience()).untilAsserted(() -> {
            TopicStats stats = statistics.of(topic);
            assertThat(stats.topic()).isEqualTo(topic);
            assertThat(stats.partitions()).extracting(PartitionStats::partition).containsExactly(0, 1);
            PartitionStats written = stats.partitions().get(0);
            assertThat(written.logStartOffset()).isEqualTo(1);
            assertThat(written.logEndOffset()).isEqualTo(4);
            assertThat(written.records()).isEqualTo(3);
            assertThat(written.sizeBytes()).isPositive();
            assertThat(written.lastWriteTime()).isEqualTo(OptionalLong.of(timestamp + 3));
            assertThat(stats.partitions().get(1)).isEqualTo(new PartitionStats(1, 0, 0, 0, OptionalLong.empty()));
            assertThat(stats.records()).isEqualTo(3);
            assertThat(stats.lastWriteTime()).isEqualTo(OptionalLong.of(timestamp + 3));
        });
    }

    @Test
    void listsOnlyTheIncludedTopicsByName() throws Exception {
        String b = KafkaPorts.uniqueTopic("list-b");
        String a = "list-a" + b.substring(6);
        KafkaPorts.createTopic(admin, b, 1, 3);
        KafkaPorts.createTopic(admin, a, 3, 1);
        KafkaPorts.produce(clients, a, 2, 2, System.currentTimeMillis());

        List<TopicStats> listed = statistics.list(t -> t.equals(a) || t.equals(b));

        assertThat(listed).extracting(TopicStats::topic).containsExactly(a, b);
        assertThat(listed.get(0).partitions()).hasSize(3);
        assertThat(listed.get(0).records()).isEqualTo(2);
        assertThat(listed.get(0).sizeBytes()).isPositive();
        assertThat(listed.get(1).records()).isZero();
        assertThat(statistics.list(t -> false)).isEmpty();
    }

    @Test
    void unknownAndInvalidTopics() {
        assertThatThrownBy(() -> statistics.of(KafkaPorts.uniqueTopic("missing"))).isInstanceOf(UnknownTopicException.class);
        assertThatThrownBy(() -> statistics.of("../etc")).isInstanceOf(InvalidTopicException.class);
    }
}

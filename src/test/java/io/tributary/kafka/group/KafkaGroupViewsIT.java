package io.tributary.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.TopicPartition;
import io.tributary.common.errors.UnknownGroupException;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupState;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.PartitionLag;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Test;

class KafkaGroupViewsIT extends KafkaGroupTestSupport {

    @Test
    void groupsMembersAndLagsAgreeWithKafka() throws Exception {
        String topic = topic(2);
        produce(topic, 0, 5, 10);
        produce(topic, 1, 3, 10);
        String group = unique("group");
        ConsumerInstance consumer = create(group, "c", false);
        consumer.subscribe(topics(topic));
        pollAtLeast(consumer, 8);
        consumer.commit(List.of(new OffsetCommit(topic, 0, 2, ""), new OffsetCommit(topic, 1, 3, "")));

        await().atMost(LONG).until(() -> views.group(group).map(g -> g.state() == GroupState.STABLE).orElse(false));
        GroupSnapshot snapshot = views.requireGroup(group);
        ConsumerGroupDescription kafka = admin.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                .get(30, TimeUnit.SECONDS);
        assertThat(snapshot.assignor()).isEqualTo("sticky");
        assertThat(snapshot.members()).singleElement().satisfies(m -> {
            // named by its instance name, which its Kafka client id carries
            assertThat(m.id()).isEqualTo("c");
            assertThat(kafka.members().iterator().next().clientId()).isEqualTo("tributary:" + group + "/c");
            assertThat(m.owned()).containsExactly(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
            assertThat(m.subscription().groupManaged()).isTrue();
        });
        assertThat(views.groups()).extracting(GroupSnapshot::groupId).contains(group);

        List<PartitionLag> lags = views.lags(group);
        String member = snapshot.members().get(0).id();
        assertThat(lags).containsExactly(new PartitionLag(topic, 0, 2, 5, member), new PartitionLag(topic, 1, 3, 3, member));
        assertThat(lags).extracting(PartitionLag::lag).containsExactly(3L, 0L);

        consumer.delete();
        await().atMost(LONG).until(() -> views.group(group).map(g -> g.state() == GroupState.EMPTY && g.members().isEmpty())
                .orElse(false));
        assertThat(views.lags(group)).extracting(PartitionLag::owner).containsOnly("");
        assertThat(views.groups()).extracting(GroupSnapshot::groupId).contains(group);
    }

    @Test
    void aGroupKafkaDoesNotKnowIsNotFound() {
        String group = unique("nobody");
        assertThat(views.group(group)).isEmpty();
        assertThatThrownBy(() -> views.lags(group)).isInstanceOf(UnknownGroupException.class);
        assertThat(views.groups()).extracting(GroupSnapshot::groupId).doesNotContain(group);
    }
}

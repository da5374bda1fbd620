package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.TestConsumer.Rec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The seed article's consumer-group story over HTTP: three partitions, groups of three, two and four consumers. */
class ConsumerGroupSeedIT extends ConsumerHttpSupport {

    @Test
    void threeConsumersOnThreePartitionsReadOneEach() {
        String topic = topic(3);
        List<TestConsumer> consumers = group(topic, 3);

        settle(consumers, List.of(1, 1, 1));
        produceEach(topic, 3, 10);

        Map<TestConsumer, List<Rec>> received = drain(consumers, 30);
        assertThat(allIds(received)).hasSize(30);
        received.forEach((c, records) -> {
            assertThat(records).hasSize(10);
            assertThat(records).extracting(Rec::partition).containsOnlyElementsOf(c.partitions());
        });
    }

    @Test
    void twoConsumersOnThreePartitionsReadTwoAndOne() {
        String topic = topic(3);
        List<TestConsumer> consumers = group(topic, 2);

        settle(consumers, List.of(1, 2));
        produceEach(topic, 3, 10);

        Map<TestConsumer, List<Rec>> received = drain(consumers, 30);
        assertThat(allIds(received)).hasSize(30);
        received.forEach((c, records) -> {
            assertThat(records).hasSize(10 * c.partitions().size());
            assertThat(records).extracting(Rec::partition).containsOnlyElementsOf(c.partitions());
        });
    }

    @Test
    void aFourthConsumerIdlesAndTakesOverWhenAnotherLeaves() {
        String topic = topic(3);
        List<TestConsumer> consumers = group(topic, 4);
        settle(consumers, List.of(0, 1, 1, 1));
        TestConsumer idle = consumers.stream().filter(c -> c.partitions().isEmpty()).findFirst().orElseThrow();
        TestConsumer leaving = consumers.stream().filter(c -> !c.partitions().isEmpty()).findFirst().orElseThrow();
        int moved = leaving.partitions().iterator().next();

        assertThat(leaving.delete().status()).isEqualTo(204);
        List<TestConsumer> rest = new ArrayList<>(consumers);
        rest.remove(leaving);

        settle(rest, List.of(1, 1, 1));
        assertThat(idle.partitions()).containsExactly(moved);
        produceToPartition(topic, moved, "\"after\"");
        assertThat(drain(List.of(idle), 1).get(idle)).extracting(Rec::value).containsExactly("\"after\"");
    }

    @Test
    void recordsWithTheSameKeyAllReachTheSameConsumer() {
        String topic = topic(3);
        List<TestConsumer> consumers = group(topic, 3);
        settle(consumers, List.of(1, 1, 1));

        List<Integer> partitions = produce(topic, Collections.nCopies(20, "user1"), values(20));

        assertThat(new HashSet<>(partitions)).hasSize(1);
        Map<TestConsumer, List<Rec>> received = drain(consumers, 20);
        assertThat(received.values()).filteredOn(r -> !r.isEmpty()).singleElement()
                .satisfies(records -> assertThat(records).hasSize(20).extracting(Rec::key).containsOnly("\"user1\""));
    }

    @Test
    void twoGroupsEachReceiveEveryRecord() {
        String topic = topic(3);
        List<TestConsumer> first = group(topic, 3);
        List<TestConsumer> second = group(topic, 1);
        settle(first, List.of(1, 1, 1));
        settle(second, List.of(3));

        produceEach(topic, 3, 10);

        assertThat(allIds(drain(first, 30))).hasSize(30);
        assertThat(allIds(drain(second, 30))).hasSize(30);
    }
}

package io.tributary.kafka.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.FetchedRecord;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.AuthorizationException;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.common.errors.InvalidConsumerConfigException;
import io.tributary.common.errors.SubscriptionConflictException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.ConsumerPoll;
import io.tributary.consume.Fetched;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.Subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;

class KafkaConsumerInstancesIT extends KafkaGroupTestSupport {

    private static org.apache.kafka.common.TopicPartition kafka(String topic, int partition) {
        return new org.apache.kafka.common.TopicPartition(topic, partition);
    }

    @Test
    void subscribesPollsAndCommitsToKafka() throws Exception {
        String topic = topic(2);
        produce(topic, 0, 3, 10);
        produce(topic, 1, 2, 10);
        String group = unique("group");
        ConsumerInstance consumer = create(group, "c1", false);
        consumer.subscribe(topics(topic));

        List<FetchedRecord> records = pollAtLeast(consumer, 5);

        assertThat(records).hasSize(5);
        assertThat(consumer.assignment()).containsExactly(new TopicPartition(topic, 0), new TopicPartition(topic, 1));
        assertThat(committedInKafka(group)).isEmpty(); // no auto-commit
        List<OffsetCommit> committed = consumer.commit(null);
        assertThat(committed).extracting(OffsetCommit::offset).containsExactly(3L, 2L);
        assertThat(committedInKafka(group)).isEqualTo(Map.of(kafka(topic, 0), 3L, kafka(topic, 1), 2L));
        assertThat(consumer.committed(consumer.assignment())).extracting(c -> c.partition() + "@" + c.offset())
                .containsExactly("0@3", "1@2");
        consumer.commit(List.of(new OffsetCommit(topic, 0, 1, "meta")));
        assertThat(consumer.committed(List.of(new TopicPartition(topic, 0)))).singleElement()
                .satisfies(c -> assertThat(c.metadata()).isEqualTo("meta"))
                .satisfies(c -> assertThat(c.offset()).isEqualTo(1));
    }

    @Test
    void aPatternYieldsOnlyReadableTopicsAndFollowsNewOnes() throws Exception {
        String prefix = unique("pat");
        for (String suffix : List.of("-a", "-secret")) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + suffix, 1, (short) 3)))
                    .all().get(30, TimeUnit.SECONDS);
            produce(prefix + suffix, 0, 1, 10);
        }
        ConsumerInstance consumer = create(unique("group"), "c", false);
        consumer.subscribe(Subscription.Pattern.compile(java.util.regex.Pattern.quote(prefix) + "-.*",
                t -> !t.endsWith("-secret")));
        assertThat(consumer.subscribedTopics()).containsExactly(prefix + "-a");
        assertThat(pollAtLeast(consumer, 1)).extracting(FetchedRecord::topic).containsExactly(prefix + "-a");

        admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(prefix + "-b", 1, (short) 3)))
                .all().get(30, TimeUnit.SECONDS);
        produce(prefix + "-b", 0, 1, 10);
        assertThat(pollAtLeast(consumer, 1)).extracting(FetchedRecord::topic).containsExactly(prefix + "-b");
        assertThat(consumer.assignment()).extracting(TopicPartition::topic).containsExactly(prefix + "-a", prefix + "-b");
    }

    @Test
    void aRebalanceCompletesWhileAnHttpMemberNeverPolls() throws Exception {
        String topic = topic(4);
        String group = unique("group");
        ConsumerInstance idle = create(group, "idle", false);
        idle.subscribe(topics(topic));
        poll(idle, Duration.ofMillis(200), 1024);
        await().atMost(LONG).until(() -> idle.assignment().size() == 4);

        // From here on the first member's client never polls: the node drives its consumer.
        ConsumerInstance active = create(group, "active", false);
        active.subscribe(topics(topic));
        await().atMost(LONG).until(() -> active.assignment().size() == 2 && idle.assignment().size() == 2);
        Set<TopicPartition> all = new TreeSet<>(TopicPartition.ORDER);
        all.addAll(idle.assignment());
        all.addAll(active.assignment());
        assertThat(all).hasSize(4);

        for (TopicPartition tp : active.assignment()) {
            produce(topic, tp.partition(), 2, 10);
        }
        assertThat(pollAtLeast(active, 4)).hasSize(4)
                .allSatisfy(r -> assertThat(active.assignment()).contains(new TopicPartition(r.topic(), r.partition())));
    }

    @Test
    void anHttpInstanceAndANativeConsumerShareAGroupAndItsRecords() throws Exception {
        String topic = topic(4);
        String group = unique("group");
        ConsumerInstance http = create(group, "http", false);
        http.subscribe(topics(topic));
        poll(http, Duration.ofMillis(200), 1024);
        await().atMost(LONG).until(() -> http.assignment().size() == 4);

        List<String> nativeValues = Collections.synchronizedList(new ArrayList<>());
        Set<Integer> nativePartitions = Collections.synchronizedSet(new TreeSet<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread nativeClient = new Thread(() -> {
            // Kafka's default strategies [range, cooperative-sticky]: the group agrees on cooperative-sticky.
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ConsumerConfig.GROUP_ID_CONFIG, group, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                    ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                    ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
                consumer.subscribe(List.of(topic));
                while (!stop.get()) {
                    consumer.poll(Duration.ofMillis(100)).forEach(r -> nativeValues.add(new String(r.value())));
                    nativePartitions.clear();
                    consumer.assignment().forEach(tp -> nativePartitions.add(tp.partition()));
                    consumer.commitSync();
                }
            }
        });
        nativeClient.start();
        try {
            await().atMost(LONG).until(() -> http.assignment().size() == 2 && nativePartitions.size() == 2);
            for (int p = 0; p < 4; p++) {
                produce(topic, p, 5, 10);
            }
            List<FetchedRecord> httpRecords = pollAtLeast(http, 10);
            await().atMost(LONG).until(() -> nativeValues.size() >= 10);
            assertThat(httpRecords).hasSize(10)
                    .allSatisfy(r -> assertThat(nativePartitions).doesNotContain(r.partition()));
            assertThat(nativeValues).hasSize(10);
            http.commit(null);
            await().atMost(LONG).until(() -> committedInKafka(group).values().stream().mapToLong(Long::longValue).sum() == 20);
        } finally {
            stop.set(true);
            nativeClient.join(30_000);
        }
    }

    @Test
    void uncommittedRecordsGoToTheNextOwnerAfterADelete() throws Exception {
        String topic = topic(1);
        produce(topic, 0, 10, 10);
        String group = unique("group");
        ConsumerInstance first = create(group, "first", false);
        first.subscribe(topics(topic));
        assertThat(pollAtLeast(first, 10)).hasSize(10);
        first.commit(List.of(new OffsetCommit(topic, 0, 4, "")));
        ConsumerInstance second = create(group, "second", false);
        second.subscribe(topics(topic));

        first.delete();

        assertThatThrownBy(() -> first.commit(null)).isInstanceOf(UnknownConsumerException.class)
                .hasMessageContaining("was deleted");
        List<FetchedRecord> again = pollAtLeast(second, 6);
        assertThat(again).extracting(r -> r.record().offset()).containsExactly(4L, 5L, 6L, 7L, 8L, 9L);
        assertThatThrownBy(() -> instances.instance(group, "first", "alice")).isInstanceOf(UnknownConsumerException.class);
    }

    @Test
    void maxBytesKeepsTheRestForTheNextPollAndAutoCommitCommitsOnlyWhatWasDelivered() throws Exception {
        String topic = topic(1);
        produce(topic, 0, 5, 100);
        String group = unique("group");
        ConsumerInstance consumer = create(group, "c", true);
        consumer.assign(List.of(new TopicPartition(topic, 0)));

        List<FetchedRecord> first = new ArrayList<>();
        await().atMost(LONG).until(() -> {
            first.addAll(poll(consumer, Duration.ofMillis(500), 250).records());
            return !first.isEmpty();
        });
        assertThat(first).extracting(r -> r.record().offset()).containsExactly(0L, 1L);
        assertThat(committedInKafka(group)).isEmpty();

        // The next poll commits what the previous one delivered (2), not what waits in the buffer.
        assertThat(poll(consumer, Duration.ofSeconds(5), 250).records()).extracting(r -> r.record().offset())
                .containsExactly(2L, 3L);
        assertThat(committedInKafka(group)).isEqualTo(Map.of(kafka(topic, 0), 2L));
        // At least one record, however small the budget.
        assertThat(poll(consumer, Duration.ofSeconds(5), 1).records()).extracting(r -> r.record().offset())
                .containsExactly(4L);
        assertThat(committedInKafka(group)).isEqualTo(Map.of(kafka(topic, 0), 4L));
        consumer.delete(); // auto-commit on delete
        assertThat(committedInKafka(group)).isEqualTo(Map.of(kafka(topic, 0), 5L));
    }

    @Test
    void seeksMovePositionsAndDropBufferedRecords() throws Exception {
        String topic = topic(2);
        produce(topic, 0, 6, 10);
        String group = unique("group");
        ConsumerInstance consumer = create(group, "c", false);
        TopicPartition p0 = new TopicPartition(topic, 0);
        consumer.assign(List.of(p0));
        assertThat(pollAtLeast(consumer, 6)).hasSize(6);

        consumer.seek(Map.of(p0, 3L));
        assertThat(pollAtLeast(consumer, 3)).extracting(r -> r.record().offset()).containsExactly(3L, 4L, 5L);
        consumer.seekToBeginning(List.of());
        assertThat(poll(consumer, Duration.ofSeconds(10), 10).records()).extracting(r -> r.record().offset())
                .containsExactly(0L, 1L); // five bytes each
        consumer.seekToBeginning(List.of(p0)); // drops the buffered 2..5 too
        assertThat(poll(consumer, Duration.ofSeconds(10), 1).records()).extracting(r -> r.record().offset())
                .containsExactly(0L);
        consumer.seekToEnd(List.of());
        assertThat(poll(consumer, Duration.ofMillis(500), 1 << 20).records()).isEmpty();
        produce(topic, 0, 1, 10);
        assertThat(pollAtLeast(consumer, 1)).extracting(r -> r.record().offset()).containsExactly(6L);

        assertThatThrownBy(() -> consumer.seek(Map.of(new TopicPartition(topic, 1), 0L)))
                .isInstanceOf(IllegalConsumerStateException.class).hasMessageContaining("not assigned");
        assertThatThrownBy(() -> consumer.subscribe(topics(topic)))
                .isInstanceOf(SubscriptionConflictException.class);
    }

    @Test
    void redeliveryMovesBackOnlyWhileNothingMovedSince() throws Exception {
        String topic = topic(1);
        produce(topic, 0, 4, 10);
        ConsumerInstance consumer = create(unique("group"), "c", false);
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        List<FetchedRecord> records = pollAtLeast(consumer, 4);

        consumer.redeliver(records.subList(2, 4)); // the client got 0 and 1 only

        assertThat(pollAtLeast(consumer, 2)).extracting(r -> r.record().offset()).containsExactly(2L, 3L);
        produce(topic, 0, 1, 10);
        assertThat(pollAtLeast(consumer, 1)).extracting(r -> r.record().offset()).containsExactly(4L);
        consumer.redeliver(records.subList(2, 4)); // stale: the position moved on since
        assertThat(poll(consumer, Duration.ofMillis(500), 1 << 20).records()).isEmpty();
    }

    @Test
    void aCommitNamingAPartitionNotAssignedIsRefusedWholeAndCommitsNothing() throws Exception {
        String topic = topic(2);
        produce(topic, 0, 2, 10);
        String group = unique("group");
        ConsumerInstance consumer = create(group, "c", false);
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        pollAtLeast(consumer, 2);

        assertThatThrownBy(() -> consumer.commit(List.of(new OffsetCommit(topic, 0, 2, ""), new OffsetCommit(topic, 1, 0, ""))))
                .isInstanceOf(IllegalConsumerStateException.class)
                .hasMessageContaining("[" + topic + "-1]").hasMessageContaining("nothing was changed");
        assertThat(committedInKafka(group)).isEmpty();
    }

    @Test
    void aLongPollCompletesWhenARecordArrives() throws Exception {
        String topic = topic(1);
        ConsumerInstance consumer = create(unique("group"), "c", false);
        consumer.subscribe(topics(topic));
        awaitAssigned(consumer, 1);
        // the position is known once a poll fetched (auto.offset.reset=earliest on an empty partition)
        poll(consumer, Duration.ofMillis(500), 1024);

        ConsumerPoll waiting = consumer.poll(Duration.ofSeconds(30), 1024, records -> { });
        long started = System.nanoTime();
        assertThat(waiting.result()).isNotDone();
        produce(topic, 0, 1, 10);
        Fetched fetched = waiting.result().get(20, TimeUnit.SECONDS);

        assertThat(fetched.records()).hasSize(1);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void aNewPollSupersedesTheWaitingOneAndAnUndeliverableRecordStaysForTheNext() throws Exception {
        String topic = topic(1);
        ConsumerInstance consumer = create(unique("group"), "c", false);
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        ConsumerPoll first = consumer.poll(Duration.ofSeconds(30), 1024, records -> { });
        ConsumerPoll second = consumer.poll(Duration.ofSeconds(30), 1024, records -> {
            throw new IllegalArgumentException("not JSON");
        });
        assertThat(first.result().get(10, TimeUnit.SECONDS)).isEqualTo(Fetched.SUPERSEDED);
        produce(topic, 0, 1, 10);
        assertThatThrownBy(() -> second.result().get(20, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(pollAtLeast(consumer, 1)).extracting(r -> r.record().offset()).containsExactly(0L);
    }

    @Test
    void membersAskingForDisjointStrategiesAreRefused42204() throws Exception {
        String topic = topic(2);
        String group = unique("group");
        ConsumerInstance range = instances.create(group, "range", config(false, AssignmentStrategy.RANGE), "h", "alice");
        range.subscribe(topics(topic));
        awaitAssigned(range, 2);

        ConsumerInstance roundRobin = instances.create(group, "rr", config(false, AssignmentStrategy.ROUND_ROBIN), "h", "alice");
        roundRobin.subscribe(topics(topic));
        await().atMost(LONG).untilAsserted(() -> assertThatThrownBy(() -> poll(roundRobin, Duration.ofSeconds(1), 1024))
                .hasCauseInstanceOf(InvalidConsumerConfigException.class));
        assertThat(roundRobin.subscription()).isEqualTo(new Subscription.None());

        // Without a strategy an instance takes the group's.
        ConsumerInstance any = create(group, "any", false);
        assertThat(any.config().assignmentStrategy()).isEqualTo(AssignmentStrategy.RANGE);
    }

    @Test
    void namesOwnersAndManualAssignmentFollowTheEmbeddedRules() throws Exception {
        String topic = topic(1);
        String group = unique("group");
        ConsumerInstance subscribed = create(group, "same", false);
        assertThatThrownBy(() -> create(group, "same", false)).isInstanceOf(ConsumerExistsException.class);
        assertThatThrownBy(() -> instances.instance(group, "same", "mallory")).isInstanceOf(AuthorizationException.class);
        assertThat(instances.instance(group, "same", "alice").id()).isEqualTo("same");

        subscribed.subscribe(topics(topic));
        awaitAssigned(subscribed, 1);
        assertThatThrownBy(() -> subscribed.assign(List.of(new TopicPartition(topic, 0))))
                .isInstanceOf(SubscriptionConflictException.class);
        // Kafka refuses commits of hand-assigned partitions while the group has members: refused up front.
        ConsumerInstance manual = create(group, "manual", false);
        assertThatThrownBy(() -> manual.assign(List.of(new TopicPartition(topic, 0))))
                .isInstanceOf(SubscriptionConflictException.class).hasMessageContaining("has 1 members");
    }

    @Test
    void anIdleInstanceExpiresAndLeavesItsGroup() throws Exception {
        String topic = topic(1);
        String group = unique("group");
        ConsumerInstance consumer = instances.create(group, "short-lived", new io.tributary.consume.InstanceConfig(
                io.tributary.common.EmbeddedFormat.BINARY, io.tributary.consume.OffsetReset.EARLIEST, true, 1,
                Duration.ofSeconds(1), Duration.ofSeconds(3), null), "h", "alice");
        produce(topic, 0, 2, 10);
        consumer.subscribe(topics(topic));
        assertThat(pollAtLeast(consumer, 2)).hasSize(2);
        assertThat(views.group(group).orElseThrow().members()).hasSize(1);

        // looked up without a request, which would renew it
        await().atMost(LONG).until(() -> instances.states().stream().noneMatch(i -> i.id().equals("short-lived")));
        assertThatThrownBy(() -> instances.instance(group, "short-lived", "alice"))
                .isInstanceOf(UnknownConsumerException.class).hasMessageContaining("expired");
        assertThatThrownBy(() -> consumer.commit(null)).isInstanceOf(UnknownConsumerException.class);
        // expiry commits nothing, auto-commit or not: at most what an earlier poll committed for the one before it
        assertThat(committedInKafka(group).getOrDefault(kafka(topic, 0), 0L)).isLessThan(2L);
        await().atMost(LONG).until(() -> views.group(group).map(g -> g.members().isEmpty()).orElse(true));
    }
}

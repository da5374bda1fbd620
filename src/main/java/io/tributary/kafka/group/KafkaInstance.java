package io.tributary.kafka.group;

import io.tributary.common.FetchedRecord;
import io.tributary.common.Ticker;
import io.tributary.common.TopicPartition;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.ConsumerPoll;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.Subscription;
import io.tributary.kafka.KafkaErrors;
import io.tributary.kafka.KafkaMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;

/**
 * A consumer instance of the Kafka backend, as requests use it: checks what needs no consumer (topics exist, the
 * group admits manual assignment), then hands the work to the instance's {@link KafkaMember}.
 */
final class KafkaInstance implements ConsumerInstance {

    private final KafkaConsumerInstances instances;
    private final KafkaMember member;
    private final Admin admin;
    private final KafkaMetadata metadata;
    private final TopicNames topicNames;
    private final Duration timeout;
    /** Monotonic millis of the last request, for expiry (not the wall clock: a jump of it must expire nothing). */
    private volatile long lastSeen = Ticker.SYSTEM.monotonicMillis();

    KafkaInstance(KafkaConsumerInstances instances, KafkaMember member, Admin admin, KafkaMetadata metadata,
                  TopicNames topicNames, Duration timeout) {
        this.instances = instances;
        this.member = member;
        this.admin = admin;
        this.metadata = metadata;
        this.topicNames = topicNames;
        this.timeout = timeout;
    }

    InstanceState state() {
        return member.state();
    }

    KafkaMember member() {
        return member;
    }

    void touch() {
        lastSeen = Ticker.SYSTEM.monotonicMillis();
    }

    /** Idle: no poll waiting and no request for longer than the instance timeout. */
    boolean idleAt(long nowMillis) {
        return !member.polling() && nowMillis - lastSeen > config().instanceTimeout().toMillis();
    }

    @Override
    public String id() {
        return state().id();
    }

    @Override
    public String group() {
        return state().group();
    }

    @Override
    public InstanceConfig config() {
        return state().config();
    }

    @Override
    public void delete() {
        instances.delete(this);
    }

    @Override
    public void subscribe(Subscription subscription) {
        member.call("subscribe", m -> {
            m.doSubscribe(subscription);
            return null;
        });
        instances.subscriptionChanged(this);
    }

    @Override
    public void unsubscribe() {
        member.call("unsubscribe", m -> {
            m.doUnsubscribe();
            return null;
        });
        instances.subscriptionChanged(this);
    }

    @Override
    public Subscription subscription() {
        requireLive();
        return state().subscription();
    }

    @Override
    public SortedSet<String> subscribedTopics() {
        requireLive();
        return state().subscription().topics(topicNames.fresh());
    }

    /**
     * @throws io.tributary.common.errors.SubscriptionConflictException when subscribed, or when the group has members:
     *         Kafka accepts commits of partitions assigned by hand only from groups without members
     */
    @Override
    public void assign(Collection<TopicPartition> partitions) {
        requireLive();
        for (TopicPartition tp : partitions) {
            metadata.topic(tp.topic()).requirePartition(tp.partition());
        }
        if (!partitions.isEmpty()) {
            GroupDescriptions.requireNoMembers(admin, group(), id(), timeout);
        }
        member.call("assign partitions", m -> {
            m.doAssign(List.copyOf(partitions));
            return null;
        });
        instances.subscriptionChanged(this);
    }

    @Override
    public SortedSet<TopicPartition> assignment() {
        requireLive();
        return member.owned();
    }

    @Override
    public void seek(Map<TopicPartition, Long> offsets) {
        member.call("seek", m -> {
            m.doSeek(offsets);
            return null;
        });
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        member.call("seek", m -> {
            m.doSeekToBound(partitions, false);
            return null;
        });
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        member.call("seek", m -> {
            m.doSeekToBound(partitions, true);
            return null;
        });
    }

    /**
     * One poll waits per instance (a newer one supersedes it), so waiting polls are bounded by
     * {@code tributary.consumer.max-instances}.
     */
    @Override
    public ConsumerPoll poll(Duration timeout, int maxBytes, Consumer<List<FetchedRecord>> requireDeliverable) {
        requireLive();
        boolean waits = !timeout.isZero();
        if (waits) {
            instances.waitingFetches.acquire();
        }
        WaitingPoll poll = member.poll(timeout, maxBytes, requireDeliverable);
        poll.result().whenComplete((fetched, error) -> {
            if (waits) {
                instances.waitingFetches.release();
            }
            touch();
        });
        return poll;
    }

    @Override
    public void redeliver(List<FetchedRecord> undelivered) {
        if (undelivered.isEmpty()) {
            return;
        }
        try {
            member.call("redeliver", m -> {
                m.doRedeliver(undelivered);
                return null;
            });
        } catch (io.tributary.common.errors.UnknownConsumerException gone) {
            // left meanwhile: its partitions restart from the committed offsets anyway
        }
    }

    @Override
    public List<OffsetCommit> commit(List<OffsetCommit> offsets) {
        return member.call("commit offsets", m -> m.doCommit(offsets));
    }

    /** From the group's offsets in Kafka, as any member or Kafka's tools see them. */
    @Override
    public List<CommittedOffset> committed(Collection<TopicPartition> partitions) {
        requireLive();
        if (partitions.isEmpty()) {
            return List.of();
        }
        var spec = new ListConsumerGroupOffsetsSpec().topicPartitions(Partitions.kafka(partitions));
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = KafkaErrors.await(
                admin.listConsumerGroupOffsets(Map.of(group(), spec)).partitionsToOffsetAndMetadata(group()), timeout,
                "read the committed offsets of group '" + group() + "'");
        List<CommittedOffset> result = new ArrayList<>();
        for (TopicPartition tp : io.tributary.consume.ConsumerRules.sorted(partitions)) {
            OffsetAndMetadata committed = offsets.get(Partitions.kafka(tp));
            if (committed != null) {
                result.add(new CommittedOffset(group(), tp.topic(), tp.partition(), committed.offset(),
                        committed.metadata(), null));
            }
        }
        return result;
    }

    private void requireLive() {
        member.requireLive();
    }

    @Override
    public String toString() {
        return state().toString();
    }
}

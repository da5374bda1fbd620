package io.tributary.embedded.group;

import io.tributary.common.FetchedRecord;
import io.tributary.common.TopicPartition;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.ConsumerPoll;
import io.tributary.consume.Fetched;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.Subscription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/** A member of a group, as one request sees it: the coordinator does the work, under the member's group's lock. */
record MemberInstance(GroupCoordinator coordinator, RecordFetcher fetcher, ConsumerMember member) implements ConsumerInstance {

    @Override
    public String id() {
        return member.id();
    }

    @Override
    public String group() {
        return member.group();
    }

    @Override
    public InstanceConfig config() {
        return member.config();
    }

    @Override
    public void delete() {
        coordinator.delete(member);
    }

    @Override
    public void subscribe(Subscription subscription) {
        coordinator.subscribe(member, subscription);
    }

    @Override
    public void unsubscribe() {
        coordinator.unsubscribe(member);
    }

    @Override
    public Subscription subscription() {
        return coordinator.subscription(member);
    }

    @Override
    public SortedSet<String> subscribedTopics() {
        return coordinator.subscribedTopics(member);
    }

    @Override
    public void assign(Collection<TopicPartition> partitions) {
        coordinator.assign(member, partitions);
    }

    @Override
    public SortedSet<TopicPartition> assignment() {
        return coordinator.owned(member);
    }

    @Override
    public void seek(Map<TopicPartition, Long> offsets) {
        coordinator.seek(member, offsets);
    }

    @Override
    public void seekToBeginning(Collection<TopicPartition> partitions) {
        coordinator.seekToBeginning(member, partitions);
    }

    @Override
    public void seekToEnd(Collection<TopicPartition> partitions) {
        coordinator.seekToEnd(member, partitions);
    }

    @Override
    public ConsumerPoll poll(Duration timeout, int maxBytes, Consumer<List<FetchedRecord>> requireDeliverable) {
        PendingFetch fetch = fetcher.poll(member, timeout, maxBytes, requireDeliverable);
        return new ConsumerPoll() {
            @Override
            public CompletableFuture<Fetched> result() {
                return fetch.result();
            }

            @Override
            public void abandon() {
                fetch.abandon(false);
            }
        };
    }

    /** Per partition: from after its last returned record back to its first record the client did not get. */
    @Override
    public void redeliver(List<FetchedRecord> undelivered) {
        Map<TopicPartition, long[]> range = new LinkedHashMap<>();
        for (FetchedRecord r : undelivered) {
            long offset = r.record().offset();
            range.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new long[] {offset, offset})[1] = offset;
        }
        List<FetchPlan.Advance> rewinds = new ArrayList<>();
        range.forEach((tp, firstLast) -> rewinds.add(new FetchPlan.Advance(tp, firstLast[1] + 1, firstLast[0])));
        coordinator.rewind(member, rewinds);
    }

    @Override
    public List<OffsetCommit> commit(List<OffsetCommit> offsets) {
        return coordinator.commit(member, offsets);
    }

    @Override
    public List<CommittedOffset> committed(Collection<TopicPartition> partitions) {
        return coordinator.committed(member, partitions);
    }
}

package io.tributary.consume;

import io.tributary.common.FetchedRecord;
import io.tributary.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;

/**
 * One consumer instance, as a request found it: what a client can do with it. Every method throws
 * {@link io.tributary.common.errors.UnknownConsumerException} once the instance is gone (deleted, expired).
 */
public interface ConsumerInstance {

    String id();

    String group();

    InstanceConfig config();

    /** Leaves the group: auto-commit (if enabled), then its partitions go to the other members at once. */
    void delete();

    /** @throws io.tributary.common.errors.SubscriptionConflictException when it has partitions assigned by hand */
    void subscribe(Subscription subscription);

    void unsubscribe();

    Subscription subscription();

    /** The topics the subscription covers now (a pattern's current matches). */
    SortedSet<String> subscribedTopics();

    /** Reads exactly these partitions, outside the group's assignment. @throws SubscriptionConflictException when subscribed */
    void assign(Collection<TopicPartition> partitions);

    /** The partitions it reads now. */
    SortedSet<TopicPartition> assignment();

    /**
     * The next poll reads from these offsets.
     *
     * @throws io.tributary.common.errors.IllegalConsumerStateException (nothing changed) for a partition it does not
     *                                                                   read now
     */
    void seek(Map<TopicPartition, Long> offsets);

    /** As {@link #seek}, to each partition's first offset; an empty collection means every partition it reads. */
    void seekToBeginning(Collection<TopicPartition> partitions);

    /** As {@link #seek}, to each partition's end; an empty collection means every partition it reads. */
    void seekToEnd(Collection<TopicPartition> partitions);

    /**
     * Starts a long poll: it completes as soon as the instance's partitions have {@code fetch.min.bytes} of records,
     * or after {@code timeout} with what there is (possibly nothing). A poll already under way on the instance ends
     * at once, empty and {@linkplain Fetched#superseded() superseded}.
     *
     * @param requireDeliverable called with the records before the positions move past them; it throws when the
     *                           client could not be given them (a value that is not JSON for a json consumer), and
     *                           the poll then fails with its exception and moves nothing
     * @throws io.tributary.common.errors.LimitExceededException when too many fetches wait already
     */
    ConsumerPoll poll(Duration timeout, int maxBytes, Consumer<List<FetchedRecord>> requireDeliverable);

    /**
     * Moves positions back to records a poll returned but the client never got (it went away mid-stream), each
     * partition only if nothing moved it since. Ignored once the instance is gone.
     */
    void redeliver(List<FetchedRecord> undelivered);

    /**
     * Commits the offsets, or with {@code null} the positions of everything fetched so far.
     *
     * @return what was committed
     * @throws io.tributary.common.errors.IllegalConsumerStateException (nothing committed) for a partition it does not
     *                                                                   read now
     */
    List<OffsetCommit> commit(List<OffsetCommit> offsets);

    /** The group's committed offsets of these partitions; those without one are left out, as Confluent does. */
    List<CommittedOffset> committed(Collection<TopicPartition> partitions);
}

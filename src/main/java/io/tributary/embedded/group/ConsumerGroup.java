package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.common.errors.InvalidConsumerConfigException;
import io.tributary.common.errors.SubscriptionConflictException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.ConsumerRules;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupState;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.OffsetReset;
import io.tributary.consume.Subscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One consumer group: its members, the target assignment its assignor computed, and who owns which partition now.
 *
 * <p>Hand-over is cooperative. Each change of membership, subscription or subscribed topics bumps the generation and
 * computes a new target. A member gives up the partitions no longer in its target at its next poll (after auto-commit,
 * if enabled), when it is deleted or unsubscribes, or when it expires; a partition is acquired by its target owner
 * only once nobody owns it, so two members never read one partition at once. The new owner starts from the committed
 * offset, so records fetched but not committed by the old owner are delivered again (at-least-once).
 *
 * <p>All state is guarded by one lock per group; groups are independent. Log reads happen outside the lock, against a
 * {@link FetchPlan}; their results are applied with a compare-and-set on positions ({@link #advance}).
 */
final class ConsumerGroup {

    private final String id;
    private final GroupContext context;
    private final Assignor defaultAssignor;
    private final ReentrantLock lock = new ReentrantLock();

    private final SortedMap<String, ConsumerMember> members = new TreeMap<>();
    private final Map<TopicPartition, ConsumerMember> owners = new HashMap<>();
    private final Map<TopicPartition, ConsumerMember> targetOwners = new HashMap<>();
    private Assignor assignor;
    private long generation;
    /** The inputs of the last assignment: a rebalance happens only when they change. */
    private Map<String, Set<String>> assignedSubscriptions = Map.of();
    private Map<String, Integer> assignedPartitionCounts = Map.of();

    ConsumerGroup(String id, Assignor defaultAssignor, GroupContext context) {
        this.id = id;
        this.context = context;
        this.defaultAssignor = defaultAssignor;
        this.assignor = defaultAssignor;
    }

    public String id() {
        return id;
    }

    // ---- membership

    /** Adds a member; the first member's assignment strategy becomes the group's. */
    void join(ConsumerMember member, int maxMembers) {
        locked(() -> {
            if (members.containsKey(member.id())) {
                throw ConsumerRules.nameTaken(id, member.id());
            }
            if (members.size() >= maxMembers) {
                throw ConsumerRules.tooManyInGroup(id, members.size());
            }
            Assignor asked = member.config().assignmentStrategy() == null ? null : Assignor.of(member.config().assignmentStrategy());
            if (members.isEmpty()) {
                assignor = asked != null ? asked : defaultAssignor;
            } else if (asked != null && !asked.equals(assignor)) {
                throw new InvalidConsumerConfigException("Group '" + id + "' uses partition.assignment.strategy '"
                        + assignor.name() + "'; a new member cannot ask for '" + asked.name() + "'.");
            }
            members.put(member.id(), member);
            return null;
        });
    }

    /**
     * Removes a member: its partitions are released (after auto-commit when {@code clean} and enabled) and the group
     * rebalances at once. Returns false (and does nothing) when the member is already gone.
     */
    boolean leave(ConsumerMember member, boolean clean, String reason) {
        return locked(() -> {
            if (members.get(member.id()) != member) {
                return false;
            }
            if (clean) {
                autoCommit(member, member.positions.keySet());
            }
            boolean managed = member.subscription.groupManaged();
            release(member, List.copyOf(member.positions.keySet()), false);
            members.remove(member.id());
            member.goneReason = reason;
            member.target = Collections.emptySortedSet();
            member.signal();
            if (members.isEmpty()) {
                assignor = defaultAssignor;
            }
            if (managed) {
                rebalanceIfChanged(context.catalog().partitionCounts());
            }
            return true;
        });
    }

    Optional<ConsumerMember> member(String memberId) {
        return locked(() -> Optional.ofNullable(members.get(memberId)));
    }

    boolean isEmpty() {
        return locked(members::isEmpty);
    }

    int size() {
        return locked(members::size);
    }

    /** Members with no fetch under way and no request for longer than their instance timeout. */
    List<ConsumerMember> idleMembers(long nowMillis) {
        return locked(() -> members.values().stream().filter(m -> m.idleAt(nowMillis)).toList());
    }

    // ---- subscriptions

    /** @throws SubscriptionConflictException when the member assigned partitions manually */
    void subscribe(ConsumerMember member, Subscription subscription) {
        locked(() -> {
            requireMember(member);
            if (member.subscription instanceof Subscription.Manual) {
                throw ConsumerRules.assignedByHand(member.id());
            }
            member.subscription = subscription;
            rebalanceIfChanged(context.catalog().partitionCounts());
            return null;
        });
    }

    /** Leaves group assignment and drops manual partitions too (Kafka's {@code unsubscribe()}). */
    void unsubscribe(ConsumerMember member) {
        locked(() -> {
            requireMember(member);
            boolean managed = member.subscription.groupManaged();
            release(member, List.copyOf(member.positions.keySet()), true);
            member.subscription = new Subscription.None();
            member.target = Collections.emptySortedSet();
            if (managed) {
                rebalanceIfChanged(context.catalog().partitionCounts());
            }
            return null;
        });
    }

    /**
     * Manual assignment (Kafka's {@code assign()}): the member reads exactly these partitions, outside group
     * management. An empty set is an unsubscribe.
     *
     * @throws SubscriptionConflictException when subscribed; UnknownTopicException, UnknownPartitionException
     */
    void assign(ConsumerMember member, Collection<TopicPartition> partitions) {
        locked(() -> {
            requireMember(member);
            if (member.subscription.groupManaged()) {
                throw ConsumerRules.subscribed(member.id());
            }
            Map<String, Integer> counts = context.catalog().partitionCounts();
            for (TopicPartition tp : partitions) {
                Integer count = counts.get(tp.topic());
                if (count == null) {
                    throw new UnknownTopicException("Topic '" + tp.topic() + "' not found.");
                }
                if (tp.partition() < 0 || tp.partition() >= count) {
                    throw new UnknownPartitionException("Partition " + tp.partition() + " of topic '" + tp.topic()
                            + "' not found; it has " + count + " partitions.");
                }
            }
            List<TopicPartition> dropped = member.positions.keySet().stream().filter(tp -> !partitions.contains(tp)).toList();
            release(member, dropped, true);
            List<TopicPartition> added = partitions.stream().filter(tp -> !member.positions.containsKey(tp)).distinct().toList();
            Map<TopicPartition, Long> committed = committedOffsets(added);
            added.forEach(tp -> member.positions.put(tp, initialPosition(member, tp, committed)));
            member.subscription = partitions.isEmpty() ? new Subscription.None() : new Subscription.Manual(sorted(partitions));
            member.signal();
            return null;
        });
    }

    Subscription subscription(ConsumerMember member) {
        return locked(() -> {
            requireMember(member);
            return member.subscription;
        });
    }

    /** The partitions the member reads now, sorted. */
    SortedSet<TopicPartition> owned(ConsumerMember member) {
        return locked(() -> {
            requireMember(member);
            return sorted(member.positions.keySet());
        });
    }

    /**
     * Follows topic changes: partitions that no longer exist are dropped from their owners at once (there is nothing
     * left to read or commit), and the group rebalances when its subscribed topics or their partitions changed.
     */
    void refreshMetadata(Map<String, Integer> partitionCounts) {
        locked(() -> {
            for (ConsumerMember member : members.values()) {
                List<TopicPartition> gone = member.positions.keySet().stream()
                        .filter(tp -> tp.partition() >= partitionCounts.getOrDefault(tp.topic(), 0)).toList();
                gone.forEach(tp -> {
                    member.positions.remove(tp);
                    member.committed.remove(tp);
                    owners.remove(tp, member);
                });
                if (!gone.isEmpty() && member.subscription instanceof Subscription.Manual manual) {
                    var left = new TreeSet<>(manual.partitions());
                    gone.forEach(left::remove);
                    member.subscription = left.isEmpty() ? new Subscription.None() : new Subscription.Manual(left);
                }
            }
            rebalanceIfChanged(partitionCounts);
            return null;
        });
    }

    // ---- fetching

    /**
     * Prepares one fetch attempt: at the start of a poll, auto-commits the previous poll's positions; then gives up
     * partitions no longer assigned to this member and lists the owned ones, starting at this poll's turn.
     */
    FetchPlan prepareFetch(ConsumerMember member, boolean pollStart) {
        return locked(() -> {
            requireMember(member);
            member.touch(context.monotonicMillis());
            if (pollStart) {
                autoCommit(member, member.positions.keySet(), false);
            }
            if (member.subscription.groupManaged()) {
                release(member, member.positions.keySet().stream().filter(tp -> !member.target.contains(tp)).toList(), true);
            }
            List<FetchPlan.Read> reads = new ArrayList<>();
            member.positions.forEach((tp, position) -> reads.add(new FetchPlan.Read(tp, position)));
            if (!reads.isEmpty()) {
                Collections.rotate(reads, -(member.rotation % reads.size()));
            }
            return new FetchPlan(reads, member.changed);
        });
    }

    /**
     * Applies positions found by a fetch: each moves only if the member still owns the partition at the position the
     * fetch started from. Returns the partitions that moved; records of the others must not be delivered.
     */
    Set<TopicPartition> advance(ConsumerMember member, Collection<FetchPlan.Advance> advances, boolean nextTurn) {
        return locked(() -> {
            requireMember(member);
            Set<TopicPartition> moved = new java.util.HashSet<>();
            for (FetchPlan.Advance a : advances) {
                if (Objects.equals(member.positions.get(a.partition()), a.from())) {
                    member.positions.put(a.partition(), a.to());
                    moved.add(a.partition());
                }
            }
            if (nextTurn) {
                member.rotation++;
            }
            return moved;
        });
    }

    // ---- positions and commits

    /** @throws IllegalConsumerStateException (nothing changed) when a partition is not owned by the member */
    void seek(ConsumerMember member, Map<TopicPartition, Long> offsets) {
        locked(() -> {
            requireMember(member);
            requireOwned(member, offsets.keySet(), "seek");
            member.positions.putAll(offsets);
            member.signal();
            return null;
        });
    }

    /** Seeks to the log start ({@code end == false}) or end; an empty list means every owned partition. */
    void seekToBound(ConsumerMember member, Collection<TopicPartition> partitions, boolean end) {
        locked(() -> {
            requireMember(member);
            Collection<TopicPartition> targets = partitions.isEmpty() ? List.copyOf(member.positions.keySet()) : partitions;
            requireOwned(member, targets, "seek");
            Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
            for (TopicPartition tp : targets) {
                offsets.put(tp, end ? context.catalog().endOffset(tp) : context.catalog().logStartOffset(tp));
            }
            member.positions.putAll(offsets);
            member.signal();
            return null;
        });
    }

    /**
     * Commits the given offsets, or with {@code null} the positions of every owned partition (what was fetched so
     * far). All or nothing.
     *
     * @throws IllegalConsumerStateException when any partition is not owned by the member now; nothing is committed
     */
    List<OffsetCommit> commit(ConsumerMember member, List<OffsetCommit> offsets) {
        return locked(() -> {
            requireMember(member);
            member.touch(context.monotonicMillis());
            List<OffsetCommit> commits = offsets != null ? offsets : positionsToCommit(member, member.positions.keySet(), false);
            requireOwned(member, commits.stream().map(c -> new TopicPartition(c.topic(), c.partition())).toList(), "commit offsets for");
            store(member, commits, true);
            return commits;
        });
    }

    // ---- description

    public GroupSnapshot describe() {
        return locked(() -> {
            List<GroupSnapshot.Member> list = members.values().stream()
                    .map(m -> new GroupSnapshot.Member(m.id(), m.clientHost(), m.createdAt(), m.subscription,
                            sorted(m.positions.keySet()), sorted(m.target)))
                    .toList();
            return new GroupSnapshot(id, state(), assignor.name(), generation, list);
        });
    }

    private GroupState state() {
        List<ConsumerMember> managed = members.values().stream().filter(m -> m.subscription.groupManaged()).toList();
        if (managed.isEmpty()) {
            return GroupState.EMPTY;
        }
        boolean settled = managed.stream().allMatch(m -> m.positions.keySet().equals(m.target));
        return settled ? GroupState.STABLE : GroupState.PREPARING_REBALANCE;
    }

    // ---- internals (lock held)

    private void rebalanceIfChanged(Map<String, Integer> partitionCounts) {
        Map<String, Set<String>> subscriptions = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        members.values().stream().filter(m -> m.subscription.groupManaged()).forEach(m -> {
            SortedSet<String> topics = m.subscription.topics(partitionCounts.keySet());
            subscriptions.put(m.id(), topics);
            topics.forEach(t -> counts.put(t, partitionCounts.get(t)));
        });
        if (subscriptions.equals(assignedSubscriptions) && counts.equals(assignedPartitionCounts)) {
            return;
        }
        assignedSubscriptions = subscriptions;
        assignedPartitionCounts = counts;
        generation++;

        Map<String, Set<TopicPartition>> previous = new HashMap<>();
        subscriptions.keySet().forEach(m -> previous.put(m, members.get(m).target));
        var assignment = assignor.assign(subscriptions, counts, previous);
        targetOwners.clear();
        for (ConsumerMember member : members.values()) {
            SortedSet<TopicPartition> target = assignment.get(member.id());
            member.target = target == null ? Collections.emptySortedSet() : Collections.unmodifiableSortedSet(target);
            member.target.forEach(tp -> targetOwners.put(tp, member));
        }
        for (ConsumerMember member : members.values()) {
            acquire(member, member.target.stream().filter(tp -> !owners.containsKey(tp)).toList());
        }
        members.values().forEach(ConsumerMember::signal);
        context.listener().rebalanced(id, generation);
    }

    /** Takes ownership of free partitions, starting from the committed offset or else {@code auto.offset.reset}. */
    private void acquire(ConsumerMember member, List<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> committed = committedOffsets(partitions);
        for (TopicPartition tp : partitions) {
            owners.put(tp, member);
            member.positions.put(tp, initialPosition(member, tp, committed));
        }
    }

    /**
     * Gives up partitions (after auto-commit when {@code commitFirst}) and hands each at once to the member the
     * group assigned it to, which is woken up.
     */
    private void release(ConsumerMember member, Collection<TopicPartition> partitions, boolean commitFirst) {
        if (partitions.isEmpty()) {
            return;
        }
        if (commitFirst) {
            autoCommit(member, partitions);
        }
        Map<ConsumerMember, List<TopicPartition>> handOver = new LinkedHashMap<>();
        for (TopicPartition tp : List.copyOf(partitions)) {
            member.positions.remove(tp);
            member.committed.remove(tp);
            if (owners.remove(tp, member)) {
                ConsumerMember next = targetOwners.get(tp);
                if (next != null && next != member && members.get(next.id()) == next) {
                    handOver.computeIfAbsent(next, m -> new ArrayList<>()).add(tp);
                }
            }
        }
        handOver.forEach((next, taken) -> {
            acquire(next, taken);
            next.signal();
        });
    }

    private long initialPosition(ConsumerMember member, TopicPartition tp, Map<TopicPartition, Long> committed) {
        Long offset = committed.get(tp);
        if (offset != null) {
            member.committed.put(tp, offset);
            return offset;
        }
        return resetPosition(member.config().autoOffsetReset(), tp);
    }

    /** The position {@code auto.offset.reset} gives now; unknown for {@code none} (the fetch reports it). */
    long resetPosition(OffsetReset reset, TopicPartition tp) {
        try {
            return switch (reset) {
                case EARLIEST -> context.catalog().logStartOffset(tp);
                case LATEST -> context.catalog().endOffset(tp);
                case NONE -> ConsumerMember.UNKNOWN;
            };
        } catch (UnknownTopicException | UnknownPartitionException gone) {
            return ConsumerMember.UNKNOWN;
        }
    }

    private Map<TopicPartition, Long> committedOffsets(Collection<TopicPartition> partitions) {
        Set<String> topics = new TreeSet<>();
        partitions.forEach(tp -> topics.add(tp.topic()));
        Map<TopicPartition, Long> result = new HashMap<>();
        for (CommittedOffset c : context.offsets().committed(id, topics)) {
            result.put(new TopicPartition(c.topic(), c.partition()), c.offset());
        }
        return result;
    }

    private void autoCommit(ConsumerMember member, Collection<TopicPartition> partitions) {
        autoCommit(member, partitions, true);
    }

    /**
     * {@code durable} false: the commit is not waited for on stable storage
     * ({@link io.tributary.embedded.offset.OffsetStore#commitInBackground}): the one at the start of every poll.
     */
    private void autoCommit(ConsumerMember member, Collection<TopicPartition> partitions, boolean durable) {
        if (member.config().autoCommit()) {
            store(member, positionsToCommit(member, partitions, true), durable);
        }
    }

    private List<OffsetCommit> positionsToCommit(ConsumerMember member, Collection<TopicPartition> partitions, boolean changedOnly) {
        List<OffsetCommit> commits = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long position = member.positions.get(tp);
            if (position != null && position != ConsumerMember.UNKNOWN
                    && !(changedOnly && position.equals(member.committed.get(tp)))) {
                commits.add(new OffsetCommit(tp.topic(), tp.partition(), position, ""));
            }
        }
        return commits;
    }

    private void store(ConsumerMember member, List<OffsetCommit> commits, boolean durable) {
        if (commits.isEmpty()) {
            return;
        }
        if (durable) {
            context.offsets().commit(id, commits);
        } else {
            context.offsets().commitInBackground(id, commits);
        }
        commits.forEach(c -> member.committed.put(new TopicPartition(c.topic(), c.partition()), c.offset()));
        context.listener().committed(id, commits);
    }

    private void requireMember(ConsumerMember member) {
        if (members.get(member.id()) != member) {
            throw gone(member);
        }
    }

    static UnknownConsumerException gone(ConsumerMember member) {
        String reason = member.goneReason;
        return new UnknownConsumerException(reason != null ? reason
                : "Consumer instance '" + member.id() + "' not found in group '" + member.group() + "'.");
    }

    private void requireOwned(ConsumerMember member, Collection<TopicPartition> partitions, String action) {
        ConsumerRules.requireOwned(member.id(), partitions, member.positions.keySet(), action);
    }

    private static SortedSet<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        return ConsumerRules.sorted(partitions);
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}

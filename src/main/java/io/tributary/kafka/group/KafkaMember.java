package io.tributary.kafka.group;

import io.tributary.common.FetchedRecord;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.BackendUnavailableException;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.common.errors.InvalidConsumerConfigException;
import io.tributary.common.errors.SubscriptionConflictException;
import io.tributary.common.errors.TributaryException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.ConsumerRules;
import io.tributary.consume.Fetched;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.Subscription;
import io.tributary.kafka.KafkaErrors;
import io.tributary.kafka.PartitionFetcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.InvalidOffsetException;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InconsistentGroupProtocolException;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One consumer instance's {@code KafkaConsumer}, driven by the node rather than by the client's requests: an actor on
 * a {@link SerialExecutor}, ticking {@code poll(0)} at most every {@link #WAITING_TICK} while an HTTP poll waits
 * (sooner at first, see {@link #FIRST_WAITING_TICK}) and every {@link #IDLE_TICK} otherwise. Between HTTP polls the
 * assignment is paused once {@link #PREFETCH_LIMIT} is read ahead, so a tick then only runs the group protocol:
 * rebalances complete whatever the client does, and {@code max.poll.interval.ms} is never reached while the instance
 * lives.
 *
 * <p>Records the consumer returns wait in a {@link RecordBuffer} until a client is given them. The position a client
 * has reached in a partition is therefore its first buffered offset, or else the consumer's position; commits without
 * offsets and auto-commit commit that position, never past records no client got.
 *
 * <p>Methods named {@code on...} and {@code do...} run on the actor only.
 */
final class KafkaMember implements ConsumerRebalanceListener {

    private static final Logger log = LoggerFactory.getLogger(KafkaMember.class);

    /**
     * While an HTTP poll waits, the ticks start this short and double up to {@link #WAITING_TICK}: the consumer reads a
     * fetch's answer only inside {@code poll}, so the tick after a fetch went out decides when its records reach the
     * client. A short first tick catches an answer that is on its way (a consumer reading in a loop, a record just
     * produced); the doubling keeps a long poll on a quiet topic at one tick per {@link #WAITING_TICK}.
     */
    static final Duration FIRST_WAITING_TICK = Duration.ofMillis(1);
    static final Duration WAITING_TICK = Duration.ofMillis(20);
    /** While the group settles after this member's subscription or assignment changed: a rebalance takes a few ticks. */
    static final Duration SETTLING_TICK = Duration.ofMillis(50);
    static final Duration IDLE_TICK = Duration.ofMillis(500);
    static final Duration SETTLING = Duration.ofSeconds(3);
    /** Past this many buffered bytes the partitions are paused: a bound on memory per instance. */
    static final int BUFFER_LIMIT = 4 * 1024 * 1024;
    /**
     * What the member reads ahead while no poll waits: the next poll is answered from memory instead of after a fetch
     * round trip and a tick (a consumer polling in a loop otherwise pays both on every poll).
     */
    static final int PREFETCH_LIMIT = 1024 * 1024;

    private final Consumer<byte[], byte[]> consumer;
    private final SerialExecutor actor;
    private final ScheduledExecutorService timer;
    private final TopicNames topicNames;
    private final Duration kafkaTimeout;
    private final RecordBuffer buffer = new RecordBuffer();
    /** Per partition, the last offset the latest answer gave a client: a redelivery applies only while it holds. */
    private final Map<TopicPartition, Long> lastDelivered = new HashMap<>();
    /** What this member knows to be committed, so auto-commit skips partitions that did not move. */
    private final Map<TopicPartition, Long> committed = new HashMap<>();

    private volatile InstanceState state;
    /** The partitions the consumer reads now; kept here so requests and group views need not ask the actor. */
    private volatile SortedSet<TopicPartition> owned = ConsumerRules.sorted(List.of());
    private volatile boolean polling;
    private volatile String goneReason;
    private WaitingPoll waiting;
    /** A failure met while no poll waited (no committed offset and auto.offset.reset=none, ...), for the next poll. */
    private TributaryException pendingError;
    private SortedSet<String> patternTopics;
    private volatile boolean closed;
    /** Cleared when the member leaves without committing (expiry): the revocation during close must not commit either. */
    private boolean commitOnRevoke = true;
    private long settlingUntil;
    private ScheduledFuture<?> nextTick;
    private long nextTickAt;
    /** The next tick's delay while a poll waits: {@link #FIRST_WAITING_TICK}, doubling up to {@link #WAITING_TICK}. */
    private long waitingTick = FIRST_WAITING_TICK.toNanos();

    KafkaMember(InstanceState state, Consumer<byte[], byte[]> consumer, SerialExecutor actor,
                ScheduledExecutorService timer, TopicNames topicNames, Duration kafkaTimeout) {
        this.state = state;
        this.consumer = consumer;
        this.actor = actor;
        this.timer = timer;
        this.topicNames = topicNames;
        this.kafkaTimeout = kafkaTimeout;
        actor.execute(this::scheduleTick);
    }

    InstanceState state() {
        return state;
    }

    SortedSet<TopicPartition> owned() {
        return owned;
    }

    /** Whether an HTTP poll waits: such an instance is not idle. */
    boolean polling() {
        return polling;
    }

    /**
     * Runs {@code action} on the actor and waits for it, at most about the Kafka request timeout.
     *
     * @throws UnknownConsumerException when the member has left
     */
    <T> T call(String what, Function<KafkaMember, T> action) {
        if (actor.inExecutor()) {
            requireLive();
            return action.apply(this);
        }
        var result = new CompletableFuture<T>();
        actor.execute(() -> {
            try {
                requireLive();
                result.complete(action.apply(this));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get(kafkaTimeout.toMillis() * 2 + 5000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : KafkaErrors.translate(e.getCause(), what);
        } catch (java.util.concurrent.TimeoutException e) { // Kafka's TimeoutException is imported
            throw KafkaErrors.unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaErrors.unavailable(what, e);
        }
    }

    /** Registers an HTTP poll; the actor answers it. */
    WaitingPoll poll(Duration timeout, int maxBytes, java.util.function.Consumer<List<FetchedRecord>> requireDeliverable) {
        WaitingPoll poll = new WaitingPoll(timeout, maxBytes, requireDeliverable,
                abandoned -> actor.execute(() -> doAbandon(abandoned)));
        polling = true;
        actor.execute(() -> doStartPoll(poll));
        return poll;
    }

    // ---- subscription and assignment

    void doSubscribe(Subscription subscription) {
        if (state.subscription() instanceof Subscription.Manual) {
            throw ConsumerRules.assignedByHand(state.id());
        }
        if (subscription instanceof Subscription.Topics topics) {
            consumer.subscribe(topics.names(), this);
            patternTopics = null;
        } else if (subscription instanceof Subscription.Pattern pattern) {
            patternTopics = pattern.topics(topicNames.fresh());
            consumer.subscribe(patternTopics, this);
        }
        state = state.with(subscription);
        syncOwned();
        settle();
    }

    /** Leaves group assignment, and drops partitions assigned by hand (Kafka's {@code unsubscribe()}). */
    void doUnsubscribe() {
        autoCommit(owned);
        consumer.unsubscribe(); // a subscribed member's partitions are revoked in onPartitionsRevoked
        forget(owned);
        committed.clear();
        owned = ConsumerRules.sorted(List.of());
        patternTopics = null;
        state = state.with(new Subscription.None());
    }

    /** Reads exactly these partitions, outside group management; their existence was checked by the caller. */
    void doAssign(Collection<TopicPartition> partitions) {
        if (state.subscription().groupManaged()) {
            throw ConsumerRules.subscribed(state.id());
        }
        Set<TopicPartition> dropped = new HashSet<>(owned);
        dropped.removeAll(partitions);
        autoCommit(dropped);
        forget(dropped);
        consumer.assign(Partitions.kafka(partitions));
        owned = ConsumerRules.sorted(partitions);
        state = state.with(partitions.isEmpty() ? new Subscription.None() : new Subscription.Manual(owned));
        settle();
    }

    // ---- positions

    void doSeek(Map<TopicPartition, Long> offsets) {
        ConsumerRules.requireOwned(state.id(), offsets.keySet(), owned, "seek");
        offsets.forEach((tp, offset) -> consumer.seek(Partitions.kafka(tp), offset));
        forget(offsets.keySet());
    }

    /** To the first offset ({@code end == false}) or the end; an empty collection means every partition it reads. */
    void doSeekToBound(Collection<TopicPartition> partitions, boolean end) {
        Collection<TopicPartition> targets = partitions.isEmpty() ? owned : partitions;
        ConsumerRules.requireOwned(state.id(), targets, owned, "seek");
        if (end) {
            consumer.seekToEnd(Partitions.kafka(targets));
        } else {
            consumer.seekToBeginning(Partitions.kafka(targets));
        }
        // Kafka looks the offsets up lazily, at the next fetch: a record appended meanwhile would then be skipped
        // (or, to the beginning, retention could move it). The position is where the partition is now.
        targets.forEach(tp -> consumer.position(Partitions.kafka(tp), kafkaTimeout));
        forget(targets);
    }

    /** Per partition: back to the first record the client did not get, if no answer or seek moved it since. */
    void doRedeliver(List<FetchedRecord> undelivered) {
        Map<TopicPartition, long[]> range = new LinkedHashMap<>();
        for (FetchedRecord r : undelivered) {
            long offset = r.record().offset();
            range.computeIfAbsent(new TopicPartition(r.topic(), r.partition()), tp -> new long[]{offset, offset})[1] = offset;
        }
        range.forEach((tp, firstLast) -> {
            if (owned.contains(tp) && Objects.equals(lastDelivered.get(tp), firstLast[1])) {
                consumer.seek(Partitions.kafka(tp), firstLast[0]);
                forget(List.of(tp));
            }
        });
    }

    // ---- commits

    /** The given offsets, or with {@code null} the positions delivered so far; all refused unless all are owned. */
    List<OffsetCommit> doCommit(List<OffsetCommit> offsets) {
        long deadline = System.nanoTime() + kafkaTimeout.toNanos();
        while (true) {
            List<OffsetCommit> commits = offsets != null ? offsets : deliveredPositions(owned, true);
            ConsumerRules.requireOwned(state.id(), commits.stream().map(c -> new TopicPartition(c.topic(), c.partition())).toList(),
                    owned, "commit offsets for");
            try {
                commitSync(commits, deadline);
                return commits;
            } catch (RebalanceInProgressException e) {
                // Kafka commits only between rebalances: let this one finish (it may take partitions away), then retry.
                if (System.nanoTime() - deadline > 0) {
                    throw KafkaErrors.unavailable("commit offsets of group '" + state.group() + "' during a rebalance", e);
                }
                doPollKafka(Duration.ofMillis(100));
            }
        }
    }

    private void commitSync(List<OffsetCommit> commits, long deadline) {
        if (commits.isEmpty()) {
            return;
        }
        Map<org.apache.kafka.common.TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        commits.forEach(c -> offsets.put(new org.apache.kafka.common.TopicPartition(c.topic(), c.partition()),
                new OffsetAndMetadata(c.offset(), c.metadata())));
        try {
            consumer.commitSync(offsets, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        } catch (RebalanceInProgressException e) {
            throw e;
        } catch (CommitFailedException e) {
            throw commitRefused(e);
        } catch (KafkaException e) {
            throw KafkaErrors.translate(e, "commit offsets of group '" + state.group() + "'");
        }
        commits.forEach(c -> committed.put(new TopicPartition(c.topic(), c.partition()), c.offset()));
    }

    private TributaryException commitRefused(CommitFailedException e) {
        if (state.subscription() instanceof Subscription.Manual) {
            return new SubscriptionConflictException("Kafka refused the commit of consumer instance '" + state.id()
                    + "': group '" + state.group() + "' has members subscribed to topics, and Kafka accepts commits "
                    + "of partitions assigned by hand only while a group has no members; nothing was committed.");
        }
        return new IllegalConsumerStateException("Group '" + state.group() + "' reassigned the partitions of consumer "
                + "instance '" + state.id() + "' before the commit reached Kafka; nothing was committed. Poll again: "
                + "the new owner reads from the last committed offsets.");
    }

    /** Auto-commit, if enabled: the positions delivered to the client of these partitions, where they moved. */
    private void autoCommit(Collection<TopicPartition> partitions) {
        if (!state.config().autoCommit() || partitions.isEmpty()) {
            return;
        }
        List<OffsetCommit> commits = deliveredPositions(partitions, false).stream()
                .filter(c -> !Long.valueOf(c.offset()).equals(committed.get(new TopicPartition(c.topic(), c.partition()))))
                .toList();
        try {
            commitSync(commits, System.nanoTime() + kafkaTimeout.toNanos());
        } catch (RuntimeException e) {
            // at-least-once: what is not committed is read again by whoever reads the partition next
            log.info("Auto-commit of consumer instance {} failed: {}", state, e.getMessage());
        }
    }

    /**
     * Per owned partition, the offset of the next record a client has not been given. A partition whose position the
     * consumer has yet to look up is left out unless {@code lookUp}, which waits for it.
     */
    private List<OffsetCommit> deliveredPositions(Collection<TopicPartition> partitions, boolean lookUp) {
        List<OffsetCommit> result = new ArrayList<>();
        for (TopicPartition tp : ConsumerRules.sorted(partitions)) {
            if (!owned.contains(tp)) {
                continue;
            }
            OptionalLong position = buffer.first(tp);
            if (position.isEmpty()) {
                try {
                    position = OptionalLong.of(consumer.position(Partitions.kafka(tp), lookUp ? kafkaTimeout : Duration.ZERO));
                } catch (TimeoutException | InvalidOffsetException | IllegalStateException unknown) {
                    // no position yet (or none to be had with auto.offset.reset=none): nothing to commit
                }
            }
            position.ifPresent(p -> result.add(new OffsetCommit(tp.topic(), tp.partition(), p, "")));
        }
        return result;
    }

    // ---- leaving

    /**
     * Leaves the group: auto-commit first when {@code clean} (a delete), not on expiry; a waiting poll fails with
     * {@code reason}, or ends superseded when {@code reason} is null (the node shuts down). Returns whether it was live.
     */
    boolean doLeave(boolean clean, String reason, Duration closeTimeout) {
        if (closed) {
            return false;
        }
        if (clean) {
            autoCommit(owned);
        }
        commitOnRevoke = clean;
        closed = true;
        goneReason = reason;
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        if (waiting != null) {
            if (reason == null) {
                waiting.complete(Fetched.SUPERSEDED);
            } else {
                waiting.fail(new UnknownConsumerException(reason));
            }
            waiting = null;
        }
        polling = false;
        try {
            consumer.close(CloseOptions.timeout(closeTimeout)); // sends LeaveGroup: the others rebalance at once
        } catch (RuntimeException e) {
            log.info("Closing the Kafka consumer of instance {} failed: {}", state, e.getMessage());
        }
        owned = ConsumerRules.sorted(List.of());
        buffer.clear();
        return true;
    }

    /** Leaves on the actor (see {@link #doLeave}); completes with whether the member was live. */
    CompletableFuture<Boolean> leave(boolean clean, String reason, Duration closeTimeout) {
        var left = new CompletableFuture<Boolean>();
        actor.execute(() -> left.complete(doLeave(clean, reason, closeTimeout)));
        return left;
    }

    /** Ends a waiting poll at once, empty and superseded (the node is shutting down). */
    void endWaitingPoll() {
        actor.execute(() -> {
            if (waiting != null) {
                waiting.complete(Fetched.SUPERSEDED);
                waiting = null;
                polling = false;
            }
        });
    }

    /** @throws UnknownConsumerException saying why once the member has left */
    void requireLive() {
        if (closed) {
            throw new UnknownConsumerException(goneReason != null ? goneReason
                    : ConsumerRules.unknownInstance(state.group(), state.id()).getMessage());
        }
    }

    // ---- the poll loop

    private void doStartPoll(WaitingPoll poll) {
        if (closed) {
            poll.fail(new UnknownConsumerException(goneReason));
            return;
        }
        if (waiting != null) {
            waiting.complete(Fetched.SUPERSEDED);
        }
        waiting = poll;
        waitingTick = FIRST_WAITING_TICK.toNanos();
        autoCommit(owned); // the previous poll's records: the client came back for more, so it has them
        if (pendingError != null) {
            fail(pendingError);
            pendingError = null;
        } else {
            step();
        }
        scheduleTick();
    }

    private void doAbandon(WaitingPoll poll) {
        if (waiting == poll) {
            waiting = null;
            polling = false;
        }
        poll.complete(Fetched.NONE);
    }

    private void tick() {
        nextTick = null; // fired: its future may not say so yet, and must not stop the next one from being scheduled
        if (closed) {
            return;
        }
        step();
        scheduleTick();
    }

    /** One turn: answers a waiting poll from the buffer if it can, else polls Kafka and tries again. */
    private void step() {
        if (waiting != null && answerable()) {
            answer();
            readAhead();
            return;
        }
        try {
            doPollKafka(Duration.ZERO);
        } catch (TributaryException e) {
            fail(e);
        }
        if (waiting != null && (answerable() || waiting.due(System.nanoTime()))) {
            answer();
            readAhead();
        }
    }

    /** Sends the next fetch at once, so the client's next poll finds records here; a failure waits for that poll. */
    private void readAhead() {
        try {
            doPollKafka(Duration.ZERO);
        } catch (TributaryException e) {
            pendingError = e;
        }
    }

    /**
     * One {@code poll} of the consumer, fetching only while a client waits and the buffer has room; the rebalance
     * listener runs inside it.
     *
     * @throws TributaryException for what Kafka refused
     */
    private void doPollKafka(Duration wait) {
        followPattern();
        if (consumer.subscription().isEmpty() && consumer.assignment().isEmpty()) {
            return; // nothing to read, no group to take part in
        }
        Set<org.apache.kafka.common.TopicPartition> assigned = consumer.assignment();
        if (fetching()) {
            consumer.resume(assigned);
        } else {
            consumer.pause(assigned);
        }
        try {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(wait)) {
                buffer.add(PartitionFetcher.fetched(r));
            }
            syncOwned();
        } catch (InconsistentGroupProtocolException e) {
            String asked = Assignors.of(state.config().assignmentStrategy()).protocol;
            doUnsubscribe();
            throw new InvalidConsumerConfigException("Group '" + state.group()
                    + "' uses a partition.assignment.strategy other than '" + asked + "' (Kafka's members of a group "
                    + "must share one); this instance left the group. Create an instance with the group's strategy "
                    + "(range, roundrobin or sticky), or without one to take the group's.");
        } catch (InvalidOffsetException e) {
            throw new IllegalConsumerStateException(e.getMessage() + "; auto.offset.reset is none: seek to a position "
                    + "(POST .../positions, .../positions/beginning or .../positions/end) first.");
        } catch (KafkaException e) {
            throw KafkaErrors.translate(e, "poll for group '" + state.group() + "'");
        }
    }

    private boolean fetching() {
        return buffer.bytes() < (waiting != null ? BUFFER_LIMIT : PREFETCH_LIMIT);
    }

    /** A pattern yields the topics matching it now: resubscribe when they changed (a topic created or deleted). */
    private void followPattern() {
        if (state.subscription() instanceof Subscription.Pattern pattern) {
            SortedSet<String> topics = pattern.topics(topicNames.recent());
            if (!topics.equals(patternTopics)) {
                patternTopics = topics;
                consumer.subscribe(topics, this);
                settle();
            }
        }
    }

    private boolean answerable() {
        int minBytes = state.config().fetchMinBytes();
        return minBytes == 0 || !buffer.isEmpty()
                && (buffer.bytes() >= Math.min(minBytes, waiting.maxBytes) || buffer.bytes() >= BUFFER_LIMIT);
    }

    /** Gives the waiting poll what the buffer holds, up to its byte budget (at least one record); the rest stays. */
    private void answer() {
        WaitingPoll poll = waiting;
        waiting = null;
        polling = false;
        List<FetchedRecord> records = buffer.peek(poll.maxBytes);
        if (!records.isEmpty()) {
            try {
                poll.requireDeliverable.accept(records);
            } catch (RuntimeException e) {
                poll.fail(e); // the records stay buffered: nothing is skipped
                return;
            }
            buffer.removeFirst(records.size());
            records.forEach(r -> lastDelivered.put(new TopicPartition(r.topic(), r.partition()), r.record().offset()));
        }
        poll.complete(new Fetched(records, false));
    }

    private void fail(TributaryException error) {
        if (waiting != null) {
            waiting.fail(error);
            waiting = null;
            polling = false;
        } else if (!(error instanceof BackendUnavailableException)) {
            pendingError = error; // a transient failure is not worth reporting later; the next tick retries
        }
    }

    private void settle() {
        settlingUntil = System.nanoTime() + SETTLING.toNanos();
        scheduleTick();
    }

    private void scheduleTick() {
        if (closed) {
            return;
        }
        long now = System.nanoTime();
        long delay = waiting != null ? Math.max(0, Math.min(WAITING_TICK.toNanos(), waiting.deadline - now))
                : now - settlingUntil < 0 ? SETTLING_TICK.toNanos() : IDLE_TICK.toNanos();
        if (nextTick != null && !nextTick.isDone() && nextTickAt - (now + delay) <= 0) {
            return;
        }
        if (nextTick != null) {
            nextTick.cancel(false);
        }
        if (waiting != null) {
            waitingTick = Math.min(2 * waitingTick, WAITING_TICK.toNanos());
        }
        nextTickAt = now + delay;
        nextTick = timer.schedule(() -> actor.execute(this::tick), delay, TimeUnit.NANOSECONDS);
    }

    /** The partitions as the consumer has them, once a poll or an assignment changed them. */
    private void syncOwned() {
        owned = ConsumerRules.sorted(Partitions.of(consumer.assignment()));
    }

    /** Forgets what was buffered or delivered for these partitions: they are gone, or read from elsewhere now. */
    private void forget(Collection<TopicPartition> partitions) {
        buffer.drop(partitions);
        lastDelivered.keySet().removeAll(partitions);
    }

    // ---- the rebalance listener, called inside the consumer's poll, unsubscribe and close (on the actor)

    @Override
    public void onPartitionsRevoked(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        Set<TopicPartition> revoked = Partitions.of(partitions);
        if (commitOnRevoke) {
            autoCommit(revoked);
        }
        release(revoked);
    }

    /** Taken away without a chance to commit (the member was fenced): the next owner reads from the committed offsets. */
    @Override
    public void onPartitionsLost(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        release(Partitions.of(partitions));
    }

    @Override
    public void onPartitionsAssigned(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        if (!fetching()) {
            consumer.pause(partitions); // or the same poll would fetch for nobody
        }
        SortedSet<TopicPartition> next = new TreeSet<>(TopicPartition.ORDER);
        next.addAll(owned);
        next.addAll(Partitions.of(partitions));
        owned = ConsumerRules.sorted(next);
        settle();
    }

    private void release(Set<TopicPartition> partitions) {
        forget(partitions);
        committed.keySet().removeAll(partitions);
        SortedSet<TopicPartition> next = new TreeSet<>(TopicPartition.ORDER);
        next.addAll(owned);
        next.removeAll(partitions);
        owned = ConsumerRules.sorted(next);
        settle();
    }
}

package io.tributary.embedded.group;

import io.tributary.common.FetchedRecord;
import io.tributary.common.StoredRecord;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.consume.Fetched;
import io.tributary.consume.OffsetReset;
import io.tributary.embedded.EngineErrors;
import io.tributary.log.LogException;
import io.tributary.log.LogManager;
import io.tributary.log.LogReadResult;
import io.tributary.log.OffsetOutOfRangeException;
import io.tributary.log.PartitionLog;
import io.tributary.log.TopicLog;
import io.tributary.log.UnknownPartitionException;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One long poll of one member. Each attempt plans under the group's lock, reads the owned partitions outside it, and
 * either completes (enough bytes, or the deadline) or registers wake-ups on the partitions' end offsets and on the
 * member's assignment signal, holding no thread while it waits. Attempts of one poll never overlap.
 */
final class PendingFetch {

    private final ConsumerGroup group;
    private final ConsumerMember member;
    private final LogManager logs;
    private final Executor executor;
    private final int maxBytes;
    private final int maxRecords;
    private final Consumer<List<FetchedRecord>> requireDeliverable;
    private final CompletableFuture<Fetched> result = new CompletableFuture<>();
    private boolean started;
    private List<CompletableFuture<?>> waits = List.of();

    PendingFetch(ConsumerGroup group, ConsumerMember member, LogManager logs, Executor executor, int maxBytes, int maxRecords,
                 Consumer<List<FetchedRecord>> requireDeliverable) {
        this.requireDeliverable = requireDeliverable;
        this.group = group;
        this.member = member;
        this.logs = logs;
        this.executor = executor;
        this.maxBytes = maxBytes;
        this.maxRecords = maxRecords;
    }

    CompletableFuture<Fetched> result() {
        return result;
    }

    /**
     * Ends the poll without records and without moving positions (a newer poll took over, or the client left).
     * Synchronized with attempts: an attempt that is reading finishes first, so it cannot move positions for records
     * that would then never be delivered.
     */
    synchronized void abandon(boolean superseded) {
        result.complete(superseded ? Fetched.SUPERSEDED : Fetched.NONE);
        cancelWaits();
    }

    /** One attempt; {@code last} at the deadline: complete with whatever is there. */
    synchronized void attempt(boolean last) {
        if (result.isDone()) {
            return;
        }
        cancelWaits();
        try {
            FetchPlan plan = group.prepareFetch(member, !started);
            started = true;
            Batch batch = read(plan);
            int minBytes = member.config().fetchMinBytes();
            if (last || minBytes == 0 || (!batch.records.isEmpty() && batch.bytes >= minBytes)) {
                complete(batch);
            } else {
                waitFor(plan, batch);
            }
        } catch (LogException e) {
            result.completeExceptionally(EngineErrors.translate(e));
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private void complete(Batch batch) {
        if (batch.records.isEmpty()) {
            result.complete(Fetched.NONE);
            return;
        }
        // Refuse before moving positions: a record the client cannot be given must not be skipped silently.
        requireDeliverable.accept(batch.records);
        Set<TopicPartition> moved = group.advance(member, batch.advances, true);
        List<FetchedRecord> records = batch.records.stream()
                .filter(r -> moved.contains(new TopicPartition(r.topic(), r.partition())))
                .toList();
        result.complete(new Fetched(records, false));
    }

    private void waitFor(FetchPlan plan, Batch batch) {
        List<CompletableFuture<?>> next = new ArrayList<>(batch.endOffsets.size() + 1);
        next.add(plan.changed());
        batch.endOffsets.forEach((log, end) -> next.add(log.awaitEndOffsetAbove(end)));
        waits = next;
        CompletableFuture.anyOf(next.toArray(CompletableFuture[]::new))
                .whenCompleteAsync((ignored, error) -> attempt(false), executor);
    }

    private void cancelWaits() {
        // Our own futures only: the engine drops cancelled waiters, the member's signal is shared and left alone.
        waits.stream().skip(1).forEach(f -> f.cancel(false));
        waits = List.of();
    }

    /** Reads the planned partitions in order until the byte or record budget is used up. */
    private Batch read(FetchPlan plan) {
        Batch batch = new Batch();
        for (FetchPlan.Read planned : plan.reads()) {
            if (batch.bytes >= maxBytes || batch.records.size() >= maxRecords) {
                break;
            }
            TopicPartition tp = planned.partition();
            Optional<PartitionLog> found = partitionLog(tp);
            if (found.isEmpty()) {
                continue; // deleted: the group drops it at its next metadata refresh
            }
            PartitionLog log = found.get();
            long from = planned.position() == ConsumerMember.UNKNOWN ? reset(tp, planned.position(), null) : planned.position();
            LogReadResult read;
            try {
                read = log.read(from, maxRecords - batch.records.size(), maxBytes - batch.bytes);
            } catch (OffsetOutOfRangeException e) {
                from = reset(tp, from, e);
                read = log.read(from, maxRecords - batch.records.size(), maxBytes - batch.bytes);
            }
            batch.add(tp, from, read);
            batch.endOffsets.put(log, read.endOffset());
        }
        return batch;
    }

    /**
     * A position that is unknown or out of range (retention deleted it; the topic was recreated) is reset per
     * {@code auto.offset.reset} at once, so the reset is not repeated against a moving end.
     */
    private long reset(TopicPartition tp, long position, OffsetOutOfRangeException cause) {
        OffsetReset policy = member.config().autoOffsetReset();
        if (policy == OffsetReset.NONE) {
            String why = cause != null ? cause.getMessage() : "There is no committed offset for " + tp + " in group '"
                    + member.group() + "'";
            throw new IllegalConsumerStateException(why + ", and auto.offset.reset is none: seek to a position "
                    + "(POST .../positions, .../positions/beginning or .../positions/end) first.");
        }
        long to = cause == null ? group.resetPosition(policy, tp)
                : policy == OffsetReset.EARLIEST ? cause.logStartOffset() : cause.endOffset();
        if (to == ConsumerMember.UNKNOWN || group.advance(member, List.of(new FetchPlan.Advance(tp, position, to)), false).isEmpty()) {
            throw new IllegalConsumerStateException("The position of " + tp + " changed during the fetch; poll again.");
        }
        return to;
    }

    private Optional<PartitionLog> partitionLog(TopicPartition tp) {
        Optional<TopicLog> topic = logs.topic(tp.topic());
        if (topic.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(topic.get().partition(tp.partition()));
        } catch (UnknownPartitionException e) {
            return Optional.empty();
        }
    }

    /** Records read in one attempt, the positions they move, and each partition's end offset at read time. */
    private static final class Batch {
        final List<FetchedRecord> records = new ArrayList<>();
        final List<FetchPlan.Advance> advances = new ArrayList<>();
        final java.util.Map<PartitionLog, Long> endOffsets = new java.util.LinkedHashMap<>();
        int bytes;

        void add(TopicPartition tp, long from, LogReadResult read) {
            for (StoredRecord r : read.records()) {
                records.add(new FetchedRecord(tp.topic(), tp.partition(), r));
                bytes += r.dataSize();
            }
            if (read.nextOffset() != from) {
                advances.add(new FetchPlan.Advance(tp, from, read.nextOffset()));
            }
        }
    }
}

package io.tributary.support.history;

import io.tributary.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a fault test's clients did and were told, as it happened: records sent (produce invoked), acknowledged at a
 * partition and offset, refused with a definite error, or left with an unknown outcome (a timeout, a dropped
 * connection, a power cut), retried; records read and records polled by group members; commits sent, acknowledged and
 * refused, and committed offsets observed. The {@link HistoryChecker} holds the service to it.
 *
 * <p>Every record is told apart by an id unique over the history (usually the value the test sent). Thread-safe and
 * cheap: the ordered events go to one list under a short lock (their order there is the order of the calls, which the
 * checker needs for commits and polls); what needs no order (what was sent, what failed) goes to concurrent maps.
 */
public final class History {

    /** What was sent under an id: where to (partition -1: the service chooses), with which key and value. */
    record Sent(String topic, int partition, String key, String value) {
    }

    sealed interface Event permits Acknowledged, Read, Polled, Rebalanced, CommitSent, CommitAcknowledged,
            CommitRefused, CommittedObserved {
    }

    record Acknowledged(String id, TopicPartition at, long offset) implements Event {
    }

    record Read(TopicPartition at, Seen record) implements Event {
    }

    record Polled(String group, String consumer, TopicPartition at, Seen record) implements Event {
    }

    record Rebalanced(String consumer) implements Event {
    }

    record CommitSent(String group, TopicPartition at, long offset) implements Event {
    }

    record CommitAcknowledged(String group, TopicPartition at, long offset) implements Event {
    }

    record CommitRefused(String group, TopicPartition at, long offset) implements Event {
    }

    record CommittedObserved(String group, TopicPartition at, long offset) implements Event {
    }

    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final Set<String> unknown = ConcurrentHashMap.newKeySet();
    private final Set<String> retriedIdempotently = ConcurrentHashMap.newKeySet();
    private final Set<String> retriedPlainly = ConcurrentHashMap.newKeySet();
    private final Set<String> compactedTopics = ConcurrentHashMap.newKeySet();
    private final List<Event> events = new ArrayList<>();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong polled = new AtomicLong();

    // ---- producing

    /** A produce of the record {@code id} was invoked: to {@code partition} of {@code topic} (-1: any), key, value. */
    public void invoked(String id, String topic, int partition, String key, String value) {
        if (sent.putIfAbsent(id, new Sent(topic, partition, key, value)) != null) {
            throw new IllegalArgumentException("record " + id + " invoked twice: ids must be unique (a retry is retried())");
        }
    }

    /** A record whose value is its id, without key, to any partition of {@code topic}. */
    public void invoked(String id, String topic) {
        invoked(id, topic, -1, null, id);
    }

    /**
     * The record {@code id} was sent again; {@code idempotent} when the retry carries what lets the service store it
     * at most once (an Idempotency-Key, a producer id): only a retry without it excuses a duplicate.
     */
    public void retried(String id, boolean idempotent) {
        (idempotent ? retriedIdempotently : retriedPlainly).add(id);
    }

    public void acknowledged(String id, TopicPartition at, long offset) {
        add(new Acknowledged(id, at, offset));
        acknowledged.incrementAndGet();
    }

    /** The produce of {@code id} was refused with a definite error: the record must never be read. */
    public void failed(String id) {
        failed.add(id);
    }

    /** The produce of {@code id} ended without an answer (timeout, connection lost, power cut): it may or may not exist. */
    public void unknown(String id) {
        unknown.add(id);
    }

    /** Records of this topic may be removed by the cleaner: polls may jump over offsets of it. */
    public void compacted(String topic) {
        compactedTopics.add(topic);
    }

    // ---- reading

    /** A reader was given this record at this partition (not a group member: see {@link #polled}). */
    public void read(TopicPartition at, Seen record) {
        add(new Read(at, record));
    }

    /** {@code consumer}, a member of {@code group}, was given this record by a poll, in the order of its polls. */
    public void polled(String group, String consumer, TopicPartition at, Seen record) {
        add(new Polled(group, consumer, at, record));
        polled.incrementAndGet();
    }

    /**
     * {@code consumer} lost its assignment (a rebalance the test caused, a take-over): its next record of each
     * partition must come from the group's committed offset.
     */
    public void rebalanced(String consumer) {
        add(new Rebalanced(consumer));
    }

    // ---- committing

    /** A commit about to be sent (its outcome may stay unknown: then the group may resume from it). */
    public void commitSent(String group, TopicPartition at, long offset) {
        add(new CommitSent(group, at, offset));
    }

    public void commitAcknowledged(String group, TopicPartition at, long offset) {
        add(new CommitAcknowledged(group, at, offset));
    }

    /** A commit refused with a definite error (e.g. fenced): it never took effect. */
    public void commitRefused(String group, TopicPartition at, long offset) {
        add(new CommitRefused(group, at, offset));
    }

    /** The group's committed offset of a partition as read from the service; -1 when it has none. */
    public void committedObserved(String group, TopicPartition at, long offset) {
        add(new CommittedObserved(group, at, offset));
    }

    /**
     * A copy of what was recorded until now: to check a log read while the workload goes on, take it before the read (a
     * record acknowledged after the read began may be missing from the read; the copy does not promise it). Only the
     * lost-record check is meaningful against such a read: records sent after the copy may be in it.
     */
    public History untilNow() {
        History copy = new History();
        copy.sent.putAll(sent);
        copy.failed.addAll(failed);
        copy.unknown.addAll(unknown);
        copy.retriedIdempotently.addAll(retriedIdempotently);
        copy.retriedPlainly.addAll(retriedPlainly);
        copy.compactedTopics.addAll(compactedTopics);
        copy.events.addAll(events());
        copy.acknowledged.set(acknowledged.get());
        copy.polled.set(polled.get());
        return copy;
    }

    // ---- progress, for the tests' awaits (cheap)

    public long acknowledgedCount() {
        return acknowledged.get();
    }

    public long polledCount() {
        return polled.get();
    }

    private void add(Event event) {
        synchronized (events) {
            events.add(event);
        }
    }

    // ---- for the checker: copies, consistent enough (taken while the workload is quiet)

    List<Event> events() {
        synchronized (events) {
            return List.copyOf(events);
        }
    }

    Sent sent(String id) {
        return sent.get(id);
    }

    int sentCount() {
        return sent.size();
    }

    Set<String> sentIds() {
        return sent.keySet();
    }

    boolean isFailed(String id) {
        return failed.contains(id);
    }

    int failedCount() {
        return failed.size();
    }

    Set<String> unknownIds() {
        return unknown;
    }

    boolean retriedPlainly(String id) {
        return retriedPlainly.contains(id);
    }

    int retriedIdempotentlyCount() {
        return retriedIdempotently.size();
    }

    int retriedPlainlyCount() {
        return retriedPlainly.size();
    }

    boolean compacted(TopicPartition partition) {
        return compactedTopics.contains(partition.topic());
    }
}

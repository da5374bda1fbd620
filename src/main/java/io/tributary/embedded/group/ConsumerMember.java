package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.Subscription;

import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A consumer instance: one member of its group. Fields without a note are guarded by the group's lock; only the
 * group changes them.
 */
final class ConsumerMember {

    /** A position not known yet: resolved by {@code auto.offset.reset} at the next fetch. */
    static final long UNKNOWN = -1;

    private final String id;
    private final String group;
    private final InstanceConfig config;
    private final Instant createdAt;
    private final String clientHost;
    /** The principal that created the instance: only it may use the instance. */
    private final String owner;
    /** Monotonic millis ({@link GroupContext#monotonicMillis()}) of the last request; read by the reaper without the lock. */
    private volatile long lastSeen;
    /** Fetches under way: a member waiting in a poll is not idle. */
    private final AtomicInteger activeFetches = new AtomicInteger();

    Subscription subscription = new Subscription.None();
    /** Owned partitions and the offset of the next record to fetch from each. */
    final Map<TopicPartition, Long> positions = new LinkedHashMap<>();
    /** What this member knows to be committed, so auto-commit skips partitions that did not move. */
    final Map<TopicPartition, Long> committed = new HashMap<>();
    /** The partitions the group wants this member to own (group-managed members only). */
    SortedSet<TopicPartition> target = Collections.emptySortedSet();
    /** Completed (and replaced) whenever something this member may be waiting for changes. */
    CompletableFuture<Void> changed = new CompletableFuture<>();
    /** Where the next fetch starts among the owned partitions, so every partition gets its turn first. */
    int rotation;
    /** Why the member left the group (set once, when it is removed). */
    volatile String goneReason;
    /** The poll under way, if any: a new poll replaces it (the latest request of a client wins). */
    final AtomicReference<PendingFetch> currentFetch = new AtomicReference<>();

    ConsumerMember(String id, String group, InstanceConfig config, Instant createdAt, String clientHost, String owner) {
        this.id = id;
        this.group = group;
        this.config = config;
        this.createdAt = createdAt;
        this.clientHost = clientHost;
        this.owner = owner;
        this.lastSeen = Long.MAX_VALUE; // not idle until touched: the coordinator touches it as it creates it
    }

    public String id() {
        return id;
    }

    public String group() {
        return group;
    }

    public InstanceConfig config() {
        return config;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public String clientHost() {
        return clientHost;
    }

    public String owner() {
        return owner;
    }

    void touch(long nowMillis) {
        lastSeen = nowMillis;
    }

    long lastSeen() {
        return lastSeen;
    }

    void fetchStarted(long nowMillis) {
        activeFetches.incrementAndGet();
        touch(nowMillis);
    }

    void fetchEnded(long nowMillis) {
        touch(nowMillis);
        activeFetches.decrementAndGet();
    }

    boolean fetching() {
        return activeFetches.get() > 0;
    }

    /** Idle: no fetch under way and no request for longer than the instance timeout. */
    boolean idleAt(long nowMillis) {
        return activeFetches.get() == 0 && nowMillis - lastSeen > config.instanceTimeout().toMillis();
    }

    /** Wakes whatever waits on {@link #changed}. Called with the group's lock held. */
    void signal() {
        CompletableFuture<Void> fired = changed;
        changed = new CompletableFuture<>();
        fired.complete(null);
    }

    @Override
    public String toString() {
        return group + "/" + id;
    }
}

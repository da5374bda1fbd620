package io.tributary.embedded.group;

import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.ConsumerRules;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupState;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.Subscription;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;
import io.tributary.embedded.offset.OffsetStore;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.TopicEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * All consumer groups of this node and their instances (in memory: after a restart clients create new instances,
 * which resume from the committed offsets). Enforces the instance limits, expires idle instances, remembers why
 * recent ones left (so a late request learns why it is gone), and follows topic lifecycle events.
 */
@Service
@ConditionalOnEmbeddedBackend
class GroupCoordinator {

    private static final Logger log = LoggerFactory.getLogger(GroupCoordinator.class);
    private static final int REMEMBERED_DEPARTURES = 10_000;
    /** Safety net for topics changed behind the topic service's back; its events make changes visible at once. */
    private static final Duration METADATA_REFRESH = Duration.ofSeconds(5);

    private final Map<String, ConsumerGroup> groups = new ConcurrentHashMap<>();
    private final AtomicInteger instances = new AtomicInteger();
    private final Map<String, String> departures = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_DEPARTURES;
        }
    };
    private final GroupContext context;
    private final GroupMetrics metrics;
    private final TributaryProperties.Consumer limits;
    private final Assignor defaultAssignor;
    private volatile long lastMetadataRefresh;

    GroupCoordinator(OffsetStore offsets, TopicCatalog catalog, TributaryProperties properties, MeterRegistry registry,
                     ConsumerExecutors executors, ObjectProvider<Clock> clock) {
        this.limits = properties.consumer();
        this.defaultAssignor = Assignor.named(limits.defaultAssignor());
        this.metrics = new GroupMetrics(registry, catalog);
        this.context = new GroupContext(offsets, catalog, clock.getIfAvailable(Clock::systemUTC), metrics);
        metrics.load(offsets.all());
        long tick = Math.max(50, Math.min(1000, limits.minInstanceTimeout().toMillis() / 2));
        executors.timer().scheduleWithFixedDelay(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    // ---- instances

    /**
     * Creates an instance in a group (the group exists from its first instance on), owned by {@code owner}.
     *
     * @param name the instance name, or null to generate one
     */
    ConsumerMember create(String group, String name, InstanceConfig config, String clientHost, String owner) {
        ConsumerRules.requireGroupId(group);
        String id = ConsumerRules.instanceId(name);
        if (instances.incrementAndGet() > limits.maxInstances()) {
            instances.decrementAndGet();
            throw ConsumerRules.tooManyInstances(limits.maxInstances());
        }
        ConsumerMember member = new ConsumerMember(id, group, config, context.clock().instant(), clientHost, owner);
        member.touch(context.monotonicMillis());
        try {
            groups.compute(group, (g, existing) -> {
                ConsumerGroup target = existing != null ? existing : new ConsumerGroup(g, defaultAssignor, context);
                target.join(member, limits.maxInstancesPerGroup());
                return target;
            });
        } catch (RuntimeException e) {
            instances.decrementAndGet();
            throw e;
        }
        synchronized (departures) {
            departures.remove(key(group, id));
        }
        return member;
    }

    /**
     * The instance, renewed by this request of its owner.
     *
     * @throws UnknownConsumerException saying why when it is gone, AuthorizationException when {@code principal} did
     *                                  not create it (and then the instance is not renewed)
     */
    ConsumerMember member(String group, String instance, String principal) {
        ConsumerGroup g = groups.get(group);
        ConsumerMember member = g == null ? null : g.member(instance).orElse(null);
        if (member == null) {
            String reason;
            synchronized (departures) {
                reason = departures.get(key(group, instance));
            }
            throw reason != null ? new UnknownConsumerException(reason) : ConsumerRules.unknownInstance(group, instance);
        }
        if (!member.owner().equals(principal)) {
            throw ConsumerRules.notOwner(group, instance);
        }
        member.touch(context.monotonicMillis());
        return member;
    }

    /** Deletes the instance: auto-commit (if enabled), its partitions go to the others at once. */
    void delete(ConsumerMember member) {
        boolean removed = remove(member, true, ConsumerRules.deletedReason(member.group(), member.id(), context.clock().instant()));
        if (!removed) {
            throw ConsumerGroup.gone(member);
        }
    }

    void subscribe(ConsumerMember member, Subscription subscription) {
        group(member).subscribe(member, subscription);
    }

    void unsubscribe(ConsumerMember member) {
        group(member).unsubscribe(member);
    }

    Subscription subscription(ConsumerMember member) {
        return group(member).subscription(member);
    }

    /** The topics a subscription covers now (a pattern's current matches). */
    SortedSet<String> subscribedTopics(ConsumerMember member) {
        return subscription(member).topics(context.catalog().partitionCounts().keySet());
    }

    void assign(ConsumerMember member, Collection<TopicPartition> partitions) {
        group(member).assign(member, partitions);
    }

    SortedSet<TopicPartition> owned(ConsumerMember member) {
        return group(member).owned(member);
    }

    void seek(ConsumerMember member, Map<TopicPartition, Long> offsets) {
        group(member).seek(member, offsets);
    }

    void seekToBeginning(ConsumerMember member, Collection<TopicPartition> partitions) {
        group(member).seekToBound(member, partitions, false);
    }

    void seekToEnd(ConsumerMember member, Collection<TopicPartition> partitions) {
        group(member).seekToBound(member, partitions, true);
    }

    /** Commits the offsets, or with {@code null} everything fetched so far. @throws IllegalConsumerStateException, nothing changed */
    List<OffsetCommit> commit(ConsumerMember member, List<OffsetCommit> offsets) {
        return group(member).commit(member, offsets);
    }

    /**
     * Moves positions back to records that were fetched but could not be delivered (the client went away), each only
     * if nothing moved it since. Ignored when the instance is gone.
     */
    void rewind(ConsumerMember member, List<FetchPlan.Advance> rewinds) {
        ConsumerGroup g = groups.get(member.group());
        if (g != null && g.member(member.id()).orElse(null) == member) {
            try {
                g.advance(member, rewinds, false);
            } catch (UnknownConsumerException gone) {
                // left meanwhile: its partitions restart from the committed offsets anyway
            }
        }
    }

    /** The group's committed offsets for these partitions (those without one are left out, as Confluent does). */
    List<CommittedOffset> committed(ConsumerMember member, Collection<TopicPartition> partitions) {
        group(member); // the instance must still be there
        return context.offsets().committed(member.group(), partitions.stream().map(TopicPartition::topic).distinct().toList())
                .stream().filter(c -> partitions.contains(new TopicPartition(c.topic(), c.partition()))).toList();
    }

    /** Monotonic milliseconds: when a member was last seen (never the wall clock: see {@link GroupContext}). */
    long now() {
        return context.monotonicMillis();
    }

    ConsumerGroup group(ConsumerMember member) {
        ConsumerGroup g = groups.get(member.group());
        if (g == null) {
            throw ConsumerGroup.gone(member);
        }
        return g;
    }

    // ---- groups for the admin API

    /** Live groups and groups known only from committed offsets (listed as Empty), by id. */
    List<GroupSnapshot> describeAll() {
        Map<String, GroupSnapshot> all = new TreeMap<>();
        context.offsets().groups().forEach(g -> all.put(g, emptyGroup(g)));
        groups.values().forEach(g -> all.put(g.id(), g.describe()));
        return List.copyOf(all.values());
    }

    Optional<GroupSnapshot> describe(String group) {
        ConsumerGroup g = groups.get(group);
        if (g != null) {
            return Optional.of(g.describe());
        }
        return context.offsets().hasGroup(group) ? Optional.of(emptyGroup(group)) : Optional.empty();
    }

    List<CommittedOffset> committedOffsets(String group) {
        return context.offsets().committed(group);
    }

    private GroupSnapshot emptyGroup(String group) {
        return new GroupSnapshot(group, GroupState.EMPTY, defaultAssignor.name(), 0, List.of());
    }

    // ---- lifecycle

    /** Topics appear, grow or go: groups follow at once; a deleted topic's committed offsets go too. */
    @EventListener
    public void onTopicEvent(TopicEvent event) {
        refreshMetadata();
        if (event instanceof TopicEvent.Deleted deleted) {
            int removed = context.offsets().deleteTopic(deleted.topic());
            metrics.topicDeleted(deleted.topic());
            log.debug("Topic {} deleted: removed {} committed offsets", deleted.topic(), removed);
        }
    }

    /** Expires idle instances (those with no request for longer than their instance timeout and no poll under way). */
    void expireIdleMembers() {
        long now = context.monotonicMillis();
        for (ConsumerGroup group : groups.values()) {
            for (ConsumerMember member : group.idleMembers(now)) {
                Duration timeout = member.config().instanceTimeout();
                remove(member, false, ConsumerRules.expiredReason(member.group(), member.id(), context.clock().instant(), timeout));
                log.info("Expired consumer instance {} (idle > {} ms)", member, timeout.toMillis());
            }
        }
    }

    private void tick() {
        try {
            expireIdleMembers();
            long now = System.nanoTime();
            if (now - lastMetadataRefresh > METADATA_REFRESH.toNanos()) {
                lastMetadataRefresh = now;
                refreshMetadata();
            }
        } catch (RuntimeException e) {
            log.warn("Consumer group maintenance failed; retrying", e);
        }
    }

    private void refreshMetadata() {
        if (groups.isEmpty()) {
            return;
        }
        Map<String, Integer> counts = context.catalog().partitionCounts();
        groups.values().forEach(g -> g.refreshMetadata(counts));
    }

    private boolean remove(ConsumerMember member, boolean clean, String reason) {
        boolean removed = group(member).leave(member, clean, reason);
        if (removed) {
            instances.decrementAndGet();
            synchronized (departures) {
                departures.put(key(member.group(), member.id()), reason);
            }
            groups.computeIfPresent(member.group(), (id, existing) -> existing.isEmpty() ? null : existing);
        }
        return removed;
    }

    private static String key(String group, String instance) {
        return group + '\u0000' + instance;
    }
}

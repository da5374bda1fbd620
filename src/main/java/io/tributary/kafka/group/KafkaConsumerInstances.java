package io.tributary.kafka.group;

import io.tributary.common.AccessControl;
import io.tributary.common.Ticker;
import io.tributary.common.errors.BackendUnavailableException;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.ConsumerInstances;
import io.tributary.consume.ConsumerRules;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.Subscription;
import io.tributary.consume.WaitingFetches;
import io.tributary.kafka.ConditionalOnKafkaBackend;
import io.tributary.kafka.KafkaClients;
import io.tributary.kafka.KafkaErrors;
import io.tributary.kafka.KafkaMetadata;
import io.tributary.kafka.registry.InstanceEntry;
import io.tributary.kafka.registry.InstanceRegistry;
import io.tributary.settings.TributaryProperties;

import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's consumer instances, each a real member of its Kafka consumer group with a {@code KafkaConsumer} of its
 * own (offsets in {@code __consumer_offsets}, so HTTP instances and Kafka's own clients can share a group). Enforces
 * the instance limits, expires idle instances, and remembers why recent ones left (so a late request learns why it is
 * gone). The consumers are driven by a small shared pool, not a thread each: see {@link KafkaMember}.
 */
@Component
@ConditionalOnKafkaBackend
public class KafkaConsumerInstances implements ConsumerInstances, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KafkaConsumerInstances.class);
    private static final int REMEMBERED_DEPARTURES = 10_000;
    /** Bounds against one backlog filling the node's memory: Kafka's 50 MiB default per fetch is far too much here. */
    static final int FETCH_MAX_BYTES = 4 * 1024 * 1024;
    static final int PARTITION_FETCH_MAX_BYTES = 1024 * 1024;
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** Above the brokers' default group.min.session.timeout.ms (6 s). */
    private static final int SESSION_TIMEOUT_MS = 10_000;
    /** How long a create waits for a rebalancing group to name its protocol. */
    private static final Duration STRATEGY_WAIT = Duration.ofSeconds(5);

    private final KafkaClients clients;
    private final Admin admin;
    private final KafkaMetadata metadata;
    private final TributaryProperties.Consumer limits;
    private final Duration timeout;
    private final TopicNames topicNames;
    private final ScheduledThreadPoolExecutor pool;
    private final Map<String, KafkaInstance> instances = new ConcurrentHashMap<>();
    /** Instances being started (registered, their consumer created), by key: their group. */
    private final Map<String, String> starting = new HashMap<>();
    private final Map<String, String> departures = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > REMEMBERED_DEPARTURES;
        }
    };
    private volatile boolean running;

    /** Polls that wait for records, bounded with the group-less reads' (tributary.fetch.max-waiting-fetches). */
    final WaitingFetches waitingFetches;

    /** Where this node's instances are recorded for the other nodes; null for a node on its own (tests). */
    private final InstanceRegistry registry;
    private final AccessControl access;
    private final Map<String, String> userProperties;

    KafkaConsumerInstances(KafkaClients clients, Admin admin, KafkaMetadata metadata, TributaryProperties properties,
                           WaitingFetches waitingFetches, InstanceRegistry registry, AccessControl access) {
        this.waitingFetches = waitingFetches;
        this.userProperties = properties.kafka().properties();
        this.registry = registry;
        this.access = access;
        if (registry != null) {
            registry.onLost(this::lost);
        }
        this.clients = clients;
        this.admin = admin;
        this.metadata = metadata;
        this.limits = properties.consumer();
        this.timeout = clients.requestTimeout();
        this.topicNames = new TopicNames(admin, timeout);
        AtomicInteger n = new AtomicInteger();
        this.pool = new ScheduledThreadPoolExecutor(Math.max(4, 2 * Runtime.getRuntime().availableProcessors()), r -> {
            Thread t = new Thread(r, "tributary-kafka-consumers-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.setRemoveOnCancelPolicy(true); // most ticks are rescheduled early: do not keep them queued
        long reap = Math.max(50, Math.min(1000, limits.minInstanceTimeout().toMillis() / 2));
        pool.scheduleWithFixedDelay(this::expireIdleInstances, reap, reap, TimeUnit.MILLISECONDS);
    }

    @Override
    public ConsumerInstance create(String group, String name, InstanceConfig config, String clientHost, String owner) {
        ConsumerRules.requireGroupId(group);
        String id = ConsumerRules.instanceId(name);
        if (instances.containsKey(key(group, id))) {
            throw ConsumerRules.nameTaken(group, id);
        }
        InstanceConfig resolved = withGroupStrategy(group, config);
        return start(group, id, resolved, clientHost, owner, true);
    }

    /**
     * Starts an instance on this node: a new one ({@code claim}: registered first, so that of two nodes creating one
     * name only one does), or one taken over from a dead node, whose entry says it is this node's now.
     */
    private KafkaInstance start(String group, String id, InstanceConfig config, String clientHost, String owner,
                                boolean claim) {
        String key = key(group, id);
        reserve(key, group, id);
        KafkaInstance instance;
        try {
            // outside the lock: the claim waits for Kafka, and other creates on this node need not wait for it
            if (claim && registry != null) {
                registry.claim(group, id, config, owner, clientHost);
            }
            Consumer<byte[], byte[]> consumer;
            try {
                consumer = clients.consumer(id, consumerSettings(group, id, config));
            } catch (KafkaException e) {
                if (registry != null) {
                    registry.release(group, id);
                }
                throw KafkaErrors.translate(e, "create a consumer for group '" + group + "'");
            }
            InstanceState state = new InstanceState(group, id, config, clientHost, owner, Instant.now(),
                    new Subscription.None());
            KafkaMember member = new KafkaMember(state, consumer, new SerialExecutor(pool), pool, topicNames, timeout);
            instance = new KafkaInstance(this, member, admin, metadata, topicNames, timeout);
            instances.put(key, instance);
        } finally {
            synchronized (starting) {
                starting.remove(key);
            }
        }
        synchronized (departures) {
            departures.remove(key);
        }
        return instance;
    }

    /** Holds the name and a place within the limits while an instance starts, counting those starting too. */
    private void reserve(String key, String group, String id) {
        synchronized (starting) {
            if (instances.containsKey(key) || starting.containsKey(key)) {
                throw ConsumerRules.nameTaken(group, id);
            }
            if (instances.size() + starting.size() >= limits.maxInstances()) {
                throw ConsumerRules.tooManyInstances(limits.maxInstances());
            }
            int inGroup = (int) (instances.values().stream().filter(i -> i.group().equals(group)).count()
                    + starting.values().stream().filter(group::equals).count());
            if (inGroup >= limits.maxInstancesPerGroup()) {
                throw ConsumerRules.tooManyInGroup(group, inGroup);
            }
            starting.put(key, group);
        }
    }

    @Override
    public ConsumerInstance instance(String group, String id, String principal) {
        KafkaInstance instance = instances.get(key(group, id));
        if (instance == null) {
            instance = takeOver(group, id, principal);
        }
        if (!instance.state().owner().equals(principal)) {
            throw ConsumerRules.notOwner(group, id);
        }
        instance.touch();
        return instance;
    }

    /**
     * An instance this node does not have: one that a node that died held is taken over (created again from its
     * registry entry, reading what it read, from the committed offsets: at-least-once); one that a live node holds
     * is answered 50003, as the request should have gone there (it is forwarded: the holder was not reachable).
     */
    private KafkaInstance takeOver(String group, String id, String principal) {
        Optional<InstanceEntry> entry = registry == null ? Optional.empty() : registry.entry(group, id);
        if (entry.isEmpty()) {
            String reason;
            synchronized (departures) {
                reason = departures.get(key(group, id));
            }
            throw reason != null ? new UnknownConsumerException(reason) : ConsumerRules.unknownInstance(group, id);
        }
        if (!entry.get().owner().equals(principal)) {
            throw ConsumerRules.notOwner(group, id); // nothing taken over for a client that may not use it
        }
        InstanceEntry mine = registry.takeOver(group, id).orElseThrow(() -> new BackendUnavailableException(
                "Consumer instance '" + id + "' of group '" + group + "' is held by another node that did not answer; "
                        + "retry.", null));
        KafkaInstance instance;
        try {
            instance = start(group, id, mine.config(), mine.clientHost(), mine.owner(), false);
        } catch (ConsumerExistsException raced) { // another request of this node is taking it over, or just did
            KafkaInstance started = instances.get(key(group, id));
            if (started == null) {
                throw new BackendUnavailableException("Consumer instance '" + id + "' of group '" + group
                        + "' is being taken over by this node; retry.", null);
            }
            return started;
        }
        Subscription subscription = mine.subscription(access.topicsAllowed(AccessControl.Operation.CONSUME));
        if (subscription instanceof Subscription.Manual manual) {
            instance.assign(manual.partitions());
        } else if (!(subscription instanceof Subscription.None)) {
            instance.subscribe(subscription);
        }
        log.info("Took over consumer instance {} (epoch {}) from a node that is gone", instance, mine.epoch());
        return instance;
    }

    /** Records what the instance reads, for a node that may take it over. */
    void subscriptionChanged(KafkaInstance instance) {
        if (registry != null) {
            registry.update(instance.group(), instance.id(), instance.state().subscription());
        }
    }

    /** Another node took the instance over (this node was thought dead): close this copy, committing nothing. */
    private void lost(InstanceEntry entry) {
        KafkaInstance instance = instances.get(key(entry.group(), entry.instance()));
        String reason = "Consumer instance '" + entry.instance() + "' of group '" + entry.group()
                + "' was taken over by another node.";
        if (instance != null && forget(instance, reason)) {
            pool.execute(() -> instance.member().leave(false, reason, CLOSE_TIMEOUT));
        }
    }

    /** This node's instances now, for group views and (later) a registry shared by several nodes. */
    List<InstanceState> states() {
        return instances.values().stream().map(KafkaInstance::state).toList();
    }

    /** Leaves the group at once, after auto-commit (if enabled). */
    void delete(KafkaInstance instance) {
        String reason = ConsumerRules.deletedReason(instance.group(), instance.id(), Instant.now());
        if (!forget(instance, reason)) {
            instance.member().requireLive();
            throw ConsumerRules.unknownInstance(instance.group(), instance.id());
        }
        if (registry != null) {
            registry.release(instance.group(), instance.id());
        }
        try {
            instance.member().leave(true, reason, CLOSE_TIMEOUT).get(timeout.toMillis() + CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.info("Consumer instance {} was deleted but did not leave its group in time: {}", instance, e.toString());
        }
    }

    /** Expires instances with no poll waiting and no request for longer than their instance timeout, without commit. */
    void expireIdleInstances() {
        long now = Ticker.SYSTEM.monotonicMillis(); // not the wall clock: a jump of it must not expire every instance
        for (KafkaInstance instance : instances.values()) {
            if (instance.idleAt(now)) {
                Duration instanceTimeout = instance.config().instanceTimeout();
                String reason = ConsumerRules.expiredReason(instance.group(), instance.id(), Instant.now(),
                        instanceTimeout);
                if (forget(instance, reason)) {
                    if (registry != null) {
                        registry.release(instance.group(), instance.id());
                    }
                    instance.member().leave(false, reason, CLOSE_TIMEOUT);
                    log.info("Expired consumer instance {} (idle > {} ms)", instance, instanceTimeout.toMillis());
                }
            }
        }
    }

    private boolean forget(KafkaInstance instance, String reason) {
        String key = key(instance.group(), instance.id());
        if (!instances.remove(key, instance)) {
            return false;
        }
        synchronized (departures) {
            departures.put(key, reason);
        }
        return true;
    }

    /**
     * An instance that asks for no strategy takes the one its group uses now (Kafka's members must share one), or
     * else the node's default. A group in the middle of a rebalance names no protocol yet: asked again for a moment
     * (it settles in milliseconds to seconds), so that a new instance does not join with the default where the
     * members use another (kafkajs' round robin, say), which Kafka refuses.
     */
    private InstanceConfig withGroupStrategy(String group, InstanceConfig config) {
        if (config.assignmentStrategy() != null) {
            return config;
        }
        long deadline = System.nanoTime() + STRATEGY_WAIT.toNanos();
        Optional<ConsumerGroupDescription> described = GroupDescriptions.describe(admin, group, timeout);
        while (described.isPresent() && !described.get().members().isEmpty()
                && (described.get().partitionAssignor() == null || described.get().partitionAssignor().isEmpty())
                && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            described = GroupDescriptions.describe(admin, group, timeout);
        }
        AssignmentStrategy strategy = described.flatMap(d -> Assignors.ofProtocol(d.partitionAssignor()))
                .orElseGet(() -> AssignmentStrategy.named(limits.defaultAssignor()));
        return new InstanceConfig(config.format(), config.autoOffsetReset(), config.autoCommit(), config.fetchMinBytes(),
                config.requestTimeout(), config.instanceTimeout(), strategy);
    }

    /**
     * The member's Kafka settings. {@code fetch.min.bytes} stays 1: an HTTP poll's own minimum and timeout are the
     * node's business, the consumer fetches whatever is there.
     */
    private Map<String, Object> consumerSettings(String group, String id, InstanceConfig config) {
        Map<String, Object> settings = new HashMap<>();
        // The node heartbeats and polls for its instances whatever their clients do, so a short session costs nothing
        // and lets a dead node's members go in seconds, not Kafka's 45 (tributary.kafka.properties may say otherwise)
        if (!userProperties.containsKey(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG)) {
            settings.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, SESSION_TIMEOUT_MS);
            settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, SESSION_TIMEOUT_MS / 4);
        }
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, InstanceClientIds.of(group, id));
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, config.autoOffsetReset().externalName());
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                Assignors.of(config.assignmentStrategy()).classNames());
        settings.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1);
        settings.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, FETCH_MAX_BYTES);
        settings.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, PARTITION_FETCH_MAX_BYTES);
        return settings;
    }

    // ---- lifecycle

    @Override
    public void start() {
        running = true;
    }

    /** Waiting polls answer [] and streams end, before the web server's graceful shutdown would wait for them. */
    @Override
    public void stop() {
        running = false;
        instances.values().forEach(i -> i.member().endWaitingPoll());
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Closes every consumer (each leaves its group, without commit), in parallel and bounded in time. */
    @PreDestroy
    public void close() {
        List<CompletableFuture<Boolean>> leaving = instances.values().stream()
                .map(i -> i.member().leave(false, null, CLOSE_TIMEOUT)).toList();
        instances.clear();
        try {
            CompletableFuture.allOf(leaving.toArray(CompletableFuture[]::new))
                    .get(2 * CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Not every Kafka consumer closed in time; the broker drops the rest after their session timeout");
        }
        pool.shutdownNow();
    }

    private static String key(String group, String instance) {
        return group + '\u0000' + instance;
    }
}

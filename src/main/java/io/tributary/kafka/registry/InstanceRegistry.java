package io.tributary.kafka.registry;

import io.tributary.common.Ticker;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.Subscription;
import io.tributary.kafka.KafkaClients;
import io.tributary.kafka.KafkaErrors;
import io.tributary.settings.TributaryProperties;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which node holds which consumer instance, shared by all nodes through two compacted topics: {@code
 * _tributary-instances} (key {@code group/instance}: the holder, the epoch, and what is needed to create the instance
 * again) and {@code _tributary-nodes} (key node id: its URL, heartbeats every {@code heartbeat-interval}). Every node
 * reads both into memory ({@link RegistryTail}); races are settled by log order ({@link InstanceTable}).
 *
 * <p>The consumer-instance implementation of a node calls {@link #claim} when it creates an instance (before it
 * answers the client), {@link #update} when the subscription or assignment changes, {@link #release} when the
 * instance is deleted or expires, and {@link #takeOver} when a request comes for an instance this node does not hold
 * (its holder is dead). It must close its copy of an instance at once when {@link #onLost} says another node has it
 * now. At a clean shutdown it closes its copies without releasing them: the entries stay, and the next request for
 * each takes it over on another node (a rolling restart loses no instance).
 */
public final class InstanceRegistry implements AutoCloseable {

    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(InstanceRegistry.class);

    /** This node's latest record of an instance it holds; every write of it goes through here, in revision order. */
    private static final class Held {
        Claim latest;
        boolean released;

        Held(Claim claim) {
            this.latest = claim;
        }
    }

    private final String nodeId = UUID.randomUUID().toString();
    private final Instant startedAt;
    private final Duration timeout;
    private final Duration heartbeatInterval;
    private final Producer<byte[], byte[]> producer;
    private final InstanceTable instances = new InstanceTable(RegistryTopics.DELETE_RETENTION);
    private final NodeTable nodes;
    private final RegistryTail tail;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private final List<Consumer<InstanceEntry>> lostListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong claims = new AtomicLong();
    private final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "tributary-registry-heartbeat");
        thread.setDaemon(true);
        return thread;
    });
    private volatile URI url;

    /** Creates the topics if missing and reads them; heartbeats start with {@link #start}. */
    public InstanceRegistry(KafkaClients clients, Admin admin, TributaryProperties.Kafka settings) {
        this.startedAt = Instant.now();
        this.timeout = settings.requestTimeout();
        this.heartbeatInterval = settings.heartbeatInterval();
        this.nodes = new NodeTable(nodeId, settings.nodeTimeout(), Ticker.SYSTEM);
        RegistryTopics.create(admin, settings.replicationFactor(), timeout);
        this.producer = clients.producer();
        this.tail = new RegistryTail(clients, admin, List.of(RegistryTopics.INSTANCES, RegistryTopics.NODES), this::apply);
    }

    /** This node's id, random at every start (a restarted node holds nothing). */
    public String nodeId() {
        return nodeId;
    }

    /** Starts telling the other nodes that this node is alive and reachable at {@code url}. */
    public synchronized void start(URI nodeUrl) {
        if (url != null) {
            throw new IllegalStateException("Node " + nodeId + " was started already, at " + url);
        }
        this.url = nodeUrl;
        heartbeat.scheduleAtFixedRate(this::beat, 0, heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Registers a new instance held by this node, before the client is answered; settled against other nodes
     * creating the same name at once: the first record in the log wins.
     *
     * @return the entry, epoch 0
     * @throws ConsumerExistsException when the name is taken (also by a concurrent create that came first)
     * @throws io.tributary.common.errors.BackendUnavailableException when Kafka does not answer in time
     */
    public InstanceEntry claim(String group, String instance, InstanceConfig config, String owner, String clientHost) {
        String key = InstanceEntry.key(group, instance);
        if (instances.current(key).isPresent()) {
            tail.awaitCaughtUp(timeout); // it may have been deleted a moment ago
            if (instances.current(key).isPresent()) {
                throw exists(group, instance);
            }
        }
        InstanceEntry entry = new InstanceEntry(group, instance, nodeId, 0, config, owner, clientHost, null);
        return win(new Claim(entry, newClaimId(), 0)).orElseThrow(() -> exists(group, instance));
    }

    /**
     * Records what the instance reads now (topics, a pattern, or partitions assigned by hand), so a node that takes it
     * over reads the same. Returns once Kafka has it.
     *
     * @throws UnknownConsumerException when this node does not hold the instance (any more)
     */
    public InstanceEntry update(String group, String instance, Subscription subscription) {
        Held holding = held.get(InstanceEntry.key(group, instance));
        if (holding == null) {
            throw new UnknownConsumerException("Consumer instance '" + instance + "' of group '" + group
                    + "' is not held by this node (any more).");
        }
        Claim next;
        Future<RecordMetadata> written;
        synchronized (holding) {
            if (holding.released) {
                throw new UnknownConsumerException("Consumer instance '" + instance + "' of group '" + group + "' is gone.");
            }
            next = holding.latest.next(holding.latest.entry().withSubscription(subscription));
            holding.latest = next;
            written = send(RegistryTopics.INSTANCES, next.entry().key(), RegistryCodec.encode(next));
        }
        await(written, "record the subscription of consumer instance '" + instance + "'");
        return next.entry();
    }

    /**
     * Deletes the entry of an instance this node holds (deleted or expired), and returns once this node has read the
     * deletion back; nothing for an instance it does not hold.
     */
    public void release(String group, String instance) {
        Held holding = held.remove(InstanceEntry.key(group, instance));
        if (holding == null) {
            return;
        }
        Future<RecordMetadata> written;
        synchronized (holding) {
            holding.released = true;
            written = send(RegistryTopics.INSTANCES, holding.latest.entry().key(), null);
        }
        RecordMetadata deleted = await(written, "delete consumer instance '" + instance + "' from the registry");
        tail.awaitApplied(deleted.topic(), deleted.partition(), deleted.offset(), timeout); // a create may follow at once
    }

    /**
     * The instance's entry, wherever it is held, after reading the registry up to date: what any node wrote before
     * this call is taken into account (a create, a takeover or a delete through another node a moment ago).
     *
     * @throws io.tributary.common.errors.BackendUnavailableException when Kafka does not answer in time
     */
    public Optional<InstanceEntry> entry(String group, String instance) {
        tail.awaitCaughtUp(timeout);
        return instances.current(InstanceEntry.key(group, instance)).map(Claim::entry);
    }

    /**
     * Takes over an instance whose holder is dead (or this node's own that it no longer holds): an entry with the
     * next epoch, which applies only if the epoch it replaces is still current, so of two nodes trying, one wins. The
     * caller then creates the instance again from the entry; its positions restart from the committed offsets.
     *
     * @return the new entry (held by this node), or empty when the instance does not exist, its holder is alive, or
     *         another node took it over first ({@link #entry} says who)
     */
    public Optional<InstanceEntry> takeOver(String group, String instance) {
        String key = InstanceEntry.key(group, instance);
        tail.awaitCaughtUp(timeout);
        Held holding = held.get(key);
        if (holding != null) {
            return Optional.of(holding.latest.entry());
        }
        Optional<Claim> current = instances.current(key);
        if (current.isEmpty() || (!current.get().entry().node().equals(nodeId) && nodes.alive(current.get().entry().node()))) {
            return Optional.empty();
        }
        return win(new Claim(current.get().entry().takenOverBy(nodeId), newClaimId(), 0));
    }

    /**
     * Called (on the registry's reading thread: hand work off, do not block) with this node's last entry of an
     * instance that another node took over or deleted: close the copy at once, without committing and without
     * {@link #release}.
     */
    public void onLost(Consumer<InstanceEntry> listener) {
        lostListeners.add(listener);
    }

    /** Whether the node has been heard of within {@code node-timeout}; this node always is. */
    public boolean alive(String node) {
        return nodes.alive(node);
    }

    /** The node's URL as its heartbeats say. */
    public Optional<URI> url(String node) {
        return nodes.url(node);
    }

    /** The instance's entry as this node knows it now, without reading the registry up to date (no Kafka round trip). */
    Optional<InstanceEntry> known(String group, String instance) {
        return instances.current(InstanceEntry.key(group, instance)).map(Claim::entry);
    }

    /** Writes the claim and waits until it is read back: it won if it is then the current claim of its name. */
    private Optional<InstanceEntry> win(Claim claim) {
        String key = claim.entry().key();
        Held holding = new Held(claim);
        // held before it is written, so a losing record of another node that follows at once is answered
        if (held.putIfAbsent(key, holding) != null) {
            return Optional.empty(); // this node is creating or taking over the same name already
        }
        try {
            RecordMetadata written = await(send(RegistryTopics.INSTANCES, key, RegistryCodec.encode(claim)),
                    "register consumer instance '" + claim.entry().instance() + "'");
            tail.awaitApplied(written.topic(), written.partition(), written.offset(), timeout);
        } catch (RuntimeException e) {
            held.remove(key, holding);
            throw e;
        }
        if (instances.current(key).filter(claim::sameClaim).isPresent()) {
            return Optional.of(claim.entry());
        }
        held.remove(key, holding);
        return Optional.empty();
    }

    /** On the tail's thread, in log order. */
    private void apply(ConsumerRecord<byte[], byte[]> record) {
        String key = RegistryCodec.key(record.key());
        if (record.topic().equals(RegistryTopics.NODES)) {
            nodes.heard(key, record.value() == null ? null : RegistryCodec.decodeNode(record.value()).url(), record.timestamp());
            return;
        }
        Claim claim = record.value() == null ? null : RegistryCodec.decodeClaim(key, record.value());
        InstanceTable.Outcome outcome = instances.apply(key, claim, record.timestamp());
        Held holding = held.get(key);
        if (holding == null) {
            return;
        }
        boolean wasOurs = outcome.previous().filter(c -> c.id().equals(holding.latest.id())).isPresent();
        boolean isOurs = outcome.current().filter(c -> c.id().equals(holding.latest.id())).isPresent();
        if (outcome.ignored() && isOurs) {
            reassert(holding);
        } else if (wasOurs && !isOurs && held.remove(key, holding)) {
            InstanceEntry lost = holding.latest.entry();
            log.info("Consumer instance '{}' of group '{}' is {} now", lost.instance(), lost.group(),
                    outcome.current().map(c -> "held by node " + c.entry().node()).orElse("deleted"));
            lostListeners.forEach(listener -> listener.accept(lost));
        }
    }

    /** A record that lost against this node's claim was written after it: write the claim again, so it is the last. */
    private void reassert(Held holding) {
        synchronized (holding) {
            if (!holding.released) {
                holding.latest = holding.latest.next(holding.latest.entry());
                send(RegistryTopics.INSTANCES, holding.latest.entry().key(), RegistryCodec.encode(holding.latest));
            }
        }
    }

    private void beat() {
        try {
            send(RegistryTopics.NODES, nodeId, RegistryCodec.encode(new RegistryCodec.NodeRecord(url, startedAt)));
            expireOrphans();
        } catch (RuntimeException e) {
            log.warn("Heartbeat of node {} failed", nodeId, e);
        }
    }

    /**
     * Deletes entries whose holder has been dead for longer than the instance's own timeout: nobody asked for them
     * since, so they expired. Every node may do it; a second tombstone changes nothing.
     */
    private void expireOrphans() {
        for (Claim claim : instances.all()) {
            InstanceEntry entry = claim.entry();
            if (nodes.deadFor(entry.node()).compareTo(entry.config().instanceTimeout()) > 0) {
                send(RegistryTopics.INSTANCES, entry.key(), null);
            }
        }
    }

    private Future<RecordMetadata> send(String topic, String key, byte[] value) {
        return producer.send(new ProducerRecord<>(topic, RegistryCodec.key(key), value), (metadata, error) -> {
            if (error != null) {
                log.warn("Writing the registry record of '{}' to {} failed", key, topic, error);
            }
        });
    }

    private RecordMetadata await(Future<RecordMetadata> written, String what) {
        return await(written, timeout, what);
    }

    private static RecordMetadata await(Future<RecordMetadata> written, Duration timeout, String what) {
        try {
            return written.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw KafkaErrors.translate(e.getCause(), what);
        } catch (TimeoutException e) {
            throw KafkaErrors.unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaErrors.unavailable(what, e);
        }
    }

    private String newClaimId() {
        return nodeId + "/" + claims.incrementAndGet();
    }

    private static ConsumerExistsException exists(String group, String instance) {
        return new ConsumerExistsException("Consumer instance '" + instance + "' exists in group '" + group + "' already.");
    }

    /** Stops heartbeating without saying goodbye, as a crashed or hung node would (for tests). */
    void stopHeartbeat() {
        heartbeat.shutdownNow();
    }

    /** Says goodbye (the other nodes take this node's instances over at their next request) and stops reading. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            if (url != null) {
                // bounded: a node stopping while Kafka is away must not hang; the others then find it dead in time
                await(send(RegistryTopics.NODES, nodeId, null), CLOSE_TIMEOUT, "deregister node " + nodeId);
            }
        } catch (RuntimeException e) {
            log.warn("Could not deregister node {}; the others will find it dead after the node timeout", nodeId, e);
        } finally {
            tail.close();
            producer.close(CLOSE_TIMEOUT);
        }
    }
}

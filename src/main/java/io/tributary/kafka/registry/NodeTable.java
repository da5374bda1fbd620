package io.tributary.kafka.registry;

import io.tributary.common.Ticker;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes as {@code _tributary-nodes} says: each node's URL and when it was last heard of (the broker's append time
 * of its latest heartbeat). A node not heard of for {@code timeout}, or gone with a tombstone at its clean shutdown,
 * or never heard of, is dead.
 *
 * <p>"Now" is the brokers' clock too, never this node's wall clock: the newest append time heard (every live node,
 * this one included, heartbeats every few seconds), advanced by this node's monotonic time since it was heard. So a
 * node whose wall clock is ahead of the brokers' does not see every other node dead (and take their consumer
 * instances over while they serve them), and one whose clock is behind does not keep a dead node alive for the size of
 * its skew (docs/reliability.md, "Clock skew between Kafka-mode nodes"). Only the brokers' clocks must agree (NTP), as
 * Kafka's own time-based retention assumes.
 */
final class NodeTable {

    private record Node(URI url, long lastHeardMillis, boolean stopped) {
    }

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final String self;
    private final Duration timeout;
    private final Ticker ticker;
    private final long startedNanos;
    private long newestHeardMillis = Long.MIN_VALUE; // the brokers' clock at the newest heartbeat; guarded by this
    private long newestHeardAtNanos;

    NodeTable(String self, Duration timeout, Ticker ticker) {
        this.self = self;
        this.timeout = timeout;
        this.ticker = ticker;
        this.startedNanos = ticker.nanoTime();
    }

    /** A heartbeat ({@code url} non-null) or a clean shutdown (null), with the broker's append time. */
    void heard(String node, URI url, long timestampMillis) {
        Node known = nodes.get(node);
        nodes.put(node, url != null ? new Node(url, timestampMillis, false)
                : new Node(known == null ? null : known.url(), timestampMillis, true));
        synchronized (this) {
            if (timestampMillis > brokerNowMillis()) {
                newestHeardMillis = timestampMillis;
                newestHeardAtNanos = ticker.nanoTime();
            }
        }
    }

    /** The brokers' clock as far as this node can tell; below every timestamp until a heartbeat was heard. */
    private synchronized long brokerNowMillis() {
        return newestHeardMillis == Long.MIN_VALUE ? Long.MIN_VALUE
                : newestHeardMillis + (ticker.nanoTime() - newestHeardAtNanos) / 1_000_000L;
    }

    /** This node is always alive to itself: it serves its instances until it stops. */
    boolean alive(String node) {
        if (node.equals(self)) {
            return true;
        }
        Node known = nodes.get(node);
        return known != null && !known.stopped() && brokerNowMillis() - known.lastHeardMillis() < timeout.toMillis();
    }

    Optional<URI> url(String node) {
        Node known = nodes.get(node);
        return known == null ? Optional.empty() : Optional.ofNullable(known.url());
    }

    /** How long the node has been dead (zero for a live one); one never heard of died before this node started. */
    Duration deadFor(String node) {
        if (alive(node)) {
            return Duration.ZERO;
        }
        Node known = nodes.get(node);
        long since = known == null ? (ticker.nanoTime() - startedNanos) / 1_000_000L
                : brokerNowMillis() - known.lastHeardMillis() - (known.stopped() ? 0 : timeout.toMillis());
        return Duration.ofMillis(Math.max(0, since));
    }
}

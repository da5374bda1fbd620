package io.tributary.kafka.registry;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes as {@code _tributary-nodes} says: each node's URL and when it was last heard of (the broker's append time
 * of its latest heartbeat). A node not heard of for {@code timeout}, or gone with a tombstone at its clean shutdown,
 * or never heard of, is dead. Node clocks must agree with the brokers' within a few seconds (NTP), as Kafka's own
 * time-based retention assumes.
 */
final class NodeTable {

    private record Node(URI url, long lastHeardMillis, boolean stopped) {
    }

    private final Map<String, Node> nodes = new ConcurrentHashMap<>();
    private final String self;
    private final Duration timeout;
    private final Clock clock;
    private final long startedMillis;

    NodeTable(String self, Duration timeout, Clock clock) {
        this.self = self;
        this.timeout = timeout;
        this.clock = clock;
        this.startedMillis = clock.millis();
    }

    /** A heartbeat ({@code url} non-null) or a clean shutdown (null). */
    void heard(String node, URI url, long timestampMillis) {
        Node known = nodes.get(node);
        nodes.put(node, url != null ? new Node(url, timestampMillis, false)
                : new Node(known == null ? null : known.url(), timestampMillis, true));
    }

    /** This node is always alive to itself: it serves its instances until it stops. */
    boolean alive(String node) {
        if (node.equals(self)) {
            return true;
        }
        Node known = nodes.get(node);
        return known != null && !known.stopped() && clock.millis() - known.lastHeardMillis() < timeout.toMillis();
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
        long since = known == null ? clock.millis() - startedMillis
                : clock.millis() - known.lastHeardMillis() - (known.stopped() ? 0 : timeout.toMillis());
        return Duration.ofMillis(Math.max(0, since));
    }
}

package io.tributary.kafka.registry;

import io.tributary.consume.InstanceConfig;
import io.tributary.consume.Subscription;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * A consumer instance as the registry knows it: who holds it, and everything another node needs to create it again
 * when its holder dies (the creation request and what it reads).
 *
 * @param node         the id of the node that holds it
 * @param epoch        0 for the node that created it, one more at every takeover: a node that sees a higher epoch
 *                     than that of its copy has lost the instance
 * @param owner        the principal that created it (only it may use the instance)
 * @param clientHost   the address of the client that created it, shown in group descriptions
 * @param subscription what it reads now; a pattern read back from the registry matches no topic until it is
 *                     {@linkplain #subscription(Predicate) bound} to the topics its owner may read
 */
public record InstanceEntry(String group, String instance, String node, long epoch, InstanceConfig config,
                            String owner, String clientHost, Subscription subscription) {

    /** Matches nothing: a pattern subscription's topic filter before it is bound to a principal's permissions. */
    static final Predicate<String> UNBOUND = topic -> false;

    public InstanceEntry {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(config, "config");
        subscription = subscription == null ? new Subscription.None() : subscription;
    }

    /** The registry's key of an instance. */
    public static String key(String group, String instance) {
        return group + "/" + instance;
    }

    public String key() {
        return key(group, instance);
    }

    public InstanceEntry withSubscription(Subscription newSubscription) {
        return new InstanceEntry(group, instance, node, epoch, config, owner, clientHost, newSubscription);
    }

    InstanceEntry takenOverBy(String newNode) {
        return new InstanceEntry(group, instance, newNode, epoch + 1, config, owner, clientHost, subscription);
    }

    /** The subscription, a pattern one filtered by {@code readable} (the owner's readable topics). */
    public Subscription subscription(Predicate<String> readable) {
        return subscription instanceof Subscription.Pattern p ? new Subscription.Pattern(p.regex(), readable) : subscription;
    }
}

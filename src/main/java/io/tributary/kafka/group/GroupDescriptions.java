package io.tributary.kafka.group;

import io.tributary.common.errors.SubscriptionConflictException;
import io.tributary.common.errors.UnknownGroupException;
import io.tributary.kafka.KafkaErrors;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.GroupState;

/** What the cluster says about one group, as the instances need it. */
final class GroupDescriptions {

    private GroupDescriptions() {
    }

    /** The group as Kafka describes it; empty when Kafka knows no such group. */
    static Optional<ConsumerGroupDescription> describe(Admin admin, String group, Duration timeout) {
        try {
            ConsumerGroupDescription d = KafkaErrors.await(admin.describeConsumerGroups(List.of(group)).describedGroups().get(group),
                    timeout, "describe group '" + group + "'");
            return d.groupState() == GroupState.DEAD ? Optional.empty() : Optional.of(d);
        } catch (UnknownGroupException notFound) {
            return Optional.empty();
        }
    }

    /**
     * Kafka accepts offsets committed outside group management only while the group has no members; an instance
     * reading partitions it chose would read but never commit.
     */
    static void requireNoMembers(Admin admin, String group, String instance, Duration timeout) {
        describe(admin, group, timeout).filter(d -> !d.members().isEmpty()).ifPresent(d -> {
            throw new SubscriptionConflictException("Consumer instance '" + instance + "' cannot read partitions "
                    + "assigned by hand while group '" + group + "' has " + d.members().size() + " members "
                    + "subscribed to topics: Kafka accepts their commits only while a group has no members. Use a "
                    + "group of its own, or subscribe.");
        });
    }
}

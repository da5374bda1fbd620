package io.tributary.consume;

import io.tributary.common.TopicPartition;
import io.tributary.common.errors.AuthorizationException;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.common.errors.InvalidConsumerConfigException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.common.errors.SubscriptionConflictException;
import io.tributary.common.errors.UnknownConsumerException;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/** What every backend checks the same way, with the same words: group ids, instance names, partition ownership. */
public final class ConsumerRules {

    private static final Pattern INSTANCE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,200}");
    private static final int MAX_GROUP_ID_LENGTH = 255;

    private ConsumerRules() {
    }

    /** Kafka allows any group id; these could not be addressed in a URL or would garble logs. @throws InvalidRequestException */
    public static void requireGroupId(String group) {
        if (group == null || group.isBlank() || group.length() > MAX_GROUP_ID_LENGTH || group.equals(".")
                || group.equals("..") || group.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidRequestException("A consumer group id must have 1 to " + MAX_GROUP_ID_LENGTH
                    + " characters, no control characters, and not be '.' or '..'.");
        }
    }

    /** The name asked for, or a generated one when none. @throws InvalidConsumerConfigException for a name that cannot be used */
    public static String instanceId(String name) {
        String id = name == null || name.isBlank() ? "rest-consumer-" + UUID.randomUUID() : name.strip();
        if (!INSTANCE_NAME.matcher(id).matches()) {
            throw new InvalidConsumerConfigException("Invalid consumer instance name '" + id
                    + "': use 1 to 200 letters, digits, '.', '_' or '-'.");
        }
        return id;
    }

    /**
     * @param action what was asked, for the message ("seek", "commit offsets for")
     * @throws IllegalConsumerStateException naming the partitions the instance does not read now
     */
    public static void requireOwned(String instance, Collection<TopicPartition> partitions,
                                    Collection<TopicPartition> owned, String action) {
        SortedSet<TopicPartition> notOwned = new TreeSet<>(TopicPartition.ORDER);
        partitions.stream().filter(tp -> !owned.contains(tp)).forEach(notOwned::add);
        if (!notOwned.isEmpty()) {
            throw new IllegalConsumerStateException("Cannot " + action + " " + notOwned
                    + ": not assigned to consumer instance '" + instance + "' now (it owns "
                    + sorted(owned) + "); nothing was changed.");
        }
    }

    /** A subscription asked of an instance that assigned its partitions by hand. */
    public static SubscriptionConflictException assignedByHand(String instance) {
        return new SubscriptionConflictException("Consumer instance '" + instance
                + "' has manually assigned partitions; subscription to topics, partitions and pattern are "
                + "mutually exclusive (DELETE its subscription first).");
    }

    /** Partitions assigned by hand to an instance subscribed to topics. */
    public static SubscriptionConflictException subscribed(String instance) {
        return new SubscriptionConflictException("Consumer instance '" + instance
                + "' is subscribed to topics; subscription to topics, partitions and pattern are mutually "
                + "exclusive (DELETE its subscription first).");
    }

    public static ConsumerExistsException nameTaken(String group, String instance) {
        return new ConsumerExistsException("Consumer instance '" + instance + "' already exists in group '" + group + "'.");
    }

    public static LimitExceededException tooManyInstances(int max) {
        return new LimitExceededException("This node already has " + max
                + " consumer instances, the most allowed (tributary.consumer.max-instances); delete unused ones.");
    }

    public static LimitExceededException tooManyInGroup(String group, int members) {
        return new LimitExceededException("Group '" + group + "' already has " + members
                + " consumer instances, the most allowed (tributary.consumer.max-instances-per-group).");
    }

    /** An instance not found and not known to have left. */
    public static UnknownConsumerException unknownInstance(String group, String instance) {
        return new UnknownConsumerException("Consumer instance '" + instance + "' not found in group '" + group
                + "'. Instances live in memory: after a restart or expiry create a new one; it resumes from the "
                + "committed offsets.");
    }

    public static AuthorizationException notOwner(String group, String instance) {
        return new AuthorizationException("Consumer instance '" + instance + "' of group '" + group
                + "' belongs to another principal; create an instance of your own.");
    }

    /** Why a deleted instance is gone, for requests that still name it. */
    public static String deletedReason(String group, String instance, Instant at) {
        return "Consumer instance '" + instance + "' of group '" + group + "' was deleted at " + at + ".";
    }

    /** Why an expired instance is gone, for requests that still name it. */
    public static String expiredReason(String group, String instance, Instant at, Duration timeout) {
        return "Consumer instance '" + instance + "' of group '" + group + "' expired at " + at
                + ": no request for longer than its instance timeout (" + InstanceConfig.INSTANCE_TIMEOUT + "="
                + timeout.toMillis() + "). Its partitions went to the other members; create a new instance, it "
                + "resumes from the committed offsets.";
    }

    public static SortedSet<TopicPartition> sorted(Collection<TopicPartition> partitions) {
        SortedSet<TopicPartition> result = new TreeSet<>(TopicPartition.ORDER);
        result.addAll(partitions);
        return Collections.unmodifiableSortedSet(result);
    }
}

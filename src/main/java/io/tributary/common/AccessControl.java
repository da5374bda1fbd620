package io.tributary.common;

import io.tributary.common.errors.AuthorizationException;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * What the caller of the current request may do, for the checks a request path cannot express: resources named in
 * the body (a topic to create, topics to subscribe to) and lists filtered to what the caller may see. Checks on
 * resources named in the path run before any controller (see the {@code security} package). With security off
 * everything is allowed.
 */
public interface AccessControl {

    /** Kafka-style operations; {@link #DESCRIBE} is implied by any other operation on the resource. */
    enum Operation { DESCRIBE, PRODUCE, CONSUME, ADMIN }

    /** No authentication, everything allowed: the default, for a local quickstart. */
    AccessControl PERMIT_ALL = new AccessControl() {
        @Override
        public String principalName() {
            return ANONYMOUS;
        }

        @Override
        public boolean mayTopic(String topic, Operation operation) {
            return true;
        }

        @Override
        public boolean mayGroup(String group, Operation operation) {
            return true;
        }

        @Override
        public Predicate<String> topicsAllowed(Operation operation) {
            return topic -> true;
        }

        @Override
        public boolean mayAnyTopic(Operation operation) {
            return true;
        }

        @Override
        public boolean mayCreateTopic(String topic) {
            return true;
        }
    };

    String ANONYMOUS = "anonymous";

    /** The caller's principal; {@value #ANONYMOUS} when security is off. */
    String principalName();

    boolean mayTopic(String topic, Operation operation);

    boolean mayGroup(String group, Operation operation);

    /**
     * Whether some topic name, existing or not, allows the caller {@code operation}: for {@link Operation#ADMIN}, whether
     * it may create topics at all (Kafka's CREATE on the cluster).
     */
    boolean mayAnyTopic(Operation operation);

    /**
     * Whether the caller may create the topic (Kafka's CREATE on the topic or on the cluster; Tributary's {@code admin}
     * on the topic is Kafka's ALL, so it includes it).
     */
    boolean mayCreateTopic(String topic);

    /** @throws AuthorizationException unless the caller may create the topic */
    default void requireCreateTopic(String topic) {
        if (!mayCreateTopic(topic)) {
            throw new AuthorizationException("Principal '" + principalName() + "' is not allowed to create topic '"
                    + topic + "'.");
        }
    }

    /** @throws AuthorizationException unless the caller may do {@code operation} on the topic */
    default void requireTopic(String topic, Operation operation) {
        if (!mayTopic(topic, operation)) {
            throw denied(operation, "topic", topic);
        }
    }

    /** @throws AuthorizationException unless the caller may do {@code operation} on the group */
    default void requireGroup(String group, Operation operation) {
        if (!mayGroup(group, operation)) {
            throw denied(operation, "group", group);
        }
    }

    /**
     * The topics the caller of the current request may do {@code operation} on, as a test that stays valid after the
     * request: a pattern subscription uses it to pick up only readable topics, also those created later.
     */
    Predicate<String> topicsAllowed(Operation operation);

    default AuthorizationException denied(Operation operation, String resourceType, String name) {
        return new AuthorizationException("Principal '" + principalName() + "' is not allowed to "
                + operation.name().toLowerCase(Locale.ROOT) + " on " + resourceType + " '" + name + "'.");
    }
}

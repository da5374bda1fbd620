package io.tributary.web.topic;

import io.tributary.common.AccessControl;
import io.tributary.common.AccessControl.Operation;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Confluent's {@code authorized_operations}, filled when a request asks with {@code include_authorized_operations=true}:
 * the names of the Kafka ACL operations the caller's ACLs allow, in Kafka's {@code AclOperation} order. Tributary's
 * coarser operations map onto them as a Kafka cluster would grant them; with security off everything is allowed.
 */
final class AuthorizedOperations {

    static final String PARAMETER = "include_authorized_operations";
    static final String PARAMETER_DESCRIPTION = "fill authorized_operations with the Kafka operations the caller may do "
            + "(otherwise it is [], as in Confluent's REST Proxy)";

    /** Kafka's topic operations and the Tributary operation each needs. */
    private enum TopicOperation {
        READ(Operation.CONSUME), WRITE(Operation.PRODUCE), DELETE(Operation.ADMIN), ALTER(Operation.ADMIN),
        DESCRIBE(Operation.DESCRIBE), DESCRIBE_CONFIGS(Operation.DESCRIBE), ALTER_CONFIGS(Operation.ADMIN);

        private final Operation needs;

        TopicOperation(Operation needs) {
            this.needs = needs;
        }
    }

    private AuthorizedOperations() {
    }

    static List<String> ofTopic(AccessControl access, String topic, boolean include) {
        if (!include) {
            return List.of();
        }
        Set<Operation> allowed = EnumSet.noneOf(Operation.class);
        for (Operation operation : Operation.values()) {
            if (access.mayTopic(topic, operation)) {
                allowed.add(operation);
            }
        }
        return Arrays.stream(TopicOperation.values()).filter(o -> allowed.contains(o.needs)).map(Enum::name).toList();
    }

    /** Everyone may describe the cluster; CREATE when some topic name allows the caller to create it. */
    static List<String> ofCluster(AccessControl access, boolean include) {
        if (!include) {
            return List.of();
        }
        return access.mayAnyTopic(Operation.ADMIN) ? List.of("CREATE", "DESCRIBE") : List.of("DESCRIBE");
    }
}

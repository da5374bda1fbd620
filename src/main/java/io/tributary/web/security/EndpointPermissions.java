package io.tributary.web.security;

import io.tributary.common.AccessControl.Operation;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What each endpoint needs, by HTTP method and path pattern (as mapped by Spring MVC): an operation on the topic or
 * group named by a path variable, or just an authenticated caller where the controller itself checks what the body
 * names or filters what it lists (through {@code AccessControl}). An endpoint missing here is refused to everyone
 * but admins, so a new endpoint cannot be open by accident; a test checks that every endpoint is listed.
 */
final class EndpointPermissions {

    /** What a request needs. */
    sealed interface Rule {
    }

    /** Any authenticated caller: nothing protected, or the controller checks the body / filters the answer. */
    record Authenticated() implements Rule {
    }

    /** {@code operation} on the resource named by the path variable {@code variable}. */
    record OnResource(ResourceType type, String variable, Operation operation) implements Rule {
    }

    /** {@code operation} on the cluster (Kafka's {@code kafka-cluster} resource). */
    record OnCluster(Operation operation) implements Rule {
    }

    /**
     * Admins only, whatever the ACLs: changing ACLs (Kafka's ALTER on the cluster) and broker configs (ALTER_CONFIGS on
     * the cluster), which no ACL grants here.
     */
    record AdminOnly() implements Rule {
    }

    private static final Rule AUTHENTICATED = new Authenticated();
    private static final String CLUSTER_V3 = "/v3/clusters/{cluster_id}";
    private static final String TOPICS_V3 = CLUSTER_V3 + "/topics";
    private static final String TOPIC_V3 = TOPICS_V3 + "/{topic_name}";
    private static final String TOPIC_STATS = "/v3/clusters/{cluster_id}/topic-stats";
    private static final String INSTANCE = "/consumers/{group}/instances/{instance}";
    private static final String PARTITION_V3 = TOPIC_V3 + "/partitions/{partition_id}";
    private static final String BROKER_V3 = CLUSTER_V3 + "/brokers/{broker_id}";
    private static final String GROUP_V3 = CLUSTER_V3 + "/consumer-groups/{consumer_group_id}";

    private final Map<String, Rule> rules = new HashMap<>();

    EndpointPermissions() {
        // v2 topics and produce; partition reads
        add("GET /topics", AUTHENTICATED); // filtered to the topics the caller may describe
        add("GET /brokers", AUTHENTICATED);
        topic(Operation.DESCRIBE, "topic", "GET /topics/{topic}", "GET /topics/{topic}/partitions",
                "GET /topics/{topic}/partitions/{partition}", "GET /topics/{topic}/partitions/{partition}/offsets");
        topic(Operation.PRODUCE, "topic", "POST /topics/{topic}", "POST /topics/{topic}/partitions/{partition}");
        topic(Operation.CONSUME, "topic", "GET /topics/{topic}/partitions/{partition}/records");

        // v3 cluster and topic admin, produce; topic statistics (extension)
        add("GET /v3/clusters", AUTHENTICATED);
        add("GET /v3/clusters/{cluster_id}", AUTHENTICATED);
        add("GET " + TOPICS_V3, AUTHENTICATED); // filtered
        add("GET " + TOPICS_V3 + "/-/configs", AUTHENTICATED); // filtered
        add("POST " + TOPICS_V3, AUTHENTICATED); // admin on the topic named in the body, checked by the controller
        topic(Operation.DESCRIBE, "topic_name", "GET " + TOPIC_V3, "GET " + TOPIC_V3 + "/partitions",
                "GET " + TOPIC_V3 + "/partitions/{partition_id}", "GET " + TOPIC_V3 + "/configs",
                "GET " + TOPIC_V3 + "/configs/{name}", "GET " + PARTITION_V3 + "/offset");
        topic(Operation.ADMIN, "topic_name", "DELETE " + TOPIC_V3, "PATCH " + TOPIC_V3, "PUT " + TOPIC_V3 + "/configs/{name}",
                "DELETE " + TOPIC_V3 + "/configs/{name}", "POST " + TOPIC_V3 + "/configs:alter");
        topic(Operation.PRODUCE, "topic_name", "POST " + TOPIC_V3 + "/records", "POST " + TOPIC_V3 + "/records:batch");
        add("GET " + TOPIC_STATS, AUTHENTICATED); // filtered
        topic(Operation.DESCRIBE, "topic_name", "GET " + TOPIC_STATS + "/{topic_name}");

        // v3 brokers and their configs (cluster-level reads), replicas and reassignments
        for (String endpoint : List.of(CLUSTER_V3 + "/brokers", BROKER_V3, BROKER_V3 + "/configs",
                BROKER_V3 + "/configs/{name}", CLUSTER_V3 + "/brokers/-/configs", CLUSTER_V3 + "/broker-configs",
                CLUSTER_V3 + "/broker-configs/{name}")) {
            add("GET " + endpoint, AUTHENTICATED);
        }
        for (String change : List.of("POST " + CLUSTER_V3 + "/broker-configs:alter", "PUT " + CLUSTER_V3 + "/broker-configs/{name}",
                "DELETE " + CLUSTER_V3 + "/broker-configs/{name}", "POST " + BROKER_V3 + "/configs:alter",
                "PUT " + BROKER_V3 + "/configs/{name}", "DELETE " + BROKER_V3 + "/configs/{name}")) {
            add(change, new AdminOnly());
        }
        add("GET " + BROKER_V3 + "/partition-replicas", AUTHENTICATED); // filtered
        add("GET " + TOPICS_V3 + "/-/partitions/-/reassignment", AUTHENTICATED); // filtered
        topic(Operation.DESCRIBE, "topic_name", "GET " + PARTITION_V3 + "/replicas", "GET " + PARTITION_V3 + "/replicas/{broker_id}",
                "GET " + TOPIC_V3 + "/partitions/-/reassignment", "GET " + PARTITION_V3 + "/reassignment");

        // v2 consumer instances: consume on the group; topics named in subscriptions and assignments are checked by
        // the controller
        group(Operation.CONSUME, "group", "POST /consumers/{group}", "DELETE " + INSTANCE,
                "POST " + INSTANCE + "/subscription", "GET " + INSTANCE + "/subscription", "DELETE " + INSTANCE + "/subscription",
                "POST " + INSTANCE + "/assignments", "GET " + INSTANCE + "/assignments",
                "POST " + INSTANCE + "/positions", "POST " + INSTANCE + "/positions/beginning", "POST " + INSTANCE + "/positions/end",
                "GET " + INSTANCE + "/records", "POST " + INSTANCE + "/offsets", "GET " + INSTANCE + "/offsets");

        // v3 ACLs: listing needs DESCRIBE on the cluster, changing them an admin
        add("GET " + CLUSTER_V3 + "/acls", new OnCluster(Operation.DESCRIBE));
        add("POST " + CLUSTER_V3 + "/acls", new AdminOnly());
        add("POST " + CLUSTER_V3 + "/acls:batch", new AdminOnly());
        add("DELETE " + CLUSTER_V3 + "/acls", new AdminOnly());

        // v3 consumer groups (read-only)
        add("GET /v3/clusters/{cluster_id}/consumer-groups", AUTHENTICATED); // filtered
        group(Operation.DESCRIBE, "consumer_group_id", "GET " + GROUP_V3, "GET " + GROUP_V3 + "/consumers",
                "GET " + GROUP_V3 + "/consumers/{consumer_id}", "GET " + GROUP_V3 + "/consumers/{consumer_id}/assignments",
                "GET " + GROUP_V3 + "/consumers/{consumer_id}/assignments/{topic_name}/partitions/{partition_id}",
                "GET " + GROUP_V3 + "/lags", "GET " + GROUP_V3 + "/lags/{topic_name}/partitions/{partition_id}",
                "GET " + GROUP_V3 + "/lag-summary");
    }

    /** The rule for a request; HEAD is GET without a body. */
    Optional<Rule> rule(String method, String pathPattern) {
        String m = method.equals("HEAD") ? "GET" : method;
        return Optional.ofNullable(rules.get(m + " " + pathPattern));
    }

    private void topic(Operation operation, String variable, String... endpoints) {
        for (String endpoint : endpoints) {
            add(endpoint, new OnResource(ResourceType.TOPIC, variable, operation));
        }
    }

    private void group(Operation operation, String variable, String... endpoints) {
        for (String endpoint : endpoints) {
            add(endpoint, new OnResource(ResourceType.GROUP, variable, operation));
        }
    }

    private void add(String endpoint, Rule rule) {
        if (rules.put(endpoint, rule) != null) {
            throw new IllegalStateException("Listed twice: " + endpoint);
        }
    }
}

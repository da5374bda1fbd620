package io.tributary.acl;

import io.tributary.common.errors.InvalidRequestException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Comparator;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One ACL in Kafka's shape (Kafka's {@code AclBinding}): who ({@code principal}, {@code User:<name>} or {@code User:*},
 * from which {@code host}, {@code *} or an IP address) may or may not ({@code permission}) do {@code operation} on the
 * resources a pattern names (a {@code resourceType}, a {@code resourceName} taken literally, where {@code *} is every
 * name, or as a prefix). The enums are Kafka's, in Kafka's order (Confluent sorts by it); {@code ANY} and
 * {@code MATCH} exist only in filters.
 *
 * @throws InvalidRequestException for a binding Kafka itself would refuse (a filter-only value, no name, a principal
 *                                 without a type)
 */
public record AclBinding(ResourceType resourceType, String resourceName, PatternType patternType, String principal,
                         String host, Operation operation, Permission permission) {

    /** Kafka's name of the one cluster resource. */
    public static final String CLUSTER_NAME = "kafka-cluster";
    /** A literal resource name that matches every name, and the host that matches every address. */
    public static final String WILDCARD = "*";
    /** The principal every principal is (Kafka's {@code User:*}). */
    public static final String ANY_USER = "User:*";

    private static final Pattern IPV4 = Pattern.compile("(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    /** Confluent's order of a list: by each field in turn, enums in Kafka's order. */
    public static final Comparator<AclBinding> ORDER = Comparator.comparing(AclBinding::resourceType)
            .thenComparing(AclBinding::resourceName).thenComparing(AclBinding::patternType)
            .thenComparing(AclBinding::principal).thenComparing(AclBinding::host)
            .thenComparing(AclBinding::operation).thenComparing(AclBinding::permission);

    public enum ResourceType { UNKNOWN, ANY, TOPIC, GROUP, CLUSTER, TRANSACTIONAL_ID, DELEGATION_TOKEN, USER }

    public enum PatternType { UNKNOWN, ANY, MATCH, LITERAL, PREFIXED }

    public enum Operation {
        UNKNOWN, ANY, ALL, READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, CLUSTER_ACTION, DESCRIBE_CONFIGS,
        ALTER_CONFIGS, IDEMPOTENT_WRITE, CREATE_TOKENS, DESCRIBE_TOKENS
    }

    public enum Permission { UNKNOWN, ANY, DENY, ALLOW }

    public AclBinding {
        if (resourceType == null || resourceType == ResourceType.ANY || resourceType == ResourceType.UNKNOWN) {
            throw new InvalidRequestException("resource_type cannot be " + resourceType);
        }
        if (patternType == null || patternType == PatternType.ANY || patternType == PatternType.MATCH
                || patternType == PatternType.UNKNOWN) {
            throw new InvalidRequestException("pattern_type cannot be " + patternType);
        }
        if (operation == null || operation == Operation.ANY || operation == Operation.UNKNOWN) {
            throw new InvalidRequestException("operation cannot be " + operation);
        }
        if (permission == null || permission == Permission.ANY || permission == Permission.UNKNOWN) {
            throw new InvalidRequestException("permission cannot be " + permission);
        }
        if (resourceName == null || resourceName.isEmpty()) {
            throw new InvalidRequestException("resource_name cannot be empty");
        }
        if (principal == null || principal.indexOf(':') <= 0) {
            throw new InvalidRequestException("principal must be <type>:<name>, e.g. User:alice; got '" + principal + "'");
        }
        if (host == null || host.isEmpty()) {
            throw new InvalidRequestException("host cannot be empty: '*' for every host, or an IP address");
        }
    }

    /** Whether this binding's pattern names {@code name} of {@code type}, as Kafka's authorizer matches. */
    public boolean matchesResource(ResourceType type, String name) {
        if (resourceType != type) {
            return false;
        }
        return switch (patternType) {
            case LITERAL -> resourceName.equals(WILDCARD) || resourceName.equals(name);
            case PREFIXED -> name.startsWith(resourceName);
            default -> false;
        };
    }

    /**
     * Whether every name that {@code other} names, this binding names too (both of the same type): the wildcard names
     * all, a prefix every name and prefix that starts with it, a literal only itself.
     */
    public boolean namesAllOf(AclBinding other) {
        if (resourceType != other.resourceType) {
            return false;
        }
        boolean all = patternType == PatternType.LITERAL && resourceName.equals(WILDCARD);
        return all || switch (patternType) {
            case LITERAL -> other.patternType == PatternType.LITERAL && resourceName.equals(other.resourceName);
            case PREFIXED -> other.resourceName.startsWith(resourceName)
                    && !(other.patternType == PatternType.LITERAL && other.resourceName.equals(WILDCARD));
            default -> false;
        };
    }

    /** Whether the binding applies to a client at {@code address} (an IP address; null when unknown: only {@code *}). */
    public boolean matchesHost(String address) {
        if (host.equals(WILDCARD)) {
            return true;
        }
        String client = address == null ? null : normalizedIp(address);
        return client != null && client.equals(normalizedIp(host));
    }

    /** Whether {@code host} is {@code *} or an IP address, the only hosts Kafka's authorizer ever matches. */
    public static boolean isMatchableHost(String host) {
        return host.equals(WILDCARD) || normalizedIp(host) != null;
    }

    /** An IP literal in one canonical text ({@code ::1} and {@code 0:0:0:0:0:0:0:1} alike); null if not an IP. */
    static String normalizedIp(String text) {
        if (!IPV4.matcher(text).matches() && !IPV6.matcher(text).matches()) {
            return null; // never a name: that would be a DNS lookup
        }
        try {
            return InetAddress.getByName(text).getHostAddress().toLowerCase(Locale.ROOT);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}

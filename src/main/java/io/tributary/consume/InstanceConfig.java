package io.tributary.consume;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.errors.InvalidConsumerConfigException;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/**
 * A consumer instance's settings, fixed at creation.
 *
 * @param assignmentStrategy the partition assignment strategy asked for, or null to take the group's (or the default)
 */
public record InstanceConfig(EmbeddedFormat format, OffsetReset autoOffsetReset, boolean autoCommit, int fetchMinBytes,
                             Duration requestTimeout, Duration instanceTimeout,
                             AssignmentStrategy assignmentStrategy) {

    public static final String FORMAT = "format";
    public static final String AUTO_OFFSET_RESET = "auto.offset.reset";
    public static final String AUTO_COMMIT_ENABLE = "auto.commit.enable";
    public static final String ENABLE_AUTO_COMMIT = "enable.auto.commit";
    public static final String FETCH_MIN_BYTES = "fetch.min.bytes";
    public static final String REQUEST_TIMEOUT = "consumer.request.timeout.ms";
    public static final String INSTANCE_TIMEOUT = "consumer.instance.timeout.ms";
    public static final String SESSION_TIMEOUT = "session.timeout.ms";
    public static final String ASSIGNMENT_STRATEGY = "partition.assignment.strategy";

    /**
     * Reads the settings of a create-instance body (values as JSON strings, numbers or booleans, as the peers accept
     * them); absent ones take Confluent's defaults or Tributary's configured ones. Unknown keys are ignored, as the
     * peers do.
     *
     * @throws InvalidConsumerConfigException naming the setting when a value is invalid or out of bounds
     */
    public static InstanceConfig parse(Map<String, ?> body, Limits limits) {
        try {
            EmbeddedFormat format = body.get(FORMAT) == null ? EmbeddedFormat.BINARY : EmbeddedFormat.fromName(text(body, FORMAT));
            OffsetReset reset = body.get(AUTO_OFFSET_RESET) == null ? OffsetReset.LATEST : OffsetReset.fromName(text(body, AUTO_OFFSET_RESET));
            String commitKey = body.get(AUTO_COMMIT_ENABLE) != null ? AUTO_COMMIT_ENABLE : ENABLE_AUTO_COMMIT;
            boolean autoCommit = body.get(commitKey) == null || bool(body, commitKey);
            long minBytes = number(body, FETCH_MIN_BYTES, 1, -1, limits.maxFetchBytes());
            long requestTimeout = number(body, REQUEST_TIMEOUT, limits.defaultRequestTimeout().toMillis(), 0,
                    limits.maxRequestTimeout().toMillis());
            String timeoutKey = body.get(INSTANCE_TIMEOUT) != null ? INSTANCE_TIMEOUT : SESSION_TIMEOUT;
            long instanceTimeout = number(body, timeoutKey, limits.maxInstanceTimeout().toMillis(),
                    limits.minInstanceTimeout().toMillis(), limits.maxInstanceTimeout().toMillis());
            AssignmentStrategy assignor = body.get(ASSIGNMENT_STRATEGY) == null ? null
                    : AssignmentStrategy.named(text(body, ASSIGNMENT_STRATEGY));
            return new InstanceConfig(format, reset, autoCommit, (int) (minBytes < 0 ? 1 : minBytes),
                    Duration.ofMillis(requestTimeout), Duration.ofMillis(instanceTimeout), assignor);
        } catch (IllegalArgumentException e) {
            throw new InvalidConsumerConfigException(e.getMessage());
        }
    }

    /**
     * The bounds and defaults settings are checked against.
     *
     * @param maxFetchBytes         the most {@code fetch.min.bytes} may ask for (a poll's byte limit)
     * @param defaultRequestTimeout a poll's timeout when the instance sets none
     * @param maxRequestTimeout     the longest a poll may wait
     * @param minInstanceTimeout    the shortest idle time after which an instance may expire
     * @param maxInstanceTimeout    the longest, and the default
     */
    public record Limits(long maxFetchBytes, Duration defaultRequestTimeout, Duration maxRequestTimeout,
                         Duration minInstanceTimeout, Duration maxInstanceTimeout) {
    }

    private static String text(Map<String, ?> body, String key) {
        return String.valueOf(body.get(key)).trim();
    }

    private static boolean bool(Map<String, ?> body, String key) {
        return switch (text(body, key).toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("Invalid " + key + " '" + text(body, key) + "': expected true or false");
        };
    }

    private static long number(Map<String, ?> body, String key, long absent, long min, long max) {
        if (body.get(key) == null) {
            return absent;
        }
        long value;
        try {
            value = Long.parseLong(text(body, key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Invalid " + key + " '" + text(body, key) + "': not an integer");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException("Invalid " + key + " " + value + ": must be between " + min + " and " + max);
        }
        return value;
    }
}

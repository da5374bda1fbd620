package io.tributary.log;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-topic settings the engine enforces, named as Kafka names them. The engine persists them with the topic's
 * metadata; the {@code topic} package validates user input and maps it to this record.
 *
 * @param retentionMs    delete closed segments whose newest record is older than this; -1 keeps forever
 * @param retentionBytes delete oldest closed segments while the partition is bigger than this; -1 means no limit
 * @param segmentBytes   roll the active segment when it would grow past this
 * @param segmentMs      roll the active segment when its first record is older than this
 * @param maxMessageBytes largest batch (one produce request's records for one partition) accepted
 * @param messageTimestampType {@code CreateTime} (producer's timestamp) or {@code LogAppendTime} (broker time)
 * @param cleanupPolicy  {@code delete} (retention by time and size), {@code compact} (the cleaner keeps the latest
 *                       record per key, retention deletes nothing) or {@code compact,delete} (both)
 * @param minCleanableDirtyRatio the cleaner cleans a partition once its dirty part (written since the last cleaning)
 *                       is at least this share of its closed segments
 * @param minCompactionLagMs records stay uncompacted for at least this long
 * @param maxCompactionLagMs a record is compacted at the latest this long after it was written, whatever the ratio
 * @param deleteRetentionMs a tombstone (null value) stays readable this long after the cleaner first reached it
 */
public record TopicConfig(long retentionMs, long retentionBytes, int segmentBytes, long segmentMs,
                          int maxMessageBytes, String messageTimestampType, String cleanupPolicy,
                          double minCleanableDirtyRatio, long minCompactionLagMs, long maxCompactionLagMs,
                          long deleteRetentionMs) {

    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String CLEANUP_POLICY = "cleanup.policy";
    public static final String MIN_CLEANABLE_DIRTY_RATIO = "min.cleanable.dirty.ratio";
    public static final String MIN_COMPACTION_LAG_MS = "min.compaction.lag.ms";
    public static final String MAX_COMPACTION_LAG_MS = "max.compaction.lag.ms";
    public static final String DELETE_RETENTION_MS = "delete.retention.ms";

    public static final String DELETE = "delete";
    public static final String COMPACT = "compact";
    public static final String COMPACT_DELETE = "compact,delete";

    /** With Kafka's defaults for the compaction settings. */
    public TopicConfig(long retentionMs, long retentionBytes, int segmentBytes, long segmentMs, int maxMessageBytes,
                       String messageTimestampType, String cleanupPolicy) {
        this(retentionMs, retentionBytes, segmentBytes, segmentMs, maxMessageBytes, messageTimestampType, cleanupPolicy,
                0.5, 0, Long.MAX_VALUE, 86_400_000L);
    }

    public boolean logAppendTime() {
        return "LogAppendTime".equals(messageTimestampType);
    }

    /** Whether the cleaner keeps only the latest record per key (and keyless records are refused). */
    public boolean compact() {
        return cleanupPolicy.startsWith(COMPACT);
    }

    /** Whether retention.ms and retention.bytes delete old segments. */
    public boolean delete() {
        return cleanupPolicy.endsWith(DELETE);
    }

    /**
     * How long the active segment takes records: segment.ms, or max.compaction.lag.ms when that is shorter on a
     * compacted topic, since the cleaner never touches the active segment (Kafka's LogConfig.maxSegmentMs).
     */
    long maxSegmentMs() {
        return compact() ? Math.min(segmentMs, maxCompactionLagMs) : segmentMs;
    }

    /** The configs as Kafka-named strings, in a stable order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CLEANUP_POLICY, cleanupPolicy);
        m.put(DELETE_RETENTION_MS, Long.toString(deleteRetentionMs));
        m.put(MAX_COMPACTION_LAG_MS, Long.toString(maxCompactionLagMs));
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(MESSAGE_TIMESTAMP_TYPE, messageTimestampType);
        m.put(MIN_CLEANABLE_DIRTY_RATIO, Double.toString(minCleanableDirtyRatio));
        m.put(MIN_COMPACTION_LAG_MS, Long.toString(minCompactionLagMs));
        m.put(RETENTION_BYTES, Long.toString(retentionBytes));
        m.put(RETENTION_MS, Long.toString(retentionMs));
        m.put(SEGMENT_BYTES, Integer.toString(segmentBytes));
        m.put(SEGMENT_MS, Long.toString(segmentMs));
        return m;
    }

    /**
     * This config with the given Kafka-named values applied.
     *
     * @throws IllegalArgumentException naming the config when a name is unknown or a value is out of range
     */
    public TopicConfig with(Map<String, String> changes) {
        long rMs = retentionMs, rBytes = retentionBytes, sMs = segmentMs;
        int sBytes = segmentBytes, maxMsg = maxMessageBytes;
        String tsType = messageTimestampType, cleanup = cleanupPolicy;
        double dirtyRatio = minCleanableDirtyRatio;
        long minLag = minCompactionLagMs, maxLag = maxCompactionLagMs, deleteRetention = deleteRetentionMs;
        for (var e : changes.entrySet()) {
            String v = e.getValue() == null ? "" : e.getValue().trim();
            switch (e.getKey()) {
                case RETENTION_MS -> rMs = parseLong(e.getKey(), v, -1);
                case RETENTION_BYTES -> rBytes = parseLong(e.getKey(), v, -1);
                case SEGMENT_MS -> sMs = parseLong(e.getKey(), v, 1);
                case SEGMENT_BYTES -> sBytes = (int) parseRange(e.getKey(), v, 1024, Integer.MAX_VALUE);
                case MAX_MESSAGE_BYTES -> maxMsg = (int) parseRange(e.getKey(), v, 0, Integer.MAX_VALUE);
                case MESSAGE_TIMESTAMP_TYPE -> {
                    if (!v.equals("CreateTime") && !v.equals("LogAppendTime")) {
                        throw new IllegalArgumentException(
                                "Invalid value '" + v + "' for " + MESSAGE_TIMESTAMP_TYPE + ": CreateTime or LogAppendTime");
                    }
                    tsType = v;
                }
                case CLEANUP_POLICY -> cleanup = parseCleanupPolicy(v);
                case MIN_CLEANABLE_DIRTY_RATIO -> dirtyRatio = parseRatio(e.getKey(), v);
                case MIN_COMPACTION_LAG_MS -> minLag = parseLong(e.getKey(), v, 0);
                case MAX_COMPACTION_LAG_MS -> maxLag = parseLong(e.getKey(), v, 1);
                case DELETE_RETENTION_MS -> deleteRetention = parseLong(e.getKey(), v, 0);
                default -> throw new IllegalArgumentException("Unknown topic config '" + e.getKey() + "'");
            }
        }
        if (minLag > maxLag) {
            throw new IllegalArgumentException("Invalid values: " + MIN_COMPACTION_LAG_MS + " (" + minLag + ") must not be "
                    + "above " + MAX_COMPACTION_LAG_MS + " (" + maxLag + ")");
        }
        return new TopicConfig(rMs, rBytes, sBytes, sMs, maxMsg, tsType, cleanup, dirtyRatio, minLag, maxLag, deleteRetention);
    }

    /** Kafka's list of {@code compact} and {@code delete}, in either order; kept in one spelling. */
    private static String parseCleanupPolicy(String v) {
        String normalized = v.replace(" ", "");
        return switch (normalized) {
            case DELETE, COMPACT -> normalized;
            case COMPACT_DELETE, "delete,compact" -> COMPACT_DELETE;
            default -> throw new IllegalArgumentException("Invalid value '" + v + "' for " + CLEANUP_POLICY
                    + ": delete, compact or compact,delete");
        };
    }

    private static double parseRatio(String name, String v) {
        double parsed;
        try {
            parsed = Double.parseDouble(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + name + ": not a number");
        }
        if (!(parsed >= 0 && parsed <= 1)) { // NaN too
            throw new IllegalArgumentException("Invalid value " + v + " for " + name + ": must be in [0, 1]");
        }
        return parsed;
    }

    private static long parseLong(String name, String v, long min) {
        return parseRange(name, v, min, Long.MAX_VALUE);
    }

    private static long parseRange(String name, String v, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(v);
        } catch (NumberFormatException ex) {
            throw new IllegalArgumentException("Invalid value '" + v + "' for " + name + ": not an integer");
        }
        if (parsed < min || parsed > max) {
            throw new IllegalArgumentException("Invalid value " + parsed + " for " + name + ": must be in [" + min + ", " + max + "]");
        }
        return parsed;
    }
}

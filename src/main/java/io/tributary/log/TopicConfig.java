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
 * @param cleanupPolicy only {@code delete} is supported
 */
public record TopicConfig(long retentionMs, long retentionBytes, int segmentBytes, long segmentMs,
                          int maxMessageBytes, String messageTimestampType, String cleanupPolicy) {

    public static final String RETENTION_MS = "retention.ms";
    public static final String RETENTION_BYTES = "retention.bytes";
    public static final String SEGMENT_BYTES = "segment.bytes";
    public static final String SEGMENT_MS = "segment.ms";
    public static final String MAX_MESSAGE_BYTES = "max.message.bytes";
    public static final String MESSAGE_TIMESTAMP_TYPE = "message.timestamp.type";
    public static final String CLEANUP_POLICY = "cleanup.policy";

    public boolean logAppendTime() {
        return "LogAppendTime".equals(messageTimestampType);
    }

    /** The configs as Kafka-named strings, in a stable order. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(CLEANUP_POLICY, cleanupPolicy);
        m.put(MAX_MESSAGE_BYTES, Integer.toString(maxMessageBytes));
        m.put(MESSAGE_TIMESTAMP_TYPE, messageTimestampType);
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
                case CLEANUP_POLICY -> {
                    if (!v.equals("delete")) {
                        throw new IllegalArgumentException(
                                "Invalid value '" + v + "' for " + CLEANUP_POLICY + ": only 'delete' is supported");
                    }
                    cleanup = v;
                }
                default -> throw new IllegalArgumentException("Unknown topic config '" + e.getKey() + "'");
            }
        }
        return new TopicConfig(rMs, rBytes, sBytes, sMs, maxMsg, tsType, cleanup);
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

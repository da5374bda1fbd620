package io.tributary.log;

import java.util.ArrayList;
import java.util.List;

/**
 * Which segments retention.ms and retention.bytes remove: whole segments, oldest first. Only under cleanup.policy
 * {@code delete} or {@code compact,delete}: a topic that is only compacted keeps every key's latest record forever.
 */
final class Retention {

    private Retention() {
    }

    /** True when every record of the segment is older than retention.ms (judged by its newest record). */
    static boolean expired(Segment segment, TopicConfig config, long now) {
        return config.delete() && config.retentionMs() >= 0 && !segment.isEmpty() && now - segment.maxTimestamp() > config.retentionMs();
    }

    /**
     * The oldest of {@code closed} that go: expired by time, or while the partition without the segment would still
     * hold at least retention.bytes. Stops at the first segment that stays, so the log never gets holes.
     *
     * @param partitionSize bytes of all segments, the active one included
     */
    static List<Segment> select(List<Segment> closed, long partitionSize, TopicConfig config, long now) {
        List<Segment> doomed = new ArrayList<>();
        long size = partitionSize;
        for (Segment segment : closed) {
            boolean overSize = config.delete() && config.retentionBytes() >= 0 && size - segment.size() >= config.retentionBytes();
            if (!overSize && !expired(segment, config, now)) {
                break;
            }
            doomed.add(segment);
            size -= segment.size();
        }
        return doomed;
    }
}

package io.tributary.support.history;

import io.tributary.common.TopicPartition;

import java.util.List;

/**
 * One partition read from its start to its end at one moment (after a restart, a recovery, at the end of a run).
 *
 * @param records      every record read, in offset order
 * @param compacted    whether the cleaner may have removed records: then offsets may have gaps, and an acknowledged
 *                     record may be missing when a later record of its key is there
 * @param deletableBelow records below this offset may be gone legitimately (retention had deleted them); 0 when
 *                     nothing may be
 */
public record LogSnapshot(TopicPartition partition, long start, long end, List<Seen> records, boolean compacted,
                          long deletableBelow) {

    public LogSnapshot {
        records = List.copyOf(records);
    }

    /** A partition of a topic without retention or compaction: offsets dense from 0, nothing may be missing. */
    public static LogSnapshot plain(TopicPartition partition, long start, long end, List<Seen> records) {
        return new LogSnapshot(partition, start, end, records, false, 0);
    }
}

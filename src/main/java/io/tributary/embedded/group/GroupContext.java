package io.tributary.embedded.group;

import io.tributary.common.Ticker;
import io.tributary.embedded.offset.OffsetStore;

import java.time.Clock;

/**
 * What every group shares: committed offsets, topic metadata, time, and who to tell about rebalances and commits.
 * {@code clock} is the wall clock, for what is shown (creation times, reasons); idle timeouts are measured with
 * {@link #monotonicMillis()}, so a jump of the wall clock never expires instances (docs/reliability.md, "Clock jumps").
 */
record GroupContext(OffsetStore offsets, TopicCatalog catalog, Clock clock, GroupListener listener) {

    /** Monotonic milliseconds (the clock's own monotonic time in tests), for when instances were last seen. */
    long monotonicMillis() {
        return Ticker.of(clock).monotonicMillis();
    }
}

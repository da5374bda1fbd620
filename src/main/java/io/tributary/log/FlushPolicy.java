package io.tributary.log;

import java.time.Duration;

/** When appended data is forced to disk and so when an append is acknowledged and becomes visible to readers. */
public sealed interface FlushPolicy {

    /** Every append is fsynced before it returns; concurrent appends to a partition share one fsync (group commit). */
    record Durable() implements FlushPolicy {
    }

    /** Appends return once written to the page cache; a background flush runs every {@code interval} (Kafka's default mode). */
    record Interval(Duration interval) implements FlushPolicy {
    }
}

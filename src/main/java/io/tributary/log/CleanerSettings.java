package io.tributary.log;

import java.time.Duration;
import java.util.Objects;

/**
 * The log cleaner of compacted topics (Kafka's {@code log.cleaner.*}).
 *
 * @param threads              background cleaner threads; 0: none, partitions are cleaned only when asked
 *                             ({@link LogCleaner#cleanNow()})
 * @param maxBytesPerSecond    bytes read and written per second by all cleaner threads together; beyond it they wait
 * @param checkInterval        how often the cleaner looks for partitions to clean (Kafka's log.cleaner.backoff.ms)
 * @param dedupeBufferBytes    memory for the offset maps, all threads together (24 bytes per distinct key of a
 *                             cleaning); a cleaning that finds more keys cleans up to there and the next one goes on
 */
public record CleanerSettings(int threads, long maxBytesPerSecond, Duration checkInterval, long dedupeBufferBytes) {

    public static final long UNLIMITED = Long.MAX_VALUE;

    public CleanerSettings {
        Objects.requireNonNull(checkInterval, "checkInterval");
        if (threads < 0 || maxBytesPerSecond <= 0 || checkInterval.isNegative() || checkInterval.isZero()
                || dedupeBufferBytes < OffsetMap.ENTRY_BYTES) {
            throw new IllegalArgumentException("Invalid cleaner settings: " + threads + " threads, " + maxBytesPerSecond
                    + " bytes/s, check every " + checkInterval + ", " + dedupeBufferBytes + " bytes of offset map");
        }
    }

    /** No background thread: cleaning runs only when asked. Engine tests and tools. */
    public static CleanerSettings manual() {
        return new CleanerSettings(0, UNLIMITED, Duration.ofSeconds(15), 16L << 20);
    }

    public CleanerSettings withThreads(int threads) {
        return new CleanerSettings(threads, maxBytesPerSecond, checkInterval, dedupeBufferBytes);
    }

    public CleanerSettings withDedupeBufferBytes(long bytes) {
        return new CleanerSettings(threads, maxBytesPerSecond, checkInterval, bytes);
    }
}

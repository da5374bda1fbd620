package io.tributary.log;

import java.time.Clock;

/**
 * Engine-wide settings.
 *
 * @param flushPolicy       when appends are fsynced and acknowledged
 * @param indexIntervalBytes bytes of log between two entries of the sparse offset and time indexes (Kafka: 4096)
 * @param clock             time source for append timestamps, segment age and retention; tests pass a fixed clock
 * @param metrics           metric hooks
 */
public record LogSettings(FlushPolicy flushPolicy, int indexIntervalBytes, Clock clock, LogMetrics metrics) {

    public static LogSettings defaults() {
        return new LogSettings(new FlushPolicy.Durable(), 4096, Clock.systemUTC(), LogMetrics.NONE);
    }
}

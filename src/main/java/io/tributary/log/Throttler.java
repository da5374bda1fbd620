package io.tributary.log;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Holds the cleaner threads to a shared rate of bytes per second (Kafka's log.cleaner.io.max.bytes.per.second), so
 * cleaning never takes the disk from producers and readers. Each caller reserves the time its bytes take at that rate
 * after the reservations before it and sleeps until then; a pause earns at most {@link #BURST} of credit. Thread-safe.
 */
final class Throttler {

    private static final long BURST = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long SLEEP_SLICE = TimeUnit.MILLISECONDS.toNanos(50);

    private final double nanosPerByte;
    private long reservedUntil = System.nanoTime();

    Throttler(long bytesPerSecond) {
        this.nanosPerByte = bytesPerSecond == CleanerSettings.UNLIMITED ? 0 : 1e9 / bytesPerSecond;
    }

    /** Waits as long as {@code bytes} take at the rate; returns early when {@code stop} turns true. */
    void acquire(long bytes, BooleanSupplier stop) {
        if (nanosPerByte == 0 || bytes <= 0) {
            return;
        }
        long wakeAt;
        synchronized (this) {
            reservedUntil = Math.max(reservedUntil, System.nanoTime() - BURST) + (long) (bytes * nanosPerByte);
            wakeAt = reservedUntil;
        }
        for (long left = wakeAt - System.nanoTime(); left > 0 && !stop.getAsBoolean(); left = wakeAt - System.nanoTime()) {
            LockSupport.parkNanos(Math.min(left, SLEEP_SLICE));
        }
    }
}

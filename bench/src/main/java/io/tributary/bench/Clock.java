package io.tributary.bench;

import java.util.concurrent.locks.LockSupport;

/** Nanosecond time helpers shared by the workloads. */
final class Clock {
    private Clock() {
    }

    static long seconds(double s) {
        return (long) (s * 1_000_000_000L);
    }

    /** Parks until {@code deadline} (System.nanoTime based); returns at once when it has passed. */
    static void awaitUntil(long deadline) {
        long remaining;
        while ((remaining = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(remaining);
        }
    }

    static double perSecond(long count, long nanos) {
        return nanos <= 0 ? 0 : count * 1e9 / nanos;
    }
}

package io.tributary.bench;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A schedule of intended send times at a fixed rate, shared by any number of senders. Latency is measured from the
 * intended time, not from when a sender got round to it, so a stalled server is charged for the requests it delayed
 * (no coordinated omission).
 */
final class FixedRate {
    private final long start;
    private final long end;
    private final double intervalNanos;
    private final AtomicLong next = new AtomicLong();

    FixedRate(double perSecond, long start, long end) {
        this.start = start;
        this.end = end;
        this.intervalNanos = 1e9 / perSecond;
    }

    /** The intended time of the next operation, or -1 once the schedule is over. */
    long nextIntendedTime() {
        long intended = start + (long) (next.getAndIncrement() * intervalNanos);
        return intended < end ? intended : -1;
    }

    long scheduled() {
        return Math.min(next.get(), (long) ((end - start) / intervalNanos));
    }
}

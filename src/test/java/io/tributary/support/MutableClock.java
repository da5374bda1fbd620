package io.tributary.support;

import io.tributary.common.Ticker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock tests move by hand, so time-driven behaviour (expiry, retention, segment age) is tested without waiting. It
 * keeps monotonic time too ({@link Ticker}): {@link #advance} moves both, as time passing does; {@link #jump} moves only
 * the wall clock, as setting the system time or an NTP step does.
 */
public final class MutableClock extends Clock implements Ticker {

    private volatile Instant now;
    private volatile long nanos = 1_000_000_000_000L;

    public MutableClock(Instant start) {
        this.now = start;
    }

    public MutableClock() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** Time passes: the wall clock and the monotonic clock move by {@code d}. */
    public synchronized void advance(Duration d) {
        now = now.plus(d);
        nanos += d.toNanos();
    }

    /** The wall clock is set forward (or, negative, back) by {@code d}; monotonic time does not move. */
    public synchronized void jump(Duration d) {
        now = now.plus(d);
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}

package io.tributary.common;

import java.time.Clock;

/**
 * Monotonic time, for timers and timeouts: {@link System#nanoTime()} unless a test injects its own. Unlike the wall
 * clock ({@link Clock}) it never jumps when the system time is set or stepped by NTP, so an idle timeout measured with
 * it cannot fire early because the wall clock moved forward (docs/reliability.md, "Clock jumps").
 */
@FunctionalInterface
public interface Ticker {

    /** The system's monotonic clock. */
    Ticker SYSTEM = System::nanoTime;

    /** Nanoseconds from an arbitrary origin; only differences mean anything. */
    long nanoTime();

    /** Milliseconds from the same origin (not named millis: a {@link Clock} that is a Ticker has its own). */
    default long monotonicMillis() {
        return nanoTime() / 1_000_000L;
    }

    /**
     * The monotonic time that goes with {@code clock}: the clock's own when it keeps one (a test clock that moves both
     * by hand), otherwise {@link #SYSTEM}.
     */
    static Ticker of(Clock clock) {
        return clock instanceof Ticker ticker ? ticker : SYSTEM;
    }
}

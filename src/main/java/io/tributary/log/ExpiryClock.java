package io.tributary.log;

import io.tributary.common.Ticker;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The engine's clock: the wall clock for everything it stamps (append timestamps, reports), plus the time by which it
 * lets data expire ({@link #expiryMillis()}: retention, segment.ms rolls, tombstone and compaction lags, the
 * idempotency window). That time is the wall clock, but never further ahead of the wall clock at start than the
 * monotonic time elapsed since: a forward jump of the wall clock (a wrong NTP step, an operator's mistake) does not
 * make anything expire early, while a backward jump only keeps data longer, by the size of the jump. Retention still
 * judges records by their timestamps, as Kafka does; only the engine's own "now" is held to real elapsed time. The
 * price: after a legitimate forward correction of a clock that was behind at start, expiry lags by the correction
 * until the next restart (docs/reliability.md, "Clock jumps"). Thread-safe.
 */
final class ExpiryClock extends Clock {

    private final Clock wall;
    private final Ticker ticker;
    private final long startWallMillis;
    private final long startNanos;

    private ExpiryClock(Clock wall, Ticker ticker) {
        this.wall = wall;
        this.ticker = ticker;
        this.startNanos = ticker.nanoTime();
        this.startWallMillis = wall.millis();
    }

    /** An expiry clock over {@code wall}, starting now; {@code wall} itself when it is one already. */
    static ExpiryClock over(Clock wall) {
        return wall instanceof ExpiryClock expiry ? expiry : new ExpiryClock(wall, Ticker.of(wall));
    }

    /** The time by which data expires: the wall clock, capped at the start's wall clock plus monotonic elapsed time. */
    long expiryMillis() {
        long now = wall.millis();
        long elapsed = (ticker.nanoTime() - startNanos) / 1_000_000L;
        return Math.min(now, startWallMillis + elapsed);
    }

    @Override
    public long millis() {
        return wall.millis();
    }

    @Override
    public Instant instant() {
        return wall.instant();
    }

    @Override
    public ZoneId getZone() {
        return wall.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return over(wall.withZone(zone));
    }
}

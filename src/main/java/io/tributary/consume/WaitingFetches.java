package io.tributary.consume;

import io.tributary.common.errors.LimitExceededException;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one bound on fetches that wait for records, {@code tributary.fetch.max-waiting-fetches}: consumer polls (and
 * the polls behind event streams) and direct partition reads share it, whichever backend serves them, so waiting
 * requests cannot pile up without limit whichever way they come. How many wait now is the gauge
 * {@code tributary.fetch.waiting}.
 */
public final class WaitingFetches {

    private final int max;
    private final AtomicInteger waiting = new AtomicInteger();

    public WaitingFetches(int max) {
        this.max = max;
    }

    /** Takes a place; give it back with {@link #release()}. @throws LimitExceededException when all are taken */
    public void acquire() {
        if (waiting.incrementAndGet() > max) {
            waiting.decrementAndGet();
            throw new LimitExceededException("Too many fetches are waiting for records (" + max
                    + ", tributary.fetch.max-waiting-fetches); retry with a shorter timeout or later.");
        }
    }

    public void release() {
        waiting.decrementAndGet();
    }

    /** Fetches waiting now. */
    public int waiting() {
        return waiting.get();
    }
}

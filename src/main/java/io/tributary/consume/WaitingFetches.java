package io.tributary.consume;

import io.tributary.config.TributaryProperties;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * The one bound on fetches that wait for records, {@code tributary.fetch.max-waiting-fetches}: consumer polls (and
 * the polls behind event streams) and direct partition reads share it, so waiting requests cannot pile up without
 * limit whichever way they come.
 */
@Component
class WaitingFetches {

    private final int max;
    private final AtomicInteger waiting = new AtomicInteger();

    WaitingFetches(TributaryProperties properties) {
        this.max = properties.fetch().maxWaitingFetches();
    }

    /** Takes a place; give it back with {@link #release()}. @throws ApiException 42901 when all are taken */
    void acquire() {
        if (waiting.incrementAndGet() > max) {
            waiting.decrementAndGet();
            throw new ApiException(ErrorCode.TOO_MANY_REQUESTS, "Too many fetches are waiting for records (" + max
                    + ", tributary.fetch.max-waiting-fetches); retry with a shorter timeout or later.");
        }
    }

    void release() {
        waiting.decrementAndGet();
    }

    int waiting() {
        return waiting.get();
    }
}

package io.tributary.embedded;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.settings.TributaryProperties;

import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * The one bound on fetches that wait for records, {@code tributary.fetch.max-waiting-fetches}: consumer polls (and
 * the polls behind event streams) and direct partition reads share it, so waiting requests cannot pile up without
 * limit whichever way they come. How many wait now is the gauge {@code tributary.fetch.waiting}.
 */
@Component
@ConditionalOnEmbeddedBackend
public class WaitingFetches {

    private final int max;
    private final AtomicInteger waiting = new AtomicInteger();

    WaitingFetches(TributaryProperties properties, MeterRegistry registry) {
        this.max = properties.fetch().maxWaitingFetches();
        Gauge.builder("tributary.fetch.waiting", waiting, AtomicInteger::get)
                .description("Fetches waiting for records now (consumer polls and partition reads with a timeout); "
                        + "beyond tributary.fetch.max-waiting-fetches new ones are refused with 42901")
                .register(registry);
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

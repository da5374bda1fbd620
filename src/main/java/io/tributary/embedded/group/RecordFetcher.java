package io.tributary.embedded.group;

import io.tributary.common.FetchedRecord;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;
import io.tributary.embedded.MicrometerLogMetrics;
import io.tributary.consume.WaitingFetches;
import io.tributary.log.LogManager;
import io.tributary.settings.TributaryProperties;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Starts long polls: bounded in number, each with a deadline that is always honoured. On shutdown it ends every
 * waiting poll and stream at once (before the web server's graceful shutdown would wait for them).
 */
@Component
@ConditionalOnEmbeddedBackend
class RecordFetcher implements SmartLifecycle {

    private final GroupCoordinator coordinator;
    private final LogManager logs;
    private final ConsumerExecutors executors;
    private final TributaryProperties.Fetch limits;
    private final WaitingFetches waiting;
    private final MicrometerLogMetrics metrics;
    private final Set<PendingFetch> pending = ConcurrentHashMap.newKeySet();
    private volatile boolean running;

    RecordFetcher(GroupCoordinator coordinator, LogManager logs, ConsumerExecutors executors, TributaryProperties properties,
                  WaitingFetches waiting, MicrometerLogMetrics metrics) {
        this.coordinator = coordinator;
        this.waiting = waiting;
        this.metrics = metrics;
        this.logs = logs;
        this.executors = executors;
        this.limits = properties.fetch();
    }

    int maxBytes() {
        return (int) Math.min(Integer.MAX_VALUE, limits.maxBytes().toBytes());
    }

    Duration maxTimeout() {
        return limits.maxTimeout();
    }

    /**
     * Starts a poll that completes as soon as the member's partitions have {@code fetch.min.bytes} of records, or
     * after {@code timeout} with what there is (possibly nothing). A poll already under way on the member is ended
     * (empty, positions untouched).
     *
     * @throws io.tributary.common.errors.LimitExceededException when too many polls are waiting
     */
    PendingFetch poll(ConsumerMember member, Duration timeout, int maxBytes, Consumer<List<FetchedRecord>> requireDeliverable) {
        ConsumerGroup group = coordinator.group(member);
        waiting.acquire();
        member.fetchStarted(coordinator.now());
        PendingFetch fetch = new PendingFetch(group, member, logs, executors.fetch(), maxBytes, limits.maxRecords(),
                requireDeliverable);
        pending.add(fetch);
        PendingFetch previous = member.currentFetch.getAndSet(fetch);
        if (previous != null) {
            previous.abandon(true);
        }
        ScheduledFuture<?> deadline = executors.timer().schedule(
                () -> executors.fetch().execute(() -> fetch.attempt(true)), timeout.toMillis(), TimeUnit.MILLISECONDS);
        fetch.result().whenComplete((fetched, error) -> {
            deadline.cancel(false);
            waiting.release();
            pending.remove(fetch);
            member.currentFetch.compareAndSet(fetch, null);
            member.fetchEnded(coordinator.now());
            if (fetched != null) {
                metrics.delivered(fetched.records());
            }
        });
        fetch.attempt(timeout.isZero());
        return fetch;
    }

    @Override
    public void start() {
        running = true;
    }

    /** Waiting polls answer [] (positions untouched) and streams end, so shutdown does not wait for them. */
    @Override
    public void stop() {
        running = false;
        pending.forEach(f -> f.abandon(true));
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}

package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The log cleaner of compacted topics (Kafka's LogCleaner): every check interval it looks at each partition of a
 * topic with cleanup.policy {@code compact} and cleans those that are due, the dirtiest first, on a bounded number of
 * threads that share one I/O rate limit ({@link CleanerSettings}). A partition is due when its dirty ratio reached
 * min.cleanable.dirty.ratio, when its oldest dirty record is older than max.compaction.lag.ms, or when a tombstone it
 * kept has passed its delete horizon. One cleaning per partition at a time ({@link PartitionCleaner}); a failed one is
 * reported (status, metrics) and tried again at the next check. Thread-safe.
 */
public final class LogCleaner implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogCleaner.class.getName());

    private final LogSettings settings;
    private final CleanerSettings config;
    private final Supplier<Collection<TopicLog>> topics;
    private final Throttler throttler;
    /** One offset map per thread, allocated when first needed (plus one for {@link #cleanNow()} without threads). */
    private final Semaphore maps;
    private final ConcurrentLinkedQueue<OffsetMap> idleMaps = new ConcurrentLinkedQueue<>();
    private final ScheduledThreadPoolExecutor executor;
    private volatile boolean closing;
    private volatile CleaningResult lastCleaning;
    private volatile CleanerStatus.Failure lastFailure;

    LogCleaner(LogSettings settings, Supplier<Collection<TopicLog>> topics) {
        this.settings = settings;
        this.config = settings.cleaner();
        this.topics = topics;
        this.throttler = new Throttler(config.maxBytesPerSecond());
        this.maps = new Semaphore(Math.max(1, config.threads()));
        this.executor = config.threads() == 0 ? null : executor(config.threads());
    }

    private static ScheduledThreadPoolExecutor executor(int threads) {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(threads, new ThreadFactory() {
            private int count;

            @Override
            public synchronized Thread newThread(Runnable runnable) {
                Thread thread = new Thread(runnable, "tributary-log-cleaner-" + ++count);
                thread.setDaemon(true);
                thread.setPriority(Thread.NORM_PRIORITY - 1);
                return thread;
            }
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return executor;
    }

    /** Starts the periodic checks (nothing without threads). */
    void start() {
        if (executor != null) {
            long millis = config.checkInterval().toMillis();
            executor.scheduleWithFixedDelay(this::check, millis, millis, TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Cleans every partition that is due now, one after the other on the calling thread, waiting for a cleaning of
     * the same partition that is under way: for tests and tools. Returns what each cleaning did; failures are in
     * {@link #status()}.
     */
    public List<CleaningResult> cleanNow() {
        List<CleaningResult> results = new ArrayList<>();
        for (Due due : dueNow()) {
            CleanerState state = due.partition.cleanerState();
            state.cleaning.lock();
            try {
                CleaningResult result = cleanIfStillDue(due.partition);
                if (result != null) {
                    results.add(result);
                }
            } finally {
                state.cleaning.unlock();
            }
        }
        return results;
    }

    /**
     * The background check: hands each due partition to a cleaner thread, unless it is queued already (a long
     * cleaning must not make the queue grow by every partition at every check).
     */
    private void check() {
        try {
            for (Due due : dueNow()) {
                CleanerState state = due.partition.cleanerState();
                if (!state.queued.compareAndSet(false, true)) {
                    continue;
                }
                executor.execute(() -> {
                    state.queued.set(false);
                    if (state.cleaning.tryLock()) {
                        try {
                            cleanIfStillDue(due.partition);
                        } finally {
                            state.cleaning.unlock();
                        }
                    }
                });
            }
        } catch (RejectedExecutionException closed) {
            // closing
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Log cleaner check failed; trying again at the next one", e);
        }
    }

    private record Due(PartitionLog partition, double dirtyRatio) {
    }

    /** The compacted partitions due for cleaning, dirtiest first; reports every compacted partition's dirty ratio. */
    private List<Due> dueNow() {
        long now = settings.expiryNow();
        List<Due> due = new ArrayList<>();
        for (TopicLog topic : topics.get()) {
            TopicConfig cfg = topic.config();
            if (!cfg.compact()) {
                continue;
            }
            for (PartitionLog partition : topic.partitions()) {
                CleanableRange range = CleanableRange.of(partition.view(), cfg, partition.cleanerState().checkpoint(), now);
                settings.metrics().dirtyRatio(partition.topicPartition(), range.dirtyRatio());
                if (isDue(partition, cfg, range, now)) {
                    due.add(new Due(partition, range.dirtyRatio()));
                }
            }
        }
        due.sort(Comparator.comparingDouble(Due::dirtyRatio).reversed());
        return due;
    }

    private boolean isDue(PartitionLog partition, TopicConfig cfg, CleanableRange range, long now) {
        if (closing || partition.cleanerState().uncleanable() != null || !partition.isOpen()) {
            return false;
        }
        boolean dirty = range.dirtyBytes() > 0;
        return (dirty && range.dirtyRatio() >= cfg.minCleanableDirtyRatio())
                || (dirty && pastMaxCompactionLag(partition, cfg, range, now))
                || (range.cleanBytes() > 0 && partition.cleanerState().checkpoint().tombstonesExpireAt() <= now);
    }

    /** Whether the first dirty segment holds a record written more than max.compaction.lag.ms ago. */
    private boolean pastMaxCompactionLag(PartitionLog partition, TopicConfig cfg, CleanableRange range, long now) {
        if (cfg.maxCompactionLagMs() == Long.MAX_VALUE) {
            return false;
        }
        for (Segment segment : partition.view().segments()) {
            if (segment.nextOffset() > range.firstDirty() && segment.baseOffset() < range.firstUncleanable()) {
                try {
                    long first = segment.firstBatchTimestamp();
                    return first >= 0 && first < now - cfg.maxCompactionLagMs();
                } catch (IOException e) {
                    return false; // a read failure shows when it is cleaned or read
                }
            }
        }
        return false;
    }

    /** Holding the partition's cleaning lock: a check may have queued it behind a cleaning that made it clean. */
    private CleaningResult cleanIfStillDue(PartitionLog partition) {
        TopicConfig cfg = partition.config();
        long now = settings.expiryNow();
        if (!cfg.compact() || !isDue(partition, cfg, CleanableRange.of(partition.view(), cfg,
                partition.cleanerState().checkpoint(), now), now)) {
            return null;
        }
        OffsetMap map = takeMap();
        if (map == null) {
            return null;
        }
        try {
            CleaningResult result = new PartitionCleaner(partition, settings, map, throttler, () -> closing).clean();
            lastCleaning = result;
            settings.metrics().cleaned(result);
            LOG.log(System.Logger.Level.DEBUG, () -> "Cleaned " + result);
            return result;
        } catch (PartitionCleaner.Aborted aborted) {
            return null;
        } catch (IOException | RuntimeException e) {
            if (closing || !partition.isOpen()) {
                return null; // the files went away under it
            }
            TopicPartition tp = partition.topicPartition();
            lastFailure = new CleanerStatus.Failure(tp, Instant.ofEpochMilli(settings.clock().millis()), e.toString());
            settings.metrics().cleaningFailed(tp);
            LOG.log(System.Logger.Level.WARNING, "Cleaning " + tp + " failed; trying again at the next check", e);
            return null;
        } finally {
            idleMaps.add(map);
            maps.release();
        }
    }

    /** One offset map per thread: their memory is the dedupe buffer. */
    private OffsetMap takeMap() {
        try {
            maps.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        OffsetMap map = idleMaps.poll();
        return map != null ? map : new OffsetMap(config.dedupeBufferBytes() / Math.max(1, config.threads()));
    }

    /** The last cleaning, the last failure and the partitions left alone until a restart. */
    public CleanerStatus status() {
        List<String> uncleanable = new ArrayList<>();
        for (TopicLog topic : topics.get()) {
            for (PartitionLog partition : topic.partitions()) {
                String why = partition.cleanerState().uncleanable();
                if (why != null) {
                    uncleanable.add(partition.topicPartition() + ": " + why);
                }
            }
        }
        return new CleanerStatus(lastCleaning, lastFailure, uncleanable);
    }

    /** Stops the checks; cleanings under way give up at their next batch, and this waits for them. */
    @Override
    public void close() {
        closing = true;
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
                    LOG.log(System.Logger.Level.WARNING, "Log cleaner threads did not stop within 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

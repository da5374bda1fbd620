package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Owns the log directory: every topic's metadata and every partition's log. Opening it recovers what a crash left
 * behind ({@link LogLoader}); closing it flushes everything and writes the clean-shutdown marker.
 *
 * <p>Layout: {@code <dir>/<topic>-<partition>/<20-digit base offset>.log|.index|.timeindex}, topic metadata in
 * {@code <dir>/<topic>.properties} (written atomically; names too long for a file name get a shortened, hashed one).
 * Thread-safe.
 */
public final class LogManager implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(LogManager.class.getName());
    /** How long a segment removed by retention stays readable for reads that started before its removal. */
    private static final Duration DELETE_DELAY = Duration.ofSeconds(5);

    private final Path dir;
    private final LogSettings settings;
    /** The lock file's channel and its lock, held while open: they keep other processes out of the directory. */
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final ScheduledExecutorService maintenance;
    private final SegmentReaper reaper;
    private final Map<String, TopicLog> topics = new ConcurrentHashMap<>();
    private final LogCleaner cleaner;
    private final RecoveryReport recoveryReport;
    private final StorageHealth storageHealth;
    /**
     * Guards the set of topics against create, delete and close. Creates do their file work outside it (many topics are
     * created at once: each create fsyncs a dozen times), holding only a reservation of the name in {@link #creating}.
     */
    private final Object lifecycle = new Object();
    /** Names whose create is under way; guarded by lifecycle. close() waits until none is left. */
    private final Set<String> creating = new HashSet<>();
    private volatile boolean closed;

    /** From what {@link #open} loaded; does no I/O. */
    private LogManager(Path dir, LogSettings settings, StorageHealth storageHealth, FileChannel lockChannel, FileLock lock,
                       ScheduledExecutorService maintenance, SegmentReaper reaper, LogLoader.Loaded loaded) {
        this.dir = dir;
        this.settings = settings;
        this.storageHealth = storageHealth;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.maintenance = maintenance;
        this.reaper = reaper;
        this.topics.putAll(loaded.topics());
        this.recoveryReport = loaded.recoveryReport();
        this.cleaner = new LogCleaner(settings, topics::values);
    }

    /** Opens (creating if needed) the log directory, loading and recovering every topic found there. */
    public static LogManager open(Path dir, LogSettings settings) {
        FileChannel lockChannel = null;
        ScheduledExecutorService maintenance = null;
        try {
            // fsyncing its parent when it is new: else a power cut could take the directory, and every topic created in it
            LogFiles.createDirectoriesDurably(settings.storage(), dir);
            lockChannel = settings.storage().open(dir.resolve(LogFiles.LOCK), LogFiles.READ_WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                throw new LogStorageException("Log directory " + dir + " is in use by another process", null);
            }
            StorageHealth storageHealth = new StorageHealth(settings.failureListener(), settings.clock());
            LogSettings engine = settings.withFailureListener(storageHealth).withClock(ExpiryClock.over(settings.clock()));
            maintenance = maintenanceExecutor();
            SegmentReaper reaper = new SegmentReaper(maintenance, DELETE_DELAY);
            LogLoader.Loaded loaded = new LogLoader(dir, engine, reaper).load();
            LogManager manager = new LogManager(dir, engine, storageHealth, lockChannel, lock, maintenance, reaper, loaded);
            if (engine.flushPolicy() instanceof FlushPolicy.Interval interval) {
                long millis = interval.interval().toMillis();
                maintenance.scheduleWithFixedDelay(manager::flushAll, millis, millis, TimeUnit.MILLISECONDS);
            }
            manager.cleaner.start();
            return manager;
        } catch (IOException | RuntimeException e) {
            if (maintenance != null) {
                maintenance.shutdownNow();
            }
            closeQuietly(lockChannel);
            if (e instanceof LogException le) {
                throw le;
            }
            throw new LogStorageException("Could not open log directory " + dir + ": " + e, e);
        }
    }

    /** Runs the background flush and the delayed deletion of segments retention removed. */
    private static ScheduledExecutorService maintenanceExecutor() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "tributary-log-maintenance");
            thread.setDaemon(true);
            return thread;
        });
        // close() deletes pending segments itself instead of waiting out their delay
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // this JVM already has it open
        }
    }

    /** Creates a topic with {@code partitions} empty partitions. @throws TopicExistsException */
    public TopicLog createTopic(String name, int partitions, TopicConfig config) {
        LogFiles.requireSafeTopicName(name);
        Objects.requireNonNull(config, "config");
        if (partitions < 1) {
            throw new IllegalArgumentException("A topic needs at least one partition, not " + partitions);
        }
        synchronized (lifecycle) {
            ensureOpen();
            if (topics.containsKey(name) || !creating.add(name)) {
                throw new TopicExistsException("Topic '" + name + "' already exists.");
            }
        }
        try {
            TopicMetadata metadata = new TopicMetadata(name, UUID.randomUUID(), partitions, config);
            TopicLog topic = new TopicLog(name, dir, metadata, settings, reaper);
            List<PartitionLog> created = new ArrayList<>();
            try {
                for (int p = 0; p < partitions; p++) {
                    TopicPartition tp = new TopicPartition(name, p);
                    LogFiles.deleteRecursively(settings.storage(), dir.resolve(tp.dirName())); // left by a delete that failed half way
                    created.add(PartitionLog.create(dir, tp, settings, topic::config, reaper));
                }
                LogFiles.fsyncDirectory(settings.storage(), dir);
                metadata.write(settings.storage(), dir); // the atomic point: the topic exists from here
            } catch (IOException e) {
                removePartitions(created);
                throw new LogStorageException("Could not create topic '" + name + "': " + e, e);
            }
            topic.setPartitions(created);
            synchronized (lifecycle) {
                topics.put(name, topic);
            }
            return topic;
        } finally {
            synchronized (lifecycle) {
                creating.remove(name);
                lifecycle.notifyAll();
            }
        }
    }

    public Optional<TopicLog> topic(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(topics.get(name));
    }

    /** @throws UnknownTopicException */
    public TopicLog requireTopic(String name) {
        return topic(name).orElseThrow(() -> new UnknownTopicException("Topic '" + name + "' not found."));
    }

    /** All topics, sorted by name. */
    public List<TopicLog> topics() {
        return topics.values().stream().sorted(Comparator.comparing(TopicLog::name)).toList();
    }

    /** Deletes a topic and all its data; readers and writers of it fail afterwards. @throws UnknownTopicException */
    public void deleteTopic(String name) {
        synchronized (lifecycle) {
            ensureOpen();
            TopicLog topic = requireTopic(name);
            try {
                settings.storage().delete(TopicMetadata.file(dir, name)); // the atomic point: gone from here, even after a crash
                LogFiles.fsyncDirectory(settings.storage(), dir);
            } catch (IOException e) {
                throw new LogStorageException("Could not delete topic '" + name + "': " + e, e);
            }
            topics.remove(name);
            removePartitions(topic.partitions());
            storageHealth.forget(name);
        }
    }

    /** Rolls segments past segment.ms and deletes closed segments past retention.ms / retention.bytes, all topics. */
    public RetentionReport enforceRetention() {
        long now = settings.expiryNow();
        int deleted = 0;
        int rolled = 0;
        long bytes = 0;
        for (TopicLog topic : topics.values()) {
            for (PartitionLog partition : topic.partitions()) {
                RetentionReport r = partition.enforceRetention(now);
                deleted += r.segmentsDeleted();
                bytes += r.bytesDeleted();
                rolled += r.segmentsRolled();
            }
        }
        return new RetentionReport(deleted, bytes, rolled);
    }

    /**
     * The I/O failures that matter now: partitions offline until a restart, and the latest failed write, fsync or read
     * if no fsync has succeeded since. Empty when the disk works.
     */
    public List<StorageFailure> storageFailures() {
        return storageHealth.failures();
    }

    /**
     * Writes, fsyncs and deletes a small file in the log directory, through the same file abstraction as the log.
     *
     * @throws LogStorageException when the directory does not take a durable write now (full, read-only, failing)
     */
    public void probeStorage() {
        Path probe = dir.resolve(LogFiles.STORAGE_PROBE);
        try {
            try (FileChannel channel = settings.storage().open(probe, LogFiles.CREATE_NEW_WRITE)) {
                LogFiles.writeFully(channel, ByteBuffer.wrap(new byte[]{1}), 0);
                channel.force(true);
            } finally {
                settings.storage().delete(probe);
            }
        } catch (IOException e) {
            throw new LogStorageException("The log directory does not take writes: " + e, e);
        }
    }

    /** The cleaner of compacted topics: its status, and cleaning on demand. */
    public LogCleaner cleaner() {
        return cleaner;
    }

    /** What recovery found and repaired when this manager was opened (empty after a clean shutdown). */
    public RecoveryReport recoveryReport() {
        return recoveryReport;
    }

    public Path directory() {
        return dir;
    }

    /** Flushes and closes every partition; writes the clean-shutdown marker only if all of them closed cleanly. */
    @Override
    public void close() {
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            awaitCreates(); // a create under way finishes (its topic is then closed below) or fails
        }
        cleaner.close(); // first: no swap may run while the partitions close
        maintenance.shutdown();
        try {
            maintenance.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reaper.deleteAll();
        boolean clean = closePartitions();
        try {
            if (clean) {
                settings.storage().open(dir.resolve(LogFiles.CLEAN_SHUTDOWN), LogFiles.CREATE_NEW_WRITE).close(); // empty
                LogFiles.fsyncDirectory(settings.storage(), dir);
            }
        } catch (IOException e) {
            LOG.log(System.Logger.Level.ERROR, "Could not write the clean-shutdown marker; the next open recovers", e);
        } finally {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(lockChannel);
        }
    }

    // ---- helpers

    /**
     * Closes every partition on {@code settings.recoveryThreads()} threads (each close may fsync; thousands of them
     * one after the other made a stop take longer than the time orchestrators give it). True when all closed cleanly.
     */
    private boolean closePartitions() {
        ExecutorService pool = Executors.newFixedThreadPool(settings.recoveryThreads(), LogLoader.threads("tributary-log-close-"));
        try {
            List<Future<Boolean>> closing = new ArrayList<>();
            for (TopicLog topic : topics.values()) {
                for (PartitionLog partition : topic.partitions()) {
                    closing.add(pool.submit(() -> closePartition(partition)));
                }
            }
            boolean clean = true;
            for (Future<Boolean> future : closing) {
                try {
                    clean &= LogLoader.getUninterruptibly(future);
                } catch (ExecutionException e) {
                    clean = false; // an Error: closePartition catches the rest
                    LOG.log(System.Logger.Level.ERROR, "Could not close a partition cleanly", e.getCause());
                }
            }
            return clean;
        } finally {
            pool.shutdown();
        }
    }

    private static boolean closePartition(PartitionLog partition) {
        try {
            partition.close();
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Could not close " + partition + " cleanly; it is recovered at next open", e);
            return false;
        }
    }

    private void flushAll() {
        try {
            for (TopicLog topic : topics.values()) {
                topic.partitions().forEach(PartitionLog::flushIfDirty);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Background flush failed", e);
        }
    }

    private void removePartitions(List<PartitionLog> partitions) {
        for (PartitionLog partition : partitions) {
            partition.markDeleted();
            try {
                LogFiles.deleteRecursively(settings.storage(), partition.directory());
            } catch (IOException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not remove " + partition.directory() + "; it is removed at next open", e);
            }
        }
    }

    /** Holding lifecycle: waits until no create is under way (they finish without it: bounded by their I/O). */
    private void awaitCreates() {
        boolean interrupted = false;
        while (!creating.isEmpty()) {
            try {
                lifecycle.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new LogStorageException("The log is closed", null);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to release
            }
        }
    }
}

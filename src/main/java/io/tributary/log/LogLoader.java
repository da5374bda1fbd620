package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Loads a log directory when it is opened: repairs what a crash or an interrupted operation left behind, then opens
 * every topic's partitions. One {@link #load()}, returning what it loaded, kept out of {@link LogManager}'s constructor
 * as Kafka keeps its {@code LogLoader} out of {@code UnifiedLog}'s. docs/log-format.md ("Recovery at open") describes
 * the repairs; {@link PartitionLoader} and {@link SegmentRecovery} do those inside one partition.
 *
 * <p>Not thread-safe, and needs no safety: one thread loads, once, before anything else sees the directory
 * ({@link LogManager#open} holds the directory's lock file, so no other process writes it meanwhile).
 */
final class LogLoader {

    /**
     * What {@link #load()} loaded.
     *
     * @param topics         every topic, by name, with its partitions open
     * @param recoveryReport what recovery found and repaired
     */
    record Loaded(Map<String, TopicLog> topics, RecoveryReport recoveryReport) {
        Loaded {
            topics = Map.copyOf(topics);
        }
    }

    private final Path dir;
    private final LogSettings settings;
    private final SegmentReaper reaper;

    LogLoader(Path dir, LogSettings settings, SegmentReaper reaper) {
        this.dir = dir;
        this.settings = settings;
        this.reaper = reaper;
    }

    /**
     * Loads the directory in five passes. If one fails, the partitions opened so far are let go of as they are
     * (nothing is flushed or marked clean) and the failure propagates: the next open starts over.
     */
    Loaded load() throws IOException {
        // 1. The clean-shutdown marker. Guards against a crash during this run going unnoticed: the marker is deleted,
        //    and the deletion fsynced, before anything is written, so unless this run closes cleanly the next open
        //    scans what it left (a tail torn by a crash is invisible to the checks a clean start runs).
        Path marker = dir.resolve(LogFiles.CLEAN_SHUTDOWN);
        boolean clean = Files.exists(marker);
        RecoveryLog recovery = new RecoveryLog(clean);
        if (clean) {
            settings.storage().delete(marker);
            LogFiles.fsyncDirectory(settings.storage(), dir);
        }
        List<Path> entries;
        try (Stream<Path> list = Files.list(dir)) {
            entries = list.sorted().toList();
        }
        // 2. Unfinished files. Guards against a crash inside an atomic metadata write (temp file, fsync, rename): the
        //    old metadata file still holds the topic, the temp file is removed. So is a storage probe cut short.
        removeUnfinishedFiles(entries, recovery);
        // 3. Topic metadata. Guards against a metadata file damaged outside the engine (which only ever replaces one
        //    atomically): it is rebuilt from the partition directories, with retention off (MetadataRepair).
        Map<String, TopicMetadata> found = readMetadata(entries, recovery);
        // 4. Orphan partition directories. Guards against a crash during a topic create or delete or a partition
        //    increase: each writes or removes the metadata file as its atomic point, so a directory no metadata owns
        //    is a leftover of one, never data of a topic that exists.
        removeOrphanPartitionDirs(entries, found, recovery);
        // 5. Partitions. Guards against torn writes, lost or stale index files and segment files of interrupted rolls or
        //    deletes (PartitionLoader): after a crash every active segment is scanned and cut at its first bad batch.
        Map<String, TopicLog> topics = new HashMap<>();
        try {
            openPartitions(found, clean, recovery, topics);
        } catch (IOException | RuntimeException e) {
            topics.values().forEach(topic -> topic.partitions().forEach(PartitionLog::abandon));
            throw e;
        }
        return new Loaded(topics, recovery.report());
    }

    private void removeUnfinishedFiles(List<Path> entries, RecoveryLog recovery) throws IOException {
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!Files.isDirectory(entry) && name.endsWith(LogFiles.TEMP_SUFFIX)) {
                settings.storage().delete(entry);
                if (!name.equals(LogFiles.STORAGE_PROBE)) { // a health probe cut short holds nothing to repair
                    recovery.repaired("removed unfinished metadata file " + name);
                }
            }
        }
    }

    private Map<String, TopicMetadata> readMetadata(List<Path> entries, RecoveryLog recovery) throws IOException {
        Map<String, TopicMetadata> found = new HashMap<>();
        for (Path entry : entries) {
            if (!Files.isDirectory(entry) && TopicMetadata.isMetadataFile(entry)) {
                readOrRepair(entry, entries, recovery).ifPresent(metadata -> found.put(metadata.name(), metadata));
            }
        }
        return found;
    }

    private Optional<TopicMetadata> readOrRepair(Path file, List<Path> entries, RecoveryLog recovery) throws IOException {
        try {
            return Optional.of(TopicMetadata.read(file));
        } catch (IOException e) {
            return new MetadataRepair(settings, dir, recovery).repair(file, entries, e);
        }
    }

    private void removeOrphanPartitionDirs(List<Path> entries, Map<String, TopicMetadata> found, RecoveryLog recovery)
            throws IOException {
        Set<String> owned = new HashSet<>();
        found.forEach((topic, metadata) -> {
            for (int p = 0; p < metadata.partitions(); p++) {
                owned.add(new TopicPartition(topic, p).dirName());
            }
        });
        boolean removed = false;
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (Files.isDirectory(entry) && MetadataRepair.PARTITION_DIR.matcher(name).matches() && !owned.contains(name)) {
                LogFiles.deleteRecursively(settings.storage(), entry);
                recovery.repaired("removed partition directory " + name + " that belongs to no topic");
                removed = true;
            }
        }
        if (removed) {
            LogFiles.fsyncDirectory(settings.storage(), dir);
        }
    }

    /**
     * Opens the partitions on {@code settings.recoveryThreads()} threads: with thousands of partitions a start is
     * thousands of file opens and reads (after a crash, checksum scans), mostly waiting for the disk. Partitions are
     * independent; each is opened by one thread. Fills {@code topics} as it goes, so that a failure lets go of every
     * partition opened before it.
     */
    private void openPartitions(Map<String, TopicMetadata> found, boolean cleanShutdown, RecoveryLog recovery,
                                Map<String, TopicLog> topics) throws IOException {
        PartitionLoader loader = new PartitionLoader(settings, reaper, recovery, cleanShutdown);
        Map<TopicLog, List<Future<PartitionLog>>> opening = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(settings.recoveryThreads(), threads("tributary-log-recovery-"));
        try {
            for (var e : found.entrySet()) {
                TopicLog topic = new TopicLog(e.getKey(), dir, e.getValue(), settings, reaper);
                topics.put(e.getKey(), topic);
                List<Future<PartitionLog>> partitions = new ArrayList<>();
                for (int p = 0; p < e.getValue().partitions(); p++) {
                    TopicPartition tp = new TopicPartition(e.getKey(), p);
                    partitions.add(pool.submit(() -> loader.open(dir, tp, topic::config)));
                }
                opening.put(topic, partitions);
            }
            Exception failure = null;
            for (var e : opening.entrySet()) { // every future, even after a failure: each opened partition is let go of
                List<PartitionLog> partitions = new ArrayList<>();
                for (Future<PartitionLog> future : e.getValue()) {
                    try {
                        partitions.add(getUninterruptibly(future));
                    } catch (ExecutionException ex) {
                        failure = failure == null ? ex : failure;
                    }
                }
                e.getKey().setPartitions(partitions);
            }
            if (failure != null) {
                throw rethrow(failure.getCause());
            }
        } finally {
            pool.shutdown();
        }
    }

    /** The threads of a pool the engine starts and stops itself; daemons, so they never hold the JVM up. */
    static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    static <T> T getUninterruptibly(Future<T> future) throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static IOException rethrow(Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof RuntimeException re) {
            throw re;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IOException(cause);
    }
}

package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** Fills {@code topics} as it goes, so that a failure lets go of every partition opened before it. */
    private void openPartitions(Map<String, TopicMetadata> found, boolean cleanShutdown, RecoveryLog recovery,
                                Map<String, TopicLog> topics) throws IOException {
        PartitionLoader loader = new PartitionLoader(settings, reaper, recovery, cleanShutdown);
        for (var e : found.entrySet()) {
            TopicLog topic = new TopicLog(e.getKey(), dir, e.getValue(), settings, reaper);
            List<PartitionLog> partitions = new ArrayList<>();
            topics.put(e.getKey(), topic);
            for (int p = 0; p < e.getValue().partitions(); p++) {
                partitions.add(loader.open(dir, new TopicPartition(e.getKey(), p), topic::config));
                topic.setPartitions(partitions);
            }
        }
    }
}

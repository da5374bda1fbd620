package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Opens an existing partition directory: clears leftovers of interrupted operations and loads its segments. */
final class PartitionLoader {

    private final LogSettings settings;
    private final SegmentReaper reaper;
    private final RecoveryLog recovery;
    private final SegmentRecovery segmentRecovery;
    private final boolean cleanShutdown;

    PartitionLoader(LogSettings settings, SegmentReaper reaper, RecoveryLog recovery, boolean cleanShutdown) {
        this.settings = settings;
        this.reaper = reaper;
        this.recovery = recovery;
        this.segmentRecovery = new SegmentRecovery(settings, recovery);
        this.cleanShutdown = cleanShutdown;
    }

    PartitionLog open(Path logDir, TopicPartition tp, Supplier<TopicConfig> config) throws IOException {
        Path dir = logDir.resolve(tp.dirName());
        if (!Files.isDirectory(dir)) {
            recovery.repaired(tp.dirName(), "created missing partition directory " + tp.dirName());
            PartitionLog created = PartitionLog.create(logDir, tp, settings, config, reaper);
            try {
                LogFiles.fsyncDirectory(settings.storage(), logDir); // else a power cut takes it and what it acknowledged
            } catch (IOException e) {
                created.abandon();
                throw e;
            }
            return created;
        }
        for (String repair : SegmentSwap.recover(dir, settings)) {
            recovery.repaired(tp.dirName(), repair);
        }
        List<Long> baseOffsets = segmentBaseOffsets(dir);
        if (baseOffsets.isEmpty()) {
            recovery.repaired(tp.dirName(), "partition " + tp + " had no segment files; started an empty one");
            return PartitionLog.create(logDir, tp, settings, config, reaper);
        }
        List<Segment> segments = new ArrayList<>();
        try {
            for (int i = 0; i < baseOffsets.size(); i++) {
                boolean last = i == baseOffsets.size() - 1;
                Segment segment = segmentRecovery.load(dir, baseOffsets.get(i), !cleanShutdown && last, !last);
                if (segment.isEmpty() && !last) {
                    recovery.repaired(tp.dirName(), "removed empty closed segment " + segment);
                    segment.deleteFiles();
                    continue;
                }
                if (!segments.isEmpty() && segments.get(segments.size() - 1).nextOffset() != segment.baseOffset()) {
                    recovery.repaired(tp.dirName(), "offsets " + segments.get(segments.size() - 1).nextOffset() + " to "
                            + (segment.baseOffset() - 1) + " of " + tp + " are missing (segment files lost?)");
                }
                segments.add(segment);
            }
            segmentRecovery.restoreRollBasis(segments.get(segments.size() - 1));
        } catch (IOException | RuntimeException e) {
            segments.forEach(Segment::closeQuietly);
            throw e;
        }
        return new PartitionLog(tp, dir, segments, settings, config, reaper);
    }

    /** Base offsets of the segment logs, ascending; removes files interrupted operations left behind. */
    private List<Long> segmentBaseOffsets(Path dir) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        }
        Set<Long> logs = new HashSet<>();
        for (Path file : files) {
            long base = LogFiles.baseOffsetOf(file, LogFiles.LOG_SUFFIX);
            if (base >= 0) {
                logs.add(base);
            }
        }
        boolean removed = false;
        for (Path file : files) {
            String name = file.getFileName().toString();
            long index = Math.max(LogFiles.baseOffsetOf(file, LogFiles.INDEX_SUFFIX),
                    LogFiles.baseOffsetOf(file, LogFiles.TIME_INDEX_SUFFIX));
            boolean leftover = name.endsWith(LogFiles.DELETED_SUFFIX) || name.endsWith(LogFiles.TEMP_SUFFIX)
                    || (index >= 0 && !logs.contains(index));
            if (leftover) {
                settings.storage().delete(file);
                String partition = dir.getFileName().toString();
                recovery.repaired(partition, "removed leftover file " + partition + "/" + name);
                removed = true;
            }
        }
        if (removed) {
            LogFiles.fsyncDirectory(settings.storage(), dir);
        }
        return logs.stream().sorted().toList();
    }
}

package io.tributary.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Rebuilds a topic whose metadata file cannot be read (damaged outside the engine's control: the engine replaces it
 * atomically) from what survives: the name and partition count from its partition directories, a new topic id, and
 * retention off ({@link TopicMetadata#REBUILT_CONFIG}), since the old configs are unknown and a guessed retention
 * could delete data. The damaged file is kept next to it for the operator.
 */
final class MetadataRepair {

    static final Pattern PARTITION_DIR = Pattern.compile("[a-zA-Z0-9._-]+-[0-9]{1,9}");

    private final LogSettings settings;
    private final Path dir;
    private final RecoveryLog recovery;

    MetadataRepair(LogSettings settings, Path dir, RecoveryLog recovery) {
        this.settings = settings;
        this.dir = dir;
        this.recovery = recovery;
    }

    /**
     * @param entries everything in the log directory
     * @return the rebuilt (and written) metadata, or empty when no partition directory belongs to the file: then
     *         there is no data to keep and the file is only moved aside
     */
    Optional<TopicMetadata> repair(Path file, List<Path> entries, IOException problem) throws IOException {
        Map<String, Integer> partitionCounts = partitionCountsOwnedBy(file, entries);
        Path kept = file.resolveSibling(file.getFileName() + ".damaged-" + settings.clock().millis());
        if (partitionCounts.size() != 1) {
            settings.storage().move(file, kept);
            LogFiles.fsyncDirectory(settings.storage(), dir);
            recovery.repaired("topic metadata " + file.getFileName() + " is damaged (" + problem.getMessage()
                    + ") and no partition directory belongs to it; moved it aside as " + kept.getFileName());
            return Optional.empty();
        }
        var only = partitionCounts.entrySet().iterator().next();
        // copied, not moved: until the new file is in place, the partition directories must keep a metadata file
        Files.copy(file, kept, StandardCopyOption.COPY_ATTRIBUTES);
        TopicMetadata rebuilt = new TopicMetadata(only.getKey(), UUID.randomUUID(), only.getValue(), TopicMetadata.REBUILT_CONFIG);
        rebuilt.write(settings.storage(), dir);
        recovery.repairedTopic(rebuilt.name(), rebuilt.partitions(), "topic metadata " + file.getFileName() + " is damaged ("
                + problem.getMessage() + "); rebuilt it from " + rebuilt.partitions() + " partition directories with a new "
                + "topic id and retention off (retention.ms=-1, retention.bytes=-1) until the topic's configs are set again; "
                + "the damaged file is kept as " + kept.getFileName());
        return Optional.of(rebuilt);
    }

    /** Topic name to partition count (highest partition + 1) of the partition directories whose topic owns {@code file}. */
    private Map<String, Integer> partitionCountsOwnedBy(Path file, List<Path> entries) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Path entry : entries) {
            String name = entry.getFileName().toString();
            if (!Files.isDirectory(entry) || !PARTITION_DIR.matcher(name).matches()) {
                continue;
            }
            int dash = name.lastIndexOf('-');
            String topic = name.substring(0, dash);
            if (isTopicName(topic) && TopicMetadata.file(dir, topic).getFileName().equals(file.getFileName())) {
                counts.merge(topic, Integer.parseInt(name.substring(dash + 1)) + 1, Math::max);
            }
        }
        return counts;
    }

    private static boolean isTopicName(String name) {
        try {
            LogFiles.requireSafeTopicName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

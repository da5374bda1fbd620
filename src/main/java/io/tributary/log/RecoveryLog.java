package io.tributary.log;

import io.tributary.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/** Collects what opening the log directory found and repaired; each repair is also logged. */
final class RecoveryLog {

    private static final System.Logger LOG = System.getLogger(LogManager.class.getName());

    private final boolean cleanShutdown;
    private final List<String> repairs = new ArrayList<>();
    private final SortedSet<String> repairedPartitions = new TreeSet<>();
    private int segmentsScanned;
    private long bytesTruncated;

    RecoveryLog(boolean cleanShutdown) {
        this.cleanShutdown = cleanShutdown;
    }

    /** A repair of the directory itself (no one partition). */
    synchronized void repaired(String what) {
        LOG.log(System.Logger.Level.WARNING, "Log recovery: " + what);
        repairs.add(what);
    }

    /** A repair of one partition, named by its directory ({@code <topic>-<partition>}). */
    synchronized void repaired(String partition, String what) {
        repaired(what);
        repairedPartitions.add(partition);
    }

    /** A repair of a whole topic: each of its partitions counts as repaired. */
    synchronized void repairedTopic(String topic, int partitions, String what) {
        repaired(what);
        for (int p = 0; p < partitions; p++) {
            repairedPartitions.add(new TopicPartition(topic, p).dirName());
        }
    }

    /** A torn or corrupt tail cut off a partition's segment. */
    synchronized void truncated(String partition, long bytes, String what) {
        repaired(partition, what);
        bytesTruncated += bytes;
    }

    synchronized void scanned() {
        segmentsScanned++;
    }

    synchronized RecoveryReport report() {
        return new RecoveryReport(cleanShutdown, segmentsScanned, List.copyOf(repairs), List.copyOf(repairedPartitions),
                bytesTruncated);
    }
}

package io.tributary.log;

import java.util.List;

/**
 * What recovery did when the log directory was opened.
 *
 * @param cleanShutdown      whether the last shutdown left the clean-shutdown marker (then only closed-segment checks ran)
 * @param segmentsScanned    segments whose every batch was read and checksum-verified
 * @param repairs            each repair made, human-readable (also logged as a warning)
 * @param repairedPartitions the partitions ({@code <topic>-<partition>}) with at least one repair, sorted
 * @param bytesTruncated     bytes cut off torn or corrupt segment tails, all partitions together
 */
public record RecoveryReport(boolean cleanShutdown, int segmentsScanned, List<String> repairs,
                             List<String> repairedPartitions, long bytesTruncated) {
}

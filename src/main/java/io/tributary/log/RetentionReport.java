package io.tributary.log;

/** What one retention pass removed, across all partitions. */
public record RetentionReport(int segmentsDeleted, long bytesDeleted, int segmentsRolled) {
}

package io.tributary.log;

import java.util.List;

/** What recovery did at open: whether the last shutdown was clean, and each repair made (human-readable). */
public record RecoveryReport(boolean cleanShutdown, int segmentsScanned, List<String> repairs) {
}

package io.tributary.log;

import java.util.ArrayList;
import java.util.List;

/** Collects what opening the log directory found and repaired; each repair is also logged. */
final class RecoveryLog {

    private static final System.Logger LOG = System.getLogger(LogManager.class.getName());

    private final boolean cleanShutdown;
    private final List<String> repairs = new ArrayList<>();
    private int segmentsScanned;

    RecoveryLog(boolean cleanShutdown) {
        this.cleanShutdown = cleanShutdown;
    }

    synchronized void repaired(String what) {
        LOG.log(System.Logger.Level.WARNING, "Log recovery: " + what);
        repairs.add(what);
    }

    synchronized void scanned() {
        segmentsScanned++;
    }

    synchronized RecoveryReport report() {
        return new RecoveryReport(cleanShutdown, segmentsScanned, List.copyOf(repairs));
    }
}

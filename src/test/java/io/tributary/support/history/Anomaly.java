package io.tributary.support.history;

/**
 * The classes of anomaly the {@link HistoryChecker} finds in a {@link History} (docs/reliability.md, "The history
 * checker"). A fault test passes when its report counts none (or exactly the ones it provokes on purpose).
 */
public enum Anomaly {

    /** An acknowledged record, or one a reader was given, is not at its offset in a later read of the log. */
    LOST("lost"),
    /** One record (by its id) at two offsets: acknowledged, read or stored twice, which only a retry may excuse. */
    DUPLICATE("duplicates"),
    /**
     * Two different records acknowledged or read at one offset, or a log whose offsets are not increasing, or (outside
     * compaction) have a hole.
     */
    INCONSISTENT_OFFSET("inconsistent offsets"),
    /**
     * A record read or stored that must not exist: its produce failed with a definite error, or it was never sent as
     * it reads (unknown id, another key or value, another partition than the one it was sent to).
     */
    ABORTED_READ("aborted reads"),
    /** A group member's next record of a partition jumps over records that exist, not to a committed offset. */
    POLL_SKIP("poll skips"),
    /** A committed offset observed below an acknowledged commit of its group and partition. */
    COMMIT_REGRESSION("commit regressions"),
    /** A committed offset observed above every commit ever sent for its group and partition. */
    PHANTOM_COMMIT("phantom commits");

    private final String label;

    Anomaly(String label) {
        this.label = label;
    }

    /** How the one-line report names the class. */
    public String label() {
        return label;
    }
}

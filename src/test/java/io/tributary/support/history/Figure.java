package io.tributary.support.history;

/** What a {@link HistoryReport} counts besides anomalies: how much of the history there was to check. */
public enum Figure {
    SENT("records sent"),
    ACKNOWLEDGED("acknowledged"),
    FAILED("refused"),
    UNKNOWN("outcome unknown"),
    UNKNOWN_RESOLVED("of them resolved by a retry"),
    RETRIED_IDEMPOTENTLY("retried with a key"),
    RETRIED_PLAINLY("retried without"),
    TOLERATED_DUPLICATES("stored twice by a retry without a key"),
    READ("read"),
    POLLED("polled"),
    REDELIVERED("redelivered"),
    COMMITS_ACKNOWLEDGED("commits acknowledged"),
    COMMITS_OBSERVED("committed offsets checked"),
    LOG_READS("partition reads"),
    RECORDS_CHECKED("records read back"),
    PROMISES_CHECKED("acknowledged or read records checked at their offsets");

    private final String label;

    Figure(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

package io.tributary.log;

import io.tributary.common.TopicPartition;

/** A read asked for an offset outside {@code [logStartOffset, endOffset]}; carries the bounds so callers can reset. */
public final class OffsetOutOfRangeException extends LogException {

    private final long logStartOffset;
    private final long endOffset;

    public OffsetOutOfRangeException(TopicPartition tp, long requested, long logStartOffset, long endOffset) {
        super("Offset " + requested + " is out of range for " + tp + ": valid offsets are " + logStartOffset + " to " + endOffset);
        this.logStartOffset = logStartOffset;
        this.endOffset = endOffset;
    }

    public long logStartOffset() {
        return logStartOffset;
    }

    public long endOffset() {
        return endOffset;
    }
}

package io.tributary.log;

import java.time.Duration;

/**
 * How long and how many idempotent appends each partition remembers. A batch is forgotten once it is older than the
 * window or more than {@code maxBatchesPerPartition} newer ones came after it; a retry after that appends again.
 */
public record IdempotencyLimits(Duration window, int maxBatchesPerPartition) {

    public static final IdempotencyLimits DEFAULT = new IdempotencyLimits(Duration.ofHours(24), 10_000);

    public IdempotencyLimits {
        if (window.isNegative() || window.isZero() || maxBatchesPerPartition <= 0) {
            throw new IllegalArgumentException("idempotency window and batches per partition must be positive: " + window
                    + ", " + maxBatchesPerPartition);
        }
    }
}

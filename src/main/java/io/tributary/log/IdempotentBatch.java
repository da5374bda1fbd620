package io.tributary.log;

/**
 * An idempotent append the partition remembers: its identity and where it landed.
 *
 * @param appendTime the time used for its records without a timestamp (after a restart: the batch's largest timestamp)
 */
public record IdempotentBatch(ProducerIdentity identity, long baseOffset, long lastOffset, long appendTime) {

    AppendResult result() {
        return new AppendResult(baseOffset, lastOffset, appendTime);
    }
}

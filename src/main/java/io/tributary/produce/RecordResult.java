package io.tributary.produce;

/**
 * Where one record went, or why it did not: then {@code error} is set (a
 * {@link io.tributary.common.errors.TributaryException}, or whatever unexpected failure hit its batch) and
 * partition, offset and timestamp are meaningless.
 *
 * @param timestamp the record's timestamp as stored (its own, or the append time)
 */
public record RecordResult(int partition, long offset, long timestamp, RuntimeException error) {

    public static RecordResult failed(RuntimeException error) {
        return new RecordResult(-1, -1, -1, error);
    }

    public boolean failed() {
        return error != null;
    }
}

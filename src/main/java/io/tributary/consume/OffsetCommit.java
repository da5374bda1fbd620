package io.tributary.consume;

/** One partition's offset to commit: the offset of the next record to read, with optional client metadata. */
public record OffsetCommit(String topic, int partition, long offset, String metadata) {

    /** Kafka's {@code offset.metadata.max.bytes} default. */
    public static final int MAX_METADATA_LENGTH = 4096;

    /** @throws IllegalArgumentException for a negative offset or metadata longer than {@link #MAX_METADATA_LENGTH} */
    public OffsetCommit {
        if (offset < 0) {
            throw new IllegalArgumentException("Offset " + offset + " for " + topic + "-" + partition + " is negative");
        }
        metadata = metadata == null ? "" : metadata;
        if (metadata.length() > MAX_METADATA_LENGTH) {
            throw new IllegalArgumentException("Offset metadata for " + topic + "-" + partition + " is longer than "
                    + MAX_METADATA_LENGTH + " characters");
        }
    }
}

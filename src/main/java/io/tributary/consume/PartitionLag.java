package io.tributary.consume;

/**
 * A group's committed offset of one partition against the partition's end.
 *
 * @param owner the member reading the partition now, or empty
 */
public record PartitionLag(String topic, int partition, long committed, long endOffset, String owner) {

    public long lag() {
        return Math.max(0, endOffset - committed);
    }
}

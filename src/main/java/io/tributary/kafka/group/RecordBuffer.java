package io.tributary.kafka.group;

import io.tributary.common.FetchedRecord;
import io.tributary.common.TopicPartition;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.OptionalLong;

/**
 * Records the Kafka consumer returned that no client has been given yet, in the order Kafka returned them (which
 * interleaves partitions). The consumer's position of a partition is past them, so the position delivered to the
 * client is the offset of a partition's first record here, if it has any. Used by one instance's actor only.
 */
final class RecordBuffer {

    private final Deque<FetchedRecord> records = new ArrayDeque<>();
    private long bytes;

    void add(FetchedRecord record) {
        records.add(record);
        bytes += record.record().dataSize();
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    long bytes() {
        return bytes;
    }

    /** The first records whose data fits {@code maxBytes}, at least one when there is any; they stay here. */
    List<FetchedRecord> peek(int maxBytes) {
        List<FetchedRecord> result = new ArrayList<>();
        long taken = 0;
        for (FetchedRecord r : records) {
            int size = r.record().dataSize();
            if (!result.isEmpty() && taken + size > maxBytes) {
                break;
            }
            result.add(r);
            taken += size;
        }
        return result;
    }

    /** Removes the first {@code count} records (those a {@link #peek} returned and a client was given). */
    void removeFirst(int count) {
        for (int i = 0; i < count; i++) {
            bytes -= records.removeFirst().record().dataSize();
        }
    }

    /** The offset of the partition's first buffered record. */
    OptionalLong first(TopicPartition tp) {
        for (FetchedRecord r : records) {
            if (r.partition() == tp.partition() && r.topic().equals(tp.topic())) {
                return OptionalLong.of(r.record().offset());
            }
        }
        return OptionalLong.empty();
    }

    /** Drops the records of these partitions (the consumer no longer reads them, or reads them from elsewhere). */
    void drop(Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        records.removeIf(r -> {
            boolean dropped = partitions.contains(new TopicPartition(r.topic(), r.partition()));
            if (dropped) {
                bytes -= r.record().dataSize();
            }
            return dropped;
        });
    }

    void clear() {
        records.clear();
        bytes = 0;
    }
}

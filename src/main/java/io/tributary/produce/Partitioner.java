package io.tributary.produce;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.common.utils.Utils;

/**
 * Chooses each record's partition: an explicit partition wins; a keyed record goes where Kafka's default partitioner
 * (and kafkajs) would put it, {@code toPositive(murmur2(keyBytes)) % partitions} over the stored key bytes; records
 * with neither go round robin, continuing across requests, so load spreads evenly over the partitions.
 */
public final class Partitioner {

    private final AtomicInteger nextUnkeyed = new AtomicInteger(ThreadLocalRandom.current().nextInt());

    /** Kafka's {@code BuiltInPartitioner.partitionForKey}. */
    public static int partitionForKey(byte[] key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key)) % partitions;
    }

    /** The partition of each record, in request order; explicit partitions are returned unchecked. */
    public int[] assign(List<ProduceRecord> records, int partitions) {
        int unkeyed = 0;
        for (ProduceRecord r : records) {
            if (r.partition() == null && r.key() == null) {
                unkeyed++;
            }
        }
        return assign(records, partitions, unkeyed == 0 ? 0 : nextUnkeyed.getAndAdd(unkeyed));
    }

    /**
     * As {@link #assign(List, int)}, the records without key or partition round robin from {@code firstUnkeyed}: the
     * same request and start always give the same partitions (a retried idempotent request must).
     */
    public static int[] assign(List<ProduceRecord> records, int partitions, int firstUnkeyed) {
        int next = firstUnkeyed;
        int[] assigned = new int[records.size()];
        for (int i = 0; i < assigned.length; i++) {
            ProduceRecord r = records.get(i);
            if (r.partition() != null) {
                assigned[i] = r.partition();
            } else if (r.key() != null) {
                assigned[i] = partitionForKey(r.key(), partitions);
            } else {
                assigned[i] = Math.floorMod(next++, partitions);
            }
        }
        return assigned;
    }
}

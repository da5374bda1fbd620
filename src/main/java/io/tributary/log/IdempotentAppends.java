package io.tributary.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's memory of idempotent appends, oldest first, bounded by {@link IdempotencyLimits}. Thread-safe.
 * Filled from the log itself when a partition is first asked after a start ({@link PartitionLog#idempotentBatches}),
 * then by every idempotent append once it is acknowledged.
 */
final class IdempotentAppends {

    private record Entry(IdempotentBatch batch, long rememberedAt) {
    }

    private final IdempotencyLimits limits;
    private final LinkedHashMap<ProducerIdentity, Entry> byIdentity = new LinkedHashMap<>();
    private final Map<Long, Integer> batchesByProducer = new HashMap<>();

    IdempotentAppends(IdempotencyLimits limits) {
        this.limits = limits;
    }

    synchronized void remember(IdempotentBatch batch, long rememberedAt, long nowMs) {
        if (byIdentity.put(batch.identity(), new Entry(batch, rememberedAt)) == null) {
            batchesByProducer.merge(batch.identity().producerId(), 1, Integer::sum);
        }
        expire(nowMs);
    }

    synchronized IdempotentBatch find(ProducerIdentity identity, long nowMs) {
        expire(nowMs);
        Entry entry = byIdentity.get(identity);
        return entry == null ? null : entry.batch();
    }

    /** The remembered batches of one producer id, oldest first. */
    synchronized List<IdempotentBatch> ofProducer(long producerId, long nowMs) {
        expire(nowMs);
        if (!batchesByProducer.containsKey(producerId)) {
            return List.of();
        }
        List<IdempotentBatch> found = new ArrayList<>();
        for (Entry entry : byIdentity.values()) {
            if (entry.batch().identity().producerId() == producerId) {
                found.add(entry.batch());
            }
        }
        return found;
    }

    synchronized int size() {
        return byIdentity.size();
    }

    /** Drops the oldest while over the bound or out of the window (entries are in the order they were remembered). */
    private void expire(long nowMs) {
        long oldest = nowMs - limits.window().toMillis();
        Iterator<Entry> entries = byIdentity.values().iterator();
        while (entries.hasNext()) {
            Entry entry = entries.next();
            if (byIdentity.size() <= limits.maxBatchesPerPartition() && entry.rememberedAt() >= oldest) {
                return;
            }
            entries.remove();
            batchesByProducer.computeIfPresent(entry.batch().identity().producerId(), (id, n) -> n == 1 ? null : n - 1);
        }
    }
}

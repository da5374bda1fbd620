package io.tributary.log;

import java.io.IOException;
import java.nio.file.Files;

import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Rebuilds a partition's {@link IdempotentAppends} from its log, as Kafka rebuilds producer state: reads the batch
 * headers of the segments last written within the window (a segment file's modification time is the time of its last
 * write), oldest first, and remembers every batch that carries a producer id. Nothing but the log is trusted, so the
 * memory can never claim an append the log does not have.
 */
final class IdempotentAppendsLoader {

    private static final int FIRST_READ = 64 * 1024;
    private static final int MAX_READ = 1024 * 1024;

    private IdempotentAppendsLoader() {
    }

    static void load(LogView view, IdempotencyLimits limits, long nowMs, IdempotentAppends into) throws IOException {
        long oldest = nowMs - limits.window().toMillis();
        int first = view.segments().size() - 1;
        while (first > 0 && lastWritten(view.segments().get(first - 1)) >= oldest) {
            first--;
        }
        for (int i = first; i < view.segments().size(); i++) {
            Segment segment = view.segments().get(i);
            // after a restart the append time is unknown: the file's last write bounds it from above, so the window
            // counts from no earlier than the append and a key is kept at least as long as promised
            long rememberedAt = Math.min(nowMs, lastWritten(segment));
            BatchScanner scanner = new BatchScanner(segment, 0, view.visibleSize(i), FIRST_READ, MAX_READ);
            try {
                for (MutableRecordBatch batch = scanner.next(); batch != null; batch = scanner.next()) {
                    if (batch.producerId() != RecordBatch.NO_PRODUCER_ID) {
                        ProducerIdentity identity = new ProducerIdentity(batch.producerId(), batch.producerEpoch(),
                                batch.baseSequence());
                        into.remember(new IdempotentBatch(identity, batch.baseOffset(), batch.lastOffset(),
                                batch.maxTimestamp()), rememberedAt, nowMs);
                    }
                }
            } catch (BatchScanner.BrokenBatchException e) {
                // bytes that are no batch (damage found after the start): reads stop there too, and so does the memory
            }
        }
    }

    private static long lastWritten(Segment segment) throws IOException {
        return Files.getLastModifiedTime(segment.logFile()).toMillis();
    }
}

package io.tributary.log;

import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;
import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads of one published {@link LogView}: index lookup, then a bounded scan of whole batches. Every batch whose
 * records are returned is checksum-verified first; bytes that fail are reported, never served.
 */
final class LogReader {

    private static final int FIRST_CHUNK = 16 << 10;
    /**
     * Reads grow up to this: few system calls per long scan, yet below G1's humongous size (half a region, and regions
     * are at least 1 MiB), which a 1 MiB buffer per poll was; it also bounds the temporary direct buffer the JDK keeps
     * per reading thread for reads into the heap.
     */
    private static final int MAX_CHUNK = 256 << 10;

    private final TopicPartition tp;
    private final int indexIntervalBytes;

    LogReader(TopicPartition tp, int indexIntervalBytes) {
        this.tp = tp;
        this.indexIntervalBytes = indexIntervalBytes;
    }

    /**
     * Records from {@code offset} (within the view's bounds) on, limited by count and bytes, at least one if any. The
     * records before a corrupt batch are returned; a read that starts at one fails with {@link CorruptRecordException}.
     */
    List<StoredRecord> read(LogView view, long offset, int maxRecords, int maxBytes) throws IOException {
        List<StoredRecord> records = new ArrayList<>(Math.min(maxRecords, 512));
        try {
            return read(view, offset, maxRecords, maxBytes, records);
        } catch (CorruptRecordException e) {
            if (records.isEmpty()) {
                throw e;
            }
            return records; // the valid ones before it; the next read, from the corrupt batch, reports it
        }
    }

    private List<StoredRecord> read(LogView view, long offset, int maxRecords, int maxBytes, List<StoredRecord> records)
            throws IOException {
        long endOffset = view.endOffset();
        long bytes = 0;
        // the scan starts up to one index interval before the offset; no need to read much past maxBytes after it
        int maxChunk = (int) Math.min(MAX_CHUNK, (long) Math.max(maxBytes, 0) + indexIntervalBytes);
        int firstChunk = Math.min(FIRST_CHUNK, maxChunk);
        int first = view.segmentIndexFor(offset);
        for (int i = first; i < view.segments().size(); i++) {
            Segment segment = view.segments().get(i);
            long from = i == first ? segment.offsetIndex().lookup(offset - segment.baseOffset()) : 0;
            BatchScanner scanner = new BatchScanner(segment, from, view.visibleSize(i), firstChunk, maxChunk);
            for (MutableRecordBatch batch = next(scanner, segment); batch != null; batch = next(scanner, segment)) {
                if (batch.lastOffset() < offset) {
                    continue;
                }
                if (records.size() >= maxRecords || (!records.isEmpty() && bytes >= maxBytes)) {
                    return records; // full before this batch: do not even verify it
                }
                verify(batch, segment, scanner.batchPosition());
                int batchStart = records.size();
                try {
                    for (Record record : batch) {
                        requireDeclared(batch, record, records.isEmpty() ? -1 : records.get(records.size() - 1).offset());
                        if (record.offset() < offset) {
                            continue;
                        }
                        if (record.offset() >= endOffset || records.size() >= maxRecords
                                || (!records.isEmpty() && bytes + record.sizeInBytes() > maxBytes)) {
                            return records;
                        }
                        records.add(toLogRecord(record));
                        bytes += record.sizeInBytes();
                    }
                } catch (RuntimeException e) {
                    records.subList(batchStart, records.size()).clear(); // nothing of a batch that does not decode
                    throw undecodable(segment, scanner.batchPosition(), e);
                }
            }
        }
        return records;
    }

    /** The first offset at or after {@code offset} whose record's timestamp is at least {@code timestamp}. */
    OptionalLong offsetForTimestamp(LogView view, long timestamp) throws IOException {
        for (int i = 0; i < view.segments().size(); i++) {
            Segment segment = view.segments().get(i);
            if (segment.maxTimestamp() < timestamp) {
                continue;
            }
            long startOffset = segment.baseOffset() + segment.timeIndex().lookup(timestamp);
            long from = segment.offsetIndex().lookup(startOffset - segment.baseOffset());
            BatchScanner scanner = new BatchScanner(segment, from, view.visibleSize(i), FIRST_CHUNK, MAX_CHUNK);
            for (MutableRecordBatch batch = next(scanner, segment); batch != null; batch = next(scanner, segment)) {
                if (batch.maxTimestamp() < timestamp || batch.baseOffset() >= view.endOffset()) {
                    continue;
                }
                verify(batch, segment, scanner.batchPosition());
                try {
                    for (Record record : batch) {
                        requireDeclared(batch, record, -1);
                        if (record.offset() >= view.endOffset()) {
                            return OptionalLong.empty();
                        }
                        if (record.timestamp() >= timestamp) {
                            return OptionalLong.of(record.offset());
                        }
                    }
                } catch (RuntimeException e) {
                    throw undecodable(segment, scanner.batchPosition(), e);
                }
            }
        }
        return OptionalLong.empty();
    }

    private MutableRecordBatch next(BatchScanner scanner, Segment segment) throws IOException {
        try {
            return scanner.next();
        } catch (BatchScanner.BrokenBatchException e) {
            throw corrupt(segment, e.getMessage());
        }
    }

    private void verify(MutableRecordBatch batch, Segment segment, long position) {
        try {
            batch.ensureValid();
        } catch (KafkaException e) {
            throw corrupt(segment, "batch at position " + position + " (offsets " + batch.baseOffset() + " to "
                    + batch.lastOffset() + " by its header) failed its checksum (" + e.getMessage() + ")");
        }
    }

    /**
     * A record's offset is within the ones its batch header declares and above {@code previous} (the last one
     * returned): the checksum does not cover the header's base offset, and record offsets are deltas from it.
     */
    private static void requireDeclared(MutableRecordBatch batch, Record record, long previous) {
        if (record.offset() < batch.baseOffset() || record.offset() > batch.lastOffset() || record.offset() <= previous) {
            throw new IllegalStateException("record offset " + record.offset() + " is outside its batch's "
                    + batch.baseOffset() + " to " + batch.lastOffset() + " or not above the previous " + previous);
        }
    }

    /** A batch whose checksum matched but whose records do not decode: not written by us, so corrupt as well. */
    private CorruptRecordException undecodable(Segment segment, long position, RuntimeException e) {
        return corrupt(segment, "batch at position " + position + " cannot be decoded (" + e + ")");
    }

    private CorruptRecordException corrupt(Segment segment, String detail) {
        return new CorruptRecordException("Corrupt data in " + tp + " segment " + LogFiles.segmentName(segment.baseOffset())
                + ": " + detail);
    }

    private static StoredRecord toLogRecord(Record record) {
        Header[] headers = record.headers();
        List<RecordHeader> copied = headers.length == 0 ? List.of() : new ArrayList<>(headers.length);
        for (Header h : headers) {
            copied.add(new RecordHeader(h.key(), h.value()));
        }
        return new StoredRecord(record.offset(), record.timestamp(), bytes(record.key()), bytes(record.value()), copied);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        return buffer == null ? null : Utils.toArray(buffer);
    }
}

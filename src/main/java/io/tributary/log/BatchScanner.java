package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;

import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Walks the record batches of a segment file from a position up to a limit, reading chunks with positional reads
 * into one heap buffer (grown for a batch bigger than a chunk). Checks the framing (length, magic, attributes) of every batch;
 * checksums are the caller's choice, so a scan that only skips batches stays cheap. Not thread-safe; one per scan.
 */
final class BatchScanner {

    /** Framing that cannot be a batch written by us: torn write or corruption at {@code position}. */
    static final class BrokenBatchException extends RuntimeException {
        private final long position;

        BrokenBatchException(long position, String reason) {
            super(reason + " at position " + position);
            this.position = position;
        }

        long position() {
            return position;
        }
    }

    private static final int LENGTH_OFFSET = 8;
    private static final int MAGIC_OFFSET = 16;
    private static final int ATTRIBUTES_OFFSET = 21;
    private static final int COMPRESSION_MASK = 0x07;
    private static final int CONTROL_FLAG = 0x20;
    private static final int LOG_OVERHEAD = 12;

    private final Segment segment;
    private final long limit;
    private final int maxChunkSize;
    private int chunkSize;
    private ByteBuffer buffer;
    private long bufferStart;
    private long bufferEnd;
    private long position;
    private long batchPosition = -1;
    private ByteBuffer batchBytes;

    /**
     * @param chunkSize    bytes of the first read
     * @param maxChunkSize each further read doubles the previous up to this, so short reads stay cheap and long
     *                     scans use few system calls
     */
    BatchScanner(Segment segment, long from, long limit, int chunkSize, int maxChunkSize) {
        this.segment = segment;
        this.position = from;
        this.limit = limit;
        this.chunkSize = Math.max(chunkSize, DefaultRecordBatch.RECORD_BATCH_OVERHEAD);
        this.maxChunkSize = Math.max(maxChunkSize, this.chunkSize);
    }

    BatchScanner(Segment segment, long from, long limit, int chunkSize) {
        this(segment, from, limit, chunkSize, chunkSize);
    }

    /** The file position where the scan will continue: the end of the last batch returned. */
    long position() {
        return position;
    }

    /** File position of the batch last returned by {@link #next()}. */
    long batchPosition() {
        return batchPosition;
    }

    /** The bytes of the batch last returned by {@link #next()}, valid until the next call (the cleaner filters them). */
    MemoryRecords batchRecords() {
        return MemoryRecords.readableRecords(batchBytes.duplicate());
    }

    /**
     * The next batch, or null at the limit.
     *
     * @throws BrokenBatchException when the bytes at the current position are not a whole v2 batch within the limit
     */
    MutableRecordBatch next() throws IOException {
        if (position >= limit) {
            return null;
        }
        if (bufferEnd - position < LOG_OVERHEAD + 5) {
            fill(chunkSize);
        }
        if (bufferEnd - position < LOG_OVERHEAD + 5) {
            throw new BrokenBatchException(position, "truncated batch header");
        }
        int offset = (int) (position - bufferStart);
        int length = buffer.getInt(offset + LENGTH_OFFSET);
        if (length < DefaultRecordBatch.RECORD_BATCH_OVERHEAD - LOG_OVERHEAD) {
            throw new BrokenBatchException(position, "batch length " + length + " too small");
        }
        long batchSize = LOG_OVERHEAD + (long) length;
        if (position + batchSize > limit) {
            throw new BrokenBatchException(position, "batch of " + batchSize + " bytes runs past the end (" + limit + ")");
        }
        byte magic = buffer.get(offset + MAGIC_OFFSET);
        if (magic != RecordBatch.MAGIC_VALUE_V2) {
            throw new BrokenBatchException(position, "unknown magic " + magic);
        }
        if (bufferEnd - position < batchSize) {
            fill((int) Math.max(chunkSize, batchSize));
            offset = 0;
        }
        short attributes = buffer.getShort(offset + ATTRIBUTES_OFFSET);
        if ((attributes & (COMPRESSION_MASK | CONTROL_FLAG)) != 0) {
            // Tributary writes uncompressed data batches only. Decoding a compressed batch that is not ours would run
            // a decompressor over arbitrary bytes: a bomb or a spin (found by SegmentDecoderFuzzTest).
            throw new BrokenBatchException(position, "batch attributes " + attributes + " (compressed or control) were never written");
        }
        ByteBuffer slice = buffer.duplicate();
        slice.position(offset).limit(offset + (int) batchSize);
        batchBytes = slice.slice();
        MutableRecordBatch batch = MemoryRecords.readableRecords(batchBytes.duplicate()).batches().iterator().next();
        batchPosition = position;
        position += batchSize;
        return batch;
    }

    private void fill(int wanted) throws IOException {
        int size = (int) Math.min(wanted, limit - position);
        chunkSize = Math.min(maxChunkSize, chunkSize * 2);
        if (buffer == null || buffer.capacity() < size) {
            buffer = ByteBuffer.allocate(size);
        }
        buffer.clear().limit(size);
        int read = segment.read(buffer, position);
        bufferStart = position;
        bufferEnd = position + read;
        if (read < size) {
            throw new BrokenBatchException(position + read, "file ends before its recorded size");
        }
    }
}

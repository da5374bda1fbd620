package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;
import io.tributary.common.TopicPartition;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The segment decoder on arbitrary bytes: a read either returns records or fails with {@link CorruptRecordException},
 * nothing else, before and after recovery, which itself never fails on them. Records it returns are ones the bytes
 * hold: offsets strictly increasing from the one asked for and below the end offset, each within the offsets its
 * batch header declares (and with the header's time for a LogAppendTime batch), no more from a batch than the header
 * counts. Half of the inputs get their batch checksums recomputed, so the fuzzer gets past the CRC into the record
 * decoder. Batches of known records, encoded here, come back equal.
 *
 * <p>A normal test run replays the seeds in {@code SegmentDecoderFuzzTestInputs/}; {@code JAZZER_FUZZ=1} fuzzes
 * (see docs/reliability.md).
 */
class SegmentDecoderFuzzTest {

    private static final TopicPartition TP = new TopicPartition("fuzz", 0);
    private static final LogSettings SETTINGS = new LogSettings(new FlushPolicy.Durable(), 256, Clock.systemUTC(), LogMetrics.NONE);
    private static final int LOG_OVERHEAD = 12;
    private static final int CRC_POSITION = 17;
    private static final int ATTRIBUTES_POSITION = 21;
    private static final int MIN_BATCH = 61;
    private static final int LAST_OFFSET_DELTA_POSITION = 23;
    private static final int MAX_TIMESTAMP_POSITION = 35;
    private static final int RECORDS_COUNT_POSITION = 57;
    private static final int LOG_APPEND_TIME_FLAG = 0x08;
    private static final int MAX_RECORDS = 1000;

    /** Held: JUL keeps loggers weakly, and a collected one would forget its level. */
    private static final Logger RECOVERY_LOG = Logger.getLogger(LogManager.class.getName());
    private static Path dir;

    @BeforeAll
    static void quietRecovery() throws IOException {
        RECOVERY_LOG.setLevel(Level.OFF); // nearly every input is a repair: no log line each
        Path shm = Path.of("/dev/shm"); // fsyncs on tmpfs are free: thousands of inputs a second instead of dozens
        dir = Files.isWritable(shm) ? Files.createTempDirectory(shm, "segment-fuzz") : Files.createTempDirectory("segment-fuzz");
    }

    @AfterAll
    static void cleanUp() throws IOException {
        LogFiles.deleteRecursively(StorageIo.DEFAULT, dir);
    }

    @FuzzTest(maxDuration = "5m")
    void arbitrarySegmentBytesAreServedOrRefusedAsCorrupt(FuzzedDataProvider data) throws IOException {
        boolean sealed = data.consumeBoolean();
        long from = data.consumeLong(0, 100);
        long timestamp = data.consumeLong();
        byte[] bytes = data.consumeRemainingAsBytes();
        if (sealed) {
            sealBatches(bytes);
        }
        decode(bytes, from, timestamp);
    }

    @Test
    void knownRecordsComeBackEqualBeforeAndAfterRecovery() throws IOException {
        List<StoredRecord> written = new ArrayList<>();
        ByteArrayOutputStream segment = new ByteArrayOutputStream();
        long offset = 0;
        for (int batch = 0; batch < 3; batch++) {
            MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2,
                    Compression.NONE, TimestampType.CREATE_TIME, offset);
            for (int i = 0; i <= batch; i++, offset++) {
                StoredRecord r = new StoredRecord(offset, 1_700_000_000_000L + offset, i == 1 ? null : bytes("k" + offset),
                        bytes("{\"v\":" + offset + "}"), List.of(new RecordHeader("h" + i, i == 2 ? null : bytes("x" + offset))));
                builder.append(r.timestamp(), r.key(), r.value(), new Header[] {
                        new org.apache.kafka.common.header.internals.RecordHeader(r.headers().get(0).key(),
                                r.headers().get(0).value())});
                written.add(r);
            }
            ByteBuffer encoded = builder.build().buffer();
            segment.write(encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining());
        }

        for (long from : new long[] {0, 2, 5}) {
            List<List<StoredRecord>> reads = decode(segment.toByteArray(), from, 1_700_000_000_000L + from);
            List<StoredRecord> expected = written.subList((int) from, written.size());
            assertThat(reads).as("read from %d before and after recovery", from).hasSize(2)
                    .allSatisfy(records -> assertThat(records).usingRecursiveFieldByFieldElementComparator()
                            .containsExactlyElementsOf(expected));
        }
    }

    /** The reads of {@code bytes} as a segment, before and after recovery; a read refused as corrupt is left out. */
    private static List<List<StoredRecord>> decode(byte[] bytes, long from, long timestamp) throws IOException {
        List<List<StoredRecord>> reads = new ArrayList<>();
        Path log = LogFiles.logFile(dir, 0);
        Files.deleteIfExists(LogFiles.indexFile(dir, 0));
        Files.deleteIfExists(LogFiles.timeIndexFile(dir, 0));
        Files.write(log, bytes);

        try (FileChannel channel = FileChannel.open(log, LogFiles.READ_WRITE)) {
            Segment segment = new Segment(dir, 0, channel, OffsetIndex.empty(), TimeIndex.empty(), SETTINGS);
            segment.track(0, 0, Integer.MAX_VALUE - 1, -1, bytes.length); // as if all of it had been appended
            readOrRefuse(new LogView(List.of(segment), segment.mark()), bytes, from, timestamp).ifPresent(reads::add);
        }

        // recovery truncates what is torn or fails its checksum; a batch with a valid checksum but undecodable records
        // is kept (as Kafka does; truncating would also drop the valid batches after it) and refused by readers
        Segment recovered = new SegmentRecovery(SETTINGS, new RecoveryLog(false)).load(dir, 0, true, false);
        try {
            assertThat(recovered.size()).isLessThanOrEqualTo(bytes.length);
            byte[] kept = Arrays.copyOf(bytes, (int) recovered.size());
            readOrRefuse(new LogView(List.of(recovered), recovered.mark()), kept, from, timestamp).ifPresent(reads::add);
        } finally {
            recovered.closeQuietly();
        }
        return reads;
    }

    /** The records read from {@code from}, checked against {@code bytes}, the view's file; empty when refused. */
    private static Optional<List<StoredRecord>> readOrRefuse(LogView view, byte[] bytes, long from, long timestamp)
            throws IOException {
        LogReader reader = new LogReader(TP, 256);
        Optional<List<StoredRecord>> read;
        try {
            List<StoredRecord> records = reader.read(view, from, MAX_RECORDS, 1 << 20);
            assertHeldBy(records, bytes, from, view.endOffset());
            read = Optional.of(records);
        } catch (CorruptRecordException expected) {
            read = Optional.empty(); // refused, never served
        }
        try {
            OptionalLong found = reader.offsetForTimestamp(view, timestamp);
            found.ifPresent(o -> assertThat(o).as("offset for a timestamp").isNotNegative().isLessThan(view.endOffset()));
        } catch (CorruptRecordException expected) {
            // refused, never served
        }
        return read;
    }

    /** What a batch's header declares: offsets {@code base} to {@code last}, how many records, and the batch's time. */
    private record BatchHeader(int position, long base, long last, int count, boolean logAppendTime, long maxTimestamp) {

        boolean holds(long offset) {
            return offset >= base && offset <= last;
        }
    }

    /**
     * The records are ones {@code bytes} holds: offsets strictly increasing from {@code from} and below the end
     * offset, each inside the offsets of a batch the framing delimits, batches in file order, no more records from a
     * batch than its header counts, and the header's time on the records of a LogAppendTime batch.
     */
    private static void assertHeldBy(List<StoredRecord> records, byte[] bytes, long from, long endOffset) {
        assertThat(records).hasSizeLessThanOrEqualTo(MAX_RECORDS);
        assertThat(records).extracting(StoredRecord::offset).isSorted().doesNotHaveDuplicates()
                .allMatch(o -> o >= from && o < endOffset, "from " + from + " to below the end offset " + endOffset);
        List<BatchHeader> batches = headers(bytes);
        int batch = 0;
        int taken = 0;
        for (StoredRecord record : records) {
            // the records come in file order: from the current batch while it may hold them, else from a later one
            while (batch < batches.size() && !(batches.get(batch).holds(record.offset()) && taken < batches.get(batch).count())) {
                batch++;
                taken = 0;
            }
            assertThat(batch).as("a batch header declaring offset %d (batches %s)", record.offset(), batches)
                    .isLessThan(batches.size());
            BatchHeader header = batches.get(batch);
            taken++;
            boolean unambiguous = batches.stream().filter(h -> h.holds(record.offset())).count() == 1;
            if (header.logAppendTime() && unambiguous) {
                assertThat(record.timestamp()).as("LogAppendTime of %s", header).isEqualTo(header.maxTimestamp());
            }
        }
    }

    /** The batch headers the framing delimits, from the start of the file to the first that cannot be one. */
    private static List<BatchHeader> headers(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<BatchHeader> headers = new ArrayList<>();
        int position = 0;
        while (position + MIN_BATCH <= bytes.length) {
            int length = buffer.getInt(position + 8);
            if (length < MIN_BATCH - LOG_OVERHEAD || length > bytes.length - position - LOG_OVERHEAD) {
                break;
            }
            long base = buffer.getLong(position);
            headers.add(new BatchHeader(position, base, base + buffer.getInt(position + LAST_OFFSET_DELTA_POSITION),
                    buffer.getInt(position + RECORDS_COUNT_POSITION),
                    (buffer.getShort(position + ATTRIBUTES_POSITION) & LOG_APPEND_TIME_FLAG) != 0,
                    buffer.getLong(position + MAX_TIMESTAMP_POSITION)));
            position += LOG_OVERHEAD + length;
        }
        return headers;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Recomputes the CRC32C of every batch the framing delimits, as a writer of that (odd) batch would have. */
    static void sealBatches(byte[] bytes) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int position = 0;
        while (position + MIN_BATCH <= bytes.length) {
            int length = buffer.getInt(position + 8);
            if (length < MIN_BATCH - LOG_OVERHEAD || length > bytes.length - position - LOG_OVERHEAD) {
                return;
            }
            int end = position + LOG_OVERHEAD + length;
            CRC32C crc = new CRC32C();
            crc.update(bytes, position + ATTRIBUTES_POSITION, end - position - ATTRIBUTES_POSITION);
            buffer.putInt(position + CRC_POSITION, (int) crc.getValue());
            position = end;
        }
    }
}

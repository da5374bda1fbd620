package io.tributary.log;

import io.tributary.common.TopicPartition;
import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.CRC32C;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The segment decoder on arbitrary bytes: a read either returns records or fails with {@link CorruptRecordException},
 * nothing else, before and after recovery, which itself never fails on them. Half of the inputs get their batch
 * checksums recomputed, so the fuzzer gets past the CRC into the record decoder.
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
        LogFiles.deleteRecursively(dir);
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
        Path log = LogFiles.logFile(dir, 0);
        Files.deleteIfExists(LogFiles.indexFile(dir, 0));
        Files.deleteIfExists(LogFiles.timeIndexFile(dir, 0));
        Files.write(log, bytes);

        try (FileChannel channel = FileChannel.open(log, LogFiles.READ_WRITE)) {
            Segment segment = new Segment(dir, 0, channel, OffsetIndex.empty(), TimeIndex.empty(), SETTINGS);
            segment.track(0, 0, Integer.MAX_VALUE - 1, -1, bytes.length); // as if all of it had been appended
            readOrRefuse(new LogView(List.of(segment), segment.mark()), from, timestamp);
        }

        // recovery truncates what is torn or fails its checksum; a batch with a valid checksum but undecodable records
        // is kept (as Kafka does; truncating would also drop the valid batches after it) and refused by readers
        Segment recovered = new SegmentRecovery(SETTINGS, new RecoveryLog(false)).load(dir, 0, true);
        try {
            assertThat(recovered.size()).isLessThanOrEqualTo(bytes.length);
            readOrRefuse(new LogView(List.of(recovered), recovered.mark()), from, timestamp);
        } finally {
            recovered.closeQuietly();
        }
    }

    private static void readOrRefuse(LogView view, long from, long timestamp) throws IOException {
        LogReader reader = new LogReader(TP, 256);
        try {
            reader.read(view, from, 1000, 1 << 20);
        } catch (CorruptRecordException expected) {
            // refused, never served
        }
        try {
            reader.offsetForTimestamp(view, timestamp);
        } catch (CorruptRecordException expected) {
            // refused, never served
        }
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

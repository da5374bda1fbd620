package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.utils.internals.BufferSupplier;
import org.junit.jupiter.api.Test;

/**
 * What one cleaning keeps of a batch through Kafka's filterTo: batches with a producer id keep their header (producer
 * id, epoch, base sequence, base and last offset) while recent, as the idempotency memory needs.
 */
class CompactionFilterTest {

    private static final long NOW = 1_700_000_000_000L;
    private static final long DAY = Duration.ofDays(1).toMillis();

    private final OffsetMap map = new OffsetMap(1 << 16);

    private static ByteBuffer key(String key) {
        return ByteBuffer.wrap(key.getBytes(StandardCharsets.UTF_8));
    }

    /** A batch at {@code baseOffset} of records keyed as given (value "v"), by producer {@code producerId} or none (-1). */
    private static MemoryRecords batch(long baseOffset, long producerId, long timestamp, String... keys) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), RecordBatch.MAGIC_VALUE_V2,
                Compression.NONE, TimestampType.CREATE_TIME, baseOffset, RecordBatch.NO_TIMESTAMP, producerId,
                (short) (producerId < 0 ? -1 : 3), producerId < 0 ? -1 : 7);
        for (String key : keys) {
            builder.append(timestamp, key.getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8));
        }
        return builder.build();
    }

    private List<MutableRecordBatch> filter(MemoryRecords records, long lastOffsetOfRange) {
        return filter(records, lastOffsetOfRange, NOW - 2 * DAY);
    }

    /** Filters batches of a segment last written at {@code segmentWritten}. */
    private List<MutableRecordBatch> filter(MemoryRecords records, long lastOffsetOfRange, long segmentWritten) {
        CompactionFilter filter = new CompactionFilter(map, NOW, DAY, DAY, lastOffsetOfRange);
        filter.segment(segmentWritten);
        ByteBuffer out = records.filterTo(filter, ByteBuffer.allocate(1024), BufferSupplier.NO_CACHING, Integer.MAX_VALUE)
                .outputBuffer().flip();
        List<MutableRecordBatch> batches = new ArrayList<>();
        MemoryRecords.readableRecords(out).batches().forEach(batches::add);
        batches.forEach(RecordBatch::ensureValid);
        return batches;
    }

    @Test
    void aRecentProducerBatchWhoseRecordsAllGoKeepsItsHeader() {
        map.put(key("a"), 100);
        map.put(key("b"), 101);
        map.updateLatestOffset(200);

        List<MutableRecordBatch> kept = filter(batch(10, 42, NOW - 3_600_000, "a", "b"), 999);

        assertThat(kept).singleElement().satisfies(b -> {
            assertThat(b.countOrNull()).isZero();
            assertThat(b.producerId()).isEqualTo(42);
            assertThat(b.producerEpoch()).isEqualTo((short) 3);
            assertThat(b.baseSequence()).isEqualTo(7);
            assertThat(b.baseOffset()).isEqualTo(10);
            assertThat(b.lastOffset()).isEqualTo(11);
            assertThat(b.lastSequence()).isEqualTo(8);
        });
    }

    @Test
    void aProducerBatchOlderThanTheWindowOrOneWithoutProducerGoesWithItsRecords() {
        map.put(key("a"), 100);
        map.updateLatestOffset(200);

        assertThat(filter(batch(10, 42, NOW - DAY - 1, "a"), 999)).isEmpty();
        assertThat(filter(batch(10, -1, NOW, "a"), 999)).isEmpty();
    }

    @Test
    void aProducerBatchWithOldTimestampsInASegmentWrittenWithinTheWindowKeepsItsHeader() {
        map.put(key("a"), 100);
        map.updateLatestOffset(200);

        assertThat(filter(batch(10, 42, NOW - 30 * DAY, "a"), 999, NOW - 60_000)).singleElement()
                .satisfies(b -> assertThat(b.producerId()).isEqualTo(42));
    }

    @Test
    void aProducerBatchWithSomeRecordsLeftIsRebuiltWithItsOffsetsAndProducerFields() {
        map.put(key("a"), 100);
        map.put(key("c"), 32);
        map.updateLatestOffset(200);

        List<MutableRecordBatch> kept = filter(batch(30, 42, NOW, "a", "b", "c"), 999);

        assertThat(kept).singleElement().satisfies(b -> {
            assertThat(b.baseOffset()).isEqualTo(30);
            assertThat(b.lastOffset()).as("the last offset, and so the last sequence, stay").isEqualTo(32);
            assertThat(b.producerId()).isEqualTo(42);
            assertThat(b.baseSequence()).isEqualTo(7);
            List<String> records = new ArrayList<>();
            for (Record r : b) {
                records.add(r.offset() + ":" + StandardCharsets.UTF_8.decode(r.key()));
            }
            assertThat(records).as("b: never seen by the map, so its latest").containsExactly("31:b", "32:c");
        });
    }

    @Test
    void theLastBatchOfTheCleanedRangeStaysAsAHeaderSoTheSegmentEndsWhereItDid() {
        map.put(key("a"), 100);
        map.updateLatestOffset(200);

        assertThat(filter(batch(50, -1, NOW, "a", "a"), 51)).singleElement().satisfies(b -> {
            assertThat(b.countOrNull()).isZero();
            assertThat(b.baseOffset()).isEqualTo(50);
            assertThat(b.lastOffset()).isEqualTo(51);
        });
    }

    @Test
    void recordsPastTheMappedPartStayAndATombstoneGetsItsDeleteHorizon() {
        map.updateLatestOffset(20);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024), Compression.NONE,
                TimestampType.CREATE_TIME, 10);
        builder.append(NOW - 5, "a".getBytes(StandardCharsets.UTF_8), null);
        CompactionFilter filter = new CompactionFilter(map, NOW, DAY, DAY, 999);
        ByteBuffer out = builder.build().filterTo(filter, ByteBuffer.allocate(1024), BufferSupplier.NO_CACHING,
                Integer.MAX_VALUE).outputBuffer().flip();

        MutableRecordBatch batch = MemoryRecords.readableRecords(out).batches().iterator().next();
        assertThat(filter.horizonsSet()).isTrue();
        assertThat(batch.deleteHorizonMs()).hasValue(NOW + DAY);
        Record tombstone = batch.iterator().next();
        assertThat(tombstone.timestamp()).as("the record's own timestamp survives the new base timestamp").isEqualTo(NOW - 5);
        assertThat(tombstone.hasValue()).isFalse();
    }
}

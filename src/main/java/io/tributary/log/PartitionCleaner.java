package io.tributary.log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.internals.BufferSupplier;

/**
 * One cleaning of one compacted partition, as Kafka's {@code Cleaner.doClean}:
 * <ol>
 *   <li>build the offset map (key to latest offset) of the dirty part, from the checkpoint to the first uncleanable
 *       offset ({@link CleanableRange}), stopping at a batch boundary if the map fills up;</li>
 *   <li>clean every closed segment from the log start up to where the map ends, in groups of consecutive segments
 *       that fit one segment (segment.bytes, int32 relative offsets): each group is filtered batch by batch through
 *       Kafka's {@code MemoryRecords.filterTo} with a {@link CompactionFilter} into {@code <base>.log.cleaned}, whose
 *       indexes are built as it is written, then swapped in ({@link PartitionLog#replaceSegments});</li>
 *   <li>move the checkpoint to where the map ended.</li>
 * </ol>
 * Offsets never change: kept batches keep their base and last offsets and headers (producer id, epoch, sequence), so
 * the cleaned partition has gaps. Every batch read is checksum-verified first: rebuilding a batch would give damaged
 * bytes a valid checksum. Not thread-safe: the caller holds the partition's cleaning lock.
 */
final class PartitionCleaner {

    private static final int READ_CHUNK = 1 << 20;
    private static final int WRITE_CHUNK = 1 << 20;

    private final PartitionLog log;
    private final TopicConfig config;
    private final LogSettings settings;
    private final OffsetMap map;
    private final Throttler throttler;
    private final BooleanSupplier stopping;
    private final long now;

    /** @param stopping true when the cleaning should give up (the engine closes) */
    PartitionCleaner(PartitionLog log, LogSettings settings, OffsetMap map, Throttler throttler, BooleanSupplier stopping) {
        this.log = log;
        this.config = log.config();
        this.settings = settings;
        this.map = map;
        this.throttler = throttler;
        this.stopping = () -> stopping.getAsBoolean() || !log.isOpen();
        this.now = settings.expiryNow();
    }

    /** Thrown when the engine closes or the partition goes away during a cleaning: nothing to report. */
    static final class Aborted extends RuntimeException {
        Aborted() {
            super(null, null, false, false);
        }
    }

    CleaningResult clean() throws IOException {
        long started = System.nanoTime();
        LogView view = log.view();
        List<Segment> closed = view.segments().subList(0, view.segments().size() - 1);
        CleanableRange range = CleanableRange.of(view, config, log.cleanerState().checkpoint(), now);
        buildOffsetMap(closed, range);
        long end = map.latestOffset() + 1;
        Totals totals = new Totals();
        for (List<Segment> group : groups(closed.stream().filter(s -> s.baseOffset() < end).toList())) {
            cleanGroup(group, totals);
        }
        CleanerCheckpoint checkpoint = new CleanerCheckpoint(end, totals.tombstonesExpireAt);
        checkpoint.write(settings.storage(), log.directory());
        log.cleanerState().checkpoint(checkpoint);
        return new CleaningResult(log.topicPartition(), Instant.ofEpochMilli(settings.clock().millis()), totals.bytesCleaned,
                totals.bytesReclaimed, totals.recordsRemoved, totals.segmentsBefore, totals.segmentsAfter,
                System.nanoTime() - started);
    }

    private void buildOffsetMap(List<Segment> closed, CleanableRange range) throws IOException {
        long firstDirty = range.firstDirty();
        map.clear(firstDirty - 1);
        for (Segment segment : closed) {
            if (segment.nextOffset() <= firstDirty) {
                continue;
            }
            if (segment.baseOffset() >= range.firstUncleanable()) {
                return;
            }
            long from = firstDirty > segment.baseOffset() ? segment.offsetIndex().lookup(firstDirty - segment.baseOffset()) : 0;
            BatchScanner scanner = new BatchScanner(segment, from, segment.size(), READ_CHUNK);
            for (MutableRecordBatch batch = next(scanner, segment); batch != null; batch = next(scanner, segment)) {
                if (batch.lastOffset() < firstDirty) {
                    continue;
                }
                verify(batch, segment, scanner);
                Integer count = batch.countOrNull();
                if (count != null && map.size() + count > map.maxEntries()) {
                    if (map.latestOffset() < firstDirty) {
                        throw new IllegalStateException("the offset map (tributary.compaction.dedupe-buffer-size) cannot "
                                + "hold the " + count + " records of one batch of " + segment);
                    }
                    return; // full: clean up to here, the next cleaning goes on from here
                }
                for (Record record : batch) {
                    if (record.hasKey() && record.offset() >= firstDirty) {
                        map.put(record.key(), record.offset());
                    }
                }
                map.updateLatestOffset(batch.lastOffset());
                throttler.acquire(batch.sizeInBytes(), stopping);
            }
        }
    }

    /** Consecutive segments that together fit one segment: at most segment.bytes, offsets within int32 of the base. */
    private List<List<Segment>> groups(List<Segment> segments) {
        List<List<Segment>> groups = new ArrayList<>();
        List<Segment> group = new ArrayList<>();
        long size = 0;
        for (Segment segment : segments) {
            boolean fits = group.isEmpty() || (size + segment.size() <= config.segmentBytes()
                    && group.get(0).canHold(segment.nextOffset() - 1));
            if (!fits) {
                groups.add(group);
                group = new ArrayList<>();
                size = 0;
            }
            group.add(segment);
            size += segment.size();
        }
        if (!group.isEmpty()) {
            groups.add(group);
        }
        return groups;
    }

    private void cleanGroup(List<Segment> group, Totals totals) throws IOException {
        Segment last = group.get(group.size() - 1);
        Segment cleaned = Segment.createCleaned(log.directory(), group.get(0).baseOffset(), settings);
        boolean swapped = false;
        try {
            CompactionFilter filter = new CompactionFilter(map, now, config.deleteRetentionMs(),
                    settings.idempotency().window().toMillis(), last.nextOffset() - 1);
            Output out = new Output(cleaned);
            long before = 0;
            long read = 0;
            long retained = 0;
            FileTime lastWritten = FileTime.fromMillis(0);
            for (Segment source : group) {
                before += source.size();
                FileTime written = lastWritten(source);
                lastWritten = written.compareTo(lastWritten) > 0 ? written : lastWritten;
                filter.segment(written.toMillis());
                BatchScanner scanner = new BatchScanner(source, 0, source.size(), READ_CHUNK);
                for (MutableRecordBatch batch = next(scanner, source); batch != null; batch = next(scanner, source)) {
                    verify(batch, source, scanner);
                    MemoryRecords.FilterResult result = scanner.batchRecords()
                            .filterTo(filter, out.buffer, BufferSupplier.NO_CACHING, Integer.MAX_VALUE);
                    out.buffer = result.outputBuffer();
                    read += result.messagesRead();
                    retained += result.messagesRetained();
                    throttler.acquire(batch.sizeInBytes(), stopping);
                    if (out.buffer.position() >= WRITE_CHUNK) {
                        out.flush();
                    }
                }
            }
            out.flush();
            cleaned.force();
            // the time of the last append to these records, as the memory of idempotent appends reads it after a start
            Files.setLastModifiedTime(cleaned.logFile(), lastWritten);
            totals.bytesCleaned += before;
            totals.tombstonesExpireAt = Math.min(totals.tombstonesExpireAt, out.tombstonesExpireAt);
            boolean changed = group.size() > 1 || retained != read || cleaned.size() != before || filter.horizonsSet();
            if (changed && replace(group, cleaned)) {
                swapped = true;
                totals.bytesReclaimed += before - cleaned.size();
                totals.recordsRemoved += read - retained;
                totals.segmentsBefore += group.size();
                totals.segmentsAfter++;
            }
        } finally {
            if (!swapped) {
                discard(cleaned);
            }
        }
    }

    /** When the segment's file was last written; a segment retention removed meanwhile ends this cleaning. */
    private static FileTime lastWritten(Segment segment) throws IOException {
        try {
            return Files.getLastModifiedTime(segment.logFile());
        } catch (NoSuchFileException e) {
            throw new Aborted();
        }
    }

    /** The swap; a failure after its commit point leaves the partition to the next open's recovery. */
    private boolean replace(List<Segment> group, Segment cleaned) throws IOException {
        try {
            return log.replaceSegments(group, cleaned);
        } catch (IOException e) {
            if (!isCleanedCopy(cleaned)) {
                log.cleanerState().markUncleanable("a segment swap failed after its commit point (" + e
                        + "); the next start completes it");
                settings.failureListener().storageFailed(log.topicPartition(), e, false);
            }
            throw e;
        }
    }

    /** Closes a cleaned copy that was not swapped in; deletes it unless a swap got past its commit point. */
    private void discard(Segment cleaned) {
        cleaned.closeQuietly();
        if (isCleanedCopy(cleaned)) {
            try {
                settings.storage().delete(cleaned.logFile());
            } catch (IOException e) {
                // removed at the next open
            }
        }
    }

    private static boolean isCleanedCopy(Segment segment) {
        return segment.logFile().getFileName().toString().endsWith(LogFiles.CLEANED_SUFFIX);
    }

    private MutableRecordBatch next(BatchScanner scanner, Segment segment) throws IOException {
        if (stopping.getAsBoolean()) {
            throw new Aborted();
        }
        try {
            return scanner.next();
        } catch (BatchScanner.BrokenBatchException e) {
            throw corrupt(segment, e.getMessage());
        }
    }

    private void verify(MutableRecordBatch batch, Segment segment, BatchScanner scanner) {
        try {
            batch.ensureValid();
        } catch (KafkaException e) {
            throw corrupt(segment, "batch at position " + scanner.batchPosition() + " failed its checksum (" + e.getMessage() + ")");
        }
    }

    private CorruptRecordException corrupt(Segment segment, String detail) {
        return new CorruptRecordException("Corrupt data in " + log.topicPartition() + " segment "
                + LogFiles.segmentName(segment.baseOffset()) + ", not cleaned: " + detail);
    }

    /** The cleaned copy's write buffer: whole batches, written in chunks and accounted to the segment's indexes. */
    private final class Output {
        private final Segment segment;
        ByteBuffer buffer = ByteBuffer.allocate(WRITE_CHUNK);
        long tombstonesExpireAt = Long.MAX_VALUE;

        Output(Segment segment) {
            this.segment = segment;
        }

        void flush() throws IOException {
            buffer.flip();
            long position = segment.size();
            int at = 0;
            for (MutableRecordBatch batch : MemoryRecords.readableRecords(buffer.duplicate()).batches()) {
                segment.track(position + at, batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp(), batch.sizeInBytes());
                if (batch.deleteHorizonMs().isPresent()) {
                    tombstonesExpireAt = Math.min(tombstonesExpireAt, batch.deleteHorizonMs().getAsLong());
                }
                at += batch.sizeInBytes();
            }
            segment.write(buffer, position);
            throttler.acquire(at, stopping);
            buffer.clear();
        }
    }

    private static final class Totals {
        long bytesCleaned;
        long bytesReclaimed;
        long recordsRemoved;
        int segmentsBefore;
        int segmentsAfter;
        long tombstonesExpireAt = Long.MAX_VALUE;
    }
}

package io.tributary.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.common.record.internal.MutableRecordBatch;

/**
 * Puts a cleaned segment in the place of the closed segments it was cleaned from, so that a crash at any point leaves
 * either all the old segments or the cleaned one, never a mix: Kafka's {@code .cleaned} / {@code .swap} protocol.
 * <ol>
 *   <li>The cleaner wrote and fsynced {@code <base>.log.cleaned} (base: the first old segment's base offset). A crash
 *       now: the next open deletes it; the old segments are untouched.</li>
 *   <li>Rename it to {@code <base>.log.swap}, fsync the directory. <b>The commit point</b>: from here the next open
 *       completes the swap.</li>
 *   <li>Rename every old segment's files to {@code *.deleted}, fsync the directory.</li>
 *   <li>Rename {@code .swap} to {@code <base>.log}, fsync the directory.</li>
 *   <li>Write the cleaned segment's indexes (a crash before: the open rebuilds missing indexes from the log).</li>
 * </ol>
 * Completing a swap at open ({@link #recover}): every segment file (log, indexes, {@code .deleted} or not) whose base
 * offset lies in the swap file's offset range is deleted, those are the old segments, then step 4 runs. The swap
 * file's range is read from its batches: the cleaner keeps the last batch of the range (at least as a header), so it
 * ends exactly where the old segments did.
 */
final class SegmentSwap {

    private SegmentSwap() {
    }

    /** Steps 2 to 5; the caller holds the partition's maintenance lock. */
    static void commit(StorageIo io, Path dir, List<Segment> olds, Segment cleaned) throws IOException {
        long base = cleaned.baseOffset();
        Path swap = LogFiles.withSuffix(LogFiles.logFile(dir, base), LogFiles.SWAP_SUFFIX);
        io.move(cleaned.logFile(), swap);
        cleaned.movedTo(swap);
        LogFiles.fsyncDirectory(io, dir);
        for (Segment old : olds) {
            old.markDeleted();
        }
        LogFiles.fsyncDirectory(io, dir);
        Path log = LogFiles.logFile(dir, base);
        io.move(swap, log);
        cleaned.movedTo(log);
        LogFiles.fsyncDirectory(io, dir);
        cleaned.writeIndexes();
    }

    /**
     * At open, before the segments are listed: deletes unfinished cleaned copies and completes committed swaps.
     * Returns what it did, one line each, for the recovery report.
     */
    static List<String> recover(Path dir, LogSettings settings) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.sorted().toList();
        }
        List<String> repairs = new ArrayList<>();
        String partition = dir.getFileName().toString();
        for (Path file : files) {
            String name = file.getFileName().toString();
            if (name.endsWith(LogFiles.CLEANED_SUFFIX)) {
                settings.storage().delete(file);
                repairs.add("removed " + partition + "/" + name + " of a cleaning that did not finish");
            } else if (name.endsWith(LogFiles.SWAP_SUFFIX)) {
                long base = LogFiles.baseOffsetOf(file.resolveSibling(name.substring(0, name.length()
                        - LogFiles.SWAP_SUFFIX.length())), LogFiles.LOG_SUFFIX);
                if (base >= 0) {
                    repairs.add(complete(dir, file, base, files, settings));
                }
            }
        }
        if (!repairs.isEmpty()) {
            LogFiles.fsyncDirectory(settings.storage(), dir);
        }
        return repairs;
    }

    private static String complete(Path dir, Path swap, long base, List<Path> files, LogSettings settings) throws IOException {
        long end = endOffset(dir, swap, base, settings);
        if (end <= base) { // never written so: the old segments were never renamed (the cleaner keeps a batch)
            settings.storage().delete(swap);
            return "removed empty swap file " + dir.getFileName() + "/" + swap.getFileName();
        }
        int replaced = 0;
        for (Path file : files) {
            long fileBase = LogFiles.segmentBaseOffsetOf(file);
            if (fileBase >= base && fileBase < end && !file.equals(swap)) {
                settings.storage().delete(file);
                replaced += LogFiles.isSegmentLog(file) ? 1 : 0;
            }
        }
        LogFiles.fsyncDirectory(settings.storage(), dir);
        settings.storage().move(swap, LogFiles.logFile(dir, base));
        return "completed the swap of cleaned segment " + dir.getFileName() + "/" + LogFiles.segmentName(base)
                + " (offsets " + base + " to " + (end - 1) + ", replacing " + replaced + " segment(s))";
    }

    /** The offset after the swap file's last batch; a torn tail (never expected: it was fsynced) ends the scan. */
    private static long endOffset(Path dir, Path swap, long base, LogSettings settings) throws IOException {
        FileChannel channel = settings.storage().open(swap, Set.of(StandardOpenOption.READ));
        Segment segment = new Segment(dir, base, channel, OffsetIndex.empty(), TimeIndex.empty(), settings);
        long end = base;
        try {
            BatchScanner scanner = new BatchScanner(segment, 0, channel.size(), 1 << 20);
            for (MutableRecordBatch batch = scanner.next(); batch != null; batch = scanner.next()) {
                end = batch.lastOffset() + 1;
            }
        } catch (BatchScanner.BrokenBatchException e) {
            // what was readable stands
        } finally {
            segment.closeQuietly();
        }
        return end;
    }
}

package io.tributary.log;

import static io.tributary.log.TestLogs.records;
import static io.tributary.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * What thousands of partitions need of the engine: topics created in parallel, a clean stop that fsyncs only what is
 * not durable yet, a start that opens partitions on several threads, and the active segment's index files written at
 * close or after a crash only when they lag far behind the log, with every read correct whichever way it was opened.
 */
class ManyPartitionsTest extends LogDirectoryTest {

    /** Counts the fsyncs of each file: the test disk sees every channel the engine opens. */
    private final Map<String, AtomicInteger> fsyncs = new ConcurrentHashMap<>();

    private final StorageIo countingFsyncs = new StorageIo() {
        @Override
        public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
            String name = path.getParent().getFileName() + "/" + path.getFileName();
            return new ForwardingFileChannel(StorageIo.DEFAULT.open(path, options)) {
                @Override
                public void force(boolean metaData) throws IOException {
                    fsyncs.computeIfAbsent(name, n -> new AtomicInteger()).incrementAndGet();
                    delegate.force(metaData);
                }
            };
        }
    };

    private LogManager open() {
        return openManager(TestLogs.settings(clock).withStorage(countingFsyncs).withRecoveryThreads(4));
    }

    private int segmentFileFsyncs() {
        return fsyncs.entrySet().stream()
                .filter(e -> e.getKey().endsWith(".log") || e.getKey().endsWith(".index") || e.getKey().endsWith(".timeindex"))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    @Test
    void topicsAreCreatedInParallelAndEachNameOnlyOnce() throws Exception {
        open();
        int topics = 40;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch go = new CountDownLatch(1);
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        try {
            List<Future<?>> attempts = new ArrayList<>();
            for (int attempt = 0; attempt < 2 * topics; attempt++) { // every name twice, at the same time
                String name = "t" + attempt % topics;
                attempts.add(pool.submit(() -> {
                    go.await();
                    try {
                        manager.createTopic(name, 3, TestLogs.DEFAULT_CONFIG);
                        created.add(name);
                    } catch (TopicExistsException e) {
                        refused.incrementAndGet();
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : attempts) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(created).hasSize(topics).doesNotHaveDuplicates();
        assertThat(refused).hasValue(topics);
        manager.requireTopic("t7").partition(2).append(records("v", 0, 3));
        manager.close();
        open();
        assertThat(manager.topics()).hasSize(topics).allSatisfy(t -> assertThat(t.partitionCount()).isEqualTo(3));
        assertThat(manager.recoveryReport().repairs()).isEmpty();
        assertThat(values(manager.requireTopic("t7").partition(2).read(0, 10, 1 << 20))).containsExactly("v0", "v1", "v2");
    }

    @Test
    void aCleanStopFsyncsNoPartitionWhoseWritesAreDurableAndTheStartAfterReadsThemAll() {
        open();
        for (int t = 0; t < 20; t++) {
            TopicLog topic = manager.createTopic("t" + t, 5, TestLogs.DEFAULT_CONFIG);
            for (PartitionLog p : topic.partitions()) {
                for (int i = 0; i < 30; i++) { // 30 batches past a 256-byte index interval: index entries in memory
                    p.append(records(p.topicPartition().dirName() + "-", i, 1));
                }
            }
        }
        fsyncs.clear();

        manager.close();

        assertThat(segmentFileFsyncs()).as("fsyncs of segment and index files at close: %s", fsyncs).isZero();
        assertThat(indexFiles()).as("the tails are small: no index file rewritten").isEmpty();
        open();
        assertThat(manager.recoveryReport().cleanShutdown()).isTrue();
        assertThat(manager.recoveryReport().segmentsScanned()).isZero();
        assertThat(manager.recoveryReport().repairs()).isEmpty();
        for (TopicLog topic : manager.topics()) {
            for (PartitionLog p : topic.partitions()) {
                assertThat(p.endOffset()).isEqualTo(30);
                for (int from = 0; from < 30; from++) { // index lookups at every offset, from the index rebuilt by the scan
                    assertThat(values(p.read(from, 100, 1 << 20)))
                            .containsExactlyElementsOf(TestLogs.valueStrings(p.topicPartition().dirName() + "-", from, 30 - from));
                }
            }
        }
    }

    @Test
    void aLongUnindexedTailGetsItsIndexFilesAtCloseAndTheStartScansOnlyWhatFollowsThem() throws IOException {
        open();
        PartitionLog log = manager.createTopic("big", 1, TestLogs.DEFAULT_CONFIG).partition(0);
        int batches = appendPast(log, PartitionLog.MAX_UNINDEXED_BYTES_AT_CLOSE + 1, 0);
        fsyncs.clear();

        manager.close();

        assertThat(indexFiles()).hasSize(2);
        assertThat(fsyncs.get("big-0/00000000000000000000.index")).hasValue(1);
        assertThat(fsyncs.get("big-0/00000000000000000000.timeindex")).hasValue(1);
        assertThat(fsyncs).doesNotContainKey("big-0/00000000000000000000.log"); // durable already: every append fsynced it
        PartitionLog reopened = open().requireTopic("big").partition(0);
        assertThat(reopened.endOffset()).isEqualTo(batches);
        assertThat(TestLogs.readAll(reopened, 0)).hasSize(batches);
    }

    @Test
    void anIntactActiveSegmentScannedAfterACrashGetsItsIndexFilesAtTheNextCleanCloseAndEveryStartReadsCorrectly()
            throws IOException {
        open();
        PartitionLog log = manager.createTopic("c", 1, TestLogs.DEFAULT_CONFIG).partition(0);
        int first = appendPast(log, PartitionLog.MAX_UNINDEXED_BYTES_AT_CLOSE + 1, 0);
        manager.close(); // writes the index files: they cover the first part
        byte[] indexBefore = Files.readAllBytes(dir.resolve("c-0/00000000000000000000.index"));
        log = open().requireTopic("c").partition(0);
        int second = appendPast(log, 64 << 10, first); // durable, but the process dies before a clean stop
        manager.close();
        TestLogs.deleteMarker(dir);
        fsyncs.clear();

        log = open().requireTopic("c").partition(0);

        assertThat(manager.recoveryReport().segmentsScanned()).isEqualTo(1);
        assertThat(manager.recoveryReport().repairs()).isEmpty();
        assertThat(fsyncs).doesNotContainKeys("c-0/00000000000000000000.index", "c-0/00000000000000000000.timeindex");
        assertThat(Files.readAllBytes(dir.resolve("c-0/00000000000000000000.index"))).isEqualTo(indexBefore);
        assertEveryOffsetReads(log, first + second);
        fsyncs.clear();
        manager.close(); // the tail is short, but recovery did not check the old files: rewritten, whatever they hold
        assertThat(fsyncs.get("c-0/00000000000000000000.index")).hasValue(1);
        assertThat(Files.readAllBytes(dir.resolve("c-0/00000000000000000000.index"))).isNotEqualTo(indexBefore);
        log = open().requireTopic("c").partition(0);
        assertThat(manager.recoveryReport().segmentsScanned()).isZero();
        assertEveryOffsetReads(log, first + second);
        int third = appendPast(log, 8 << 10, first + second);
        assertEveryOffsetReads(log, first + second + third);
    }

    @Test
    void indexFilesRecoveryDidNotCheckAreRewrittenAtTheNextCleanClose() throws IOException {
        open();
        PartitionLog log = manager.createTopic("d", 1, TestLogs.DEFAULT_CONFIG).partition(0);
        int first = appendPast(log, 8 << 10, 0); // short: a clean close leaves it without index files
        manager.close();
        // index files of the active segment that do not match the log (an older version wrote them at every close;
        // a crash cut the write short), then a crash
        Files.write(dir.resolve("d-0/00000000000000000000.index"), ByteBuffer.allocate(8).putInt(1).putInt(5000).array());
        Files.write(dir.resolve("d-0/00000000000000000000.timeindex"), ByteBuffer.allocate(12).putLong(1).putInt(1).array());
        TestLogs.deleteMarker(dir);

        log = open().requireTopic("d").partition(0);
        assertThat(manager.recoveryReport().repairs()).isEmpty(); // scanned whole: the files were not read
        assertEveryOffsetReads(log, first);
        int second = appendPast(log, 2 << 10, first);
        manager.close(); // a short tail, but files recovery did not check: rewritten

        log = open().requireTopic("d").partition(0);
        assertThat(manager.recoveryReport().cleanShutdown()).isTrue();
        assertThat(manager.recoveryReport().repairs()).as("a clean start trusted nothing damaged").isEmpty();
        assertEveryOffsetReads(log, first + second);
    }

    /** Appends single-record batches of about 1 KiB ("v<n>") until the partition grew by {@code bytes}. */
    private int appendPast(PartitionLog log, long bytes, int from) {
        long start = log.sizeInBytes();
        int n = from;
        while (log.sizeInBytes() - start <= bytes) {
            clock.advance(java.time.Duration.ofMillis(1));
            log.append(List.of(new NewRecord(null, TestLogs.bytes("v" + n + "-" + "x".repeat(1000)), List.of(), -1)));
            n++;
        }
        return n - from;
    }

    private void assertEveryOffsetReads(PartitionLog log, int records) {
        assertThat(log.endOffset()).isEqualTo(records);
        for (int offset = 0; offset < records; offset += 7) {
            assertThat(values(log.read(offset, 1, 1 << 20))).singleElement().asString().startsWith("v" + offset + "-");
            long timestamp = log.read(offset, 1, 1 << 20).records().get(0).timestamp();
            assertThat(log.offsetForTimestamp(timestamp)).hasValue(offset);
        }
    }

    private List<Path> indexFiles() {
        try (var files = Files.walk(dir)) {
            return files.filter(f -> f.toString().endsWith(".index") || f.toString().endsWith(".timeindex")).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

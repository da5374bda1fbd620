package io.tributary.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One cleaning of a never-cleaned compacted partition: 64 MiB in closed segments of 8 MiB, batches of 100 records of
 * 200-byte values over 20,000 keys (so about 15 versions of each), on a fresh copy of the same files each time. Time
 * per cleaning; the MB/s of segments cleaned is the bytes printed at setup over it. {@code maxBytesPerSecond}: the
 * cleaner's I/O limit (0: none), which counts every byte it reads and writes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class CleanerBenchmark {

    private static final int KEYS = 20_000;
    private static final long DATA_BYTES = 64L << 20;

    @Param({"0", "52428800"})
    public long maxBytesPerSecond;

    private Path template;
    private Path dir;
    private LogManager manager;

    @Setup(Level.Trial)
    public void writeTemplate() throws Exception {
        template = BenchmarkLogs.tempDir();
        try (LogManager writer = LogManager.open(template, settings(CleanerSettings.UNLIMITED))) {
            PartitionLog partition = writer.createTopic("bench", 1, BenchmarkLogs.CONFIG.with(Map.of(
                    TopicConfig.CLEANUP_POLICY, "compact", TopicConfig.SEGMENT_BYTES, Integer.toString(8 << 20)))).partition(0);
            Random random = new Random(42);
            while (partition.sizeInBytes() < DATA_BYTES + (8 << 20)) {
                List<NewRecord> batch = new ArrayList<>(100);
                for (int i = 0; i < 100; i++) {
                    byte[] value = new byte[200];
                    random.nextBytes(value);
                    batch.add(new NewRecord(("key-" + random.nextInt(KEYS)).getBytes(), value, List.of(), -1));
                }
                partition.append(batch);
            }
            long closed = partition.view().segments().stream().limit(partition.segmentCount() - 1).mapToLong(Segment::size).sum();
            System.out.printf("%nCleanerBenchmark: %d bytes in %d closed segments%n", closed, partition.segmentCount() - 1);
        }
    }

    private LogSettings settings(long limit) {
        return new LogSettings(new FlushPolicy.Interval(Duration.ofSeconds(1)), 4096, java.time.Clock.systemUTC(),
                LogMetrics.NONE).withCleaner(new CleanerSettings(0, limit, Duration.ofSeconds(15), 128L << 20));
    }

    @Setup(Level.Invocation)
    public void copyTemplate() throws Exception {
        dir = BenchmarkLogs.tempDir();
        try (Stream<Path> files = Files.walk(template)) {
            for (Path source : files.toList()) {
                Path target = dir.resolve(template.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
        manager = LogManager.open(dir, settings(maxBytesPerSecond == 0 ? CleanerSettings.UNLIMITED : maxBytesPerSecond));
    }

    @Benchmark
    public List<CleaningResult> clean() {
        List<CleaningResult> results = manager.cleaner().cleanNow();
        if (results.size() != 1) {
            throw new IllegalStateException("expected one cleaning, got " + results);
        }
        return results;
    }

    @TearDown(Level.Invocation)
    public void dropCopy() throws Exception {
        manager.close();
        BenchmarkLogs.delete(dir);
    }

    @TearDown(Level.Trial)
    public void dropTemplate() throws Exception {
        BenchmarkLogs.delete(template);
    }
}

package io.tributary.log;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Reads by offset from a partition of 1M records of 100 bytes (in batches of 100, several segments): index lookup,
 * bounded scan, checksum check and decoding. Reads per second at a random offset.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReadBenchmark {

    private static final int RECORDS = 1_000_000;

    @Param({"1", "100", "1000"})
    public int maxRecords;

    private Path dir;
    private LogManager manager;
    private PartitionLog partition;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = BenchmarkLogs.tempDir();
        manager = BenchmarkLogs.open(dir, "interval");
        TopicConfig config = BenchmarkLogs.CONFIG.with(java.util.Map.of(TopicConfig.SEGMENT_BYTES, Integer.toString(32 << 20)));
        partition = manager.createTopic("bench", 1, config).partition(0);
        var batch = BenchmarkLogs.batch(100, 100);
        for (int i = 0; i < RECORDS / 100; i++) {
            partition.append(batch);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        manager.close();
        BenchmarkLogs.delete(dir);
    }

    @Benchmark
    public LogReadResult readAtRandomOffset() {
        long offset = ThreadLocalRandom.current().nextLong(RECORDS - maxRecords);
        return partition.read(offset, maxRecords, 1 << 20);
    }
}

package io.tributary.log;

import java.nio.file.Path;
import java.util.List;
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
import org.openjdk.jmh.annotations.Threads;

/**
 * Appends to one partition: one batch per operation, as one produce request for one partition becomes. Throughput in
 * batches per second; multiply by {@code batchSize} for records per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AppendBenchmark {

    @Param({"durable", "interval"})
    public String flush;

    @Param({"100", "1024"})
    public int recordBytes;

    @Param({"1", "100", "1000"})
    public int batchSize;

    private Path dir;
    private LogManager manager;
    private PartitionLog partition;
    private List<NewRecord> batch;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = BenchmarkLogs.tempDir();
        manager = BenchmarkLogs.open(dir, flush);
        partition = manager.createTopic("bench", 1, BenchmarkLogs.CONFIG).partition(0);
        batch = BenchmarkLogs.batch(batchSize, recordBytes);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        manager.close();
        BenchmarkLogs.delete(dir);
    }

    @Benchmark
    public AppendResult append() {
        return partition.append(batch);
    }

    /** Eight producers on one partition: with the durable policy they share fsyncs (group commit). */
    @Benchmark
    @Threads(8)
    public AppendResult append8Threads() {
        return partition.append(batch);
    }
}

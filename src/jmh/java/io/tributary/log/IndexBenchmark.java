package io.tributary.log;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Offset index lookup: the file position of the batch holding a random offset, in a segment's in-memory sparse index.
 * 262,144 entries is a full 1 GiB segment at the default index interval of 4 KiB.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class IndexBenchmark {

    private static final int RECORDS_PER_ENTRY = 40; // about 4 KiB of 100-byte records

    @Param({"1000", "262144"})
    public int entries;

    private OffsetIndex index;

    @Setup
    public void setUp() {
        index = OffsetIndex.empty();
        for (int i = 0; i < entries; i++) {
            index.append(i * RECORDS_PER_ENTRY, i * 4096);
        }
    }

    @Benchmark
    public int lookup() {
        return index.lookup(ThreadLocalRandom.current().nextInt(entries * RECORDS_PER_ENTRY));
    }
}

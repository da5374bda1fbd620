package io.tributary.log;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import org.HdrHistogram.Histogram;

/**
 * Does the cost of an append or a read grow with the records already stored? One partition is filled in batches of
 * 1000 records of 100 bytes up to {@code -Dhistory.records} (default 100 million, about 10 GB: check free disk), and at
 * every power of ten on the way (from 1000) the latencies are sampled: a one-record append under the durable policy
 * (fsync) and under the interval policy, a read of one record and of 100 records at a random offset anywhere in the
 * history, and a read at the tail. Segments of 1 GiB as Kafka's default. The partition is reopened with each policy
 * at each checkpoint (a clean close), so every checkpoint also costs one open of the whole history.
 *
 * <p>{@code ./mvnw -B -Pjmh -DskipTests package exec:exec -Djmh.main=io.tributary.log.HistoryBenchmark -Djmh.args=
 * -Djmh.jvmArgs="-Xmx1g -Dhistory.records=100000000 -Dbench.dir=target/jmh-data"}
 */
public final class HistoryBenchmark {

    private static final int FILL_BATCH = 1000;
    private static final int RECORD_BYTES = 100;
    private static final TopicConfig CONFIG = new TopicConfig(-1, -1, 1 << 30, Long.MAX_VALUE / 2, 1 << 20,
            "CreateTime", "delete");

    public static void main(String[] args) throws Exception {
        long target = Long.getLong("history.records", 100_000_000L);
        int durableSamples = Integer.getInteger("history.durable-samples", 1000);
        int appendSamples = Integer.getInteger("history.append-samples", 5000);
        int readSamples = Integer.getInteger("history.read-samples", 20_000);
        Path dir = BenchmarkLogs.tempDir();
        System.out.printf(Locale.ROOT, "history benchmark: up to %,d records of %d B in batches of %d, in %s (%s free)%n",
                target, RECORD_BYTES, FILL_BATCH, dir, gib(Files.getFileStore(dir).getUsableSpace()));
        List<NewRecord> fill = BenchmarkLogs.batch(FILL_BATCH, RECORD_BYTES);
        List<NewRecord> one = BenchmarkLogs.batch(1, RECORD_BYTES);
        SplittableRandom random = new SplittableRandom(11);
        try {
            LogManager manager = BenchmarkLogs.open(dir, "interval");
            PartitionLog scratch = manager.createTopic("warm-up", 1, CONFIG).partition(0);
            for (int i = 0; i < 200; i++) {
                scratch.append(fill);
            }
            measure(scratch, 0, one, appendSamples, readSamples, random); // compiles the paths measured below
            manager.deleteTopic("warm-up");
            PartitionLog partition = manager.createTopic("history", 1, CONFIG).partition(0);
            System.out.println("| stored records | log size | open ms | append durable p50 / p99 us | append interval p50 / p99 us"
                    + " | read 1 random p50 / p99 us | read 100 random p50 / p99 us | read 1 at tail p50 / p99 us |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
            for (long checkpoint = 1000; checkpoint <= target; checkpoint *= 10) {
                while (partition.endOffset() < checkpoint) {
                    partition.append(fill);
                }
                long stored = partition.endOffset();
                String size = gib(partition.sizeInBytes());
                manager.close();
                long opening = System.nanoTime();
                manager = BenchmarkLogs.open(dir, "durable");
                long openMs = (System.nanoTime() - opening) / 1_000_000;
                PartitionLog durable = manager.requireTopic("history").partition(0);
                Histogram appendDurable = sample(durableSamples, () -> durable.append(one).baseOffset());
                manager.close();
                manager = BenchmarkLogs.open(dir, "interval");
                partition = manager.requireTopic("history").partition(0);
                System.out.printf(Locale.ROOT, "| %,d | %s | %d | %s | %s |%n", stored, size, openMs, micros(appendDurable),
                        measure(partition, stored, one, appendSamples, readSamples, random));
            }
            manager.close();
        } finally {
            BenchmarkLogs.delete(dir);
        }
    }

    /** Interval appends, then reads at random offsets below {@code filled} (whole fill batches) and at the tail. */
    private static String measure(PartitionLog log, long filled, List<NewRecord> one,
                                  int appendSamples, int readSamples, SplittableRandom random) {
        long bound = Math.max(filled, log.endOffset()) - 100;
        Histogram readOne = sample(readSamples, () -> log.read(random.nextLong(bound), 1, 1 << 20).nextOffset());
        Histogram readHundred = sample(readSamples, () -> log.read(random.nextLong(bound), 100, 1 << 20).nextOffset());
        Histogram appendInterval = sample(appendSamples, () -> log.append(one).baseOffset());
        long tail = log.endOffset() - 1;
        Histogram readTail = sample(readSamples, () -> log.read(tail, 1, 1 << 20).nextOffset());
        return micros(appendInterval) + " | " + micros(readOne) + " | " + micros(readHundred) + " | " + micros(readTail);
    }

    private static Histogram sample(int count, LongSupplier operation) {
        Histogram histogram = new Histogram(3);
        long sink = 0;
        for (int i = 0; i < count / 10; i++) {
            sink += operation.getAsLong(); // warm-up
        }
        for (int i = 0; i < count; i++) {
            long started = System.nanoTime();
            sink += operation.getAsLong();
            histogram.recordValue((System.nanoTime() - started) / 1000);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return histogram;
    }

    private static String micros(Histogram h) {
        return h.getValueAtPercentile(50) + " / " + h.getValueAtPercentile(99);
    }

    private static String gib(long bytes) {
        return bytes >= 1 << 30 ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1 << 30))
                : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1 << 20));
    }

    private HistoryBenchmark() {
    }
}

package io.tributary.bench;

import io.tributary.consume.OffsetCommit;
import io.tributary.embedded.offset.OffsetStore;
import io.tributary.embedded.offset.TestOffsetStores;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Offset commits straight into {@link OffsetStore} on a file database configured as the application configures it
 * (Hikari pool, {@code WRITE_DELAY=0}), at a fixed total rate from many threads, one group per thread: latency from
 * each commit's intended start (so a stall is not hidden by the schedule sliding) and bytes allocated per commit by
 * every thread of the JVM. Not JMH: a rough but repeatable figure for docs/benchmarks.md.
 *
 * <pre>./mvnw -q test-compile dependency:build-classpath -Dmdep.outputFile=cp.txt && java -cp "target/test-classes:target/classes:$(cat cp.txt)" \
 *     io.tributary.bench.OffsetCommitBench [rate/s=5000] [seconds=20] [threads=32] [partitions per commit=3]</pre>
 */
public final class OffsetCommitBench {

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        Path dir = Files.createTempDirectory("offset-bench");
        TestOffsetStores.file(dir); // migrated
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl("jdbc:h2:file:" + dir.resolve("offsets").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
            pool.setUsername("sa");
            pool.setPassword("");
            OffsetStore store = new OffsetStore(pool, TestOffsetStores.journal(dir));
            run(store, rate, 3, threads, partitions); // warm-up
            long syncsBefore = store.syncs();
            Result r = run(store, rate, seconds, threads, partitions);
            long syncs = store.syncs() - syncsBefore;
            System.out.printf("offset commits: %d/s target, %d threads, %d partitions each: %.0f commits/s, "
                            + "p50 %.2f ms, p99 %.2f ms, p999 %.2f ms, max %.2f ms, %.1f KB allocated per commit, "
                            + "%d fsyncs (%.1f commits per fsync)%n",
                    rate, threads, partitions, r.throughput, r.p(0.50), r.p(0.99), r.p(0.999), r.p(1.0),
                    r.allocatedPerCommit / 1024.0, syncs, syncs == 0 ? 0.0 : r.sortedNanos.length / (double) syncs);
            store.close();
        }
    }

    private record Result(double throughput, long[] sortedNanos, double allocatedPerCommit) {
        double p(double q) {
            int i = (int) Math.min(sortedNanos.length - 1, Math.ceil(q * sortedNanos.length) - 1);
            return sortedNanos[Math.max(0, i)] / 1e6;
        }
    }

    private static Result run(OffsetStore store, int rate, int seconds, int threads, int partitions) throws InterruptedException {
        long intervalNanos = TimeUnit.SECONDS.toNanos(1) * threads / rate;
        int perThread = (int) ((long) rate * seconds / threads);
        long[][] latencies = new long[threads][perThread];
        CountDownLatch done = new CountDownLatch(threads);
        CountDownLatch measured = new CountDownLatch(1); // workers stay alive until their allocations are read
        AtomicLong failures = new AtomicLong();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long allocatedBefore = allocatedByAllThreads();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                String group = "bench-group-" + id;
                long offset = 0;
                long phase = start + intervalNanos * id / threads; // spread the threads over the interval
                for (int i = 0; i < perThread; i++) {
                    long intended = phase + i * intervalNanos;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    offset++;
                    List<OffsetCommit> commits = new ArrayList<>(partitions);
                    for (int p = 0; p < partitions; p++) {
                        commits.add(new OffsetCommit("bench-topic", p, offset, ""));
                    }
                    try {
                        store.commit(group, commits);
                    } catch (RuntimeException e) {
                        failures.incrementAndGet();
                    }
                    latencies[id][i] = System.nanoTime() - intended;
                }
                done.countDown();
                try {
                    measured.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "bench-" + t);
            workers.add(worker);
            worker.start();
        }
        done.await();
        long elapsed = System.nanoTime() - start;
        long allocated = allocatedByAllThreads() - allocatedBefore;
        measured.countDown();
        if (failures.get() > 0) {
            throw new IllegalStateException(failures.get() + " commits failed");
        }
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(all.length * 1e9 / elapsed, all, (double) allocated / all.length);
    }

    /** Bytes allocated so far by the live threads (the workers are still alive when this is read after a run). */
    private static long allocatedByAllThreads() {
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        return Arrays.stream(mx.getThreadAllocatedBytes(mx.getAllThreadIds())).filter(b -> b > 0).sum();
    }
}

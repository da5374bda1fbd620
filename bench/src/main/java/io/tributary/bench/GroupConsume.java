package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Group consume throughput: M consumer instances in one group subscribe to a topic already filled by a produce
 * workload and long-poll it, committing after every poll, until the group has received the target count. The clock runs
 * from the first record received (joining the group is excluded, as Kafka's ConsumerPerformance does in its fetch rate).
 */
final class GroupConsume {

    static void run(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String topic = options.required("topic");
        int partitions = options.integer("partitions", 3);
        int consumers = options.integer("consumers", 1);
        long maxRecords = options.longValue("records", 2_000_000);
        int maxBytes = options.integer("max-bytes", 4 * 1024 * 1024);
        int pollTimeoutMs = options.integer("poll-timeout-ms", 1000);
        double timeout = options.decimal("timeout", 60);
        String group = options.string("group", "bench-" + Long.toHexString(System.nanoTime()));
        Results results = Results.from(options);
        options.rejectUnknown();

        long target;
        try (Tributary admin = new Tributary(url)) {
            target = Math.min(maxRecords, admin.endOffsetSum(topic, partitions));
        }
        long deadline = System.nanoTime() + Clock.seconds(timeout);
        AtomicLong firstRecordAt = new AtomicLong(Long.MAX_VALUE);
        AtomicLong lastRecordAt = new AtomicLong();
        AtomicLong records = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong polls = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Latencies pollLatency = new Latencies();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < consumers; c++) {
            String name = "c" + c;
            threads.add(new Thread(() -> {
                try (Tributary api = new Tributary(url)) {
                    String instance = api.createConsumer(group, name);
                    try {
                        api.subscribe(instance, topic);
                        long[] valueBytes = new long[1];
                        while (records.get() < target && System.nanoTime() < deadline) {
                            long polled = System.nanoTime();
                            api.poll(instance, pollTimeoutMs, maxBytes);
                            long received = System.nanoTime();
                            valueBytes[0] = 0;
                            int n = Json.records(api.conn().body(), api.conn().bodyLength(),
                                    (text, off, len) -> valueBytes[0] += Json.decodedLength(text, off, len));
                            polls.incrementAndGet();
                            if (n > 0) {
                                pollLatency.recordNanos(received - polled);
                                firstRecordAt.accumulateAndGet(received, Math::min);
                                bytes.addAndGet(valueBytes[0]);
                                long total = records.addAndGet(n);
                                api.commit(instance);
                                if (total >= target) {
                                    lastRecordAt.accumulateAndGet(received, Math::max);
                                }
                            }
                        }
                    } finally {
                        api.deleteConsumer(instance);
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                }
            }, "consumer-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long end = lastRecordAt.get() > 0 ? lastRecordAt.get() : System.nanoTime();
        // the first poll's records arrived at firstRecordAt, so they are not part of the timed interval
        long nanos = end - firstRecordAt.get();
        double recordsPerSecond = Clock.perSecond(records.get(), nanos);
        results.put("records_per_s", recordsPerSecond, "records/s");
        results.put("mib_per_s", Clock.perSecond(bytes.get(), nanos) / (1024.0 * 1024.0), "MiB/s");
        results.put("records", records.get(), "records");
        results.put("polls", polls.get(), "count");
        pollLatency.report(results, "poll_");
        results.put("errors", errors.get(), "count");
        if (records.get() < target) {
            results.note("timed out: " + records.get() + " of " + target + " records");
        }
    }

    private GroupConsume() {
    }
}

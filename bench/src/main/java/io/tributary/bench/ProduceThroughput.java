package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Closed-loop produce throughput: N producers, each on its own connection, send requests of R records back to back for
 * a warm-up and then a measured period. Records and bytes count when their request was answered 200 inside the measured
 * period. Afterwards the partitions' end offsets must have grown by exactly the records acknowledged. With
 * {@code --topic-count=T} the requests go round robin over the topics {@code <topic>-0 .. <topic>-(T-1)} (created
 * beforehand, e.g. by {@code create-topics}), so that the load is spread over every partition of them all.
 */
final class ProduceThroughput {

    static void run(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String topic = options.required("topic");
        int partitions = options.integer("partitions", 3);
        int recordSize = options.integer("size", 1024);
        int batch = options.integer("batch", 1000);
        int producers = options.integer("producers", 4);
        int keys = options.integer("keys", 0);
        int topicCount = options.integer("topic-count", 0);
        double warmup = options.decimal("warmup", 2);
        double duration = options.decimal("duration", 10);
        boolean verify = options.flag("verify", true);
        boolean create = options.flag("create", true);
        Results results = Results.from(options);
        options.rejectUnknown();

        List<String> topics = topicCount > 0 ? Admin.topicNames(topic, topicCount) : List.of(topic);
        ProduceBodies bodies = new ProduceBodies(Math.max(4, 2 * producers), batch, recordSize, keys, 42);
        long before = 0;
        if (create || verify) {
            try (Tributary admin = new Tributary(url)) {
                if (create) {
                    for (String t : topics) {
                        admin.createTopic(t, partitions);
                    }
                }
                before = verify ? endOffsetSum(admin, topics, partitions) : 0;
            }
        }

        long start = System.nanoTime();
        long measureFrom = start + Clock.seconds(warmup);
        long measureTo = measureFrom + Clock.seconds(duration);
        AtomicLong measuredRequests = new AtomicLong();
        AtomicLong acknowledgedRecords = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong reconnects = new AtomicLong();
        Latencies latencies = new Latencies();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++) {
            int producer = p;
            threads.add(new Thread(() -> {
                try (HttpConn conn = HttpConn.to(url)) {
                    for (long i = producer; ; i += producers) {
                        String path = "/topics/" + topics.get((int) (i % topics.size()));
                        long sent = System.nanoTime();
                        if (sent >= measureTo) {
                            break;
                        }
                        int status = conn.send("POST", path, Tributary.BINARY, Tributary.V2, bodies.get(i));
                        long answered = System.nanoTime();
                        if (status != 200) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println("produce: HTTP " + status + " " + conn.bodyText());
                            }
                            continue;
                        }
                        acknowledgedRecords.addAndGet(batch);
                        if (sent >= measureFrom && answered <= measureTo) {
                            measuredRequests.incrementAndGet();
                            latencies.recordNanos(answered - sent);
                        }
                    }
                    reconnects.addAndGet(conn.reconnects());
                } catch (Exception e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                }
            }, "producer-" + p));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        long measuredNanos = measureTo - measureFrom;
        long requests = measuredRequests.get();
        double recordsPerSecond = Clock.perSecond(requests * batch, measuredNanos);
        results.put("records_per_s", recordsPerSecond, "records/s");
        results.put("requests_per_s", Clock.perSecond(requests, measuredNanos), "requests/s");
        results.put("mib_per_s", recordsPerSecond * recordSize / (1024.0 * 1024.0), "MiB/s");
        latencies.report(results, "request_");
        results.put("errors", errors.get(), "count");
        results.note("connections opened: " + reconnects.get() + " for " + producers + " producers");
        if (verify) {
            try (Tributary admin = new Tributary(url)) {
                long stored = endOffsetSum(admin, topics, partitions) - before;
                results.note("acknowledged " + acknowledgedRecords.get() + " records, end offsets grew by " + stored
                        + (stored == acknowledgedRecords.get() ? " (ok)" : " (MISMATCH)"));
                results.put("stored_minus_acked", stored - acknowledgedRecords.get(), "records");
            }
        }
    }

    private static long endOffsetSum(Tributary admin, List<String> topics, int partitions) throws Exception {
        long sum = 0;
        for (String t : topics) {
            sum += admin.endOffsetSum(t, partitions);
        }
        return sum;
    }

    private ProduceThroughput() {
    }
}

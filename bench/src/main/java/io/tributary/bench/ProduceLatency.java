package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Produce latency at a fixed request rate: requests of R records are due at evenly spaced intended times and sent by a
 * pool of connections; each acknowledgement's latency is taken from its intended time (coordinated-omission aware).
 * Only requests due after the warm-up are recorded.
 */
final class ProduceLatency {

    static void run(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String topic = options.required("topic");
        int partitions = options.integer("partitions", 3);
        int recordSize = options.integer("size", 1024);
        int batch = options.integer("batch", 1);
        double rate = options.decimal("rate", 1000);
        int connections = options.integer("connections", 32);
        double warmup = options.decimal("warmup", 2);
        double duration = options.decimal("duration", 10);
        boolean create = options.flag("create", true);
        Results results = Results.from(options);
        options.rejectUnknown();

        ProduceBodies bodies = new ProduceBodies(64, batch, recordSize, 0, 7);
        if (create) {
            try (Tributary admin = new Tributary(url)) {
                admin.createTopic(topic, partitions);
            }
        }
        long start = System.nanoTime() + Clock.seconds(0.05);
        long measureFrom = start + Clock.seconds(warmup);
        FixedRate schedule = new FixedRate(rate, start, measureFrom + Clock.seconds(duration));
        Latencies latencies = new Latencies();
        AtomicLong errors = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            threads.add(new Thread(() -> {
                try (HttpConn conn = HttpConn.to(url)) {
                    String path = "/topics/" + topic;
                    for (long intended = schedule.nextIntendedTime(); intended >= 0;
                         intended = schedule.nextIntendedTime()) {
                        Clock.awaitUntil(intended);
                        int status = conn.send("POST", path, Tributary.BINARY, Tributary.V2, bodies.get(intended));
                        long answered = System.nanoTime();
                        if (status != 200) {
                            errors.incrementAndGet();
                        } else if (intended >= measureFrom) {
                            acknowledged.incrementAndGet();
                            latencies.recordNanos(answered - intended);
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                }
            }, "sender-" + c));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        results.put("target_requests_per_s", rate, "requests/s");
        results.put("achieved_requests_per_s", Clock.perSecond(acknowledged.get(), Clock.seconds(duration)), "requests/s");
        latencies.report(results, "");
        results.put("errors", errors.get(), "count");
    }

    private ProduceLatency() {
    }
}

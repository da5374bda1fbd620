package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * End-to-end latency at a fixed rate: single-record produce requests carry their intended send time in the value; one
 * group consumer long-polls (committing after each poll) and charges each record the time from its intended send to the
 * poll response that delivered it. Records due during the warm-up (group join, JIT) are not recorded.
 */
final class EndToEnd {

    static void run(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String topic = options.required("topic");
        int partitions = options.integer("partitions", 1);
        int recordSize = Math.max(12, options.integer("size", 1024));
        double rate = options.decimal("rate", 1000);
        int connections = options.integer("connections", 16);
        double warmup = options.decimal("warmup", 3);
        double duration = options.decimal("duration", 10);
        int pollTimeoutMs = options.integer("poll-timeout-ms", 1000);
        String group = options.string("group", "e2e-" + Long.toHexString(System.nanoTime()));
        Results results = Results.from(options);
        options.rejectUnknown();

        byte[] padding = new byte[recordSize];
        try (Tributary admin = new Tributary(url)) {
            admin.createTopic(topic, partitions);
        }
        long start = System.nanoTime() + Clock.seconds(0.5);
        long measureFrom = start + Clock.seconds(warmup);
        long produceEnd = measureFrom + Clock.seconds(duration);
        FixedRate schedule = new FixedRate(rate, start, produceEnd);
        Latencies latencies = new Latencies();
        AtomicLong received = new AtomicLong();
        AtomicLong measuredReceived = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong producersDone = new AtomicLong();
        AtomicLong polls = new AtomicLong();
        Latencies pollTimes = new Latencies();
        Latencies commitTimes = new Latencies();

        Thread consumer = new Thread(() -> {
            try (Tributary api = new Tributary(url)) {
                String instance = api.createConsumer(group, "e2e");
                try {
                    api.subscribe(instance, topic);
                    long drainUntil = Long.MAX_VALUE;
                    while (System.nanoTime() < drainUntil) {
                        long polled = System.nanoTime();
                        api.poll(instance, pollTimeoutMs, 1024 * 1024);
                        long now = System.nanoTime();
                        polls.incrementAndGet();
                        pollTimes.recordNanos(now - polled);
                        int n = Json.records(api.conn().body(), api.conn().bodyLength(), (text, off, len) -> {
                            long intended = ProduceBodies.timestampOf(text, off, len);
                            if (intended >= measureFrom) {
                                latencies.recordNanos(now - intended);
                                measuredReceived.incrementAndGet();
                            }
                        });
                        if (n > 0) {
                            received.addAndGet(n);
                            long committing = System.nanoTime();
                            api.commit(instance);
                            commitTimes.recordNanos(System.nanoTime() - committing);
                        }
                        if (drainUntil == Long.MAX_VALUE && producersDone.get() == connections) {
                            drainUntil = System.nanoTime() + Clock.seconds(3);
                        }
                        if (producersDone.get() == connections && received.get() >= schedule.scheduled()) {
                            break;
                        }
                    }
                } finally {
                    api.deleteConsumer(instance);
                }
            } catch (Exception e) {
                errors.incrementAndGet();
                e.printStackTrace();
            }
        }, "e2e-consumer");
        consumer.start();

        List<Thread> producers = new ArrayList<>();
        AtomicLong acknowledged = new AtomicLong();
        for (int c = 0; c < connections; c++) {
            producers.add(new Thread(() -> {
                try (HttpConn conn = HttpConn.to(url)) {
                    String path = "/topics/" + topic;
                    for (long intended = schedule.nextIntendedTime(); intended >= 0;
                         intended = schedule.nextIntendedTime()) {
                        Clock.awaitUntil(intended);
                        byte[] body = ProduceBodies.timestamped(intended, padding);
                        if (conn.send("POST", path, Tributary.BINARY, Tributary.V2, body) == 200) {
                            if (intended >= measureFrom) {
                                acknowledged.incrementAndGet();
                            }
                        } else {
                            errors.incrementAndGet();
                        }
                    }
                } catch (Exception e) {
                    errors.incrementAndGet();
                    e.printStackTrace();
                } finally {
                    producersDone.incrementAndGet();
                }
            }, "e2e-producer-" + c));
        }
        producers.forEach(Thread::start);
        for (Thread t : producers) {
            t.join();
        }
        consumer.join();
        results.put("rate", rate, "records/s");
        latencies.report(results, "");
        results.put("polls", polls.get(), "count");
        pollTimes.report(results, "poll_");
        commitTimes.report(results, "commit_");
        results.put("missing", acknowledged.get() - measuredReceived.get(), "records");
        results.put("errors", errors.get(), "count");
    }

    private EndToEnd() {
    }
}

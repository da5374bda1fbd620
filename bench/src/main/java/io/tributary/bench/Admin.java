package io.tributary.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Small admin steps for bench/run.sh: wait until the service answers, create a topic, create many topics. */
final class Admin {

    static void waitReady(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        double timeout = options.decimal("timeout", 90);
        options.rejectUnknown();
        long deadline = System.nanoTime() + Clock.seconds(timeout);
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try (Tributary api = new Tributary(url)) {
                if (api.clusterId() != null) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(url + " not ready after " + timeout + " s", last);
    }

    static void createTopic(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String topic = options.required("topic");
        int partitions = options.integer("partitions", 3);
        options.rejectUnknown();
        try (Tributary api = new Tributary(url)) {
            api.createTopic(topic, partitions);
        }
    }

    /**
     * Creates {@code --topics} topics {@code <prefix>-0 .. <prefix>-(n-1)} of {@code --partitions} each, over
     * {@code --connections} parallel connections, and reports how long that took (the many-partitions workload).
     */
    static void createTopics(Options options) throws Exception {
        String url = options.string("url", "http://127.0.0.1:8080");
        String prefix = options.required("prefix");
        int count = options.integer("topics", 100);
        int partitions = options.integer("partitions", 10);
        int connections = options.integer("connections", 16);
        Results results = Results.from(options);
        options.rejectUnknown();
        String clusterId;
        try (Tributary api = new Tributary(url)) {
            clusterId = api.clusterId();
        }
        List<String> names = topicNames(prefix, count);
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(connections);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                workers.add(pool.submit(() -> {
                    try (Tributary api = new Tributary(url)) {
                        for (int i = next.getAndIncrement(); i < names.size(); i = next.getAndIncrement()) {
                            api.createTopic(clusterId, names.get(i), partitions);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdownNow();
        }
        long nanos = System.nanoTime() - start;
        results.put("create_seconds", nanos / 1e9, "s");
        results.put("topics_per_s", Clock.perSecond(count, nanos), "topics/s");
    }

    static List<String> topicNames(String prefix, int count) {
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            names.add(prefix + "-" + i);
        }
        return names;
    }

    private Admin() {
    }
}

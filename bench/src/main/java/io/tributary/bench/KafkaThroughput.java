package io.tributary.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Closed-loop produce throughput on Apache Kafka with N producers in one JVM, the counterpart of
 * {@link ProduceThroughput}'s N connections: each producer has its own thread sending unkeyed records as fast as its
 * {@code buffer.memory} lets it (as ProducerPerformance does with {@code --throughput -1}). A record counts when its
 * acknowledgement arrives inside the measured period, which is one period on one clock for all producers, so the sum
 * over producers needs no alignment of per-process reporting windows. At the end of the period the producers are closed
 * at once: what they still buffer (up to {@code buffer.memory} each, half a minute of the default producer's durable
 * throughput) is abandoned, not drained. Afterwards the partitions' end offsets must have grown by at least the records
 * acknowledged (requests in flight at the close may be stored unacknowledged).
 */
final class KafkaThroughput {

    /** What the producers did: records acknowledged inside the window and in all, errors inside the window. */
    private record Counts(long measured, long acknowledged, long errors, double batchBytes, double recordsPerRequest) {
    }

    static void run(Options options) throws Exception {
        String bootstrap = options.string("bootstrap", "127.0.0.1:9092");
        String topic = options.required("topic");
        int partitions = options.integer("partitions", 3);
        int recordSize = options.integer("size", 1024);
        int producers = options.integer("producers", 1);
        double warmup = options.decimal("warmup", 2);
        double duration = options.decimal("duration", 10);
        String producerProps = options.string("producer-props", "acks=all");
        boolean create = options.flag("create", true);
        Results results = Results.from(options);
        options.rejectUnknown();

        try (Admin admin = KafkaClients.admin(bootstrap)) {
            if (create) {
                KafkaClients.createTopic(admin, topic, partitions);
            }
            long before = KafkaClients.endOffsetSum(admin, topic, partitions);
            List<KafkaProducer<byte[], byte[]>> clients = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                clients.add(KafkaClients.producer(bootstrap, producerProps));
            }
            Counts counts = produce(clients, topic, KafkaClients.randomValues(recordSize), warmup, duration);

            double recordsPerSecond = Clock.perSecond(counts.measured(), Clock.seconds(duration));
            results.put("records_per_s", recordsPerSecond, "records/s");
            results.put("mib_per_s", recordsPerSecond * recordSize / (1024.0 * 1024.0), "MiB/s");
            results.put("producers", producers, "count");
            results.put("errors", counts.errors(), "count");
            results.note(String.format(Locale.ROOT,
                    "%d producer(s), %s; average batch %.0f bytes, %.0f records per produce request", producers,
                    producerProps, counts.batchBytes(), counts.recordsPerRequest()));
            long stored = KafkaClients.endOffsetSum(admin, topic, partitions) - before;
            results.note("acknowledged " + counts.acknowledged() + " records, end offsets grew by " + stored
                    + (stored >= counts.acknowledged() ? " (ok)" : " (ACKNOWLEDGED RECORDS MISSING)"));
            results.put("acked_not_stored", Math.max(0, counts.acknowledged() - stored), "records");
        }
    }

    /** One thread per producer sends until the window ends; then every producer is closed at once. */
    private static Counts produce(List<KafkaProducer<byte[], byte[]>> clients, String topic, byte[][] values,
            double warmup, double duration) throws InterruptedException {
        long measureFrom = System.nanoTime() + Clock.seconds(warmup);
        long measureTo = measureFrom + Clock.seconds(duration);
        LongAdder measured = new LongAdder();
        LongAdder acknowledged = new LongAdder();
        LongAdder errors = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (KafkaProducer<byte[], byte[]> producer : clients) {
            threads.add(new Thread(() -> {
                try {
                    for (long i = 0; System.nanoTime() < measureTo; i++) {
                        producer.send(new ProducerRecord<>(topic, values[(int) (i % values.length)]), (meta, e) -> {
                            long now = System.nanoTime();
                            if (e == null) {
                                acknowledged.increment();
                                if (now >= measureFrom && now < measureTo) {
                                    measured.increment();
                                }
                            } else if (now < measureTo) { // after it: the records abandoned by the close
                                errors.increment();
                                if (errors.sum() <= 3) {
                                    System.err.println("kafka-produce: " + e);
                                }
                            }
                        });
                    }
                } catch (RuntimeException e) {
                    // a send still waiting for buffer memory when the close came is no error
                    if (System.nanoTime() < measureTo) {
                        errors.increment();
                        e.printStackTrace();
                    }
                }
            }, "kafka-producer-" + threads.size()));
        }
        threads.forEach(Thread::start);
        Clock.awaitUntil(measureTo);
        double batchBytes = 0;
        double recordsPerRequest = 0;
        for (KafkaProducer<byte[], byte[]> producer : clients) {
            batchBytes += metric(producer.metrics(), "batch-size-avg") / clients.size();
            recordsPerRequest += metric(producer.metrics(), "records-per-request-avg") / clients.size();
            producer.close(Duration.ZERO);
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Counts(measured.sum(), acknowledged.sum(), errors.sum(), batchBytes, recordsPerRequest);
    }

    /** A producer-metrics value by name (NaN when the client does not report it). */
    private static double metric(Map<MetricName, ? extends Metric> metrics, String name) {
        return metrics.entrySet().stream()
                .filter(m -> m.getKey().group().equals("producer-metrics") && m.getKey().name().equals(name))
                .map(m -> m.getValue().metricValue())
                .filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue())
                .findFirst().orElse(Double.NaN);
    }

    private KafkaThroughput() {
    }
}

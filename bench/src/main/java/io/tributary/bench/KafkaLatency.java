package io.tributary.bench;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The fixed-rate latency workloads on Apache Kafka through kafka-clients, scheduled and measured exactly like the HTTP
 * ones ({@link ProduceLatency}, {@link EndToEnd}): Kafka's own perf tools report whole milliseconds and no
 * coordinated-omission correction, which would not compare.
 */
final class KafkaLatency {

    static void produce(Options options) throws Exception {
        Setup setup = new Setup(options);
        double rate = options.decimal("rate", 1000);
        Results results = Results.from(options);
        options.rejectUnknown();
        setup.createTopic();

        byte[][] values = KafkaClients.randomValues(setup.recordSize);
        Latencies latencies = new Latencies();
        AtomicLong errors = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = setup.producer()) {
            long start = System.nanoTime() + Clock.seconds(0.05);
            long measureFrom = start + Clock.seconds(setup.warmup);
            FixedRate schedule = new FixedRate(rate, start, measureFrom + Clock.seconds(setup.duration));
            long i = 0;
            for (long intended = schedule.nextIntendedTime(); intended >= 0; intended = schedule.nextIntendedTime()) {
                Clock.awaitUntil(intended);
                long due = intended;
                producer.send(new ProducerRecord<>(setup.topic, values[(int) (i++ % values.length)]), (meta, e) -> {
                    long now = System.nanoTime();
                    if (e != null) {
                        errors.incrementAndGet();
                    } else if (due >= measureFrom) {
                        acknowledged.incrementAndGet();
                        latencies.recordNanos(now - due);
                    }
                });
            }
            producer.flush();
        }
        results.put("target_requests_per_s", rate, "records/s");
        results.put("achieved_requests_per_s", Clock.perSecond(acknowledged.get(), Clock.seconds(setup.duration)),
                "records/s");
        latencies.report(results, "");
        results.put("errors", errors.get(), "count");
    }

    static void endToEnd(Options options) throws Exception {
        Setup setup = new Setup(options);
        double rate = options.decimal("rate", 1000);
        Results results = Results.from(options);
        options.rejectUnknown();
        setup.createTopic();

        byte[] padding = new byte[Math.max(8, setup.recordSize)];
        Latencies latencies = new Latencies();
        AtomicLong measuredReceived = new AtomicLong();
        AtomicLong acknowledged = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicBoolean producing = new AtomicBoolean(true);
        long start = System.nanoTime() + Clock.seconds(0.5);
        long measureFrom = start + Clock.seconds(setup.warmup);
        FixedRate schedule = new FixedRate(rate, start, measureFrom + Clock.seconds(setup.duration));

        Thread consumerThread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = setup.consumer()) {
                consumer.subscribe(List.of(setup.topic));
                long received = 0;
                long drainUntil = Long.MAX_VALUE;
                while (System.nanoTime() < drainUntil) {
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(100));
                    long now = System.nanoTime();
                    for (ConsumerRecord<byte[], byte[]> record : records) {
                        long intended = timestampOf(record.value());
                        if (intended >= measureFrom) {
                            latencies.recordNanos(now - intended);
                            measuredReceived.incrementAndGet();
                        }
                    }
                    if (!records.isEmpty()) {
                        received += records.count();
                        consumer.commitSync();
                    }
                    if (!producing.get()) {
                        if (drainUntil == Long.MAX_VALUE) {
                            drainUntil = System.nanoTime() + Clock.seconds(3);
                        }
                        if (received >= schedule.scheduled()) {
                            break;
                        }
                    }
                }
            } catch (Exception e) {
                errors.incrementAndGet();
                e.printStackTrace();
            }
        }, "kafka-e2e-consumer");
        consumerThread.start();

        try (KafkaProducer<byte[], byte[]> producer = setup.producer()) {
            for (long intended = schedule.nextIntendedTime(); intended >= 0; intended = schedule.nextIntendedTime()) {
                Clock.awaitUntil(intended);
                byte[] value = padding.clone();
                for (int b = 0; b < 8; b++) {
                    value[b] = (byte) (intended >>> (56 - 8 * b));
                }
                long due = intended;
                producer.send(new ProducerRecord<>(setup.topic, value), (meta, e) -> {
                    if (e != null) {
                        errors.incrementAndGet();
                    } else if (due >= measureFrom) {
                        acknowledged.incrementAndGet();
                    }
                });
            }
            producer.flush();
        } finally {
            producing.set(false);
        }
        consumerThread.join();
        results.put("rate", rate, "records/s");
        latencies.report(results, "");
        results.put("missing", acknowledged.get() - measuredReceived.get(), "records");
        results.put("errors", errors.get(), "count");
    }

    private static long timestampOf(byte[] value) {
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = (t << 8) | (value[i] & 0xFF);
        }
        return t;
    }

    /** Options common to both workloads. */
    private static final class Setup {
        final String bootstrap;
        final String topic;
        final int partitions;
        final int recordSize;
        final double warmup;
        final double duration;
        final String producerProps;

        Setup(Options options) {
            bootstrap = options.string("bootstrap", "127.0.0.1:9092");
            topic = options.required("topic");
            partitions = options.integer("partitions", 1);
            recordSize = options.integer("size", 1024);
            warmup = options.decimal("warmup", 3);
            duration = options.decimal("duration", 10);
            producerProps = options.string("producer-props", "acks=all,linger.ms=0");
        }

        void createTopic() throws Exception {
            KafkaClients.createTopic(bootstrap, topic, partitions);
        }

        KafkaProducer<byte[], byte[]> producer() {
            return KafkaClients.producer(bootstrap, producerProps);
        }

        KafkaConsumer<byte[], byte[]> consumer() {
            Properties props = new Properties();
            props.put("bootstrap.servers", bootstrap);
            props.put("group.id", "e2e-" + Long.toHexString(System.nanoTime()));
            props.put("auto.offset.reset", "earliest");
            props.put("enable.auto.commit", "false");
            return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        }
    }

    private KafkaLatency() {
    }
}

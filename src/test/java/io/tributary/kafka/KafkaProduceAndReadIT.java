package io.tributary.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.FetchedRecord;
import io.tributary.common.RecordHeader;
import io.tributary.common.errors.InvalidRecordException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.consume.PartitionReader.StartPosition;
import io.tributary.consume.WaitingFetches;
import io.tributary.produce.Partitioner;
import io.tributary.produce.ProduceRecord;
import io.tributary.produce.RecordResult;
import io.tributary.settings.TributaryProperties;
import io.tributary.support.KafkaCluster;
import io.tributary.topic.TopicAdmin;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Produce and group-less reads of the Kafka backend against a real 3-broker cluster, without the HTTP layer. */
class KafkaProduceAndReadIT {

    private static KafkaCluster cluster;
    private static Admin admin;
    private static KafkaRecordProducer producer;
    private static KafkaPartitionReader reader;
    private static PartitionFetcher fetcher;
    private static int topics;
    private static KafkaClients clients;

    @BeforeAll
    static void start() {
        cluster = KafkaCluster.shared();
        TributaryProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "tributary.kafka.bootstrap-servers", cluster.bootstrapServers(),
                "tributary.kafka.request-timeout", "20s")))
                .bindOrCreate("tributary", TributaryProperties.class);
        clients = new KafkaClients(properties.kafka(), "test");
        admin = clients.admin();
        KafkaMetadata metadata = new KafkaMetadata(admin, clients.requestTimeout());
        producer = new KafkaRecordProducer(clients, metadata, null, properties);
        fetcher = new PartitionFetcher(clients);
        reader = new KafkaPartitionReader(admin, metadata, fetcher, new WaitingFetches(10), clients);
    }

    @AfterAll
    static void stop() {
        producer.close();
        fetcher.close();
        admin.close();
    }

    @Test
    void keyedRecordsLandWhereKafkasPartitionerPutsThemAndReadBackWithHeadersAndTimestamps() throws Exception {
        String topic = topic(4, Map.of());
        List<ProduceRecord> records = IntStream.range(0, 20).mapToObj(i -> new ProduceRecord(null, bytes("key-" + i),
                bytes("value-" + i), List.of(new RecordHeader("h", bytes("v" + i))), 1_700_000_000_000L + i)).toList();

        List<RecordResult> results = producer.produce(topic, null, records).get(30, TimeUnit.SECONDS);

        assertThat(results).hasSize(20).allSatisfy(r -> assertThat(r.failed()).isFalse());
        for (int i = 0; i < 20; i++) {
            assertThat(results.get(i).partition()).isEqualTo(Partitioner.partitionForKey(bytes("key-" + i), 4));
            assertThat(results.get(i).timestamp()).isEqualTo(1_700_000_000_000L + i);
        }
        RecordResult third = results.get(3);
        List<FetchedRecord> read = reader.read(topic, third.partition(), new StartPosition.Offset(third.offset()), 1,
                1 << 20, Duration.ZERO).get(30, TimeUnit.SECONDS);
        assertThat(read).hasSize(1);
        assertThat(new String(read.get(0).record().value(), StandardCharsets.UTF_8)).isEqualTo("value-3");
        assertThat(read.get(0).record().headers()).singleElement()
                .satisfies(h -> assertThat(new String(h.value(), StandardCharsets.UTF_8)).isEqualTo("v3"));
        assertThat(read.get(0).record().timestamp()).isEqualTo(1_700_000_000_003L);

        // and a native consumer sees exactly what was acknowledged
        try (KafkaConsumer<byte[], byte[]> consumer = nativeConsumer()) {
            TopicPartition tp = new TopicPartition(topic, third.partition());
            consumer.assign(List.of(tp));
            consumer.seek(tp, third.offset());
            ConsumerRecord<byte[], byte[]> record = consumer.poll(Duration.ofSeconds(10)).records(tp).get(0);
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("key-3");
        }
    }

    @Test
    void withAutoCreateOnAProduceToAKnownTopicAsksTheClusterNothing() throws Exception {
        String topic = topic(2, Map.of());
        AtomicInteger adminCalls = new AtomicInteger();
        AtomicInteger topicLookups = new AtomicInteger();
        Admin countingAdmin = counting(Admin.class, admin, adminCalls);
        TopicAdmin countingTopics = counting(TopicAdmin.class, null, topicLookups);
        TributaryProperties autoCreating = new Binder(new MapConfigurationPropertySource(Map.of(
                "tributary.kafka.bootstrap-servers", cluster.bootstrapServers(),
                "tributary.topics.auto-create", "true")))
                .bindOrCreate("tributary", TributaryProperties.class);
        KafkaRecordProducer autoCreatingProducer = new KafkaRecordProducer(clients,
                new KafkaMetadata(countingAdmin, clients.requestTimeout()), countingTopics, autoCreating);
        try {
            assertThat(autoCreatingProducer.createsTopic(topic)).isFalse();
            int firstLookUp = adminCalls.get();
            for (int i = 0; i < 100; i++) { // what every produce request asks first
                assertThat(autoCreatingProducer.createsTopic(topic)).isFalse();
            }
            assertThat(adminCalls.get()).as("admin calls after the first look-up").isEqualTo(firstLookUp);
            assertThat(topicLookups.get()).isZero();
            assertThat(autoCreatingProducer.createsTopic("not-yet-" + System.nanoTime())).isTrue();
        } finally {
            autoCreatingProducer.close();
        }
    }

    /** {@code target} behind a proxy that counts the calls made to it. */
    private static <T> T counting(Class<T> type, T target, AtomicInteger calls) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return method.invoke(target == null ? calls : target, args);
            }
            calls.incrementAndGet();
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }

    @Test
    void aBadRequestWritesNothing() throws Exception {
        String compacted = topic(2, Map.of("cleanup.policy", "compact", "max.message.bytes", "2000"));
        List<ProduceRecord> keyless = List.of(record("k", "ok"), record(null, "no key"));
        assertThatThrownBy(() -> producer.produce(compacted, null, keyless)).isInstanceOf(InvalidRecordException.class);
        List<ProduceRecord> tooLarge = List.of(record("k", "ok"), record("k2", "x".repeat(5000)));
        assertThatThrownBy(() -> producer.produce(compacted, null, tooLarge)).isInstanceOf(RecordTooLargeException.class);
        assertThatThrownBy(() -> producer.produce(compacted, 2, List.of(record("k", "v"))))
                .isInstanceOf(UnknownPartitionException.class).hasMessageContaining("it has 2 partition(s)");
        assertThatThrownBy(() -> producer.produce("no-such-topic-" + System.nanoTime(), null, List.of(record("k", "v"))))
                .isInstanceOf(UnknownTopicException.class);

        var ends = admin.listOffsets(Map.of(new TopicPartition(compacted, 0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
                new TopicPartition(compacted, 1), org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get(30, TimeUnit.SECONDS);
        assertThat(ends.values()).allSatisfy(end -> assertThat(end.offset()).isZero());
    }

    @Test
    void aReadAtTheEndWaitsForTheNextRecordWithoutAThreadAndOneBeyondTheEndIsRefused() throws Exception {
        String topic = topic(1, Map.of());
        CompletableFuture<List<FetchedRecord>> waiting = reader.read(topic, 0, new StartPosition.Offset(0), 10, 1 << 20,
                Duration.ofSeconds(20));
        assertThat(waiting).isNotDone();

        producer.produce(topic, 0, List.of(record("a", "first"))).get(30, TimeUnit.SECONDS);

        assertThat(waiting.get(20, TimeUnit.SECONDS)).singleElement()
                .satisfies(r -> assertThat(r.record().offset()).isZero());
        assertThatThrownBy(() -> reader.read(topic, 0, new StartPosition.Offset(5), 10, 1 << 20, Duration.ZERO))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("beyond the end");
        assertThat(reader.read(topic, 0, new StartPosition.Offset(1), 10, 1 << 20, Duration.ofMillis(300))
                .get(20, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void readsFromTheLogStartAndFromATimeAndManyReadsOfOnePartitionAtOnce() throws Exception {
        String topic = topic(1, Map.of());
        List<ProduceRecord> records = IntStream.range(0, 50).mapToObj(i ->
                new ProduceRecord(null, null, bytes("v" + i), List.of(), 1_000_000L + i * 1000L)).toList();
        producer.produce(topic, 0, records).get(30, TimeUnit.SECONDS);

        assertThat(reader.read(topic, 0, new StartPosition.LogStart(), 5, 1 << 20, Duration.ZERO).get(30, TimeUnit.SECONDS))
                .extracting(r -> r.record().offset()).containsExactly(0L, 1L, 2L, 3L, 4L);
        assertThat(reader.read(topic, 0, new StartPosition.Timestamp(1_000_000L + 20_500L), 2, 1 << 20, Duration.ZERO)
                .get(30, TimeUnit.SECONDS)).extracting(r -> r.record().offset()).containsExactly(21L, 22L);

        List<CompletableFuture<List<FetchedRecord>>> reads = IntStream.range(0, 50).mapToObj(i ->
                reader.read(topic, 0, new StartPosition.Offset(i), 1, 1 << 20, Duration.ZERO)).toList();
        for (int i = 0; i < 50; i++) {
            assertThat(reads.get(i).get(30, TimeUnit.SECONDS)).singleElement()
                    .satisfies(r -> assertThat(r.record().offset()).isEqualTo((long) 0 + r.record().offset()));
            assertThat(reads.get(i).get().get(0).record().offset()).isEqualTo(i);
        }
    }

    private static String topic(int partitions, Map<String, String> configs) throws Exception {
        String name = "produce-read-" + (++topics) + "-" + System.nanoTime() % 100_000;
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3).configs(configs))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    private static ProduceRecord record(String key, String value) {
        return new ProduceRecord(null, key == null ? null : bytes(key), bytes(value), List.of(), -1);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> nativeConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }
}

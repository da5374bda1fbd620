package io.tributary.kafka.group;

import static org.awaitility.Awaitility.await;

import io.tributary.common.AccessControl;
import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.Fetched;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetReset;
import io.tributary.consume.Subscription;
import io.tributary.consume.WaitingFetches;
import io.tributary.kafka.KafkaClients;
import io.tributary.kafka.KafkaMetadata;
import io.tributary.settings.TributaryProperties;
import io.tributary.support.KafkaCluster;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * The Kafka backend's consumer classes, built by hand (no Spring context) against the shared 3-broker cluster; each
 * test gets its own topics and groups.
 */
abstract class KafkaGroupTestSupport {

    static final Duration LONG = Duration.ofSeconds(60);

    protected KafkaCluster cluster;
    protected Admin admin;
    protected KafkaConsumerInstances instances;
    protected KafkaGroupViews views;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeEach
    void startClients() {
        cluster = KafkaCluster.shared();
        TributaryProperties properties = properties();
        KafkaClients clients = new KafkaClients(properties.kafka(), "test-" + UUID.randomUUID().toString().substring(0, 6));
        admin = clients.admin();
        instances = new KafkaConsumerInstances(clients, admin, new KafkaMetadata(admin, clients.requestTimeout()), properties,
                new WaitingFetches(100), null, AccessControl.PERMIT_ALL);
        views = new KafkaGroupViews(admin, clients, properties);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterEach
    void closeClients() {
        instances.close();
        producer.close();
        admin.close();
    }

    TributaryProperties properties() {
        Map<String, String> values = new HashMap<>();
        values.put("tributary.backend", "kafka");
        values.put("tributary.kafka.bootstrap-servers", cluster.bootstrapServers());
        values.put("tributary.kafka.request-timeout", "20s");
        values.put("tributary.consumer.min-instance-timeout", "500ms");
        return new Binder(new MapConfigurationPropertySource(values)).bindOrCreate("tributary", TributaryProperties.class);
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    String topic(int partitions) throws Exception {
        String name = unique("topic");
        admin.createTopics(List.of(new NewTopic(name, partitions, (short) 3))).all().get(30, TimeUnit.SECONDS);
        return name;
    }

    void produce(String topic, int partition, int count, int valueBytes) throws Exception {
        for (int i = 0; i < count; i++) {
            byte[] value = ("v" + i + "-" + "x".repeat(Math.max(0, valueBytes - 8))).getBytes(StandardCharsets.UTF_8);
            producer.send(new ProducerRecord<>(topic, partition, null, value)).get(30, TimeUnit.SECONDS);
        }
    }

    static InstanceConfig config(boolean autoCommit, AssignmentStrategy strategy) {
        return new InstanceConfig(EmbeddedFormat.BINARY, OffsetReset.EARLIEST, autoCommit, 1, Duration.ofSeconds(1),
                Duration.ofMinutes(5), strategy);
    }

    /** A subscription to these topics. */
    static Subscription topics(String... names) {
        return new Subscription.Topics(new TreeSet<>(List.of(names)));
    }

    /** Polls the instance until it reads {@code partitions} partitions (its group settled). */
    void awaitAssigned(ConsumerInstance instance, int partitions) {
        await().atMost(LONG).until(() -> poll(instance, Duration.ofMillis(100), 1024) != null
                && instance.assignment().size() == partitions);
    }

    ConsumerInstance create(String group, String name, boolean autoCommit) {
        return instances.create(group, name, config(autoCommit, null), "127.0.0.1", "alice");
    }

    static Fetched poll(ConsumerInstance instance, Duration timeout, int maxBytes) throws Exception {
        return instance.poll(timeout, maxBytes, records -> { }).result().get(timeout.toMillis() + 30_000, TimeUnit.MILLISECONDS);
    }

    /** Polls until at least {@code count} records came, in the order they came. */
    static List<FetchedRecord> pollAtLeast(ConsumerInstance instance, int count) {
        List<FetchedRecord> records = new ArrayList<>();
        await().atMost(LONG).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).until(() -> {
            records.addAll(poll(instance, Duration.ofMillis(500), 1 << 20).records());
            return records.size() >= count;
        });
        return records;
    }

    /** The group's committed offsets as Kafka has them. */
    Map<TopicPartition, Long> committedInKafka(String group) throws Exception {
        Map<TopicPartition, Long> result = new HashMap<>();
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        offsets.forEach((tp, o) -> {
            if (o != null) {
                result.put(tp, o.offset());
            }
        });
        return result;
    }

    static String text(FetchedRecord r) {
        return new String(r.record().value(), StandardCharsets.UTF_8);
    }
}

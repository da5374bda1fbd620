package io.tributary.kafka;

import io.tributary.settings.TributaryProperties;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates this node's Kafka clients. Each gets, in this order (later wins): Tributary's defaults, the user's
 * {@code tributary.kafka.properties} (TLS, SASL, tuning), and the settings Tributary's guarantees rest on, which the
 * user cannot turn off (acknowledgement by all in-sync replicas, idempotence, byte serializers, no auto-commit).
 */
public final class KafkaClients {

    private final TributaryProperties.Kafka settings;
    private final String clientIdPrefix;
    private final AtomicInteger consumers = new AtomicInteger();

    public KafkaClients(TributaryProperties.Kafka settings, String clientIdPrefix) {
        this.settings = settings;
        this.clientIdPrefix = clientIdPrefix;
    }

    /** How long a request waits for the cluster before it is answered as unavailable. */
    public Duration requestTimeout() {
        return settings.requestTimeout();
    }

    public Admin admin() {
        Map<String, Object> config = base();
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-admin");
        config.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout().toMillis());
        config.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) halfOfRequestTimeout());
        return Admin.create(config);
    }

    /**
     * The node's one producer: idempotent and {@code acks=all}, so an acknowledged record is on every in-sync replica
     * and a retry inside the client never writes it twice. A send gives up after the request timeout.
     */
    public Producer<byte[], byte[]> producer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        // A produce request brings up to a thousand records at once: in Kafka's 16 KiB batches a 1 MiB request was 64
        // batches, each a broker append (and, with log.flush.interval.messages=1, an fsync): batched produce over such a
        // broker went 13 -> 78 MiB/s. Every partition with records waiting takes a whole batch from buffer.memory, so
        // that doubles too (512 partitions' batches at once; send() waits for room beyond that).
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 128 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        config.putAll(settings.properties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-producer");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) halfOfRequestTimeout());
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) requestTimeout().toMillis()
                + ((Number) config.get(ProducerConfig.LINGER_MS_CONFIG)).intValue());
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, requestTimeout().toMillis());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /**
     * A consumer with these settings on top of the user's; offsets are committed only when Tributary says so.
     *
     * @param name      what the client id ends with ({@code reader}), unless the overrides give a client id
     */
    public Consumer<byte[], byte[]> consumer(String name, Map<String, Object> overrides) {
        Map<String, Object> config = base();
        config.putAll(overrides);
        config.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, clientIdPrefix + "-" + name + "-" + consumers.incrementAndGet());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) requestTimeout().toMillis());
        // The kernel's autotuned receive buffer, not Kafka's 64 KiB: Tributary's consumers run poll(0) on ticks, and a
        // poll reads only what the socket buffer holds, so a 1 MiB fetch answer took 16 ticks to arrive
        config.putIfAbsent(ConsumerConfig.RECEIVE_BUFFER_CONFIG, -1);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    private Map<String, Object> base() {
        Map<String, Object> config = new HashMap<>(settings.properties());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        return config;
    }

    private long halfOfRequestTimeout() {
        return Math.max(1000, requestTimeout().toMillis() / 2);
    }
}

package io.tributary.bench;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** What the workloads over kafka-clients share: topic creation, end offsets, producers from a property list. */
final class KafkaClients {

    static Admin admin(String bootstrap) {
        return Admin.create(Map.of("bootstrap.servers", bootstrap));
    }

    static void createTopic(String bootstrap, String topic, int partitions) throws Exception {
        try (Admin admin = admin(bootstrap)) {
            createTopic(admin, topic, partitions);
        }
    }

    /** {@code --topics} (a,b,...) of {@code --partitions} each, in one request: one JVM start instead of one per topic. */
    static void createTopics(Options options) throws Exception {
        String bootstrap = options.required("bootstrap");
        List<String> topics = List.of(options.required("topics").split(","));
        int partitions = options.integer("partitions", 3);
        options.string("out", null); // bench/kafka/run.sh passes it to every command; nothing is measured here
        options.rejectUnknown();
        try (Admin admin = admin(bootstrap)) {
            admin.createTopics(topics.stream().map(t -> new NewTopic(t, partitions, (short) 1)).toList()).all().get();
        }
    }

    static void createTopic(Admin admin, String topic, int partitions) throws Exception {
        admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }

    static long endOffsetSum(Admin admin, String topic, int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = IntStream.range(0, partitions).boxed()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p), p -> OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get().values().stream()
                .mapToLong(ListOffsetsResultInfo::offset).sum();
    }

    /** A byte[] producer with {@code props} given as {@code name=value,name=value}. */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap, String props) {
        Properties properties = new Properties();
        properties.put("bootstrap.servers", bootstrap);
        for (String pair : props.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                properties.put(kv[0].trim(), kv[1].trim());
            }
        }
        return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** 64 random values of {@code size} bytes, cycled through by the producers (no compression, so content is moot). */
    static byte[][] randomValues(int size) {
        SplittableRandom random = new SplittableRandom(11);
        byte[][] values = new byte[64][size];
        for (byte[] value : values) {
            random.nextBytes(value);
        }
        return values;
    }

    private KafkaClients() {
    }
}

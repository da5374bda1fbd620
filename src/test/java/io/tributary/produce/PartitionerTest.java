package io.tributary.produce;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

class PartitionerTest {

    private static final int[] PARTITION_COUNTS = {1, 2, 3, 6, 7, 12, 50, 1000};

    @Test
    void keyedRecordsGoWhereKafkasOwnClientPutsThem() {
        Random random = new Random(42);
        for (int i = 0; i < 5_000; i++) {
            byte[] key = randomKey(random);
            for (int partitions : PARTITION_COUNTS) {
                int ours = Partitioner.partitionForKey(key, partitions);
                assertThat(ours).as("key %s over %d partitions", Arrays.toString(key), partitions)
                        .isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions))
                        .isEqualTo(Utils.toPositive(Utils.murmur2(key)) % partitions);
            }
        }
    }

    @Test
    void knownKeysLandInTheSamePartitionAsWithAKafkaStringSerializer() {
        // Kafka's StringSerializer sends the UTF-8 bytes; for 3 partitions Kafka puts "user1" here:
        byte[] user1 = "user1".getBytes(StandardCharsets.UTF_8);
        assertThat(Partitioner.partitionForKey(user1, 3)).isEqualTo(BuiltInPartitioner.partitionForKey(user1, 3));
        byte[] nonAscii = "Zürich-東京-🚀".getBytes(StandardCharsets.UTF_8);
        assertThat(Partitioner.partitionForKey(nonAscii, 12)).isEqualTo(BuiltInPartitioner.partitionForKey(nonAscii, 12));
    }

    @Test
    void explicitPartitionWinsOverKey() {
        var records = List.of(record(2, "user1"), record(0, "user1"));
        assertThat(new Partitioner().assign(records, 3)).containsExactly(2, 0);
    }

    @Test
    void unkeyedRecordsGoRoundRobinAcrossRequests() {
        Partitioner partitioner = new Partitioner();
        List<Integer> seen = new ArrayList<>();
        for (int request = 0; request < 4; request++) {
            for (int p : partitioner.assign(List.of(record(null, null), record(null, null), record(null, null)), 4)) {
                seen.add(p);
            }
        }
        // 12 records over 4 partitions: each partition exactly 3 times, consecutive records on consecutive partitions
        assertThat(seen).containsOnly(0, 1, 2, 3);
        for (int p = 0; p < 4; p++) {
            assertThat(java.util.Collections.frequency(seen, p)).isEqualTo(3);
        }
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i)).isEqualTo((seen.get(i - 1) + 1) % 4);
        }
    }

    @Test
    void keyedRecordsDoNotAdvanceTheRoundRobin() {
        Partitioner partitioner = new Partitioner();
        int[] first = partitioner.assign(List.of(record(null, null)), 5);
        partitioner.assign(List.of(record(null, "a"), record(null, "b")), 5);
        int[] second = partitioner.assign(List.of(record(null, null)), 5);
        assertThat(second[0]).isEqualTo((first[0] + 1) % 5);
    }

    private static ProduceRecord record(Integer partition, String key) {
        return new ProduceRecord(partition, key == null ? null : key.getBytes(StandardCharsets.UTF_8), new byte[] {1}, List.of(), -1);
    }

    private static byte[] randomKey(Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> { // random bytes of any length, including empty
                byte[] b = new byte[random.nextInt(64)];
                random.nextBytes(b);
                yield b;
            }
            case 1 -> { // non-ASCII text
                StringBuilder sb = new StringBuilder();
                int n = 1 + random.nextInt(20);
                for (int i = 0; i < n; i++) {
                    sb.appendCodePoint(0xA0 + random.nextInt(0x2FFF));
                }
                yield sb.toString().getBytes(StandardCharsets.UTF_8);
            }
            default -> ("user" + random.nextInt(100_000)).getBytes(StandardCharsets.UTF_8);
        };
    }
}

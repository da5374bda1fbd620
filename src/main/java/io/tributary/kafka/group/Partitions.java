package io.tributary.kafka.group;

import io.tributary.common.FetchedRecord;
import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;
import io.tributary.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Kafka's partitions and records in Tributary's values, and back. */
final class Partitions {

    private Partitions() {
    }

    static TopicPartition of(org.apache.kafka.common.TopicPartition tp) {
        return new TopicPartition(tp.topic(), tp.partition());
    }

    static org.apache.kafka.common.TopicPartition kafka(TopicPartition tp) {
        return new org.apache.kafka.common.TopicPartition(tp.topic(), tp.partition());
    }

    static Set<TopicPartition> of(Collection<org.apache.kafka.common.TopicPartition> partitions) {
        return partitions.stream().map(Partitions::of).collect(Collectors.toSet());
    }

    static Set<org.apache.kafka.common.TopicPartition> kafka(Collection<TopicPartition> partitions) {
        return partitions.stream().map(Partitions::kafka).collect(Collectors.toSet());
    }

    static FetchedRecord record(ConsumerRecord<byte[], byte[]> r) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header h : r.headers()) {
            headers.add(new RecordHeader(h.key(), h.value()));
        }
        return new FetchedRecord(r.topic(), r.partition(),
                new StoredRecord(r.offset(), r.timestamp(), r.key(), r.value(), List.copyOf(headers)));
    }
}

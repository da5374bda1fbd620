package io.tributary.embedded;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.common.FetchedRecord;
import io.tributary.common.TopicPartition;
import io.tributary.log.LogMetrics;
import io.tributary.log.StorageFailureListener;
import io.tributary.topic.TopicEvent;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The engine's metric hooks on Micrometer: {@code tributary.records.in} and {@code tributary.bytes.in} per topic,
 * {@code tributary.log.append} and {@code tributary.log.fsync} latency timers, and
 * {@code tributary.log.storage.failures}, counted on the engine's storage-failure channel. Beside them
 * {@code tributary.records.out} per topic, which the readers of the embedded backend count. A deleted topic's counters
 * go with it.
 */
@Component
@ConditionalOnEmbeddedBackend
public class MicrometerLogMetrics implements LogMetrics, StorageFailureListener {

    private record TopicMeters(Counter records, Counter bytes, Counter recordsOut) {
    }

    private final MeterRegistry registry;
    private final Timer append;
    private final Timer fsync;
    private final Counter storageFailures;
    private final Map<String, TopicMeters> topics = new ConcurrentHashMap<>();

    public MicrometerLogMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.append = Timer.builder("tributary.log.append").description("Time to write a batch to a segment (before fsync)")
                .register(registry);
        this.fsync = Timer.builder("tributary.log.fsync").description("Time of one fsync of a partition's active segment")
                .register(registry);
        this.storageFailures = Counter.builder("tributary.log.storage.failures")
                .description("Failed writes, fsyncs and reads of the log (full disk, I/O errors)").register(registry);
    }

    @Override
    public void appended(TopicPartition tp, int records, int bytes, long appendNanos) {
        TopicMeters meters = topics.computeIfAbsent(tp.topic(), this::metersFor);
        meters.records.increment(records);
        meters.bytes.increment(bytes);
        append.record(appendNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * Records handed to a client in a response: by a group poll (a stream's events included) or a partition read. A
     * record delivered again (after a seek, a rebalance, a client that went away mid-stream) counts again, as a
     * broker's fetch metrics do.
     */
    public void delivered(List<FetchedRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        records.stream().collect(Collectors.groupingBy(FetchedRecord::topic, Collectors.counting()))
                .forEach((topic, count) -> topics.computeIfAbsent(topic, this::metersFor).recordsOut.increment(count));
    }

    @Override
    public void flushed(TopicPartition tp, long fsyncNanos) {
        fsync.record(fsyncNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void storageFailed(TopicPartition tp, IOException cause, boolean offline) {
        storageFailures.increment();
    }

    @EventListener
    public void on(TopicEvent.Deleted deleted) {
        TopicMeters meters = topics.remove(deleted.topic());
        if (meters != null) {
            registry.remove(meters.records);
            registry.remove(meters.bytes);
            registry.remove(meters.recordsOut);
        }
    }

    private TopicMeters metersFor(String topic) {
        return new TopicMeters(
                Counter.builder("tributary.records.in").tag("topic", topic).description("Records appended").register(registry),
                Counter.builder("tributary.bytes.in").tag("topic", topic).baseUnit("bytes")
                        .description("Encoded batch bytes appended").register(registry),
                Counter.builder("tributary.records.out").tag("topic", topic)
                        .description("Records handed to clients by group polls and partition reads").register(registry));
    }
}

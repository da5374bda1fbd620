package io.tributary.embedded;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.common.FetchedRecord;
import io.tributary.common.TopicPartition;
import io.tributary.log.CleaningResult;
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
 * {@code tributary.records.out} per topic, which the readers of the embedded backend count. The log cleaner's:
 * {@code tributary.compaction.runs} (tag {@code result}: cleaned or failed), {@code tributary.compaction.bytes.cleaned}
 * and {@code .bytes.reclaimed}, the {@code tributary.compaction.time} of each cleaning, and per compacted partition the
 * gauge {@code tributary.compaction.dirty.ratio} (tags topic, partition). A deleted topic's meters go with it.
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
    private final Counter cleanings;
    private final Counter cleaningFailures;
    private final Counter bytesCleaned;
    private final Counter bytesReclaimed;
    private final Timer cleaningTime;
    /** The last dirty ratio the cleaner saw per compacted partition, read by its gauge. */
    private final Map<TopicPartition, DirtyRatio> dirtyRatios = new ConcurrentHashMap<>();

    /** A gauge's value: Micrometer holds gauge objects weakly, this map strongly. */
    private static final class DirtyRatio {
        volatile double value;
        Meter.Id gauge;
    }

    public MicrometerLogMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.append = Timer.builder("tributary.log.append").description("Time to write a batch to a segment (before fsync)")
                .register(registry);
        this.fsync = Timer.builder("tributary.log.fsync").description("Time of one fsync of a partition's active segment")
                .register(registry);
        this.storageFailures = Counter.builder("tributary.log.storage.failures")
                .description("Failed writes, fsyncs and reads of the log (full disk, I/O errors)").register(registry);
        this.cleanings = Counter.builder("tributary.compaction.runs").tag("result", "cleaned")
                .description("Cleanings of compacted partitions by the log cleaner").register(registry);
        this.cleaningFailures = Counter.builder("tributary.compaction.runs").tag("result", "failed")
                .description("Cleanings of compacted partitions by the log cleaner").register(registry);
        this.bytesCleaned = Counter.builder("tributary.compaction.bytes.cleaned").baseUnit("bytes")
                .description("Bytes of segments the log cleaner read and rewrote").register(registry);
        this.bytesReclaimed = Counter.builder("tributary.compaction.bytes.reclaimed").baseUnit("bytes")
                .description("Bytes the log cleaner removed (superseded records, expired tombstones)").register(registry);
        this.cleaningTime = Timer.builder("tributary.compaction.time")
                .description("Time of one cleaning of one partition, throttling included").register(registry);
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

    @Override
    public void cleaned(CleaningResult result) {
        cleanings.increment();
        bytesCleaned.increment(result.bytesCleaned());
        bytesReclaimed.increment(result.bytesReclaimed());
        cleaningTime.record(result.durationNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void cleaningFailed(TopicPartition tp) {
        cleaningFailures.increment();
    }

    @Override
    public void dirtyRatio(TopicPartition tp, double ratio) {
        dirtyRatios.computeIfAbsent(tp, this::dirtyRatioGauge).value = ratio;
    }

    private DirtyRatio dirtyRatioGauge(TopicPartition tp) {
        DirtyRatio ratio = new DirtyRatio();
        ratio.gauge = Gauge.builder("tributary.compaction.dirty.ratio", ratio, r -> r.value)
                .tags("topic", tp.topic(), "partition", Integer.toString(tp.partition()))
                .description("Share of a compacted partition's closed segments written since its last cleaning")
                .register(registry).getId();
        return ratio;
    }

    @EventListener
    public void on(TopicEvent.Deleted deleted) {
        TopicMeters meters = topics.remove(deleted.topic());
        if (meters != null) {
            registry.remove(meters.records);
            registry.remove(meters.bytes);
            registry.remove(meters.recordsOut);
        }
        dirtyRatios.entrySet().removeIf(e -> {
            boolean gone = e.getKey().topic().equals(deleted.topic());
            if (gone) {
                registry.remove(e.getValue().gauge);
            }
            return gone;
        });
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

package io.tributary.kafka.registry;

import io.tributary.common.errors.BackendUnavailableException;
import io.tributary.kafka.KafkaClients;
import io.tributary.kafka.KafkaErrors;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the registry's topics from the beginning, for ever, with one consumer (no group: every node reads
 * everything) on one thread, handing each record to {@code handler} in log order. Remembers how far it has applied,
 * so a caller can wait until a record it wrote, or everything written before now, has been applied
 * ({@link #awaitApplied}, {@link #awaitCaughtUp}).
 */
final class RegistryTail implements AutoCloseable {

    interface Handler {
        void apply(ConsumerRecord<byte[], byte[]> record);
    }

    private static final Logger log = LoggerFactory.getLogger(RegistryTail.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final Consumer<byte[], byte[]> consumer;
    private final Admin admin;
    private final Handler handler;
    private final List<TopicPartition> partitions = new ArrayList<>();
    /** The next offset to apply, per partition; guarded by itself, waited on by callers. */
    private final Map<TopicPartition, Long> applied = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    RegistryTail(KafkaClients clients, Admin admin, List<String> topics, Handler handler) {
        this.admin = admin;
        this.handler = handler;
        this.consumer = clients.consumer("registry", Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20));
        for (String topic : topics) {
            partitionsOf(topic, clients.requestTimeout()).forEach(p -> partitions.add(new TopicPartition(topic, p)));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::run, "tributary-registry-tail");
        thread.setDaemon(true);
        thread.start();
    }

    /** A topic just created may take a moment to show in the metadata. */
    private List<Integer> partitionsOf(String topic, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<Integer> found = consumer.partitionsFor(topic).stream().map(p -> p.partition()).toList();
            if (!found.isEmpty() || System.nanoTime() - deadline > 0) {
                return found.isEmpty() ? List.of(0) : found;
            }
            sleepQuietly();
        }
    }

    private void run() {
        while (running) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    try {
                        handler.apply(record);
                    } catch (RuntimeException e) {
                        log.warn("Skipped an unreadable registry record at {}-{}@{}", record.topic(), record.partition(),
                                record.offset(), e);
                    }
                }
                Map<TopicPartition, Long> positions = new HashMap<>();
                for (TopicPartition partition : partitions) {
                    positions.put(partition, consumer.position(partition));
                }
                synchronized (applied) {
                    applied.putAll(positions);
                    applied.notifyAll();
                }
            } catch (WakeupException e) {
                // closing
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Reading the instance registry failed; retrying", e);
                    sleepQuietly();
                }
            }
        }
        consumer.close();
    }

    /** Waits until the record at {@code offset} of {@code topic}'s partition 0.. has been applied. */
    void awaitApplied(String topic, int partition, long offset, Duration timeout) {
        awaitPositions(Map.of(new TopicPartition(topic, partition), offset + 1), timeout);
    }

    /** Waits until everything written to the registry before this call has been applied: a read barrier. */
    void awaitCaughtUp(Duration timeout) {
        Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                KafkaErrors.await(admin.listOffsets(latest).all(), timeout, "read the instance registry's end");
        awaitPositions(ends.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset())),
                timeout);
    }

    private void awaitPositions(Map<TopicPartition, Long> targets, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (applied) {
            while (!reached(targets)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new BackendUnavailableException("The instance registry could not be read up to date in "
                            + timeout.toMillis() + " ms; retry later.", null);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(applied, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BackendUnavailableException("Interrupted while reading the instance registry.", e);
                }
            }
        }
    }

    private boolean reached(Map<TopicPartition, Long> targets) {
        return targets.entrySet().stream().allMatch(t -> applied.getOrDefault(t.getKey(), -1L) >= t.getValue());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(POLL.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

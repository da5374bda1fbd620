package io.tributary.kafka;

import io.tributary.common.FetchedRecord;
import io.tributary.common.RecordHeader;
import io.tributary.common.StoredRecord;

import jakarta.annotation.PreDestroy;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The node's fetcher for reads without a group: one consumer without a {@code group.id}, driven by one thread, assigned
 * the partitions that reads wait on and positioned where the oldest read of each partition starts. Each poll's records
 * complete the reads that start where they begin; a read of the same partition at another offset is served by a later
 * poll. A read waits as a future, not as a thread; a new one wakes the loop ({@code wakeup()}), so it is fetched at once.
 */
@Component
@ConditionalOnKafkaBackend
public class PartitionFetcher implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PartitionFetcher.class);
    private static final Duration POLL = Duration.ofMillis(50);

    /** One read: the records of {@code partition} from {@code offset}, until {@code deadline} (System.nanoTime). */
    private record Fetch(TopicPartition partition, long offset, int maxRecords, int maxBytes, long deadline,
                         CompletableFuture<List<FetchedRecord>> result) {
    }

    private final Consumer<byte[], byte[]> consumer;
    private final Queue<Fetch> arriving = new ConcurrentLinkedQueue<>();
    private final Map<TopicPartition, Queue<Fetch>> waiting = new HashMap<>();
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    private final Thread loop;
    private volatile boolean running = true;

    PartitionFetcher(KafkaClients clients) {
        this.consumer = clients.consumer("reader", Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20));
        this.loop = new Thread(this::run, "tributary-partition-fetcher");
        loop.setDaemon(true);
        loop.start();
    }

    /** The records of {@code partition} from {@code offset}, as soon as there are any, or none after {@code timeout}. */
    CompletableFuture<List<FetchedRecord>> fetch(TopicPartition partition, long offset, int maxRecords, int maxBytes,
                                                 Duration timeout) {
        CompletableFuture<List<FetchedRecord>> result = new CompletableFuture<>();
        arriving.add(new Fetch(partition, offset, maxRecords, maxBytes, System.nanoTime() + timeout.toNanos(), result));
        consumer.wakeup();
        LockSupport.unpark(loop);
        return result;
    }

    private void run() {
        while (running) {
            try {
                admitArrivals();
                expire();
                if (waiting.isEmpty()) {
                    if (!consumer.assignment().isEmpty()) {
                        consumer.assign(List.of());
                        positions.clear();
                    }
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                    continue;
                }
                position();
                deliver(consumer.poll(POLL));
            } catch (WakeupException e) {
                // a new read arrived: take it in before polling again
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("Partition fetch failed; the waiting reads of the partitions involved end empty", e);
                    failAll(e);
                }
            }
        }
    }

    private void admitArrivals() {
        for (Fetch fetch = arriving.poll(); fetch != null; fetch = arriving.poll()) {
            waiting.computeIfAbsent(fetch.partition(), tp -> new ArrayDeque<>()).add(fetch);
        }
    }

    private void expire() {
        long now = System.nanoTime();
        for (Iterator<Queue<Fetch>> it = waiting.values().iterator(); it.hasNext(); ) {
            Queue<Fetch> fetches = it.next();
            fetches.removeIf(fetch -> {
                boolean over = fetch.result().isDone() || now - fetch.deadline() >= 0;
                if (over) {
                    fetch.result().complete(List.of());
                }
                return over;
            });
            if (fetches.isEmpty()) {
                it.remove();
            }
        }
    }

    /** Assigns the partitions reads wait on, each at the offset its oldest read starts from. */
    private void position() {
        if (!consumer.assignment().equals(waiting.keySet())) {
            consumer.assign(List.copyOf(waiting.keySet()));
            positions.keySet().retainAll(waiting.keySet());
        }
        waiting.forEach((partition, fetches) -> {
            long offset = fetches.peek().offset();
            Long position = positions.get(partition);
            if (position == null || position != offset) {
                consumer.seek(partition, offset);
                positions.put(partition, offset);
            }
        });
    }

    private void deliver(ConsumerRecords<byte[], byte[]> polled) {
        for (TopicPartition partition : polled.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = polled.records(partition);
            Queue<Fetch> fetches = waiting.get(partition);
            Long from = positions.get(partition);
            positions.put(partition, records.get(records.size() - 1).offset() + 1);
            if (fetches == null || from == null) {
                continue;
            }
            for (Iterator<Fetch> it = fetches.iterator(); it.hasNext(); ) {
                Fetch fetch = it.next();
                if (fetch.offset() == from) {
                    fetch.result().complete(convert(partition, records, fetch));
                    it.remove();
                }
            }
            if (fetches.isEmpty()) {
                waiting.remove(partition);
            }
        }
    }

    /** As many records as the read asks for and its byte budget allows, at least one. */
    private static List<FetchedRecord> convert(TopicPartition partition, List<ConsumerRecord<byte[], byte[]>> records,
                                               Fetch fetch) {
        List<FetchedRecord> result = new ArrayList<>(Math.min(records.size(), fetch.maxRecords()));
        long bytes = 0;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            if (record.offset() < fetch.offset()) {
                continue;
            }
            bytes += Math.max(0, record.serializedKeySize()) + Math.max(0, record.serializedValueSize());
            if (result.size() == fetch.maxRecords() || (!result.isEmpty() && bytes > fetch.maxBytes())) {
                break;
            }
            result.add(fetched(record));
        }
        return result;
    }

    /** A record Kafka returned, as the ports hand it on. */
    public static FetchedRecord fetched(ConsumerRecord<byte[], byte[]> record) {
        List<RecordHeader> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(new RecordHeader(header.key(), header.value()));
        }
        return new FetchedRecord(record.topic(), record.partition(),
                new StoredRecord(record.offset(), record.timestamp(), record.key(), record.value(), List.copyOf(headers)));
    }

    private void failAll(RuntimeException e) {
        waiting.values().forEach(fetches -> fetches.forEach(f -> f.result().completeExceptionally(
                KafkaErrors.translate(e, "read " + f.partition()))));
        waiting.clear();
        positions.clear();
        try {
            consumer.assign(List.of());
        } catch (RuntimeException ignored) {
            // the next read assigns again
        }
    }

    @Override
    @PreDestroy
    public void close() {
        running = false;
        consumer.wakeup();
        LockSupport.unpark(loop);
        try {
            loop.join(TimeUnit.SECONDS.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
        arriving.forEach(f -> f.result().complete(List.of()));
    }
}

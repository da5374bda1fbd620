package io.tributary.log;

import static io.tributary.log.TestLogs.records;
import static io.tributary.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.common.TopicPartition;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class FlushPolicyTest extends LogDirectoryTest {

    private final CountingMetrics metrics = new CountingMetrics();
    private PartitionLog partition(FlushPolicy policy) {
        openManager(new LogSettings(policy, 4096, Clock.systemUTC(), metrics));
        return manager.createTopic("t", 1, TestLogs.DEFAULT_CONFIG).partition(0);
    }

    @Test
    void durableAppendsFsyncBeforeReturningAndConcurrentAppendersShareFsyncs() throws Exception {
        PartitionLog log = partition(new FlushPolicy.Durable());
        log.append(records("first", 0, 1));
        assertThat(metrics.flushes.get()).isEqualTo(1);

        List<CompletableFuture<Void>> appenders = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            appenders.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 200; i++) {
                    log.append(records("v", i, 1));
                }
            }, r -> new Thread(r).start()));
        }
        CompletableFuture.allOf(appenders.toArray(CompletableFuture[]::new)).get();

        assertThat(metrics.appends.get()).isEqualTo(1601);
        assertThat(metrics.records.get()).isEqualTo(1601);
        assertThat(metrics.bytes.get()).isPositive();
        assertThat(metrics.flushes.get()).as("fsyncs for 1600 concurrent appends").isLessThan(1600);
        assertThat(log.endOffset()).isEqualTo(1601);
    }

    @Test
    void intervalAppendsAreVisibleAtOnceAndFsyncedInTheBackground() {
        PartitionLog log = partition(new FlushPolicy.Interval(Duration.ofMillis(50)));

        log.append(records("v", 0, 3));

        assertThat(log.endOffset()).isEqualTo(3);
        assertThat(values(log.read(0, 10, 1000))).containsExactly("v0", "v1", "v2");
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.flushes.get() >= 1);
        int flushes = metrics.flushes.get();
        log.append(records("w", 0, 1));
        await().atMost(Duration.ofSeconds(10)).until(() -> metrics.flushes.get() > flushes);

        manager.close();
        openManager(LogSettings.defaults());
        assertThat(manager.requireTopic("t").partition(0).endOffset()).isEqualTo(4);
    }

    static final class CountingMetrics implements LogMetrics {
        final AtomicInteger appends = new AtomicInteger();
        final AtomicLong records = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void appended(TopicPartition tp, int records, int bytes, long appendNanos) {
            appends.incrementAndGet();
            this.records.addAndGet(records);
            this.bytes.addAndGet(bytes);
        }

        @Override
        public void flushed(TopicPartition tp, long fsyncNanos) {
            flushes.incrementAndGet();
        }
    }
}

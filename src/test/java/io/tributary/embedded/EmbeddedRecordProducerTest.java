package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.tributary.common.TopicPartition;
import io.tributary.common.errors.RecordTooLargeException;
import io.tributary.common.errors.StorageException;
import io.tributary.log.AppendResult;
import io.tributary.log.LogStorageException;
import io.tributary.log.NewRecord;
import io.tributary.log.PartitionLog;
import io.tributary.log.TopicConfig;
import io.tributary.log.TopicLog;
import io.tributary.produce.ProduceRecord;
import io.tributary.produce.RecordResult;
import io.tributary.settings.TributaryProperties;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Batching and per-record failures, with the engine replaced by mocks so failures can be injected. */
class EmbeddedRecordProducerTest {

    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final EmbeddedTopicAdmin topics = mock(EmbeddedTopicAdmin.class);
    private final TopicLog topic = mock(TopicLog.class);
    private final PartitionLog p0 = partition(0);
    private final PartitionLog p1 = partition(1);
    private EmbeddedRecordProducer service;

    @BeforeEach
    void setUp() {
        TributaryProperties properties = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("tributary", TributaryProperties.class);
        service = new EmbeddedRecordProducer(topics, properties, workers);
        when(topics.forProduce("t")).thenReturn(topic);
        when(topic.name()).thenReturn("t");
        when(topic.partitionCount()).thenReturn(2);
        when(topic.partition(0)).thenReturn(p0);
        when(topic.partition(1)).thenReturn(p1);
        when(topic.config()).thenReturn(config(1024 * 1024));
    }

    @AfterEach
    void tearDown() {
        workers.shutdownNow();
    }

    @Test
    void onePartitionsRecordsAreOneBatchInRequestOrder() {
        when(p0.append(anyList(), any())).thenReturn(new AppendResult(10, 11, 99));
        when(p1.append(anyList(), any())).thenReturn(new AppendResult(5, 5, 99));
        var results = service.produce("t", null, List.of(record(0, "a"), record(1, "b"), record(0, "c"))).join();

        ArgumentCaptor<List<NewRecord>> batch = listCaptor();
        verify(p0, times(1)).append(batch.capture(), any());
        assertThat(batch.getValue()).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("a", "c");
        assertThat(results).extracting(RecordResult::partition).containsExactly(0, 1, 0);
        assertThat(results).extracting(RecordResult::offset).containsExactly(10L, 5L, 11L);
        assertThat(results).extracting(RecordResult::timestamp).containsExactly(99L, 99L, 99L);
    }

    @Test
    void aDiskFailureFailsOnlyThatPartitionsRecordsAsRetriable() {
        when(p0.append(anyList(), any())).thenReturn(new AppendResult(0, 0, 1));
        when(p1.append(anyList(), any())).thenThrow(new LogStorageException("No space left on device", new IOException("ENOSPC")));
        var results = service.produce("t", null, List.of(record(0, "a"), record(1, "b"))).join();

        assertThat(results.get(0).failed()).isFalse();
        assertThat(results.get(1).error()).isInstanceOf(StorageException.class).hasMessageContaining("No space left");
    }

    @Test
    void anUnexpectedFailureIsAnInternalErrorForItsRecords() {
        when(p0.append(anyList(), any())).thenThrow(new IllegalStateException("boom"));
        var results = service.produce("t", 0, List.of(record(null, "a"))).join();
        assertThat(results.get(0).error()).isInstanceOf(IllegalStateException.class).hasMessage("boom");
    }

    @Test
    void batchesAreSplitBelowMaxMessageBytesAndOversizedRecordsRejectedBeforeAnyWrite() {
        when(topic.config()).thenReturn(config(400));
        when(p0.append(anyList(), any())).thenReturn(new AppendResult(0, 1, 1), new AppendResult(2, 2, 1));
        // about 24 + 120 bytes each: two fit under 400 - 61 bytes of batch header, the third starts a new batch
        service.produce("t", 0, List.of(record(null, "x".repeat(120)), record(null, "y".repeat(120)), record(null, "z".repeat(120))));
        verify(p0, times(2)).append(anyList(), any());

        assertThatThrownBy(() -> service.produce("t", 1, List.of(record(null, "ok"), record(null, "x".repeat(500)))))
                .isInstanceOf(RecordTooLargeException.class);
        verify(p1, never()).append(anyList(), any());
    }

    private static ProduceRecord record(Integer partition, String value) {
        return new ProduceRecord(partition, null, value.getBytes(StandardCharsets.UTF_8), List.of(), -1);
    }

    private static TopicConfig config(int maxMessageBytes) {
        return new TopicConfig(-1, -1, 1 << 20, 1000, maxMessageBytes, "CreateTime", "delete");
    }

    private static PartitionLog partition(int p) {
        PartitionLog log = mock(PartitionLog.class);
        when(log.topicPartition()).thenReturn(new TopicPartition("t", p));
        return log;
    }

    @SuppressWarnings("unchecked")
    private static ArgumentCaptor<List<NewRecord>> listCaptor() {
        return ArgumentCaptor.forClass(List.class);
    }
}

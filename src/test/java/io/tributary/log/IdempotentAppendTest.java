package io.tributary.log;

import static io.tributary.log.TestLogs.DEFAULT_CONFIG;
import static io.tributary.log.TestLogs.records;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Appends that carry a producer identity: remembered, answered again instead of appended twice, rebuilt from the log. */
class IdempotentAppendTest extends LogDirectoryTest {

    private static final ProducerIdentity FIRST = new ProducerIdentity(42L, (short) 7, 1_000);
    private static final ProducerIdentity SECOND_BATCH = new ProducerIdentity(42L, (short) 7, 1_001);

    private PartitionLog partition() {
        return openManager().createTopic("t", 1, DEFAULT_CONFIG).partition(0);
    }

    @Test
    void theSameIdentityIsAppendedOnceAndAnsweredWithTheFirstOffsets() {
        PartitionLog log = partition();
        log.append(records("before", 0, 2));
        AppendResult first = log.append(records("a", 0, 3), FIRST);
        AppendResult again = log.append(records("a", 0, 3), FIRST);

        assertThat(first.baseOffset()).isEqualTo(2);
        assertThat(again).isEqualTo(first);
        assertThat(log.endOffset()).isEqualTo(5);
        assertThat(log.idempotentBatches(42L)).extracting(IdempotentBatch::identity).containsExactly(FIRST);
        assertThat(log.idempotentBatches(43L)).isEmpty();

        AppendResult other = log.append(records("b", 0, 1), SECOND_BATCH);
        assertThat(other.baseOffset()).isEqualTo(5);
        assertThat(log.idempotentBatches(42L)).extracting(IdempotentBatch::baseOffset).containsExactly(2L, 5L);
    }

    @Test
    void theMemoryIsRebuiltFromTheLogAfterARestartAndACrash() {
        PartitionLog log = partition();
        AppendResult first = log.append(records("a", 0, 3), FIRST);
        log.append(records("plain", 0, 4));
        manager.close();

        PartitionLog reopened = openManager().topic("t").orElseThrow().partition(0);
        assertThat(reopened.idempotentBatches(42L)).singleElement().satisfies(batch -> {
            assertThat(batch.identity()).isEqualTo(FIRST);
            assertThat(batch.baseOffset()).isEqualTo(first.baseOffset());
            assertThat(batch.lastOffset()).isEqualTo(first.lastOffset());
        });
        assertThat(reopened.append(records("a", 0, 3), FIRST).baseOffset()).isEqualTo(first.baseOffset());
        assertThat(reopened.endOffset()).isEqualTo(7);
    }

    @Test
    void batchesInOlderSegmentsAreRebuiltToo() {
        PartitionLog log = openManager().createTopic("t", 1, TestLogs.config(Map.of(TopicConfig.SEGMENT_BYTES, "1024")))
                .partition(0);
        AppendResult first = log.append(records("a", 0, 3), FIRST);
        for (int i = 0; i < 20; i++) {
            log.append(records("filler-" + i + "-", 0, 5));
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        manager.close();

        PartitionLog reopened = openManager().topic("t").orElseThrow().partition(0);
        assertThat(reopened.idempotentBatches(42L)).extracting(IdempotentBatch::baseOffset).containsExactly(first.baseOffset());
    }

    @Test
    void aBatchIsForgottenAfterTheWindowAndBeyondTheBound() {
        LogSettings settings = TestLogs.settings(clock).withIdempotency(new IdempotencyLimits(Duration.ofHours(1), 2));
        PartitionLog log = openManager(settings).createTopic("t", 1, DEFAULT_CONFIG).partition(0);
        log.append(records("a", 0, 1), FIRST);
        clock.advance(Duration.ofMinutes(61));
        assertThat(log.idempotentBatches(42L)).as("out of the window").isEmpty();
        assertThat(log.append(records("a", 0, 1), FIRST).baseOffset()).as("appended again").isEqualTo(1);

        log.append(records("x", 0, 1), new ProducerIdentity(1L, (short) 0, 0));
        log.append(records("y", 0, 1), new ProducerIdentity(2L, (short) 0, 0));
        assertThat(log.idempotentBatches(42L)).as("beyond the bound of 2").isEmpty();
        assertThat(log.idempotentBatches(2L)).hasSize(1);
    }

    @Test
    void theIdentityIsInTheBatchHeaderAndTheRecordsAreUnchanged() {
        PartitionLog log = partition();
        log.append(List.of(TestLogs.record("k", "v", 1234L)), FIRST);
        LogReadResult read = log.read(0, 10, 1 << 20);
        assertThat(read.records()).singleElement().satisfies(r -> {
            assertThat(TestLogs.string(r.key())).isEqualTo("k");
            assertThat(TestLogs.string(r.value())).isEqualTo("v");
            assertThat(r.headers()).extracting(h -> h.key() + "=" + TestLogs.string(h.value())).containsExactly("h=v-v");
            assertThat(r.timestamp()).isEqualTo(1234L);
        });
    }
}

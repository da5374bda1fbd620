package io.tributary.log;

import static io.tributary.log.TestLogs.config;
import static io.tributary.log.TestLogs.records;
import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.StoredRecord;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * Jumps of the wall clock (docs/reliability.md, "Clock jumps"): the test clock's {@code jump} moves only the wall
 * clock, {@code advance} moves monotonic time with it. Retention, segment.ms and the idempotency window must expire
 * nothing before its time by monotonic time; a backward jump may keep data longer by the size of the jump, never
 * forever; offsets stay dense and increasing through every jump and nothing is lost.
 */
class ClockJumpTest extends LogDirectoryTest {

    private static final Duration RETENTION = Duration.ofHours(2);

    private PartitionLog partition() {
        openManager();
        return manager.createTopic("t", 1, config(Map.of(TopicConfig.RETENTION_MS, String.valueOf(RETENTION.toMillis()),
                TopicConfig.SEGMENT_BYTES, "1024"))).partition(0);
    }

    private static void appendOld(PartitionLog log, int count) {
        for (int i = 0; i < count; i++) {
            log.append(records("old", i, 1));
        }
    }

    @Test
    void forwardJumpsOfAnHourAndADayDeleteNothingBeforeItsRetentionHasPassed() {
        PartitionLog log = partition();
        appendOld(log, 60);
        int segments = log.segmentCount();
        assertThat(segments).isGreaterThan(2);

        for (Duration jump : List.of(Duration.ofHours(1), Duration.ofHours(24))) {
            clock.jump(jump);
            RetentionReport report = manager.enforceRetention();
            assertThat(report.segmentsDeleted()).as("deleted after a jump of %s", jump).isZero();
            assertThat(report.segmentsRolled()).as("rolled after a jump of %s", jump).isZero();
            assertThat(log.logStartOffset()).isZero();
        }
        assertThat(log.append(records("after-jumps", 0, 1)).baseOffset()).isEqualTo(60);
        assertThat(TestLogs.readAll(log, 0)).extracting(StoredRecord::offset).containsExactlyElementsOf(range(0, 61));

        clock.advance(RETENTION.minusMinutes(1));
        assertThat(manager.enforceRetention().segmentsDeleted()).as("a minute before its time").isZero();
        clock.advance(Duration.ofMinutes(2));
        assertThat(manager.enforceRetention().segmentsDeleted()).as("once its time has passed").isPositive();
        assertThat(log.logStartOffset()).isPositive();
    }

    @Test
    void backwardJumpsKeepRecordsFromTheFutureOnlyAsLongAsTheJump() {
        PartitionLog log = partition();
        appendOld(log, 60);
        clock.jump(Duration.ofHours(-24)); // every stored timestamp is now a day in the future
        for (int i = 0; i < 5; i++) {
            assertThat(log.append(records("after-jump", i, 1)).baseOffset()).isEqualTo(60 + i); // offsets go on
        }

        clock.advance(RETENTION.plusMinutes(1));
        assertThat(manager.enforceRetention().segmentsDeleted()).as("kept longer by the jump, never early").isZero();
        clock.advance(Duration.ofHours(24));
        assertThat(manager.enforceRetention().segmentsDeleted()).as("retention resumes once the jump has passed")
                .isPositive();
        assertThat(log.logStartOffset()).isPositive();
        List<StoredRecord> left = TestLogs.readAll(log, log.logStartOffset());
        assertThat(left).extracting(StoredRecord::offset).containsExactlyElementsOf(range(log.logStartOffset(), 65));
    }

    @Test
    void aForwardJumpOfADayDoesNotEndTheIdempotencyWindow() {
        PartitionLog log = partition();
        ProducerIdentity identity = new ProducerIdentity(7L, (short) 1, 0);
        long first = log.append(records("once", 0, 2), identity).baseOffset();

        clock.jump(Duration.ofHours(25)); // past the 24 h window by the wall clock, seconds by monotonic time
        assertThat(log.append(records("once", 0, 2), identity).baseOffset()).as("the retry is answered, not appended")
                .isEqualTo(first);
        assertThat(log.endOffset()).isEqualTo(2);

        clock.advance(Duration.ofHours(24).plusMinutes(1)); // the window really passed
        assertThat(log.append(records("once", 0, 2), identity).baseOffset()).isEqualTo(2);
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.range(from, to).boxed().toList();
    }
}

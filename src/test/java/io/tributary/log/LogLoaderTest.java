package io.tributary.log;

import static io.tributary.log.TestLogs.records;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.junit.jupiter.api.Test;

/** {@link LogLoader#load()} on its own: what it returns is everything a manager needs, with no manager around. */
class LogLoaderTest extends LogDirectoryTest {

    @Test
    void loadReturnsEveryTopicWithItsPartitionsOpenAndWhatRecoveryDid() throws Exception {
        openManager();
        manager.createTopic("a", 2, TestLogs.DEFAULT_CONFIG).partition(1).append(records("v", 0, 3));
        manager.createTopic("b", 1, TestLogs.DEFAULT_CONFIG);
        manager.close();
        manager = null;

        ScheduledThreadPoolExecutor maintenance = new ScheduledThreadPoolExecutor(1);
        LogLoader.Loaded loaded = new LogLoader(dir, TestLogs.settings(clock),
                new SegmentReaper(maintenance, Duration.ZERO)).load();
        try {
            assertThat(loaded.topics()).containsOnlyKeys("a", "b");
            assertThat(loaded.topics().get("a").partitions()).extracting(PartitionLog::endOffset).containsExactly(0L, 3L);
            assertThat(loaded.topics().get("b").partitionCount()).isEqualTo(1);
            assertThat(loaded.recoveryReport().cleanShutdown()).isTrue();
            assertThat(loaded.recoveryReport().repairs()).isEmpty();
            assertThat(dir.resolve(LogFiles.CLEAN_SHUTDOWN)).as("pass 1: a crash from now on is noticed").doesNotExist();
        } finally {
            loaded.topics().values().forEach(topic -> topic.partitions().forEach(PartitionLog::abandon));
            maintenance.shutdownNow();
        }
    }
}

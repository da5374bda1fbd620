package io.tributary.log;

import static io.tributary.log.TestLogs.config;
import static io.tributary.log.TestLogs.records;
import static io.tributary.log.TestLogs.values;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LogManagerTest extends LogDirectoryTest {

    private LogManager reopen() {
        manager.close();
        return openManager();
    }

    @Test
    void createsTopicsWithEmptyPartitionsAndListsThemByName() {
        openManager();
        manager.createTopic("zeta", 1, TestLogs.DEFAULT_CONFIG);
        TopicLog alpha = manager.createTopic("alpha", 3, TestLogs.DEFAULT_CONFIG);

        assertThat(manager.topics()).extracting(TopicLog::name).containsExactly("alpha", "zeta");
        assertThat(alpha.partitionCount()).isEqualTo(3);
        assertThat(alpha.partitions()).allSatisfy(p -> {
            assertThat(p.endOffset()).isZero();
            assertThat(p.logStartOffset()).isZero();
        });
        assertThat(Files.isRegularFile(dir.resolve("alpha.properties"))).isTrue();
        assertThat(Files.isRegularFile(dir.resolve("alpha-2/00000000000000000000.log"))).isTrue();
        assertThatThrownBy(() -> alpha.partition(3)).isInstanceOf(UnknownPartitionException.class);
        assertThatThrownBy(() -> manager.requireTopic("nope")).isInstanceOf(UnknownTopicException.class);
    }

    @Test
    void creatingAnExistingTopicFails() {
        openManager().createTopic("t", 1, TestLogs.DEFAULT_CONFIG);

        assertThatThrownBy(() -> manager.createTopic("t", 2, TestLogs.DEFAULT_CONFIG))
                .isInstanceOf(TopicExistsException.class);
        assertThat(manager.requireTopic("t").partitionCount()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../evil", "a/b", "a\\b", "sp ace", "ümlaut"})
    void namesThatCouldEscapeTheDirectoryAreRejected(String name) {
        openManager();

        assertThatThrownBy(() -> manager.createTopic(name, 1, TestLogs.DEFAULT_CONFIG))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(manager.topics()).isEmpty();
    }

    @Test
    void longestLegalNameWorks() {
        openManager();
        String name = "n".repeat(249);

        assertThat(manager.createTopic(name, 1, TestLogs.DEFAULT_CONFIG).name()).isEqualTo(name);
        assertThatThrownBy(() -> manager.createTopic(name + "n", 1, TestLogs.DEFAULT_CONFIG))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reopenAfterCleanCloseKeepsRecordsMetadataAndConfigsWithoutScanning() {
        openManager();
        TopicLog topic = manager.createTopic("t", 2, config(Map.of(TopicConfig.SEGMENT_BYTES, "1024",
                TopicConfig.RETENTION_MS, "1000000")));
        for (int i = 0; i < 100; i++) {
            topic.partition(i % 2).append(records("v", i, 1));
        }
        var id = topic.topicId();

        reopen();

        assertThat(manager.recoveryReport().cleanShutdown()).isTrue();
        assertThat(manager.recoveryReport().segmentsScanned()).isZero();
        assertThat(manager.recoveryReport().repairs()).isEmpty();
        TopicLog reopened = manager.requireTopic("t");
        assertThat(reopened.topicId()).isEqualTo(id);
        assertThat(reopened.partitionCount()).isEqualTo(2);
        assertThat(reopened.config().segmentBytes()).isEqualTo(1024);
        assertThat(reopened.config().retentionMs()).isEqualTo(1_000_000);
        PartitionLog p0 = reopened.partition(0);
        assertThat(p0.endOffset()).isEqualTo(50);
        assertThat(p0.segmentCount()).isGreaterThan(1);
        assertThat(TestLogs.readAll(p0, 0)).hasSize(50);
        assertThat(values(p0.read(49, 1, 100))).containsExactly("v98");
        assertThat(p0.append(records("after", 0, 1)).baseOffset()).isEqualTo(50);
        assertThat(p0.offsetForTimestamp(clock.millis())).hasValue(0);
    }

    @Test
    void openingAfterACrashIsReportedAsUnclean() {
        openManager().createTopic("t", 1, TestLogs.DEFAULT_CONFIG).partition(0).append(records("v", 0, 3));
        manager.close();
        // a crash: the marker close() wrote is missing at the next open
        assertThat(dir.resolve(".clean-shutdown")).exists();
        TestLogs.deleteMarker(dir);

        openManager();

        assertThat(manager.recoveryReport().cleanShutdown()).isFalse();
        assertThat(manager.recoveryReport().segmentsScanned()).isEqualTo(1);
        assertThat(manager.requireTopic("t").partition(0).endOffset()).isEqualTo(3);
        assertThat(dir.resolve(".clean-shutdown")).doesNotExist();
    }

    @Test
    void aSecondManagerCannotOpenTheSameDirectory() {
        openManager();

        assertThatThrownBy(() -> LogManager.open(dir, TestLogs.settings(clock))).isInstanceOf(LogStorageException.class);
    }

    @Test
    void deleteTopicRemovesItsFilesAndFailsReadersAndWriters() {
        openManager();
        TopicLog topic = manager.createTopic("doomed", 2, TestLogs.DEFAULT_CONFIG);
        PartitionLog p0 = topic.partition(0);
        p0.append(records("v", 0, 5));
        CompletableFuture<Void> waiting = p0.awaitEndOffsetAbove(10);

        manager.deleteTopic("doomed");

        assertThat(waiting).isCompleted();
        assertThat(dir.resolve("doomed.properties")).doesNotExist();
        assertThat(dir.resolve("doomed-0")).doesNotExist();
        assertThat(dir.resolve("doomed-1")).doesNotExist();
        assertThat(manager.topic("doomed")).isEmpty();
        assertThatThrownBy(() -> p0.read(0, 10, 1000)).isInstanceOf(UnknownTopicException.class);
        assertThatThrownBy(() -> p0.append(records("v", 0, 1))).isInstanceOf(UnknownTopicException.class);
        assertThatThrownBy(() -> manager.deleteTopic("doomed")).isInstanceOf(UnknownTopicException.class);

        reopen();
        assertThat(manager.topic("doomed")).isEmpty();
        TopicLog again = manager.createTopic("doomed", 1, TestLogs.DEFAULT_CONFIG);
        assertThat(again.partition(0).endOffset()).isZero();
    }

    @Test
    void increasePartitionsAddsEmptyPartitionsThatSurviveReopen() {
        openManager();
        TopicLog topic = manager.createTopic("t", 1, TestLogs.DEFAULT_CONFIG);
        topic.partition(0).append(records("v", 0, 2));

        topic.increasePartitions(3);

        assertThat(topic.partitionCount()).isEqualTo(3);
        topic.partition(2).append(records("w", 0, 1));
        assertThatThrownBy(() -> topic.increasePartitions(3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> topic.increasePartitions(2)).isInstanceOf(IllegalArgumentException.class);

        reopen();
        TopicLog reopened = manager.requireTopic("t");
        assertThat(reopened.partitionCount()).isEqualTo(3);
        assertThat(reopened.partition(0).endOffset()).isEqualTo(2);
        assertThat(values(reopened.partition(2).read(0, 10, 1000))).containsExactly("w0");
    }

    @Test
    void updatedConfigIsPersisted() {
        openManager();
        TopicLog topic = manager.createTopic("t", 1, TestLogs.DEFAULT_CONFIG);

        topic.updateConfig(topic.config().with(Map.of(TopicConfig.RETENTION_BYTES, "12345",
                TopicConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime")));

        reopen();
        TopicConfig config = manager.requireTopic("t").config();
        assertThat(config.retentionBytes()).isEqualTo(12345);
        assertThat(config.logAppendTime()).isTrue();
        assertThat(config).isEqualTo(TestLogs.DEFAULT_CONFIG.with(Map.of(TopicConfig.RETENTION_BYTES, "12345",
                TopicConfig.MESSAGE_TIMESTAMP_TYPE, "LogAppendTime")));
    }

    @Test
    void segmentAgeSurvivesARestart() {
        openManager();
        PartitionLog before = manager.createTopic("t", 1, config(Map.of(TopicConfig.SEGMENT_MS, "60000"))).partition(0);
        before.append(records("v", 0, 1));
        clock.advance(java.time.Duration.ofSeconds(61));

        PartitionLog after = reopen().requireTopic("t").partition(0);
        after.append(records("v", 1, 1));

        assertThat(after.segmentCount()).isEqualTo(2);
    }

    @Test
    void closingTheManagerWakesLongPollingReaders() {
        openManager();
        CompletableFuture<Void> waiting = manager.createTopic("t", 1, TestLogs.DEFAULT_CONFIG).partition(0).awaitEndOffsetAbove(0);
        assertThat(waiting).isNotDone();

        manager.close();

        assertThat(waiting).isCompleted();
    }

    @Test
    void closedManagerRejectsWork() {
        openManager();
        PartitionLog p = manager.createTopic("t", 1, TestLogs.DEFAULT_CONFIG).partition(0);
        manager.close();

        assertThatThrownBy(() -> p.append(records("v", 0, 1))).isInstanceOf(LogStorageException.class);
        assertThatThrownBy(() -> manager.createTopic("u", 1, TestLogs.DEFAULT_CONFIG)).isInstanceOf(LogStorageException.class);
        manager = null;
    }

    @Test
    void topicsWithPartitionDirectoriesThatLookAlikeStayApart() {
        openManager();
        manager.createTopic("a", 11, TestLogs.DEFAULT_CONFIG).partition(10).append(records("a10-", 0, 1));
        manager.createTopic("a-1", 1, TestLogs.DEFAULT_CONFIG).partition(0).append(records("a-1-0-", 0, 2));

        reopen();

        assertThat(manager.requireTopic("a").partition(10).endOffset()).isEqualTo(1);
        assertThat(manager.requireTopic("a-1").partition(0).endOffset()).isEqualTo(2);
        assertThat(manager.recoveryReport().repairs()).isEmpty();
        List.of("a-10", "a-1-0").forEach(d -> assertThat(dir.resolve(d)).isDirectory());
    }
}

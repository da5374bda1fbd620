package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.errors.StorageException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.log.ForwardingFileChannel;
import io.tributary.log.StorageIo;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorTranslator;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Group commit of offset commits: batching, a failed fsync, checkpoints into H2 and a failed checkpoint. */
class OffsetCommitBatchingTest {

    @TempDir
    Path dir;

    private final ExecutorService callers = Executors.newFixedThreadPool(32);
    private final List<OffsetStore> stores = new ArrayList<>();

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        stores.forEach(OffsetStore::close);
    }

    @Test
    void concurrentCommitsOfManyGroupsAreAllStoredAndShareFsyncs() throws Exception {
        OffsetStore store = store(TestOffsetStores.file(dir));
        int groups = 32;
        int commitsPerGroup = 20;
        List<Future<?>> done = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int g = 0; g < groups; g++) {
            String group = "g" + g;
            done.add(callers.submit(() -> {
                start.await();
                for (int i = 1; i <= commitsPerGroup; i++) {
                    store.commit(group, List.of(new OffsetCommit("t", 0, i, "m" + i), new OffsetCommit("t", 1, i * 10L, "")));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }

        for (int g = 0; g < groups; g++) {
            assertThat(store.committed("g" + g)).extracting(CommittedOffset::partition, CommittedOffset::offset, CommittedOffset::metadata)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(0, (long) commitsPerGroup, "m" + commitsPerGroup),
                            org.assertj.core.groups.Tuple.tuple(1, commitsPerGroup * 10L, ""));
        }
        // Every commit was fsynced before it returned, and concurrent ones shared fsyncs.
        assertThat(store.syncs()).isPositive().isLessThan((long) groups * commitsPerGroup);
    }

    @Test
    void aFailedFsyncRefusesEveryCommitOfItsBatchAndTheNextBatchWorks() throws Exception {
        AtomicBoolean failForce = new AtomicBoolean(true);
        AtomicInteger forces = new AtomicInteger();
        StorageIo failing = (path, options) -> new ForwardingFileChannel(FileChannel.open(path, options)) {
            @Override
            public void force(boolean metaData) throws IOException {
                if (path.toString().endsWith(".journal") && !metaData) { // an append's (a spare is forced whole)
                    forces.incrementAndGet();
                    if (failForce.get()) {
                        throw new IOException("simulated fsync failure (EIO)");
                    }
                }
                super.force(metaData);
            }
        };
        OffsetStore store = store(TestOffsetStores.file(dir), failing, Duration.ofHours(1));

        assertThatThrownBy(() -> store.commit("g", List.of(new OffsetCommit("t", 0, 3, ""))))
                .isInstanceOf(StorageException.class).hasMessageContaining("stable storage")
                .satisfies(refused -> {
                    // what the client is answered (503: the status of 50003 in api.md's table)
                    ErrorBody body = ErrorTranslator.toBody(refused);
                    assertThat(body.errorCode()).isEqualTo(50003);
                    assertThat(body.message()).isEqualTo("The offsets database is unavailable (storage failure: the "
                            + "offset commit could not be written to stable storage (simulated fsync failure (EIO)); it was "
                            + "not acknowledged and may or may not be stored); retry later.");
                });
        assertThat(forces).hasValue(1);
        assertThat(store.committed("g")).as("a refused commit is not read back").isEmpty();

        failForce.set(false);
        store.commit("g", List.of(new OffsetCommit("t", 0, 4, "")));
        assertThat(store.committed("g")).singleElement().extracting(CommittedOffset::offset).isEqualTo(4L);
        assertThat(TestOffsetStores.journalFilesWithRecords(TestOffsetStores.journal(dir)))
                .as("the failed write's file, and a new one for the commit after it").hasSize(2);
    }

    @Test
    void checkpointsCopyTheLatestOffsetsIntoTheDatabaseAndDeleteTheJournalFilesTheyCover() throws Exception {
        DataSource database = TestOffsetStores.file(dir);
        OffsetStore store = store(database, StorageIo.DEFAULT, Duration.ofMillis(20));
        for (int i = 1; i <= 50; i++) {
            store.commit("g", List.of(new OffsetCommit("t", 0, i, "m" + i), new OffsetCommit("t", 1, 100 + i, "")));
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(TestOffsetStores.rowsInTheDatabase(database)).containsExactly("g/t/0=50/m50", "g/t/1=150/");
            assertThat(TestOffsetStores.journalFilesWithRecords(TestOffsetStores.journal(dir)))
                    .as("the files the checkpoints covered are deleted").isEmpty();
        });
        assertThat(store.committed("g")).extracting(CommittedOffset::offset).containsExactly(50L, 150L);
    }

    @Test
    void aFailedCheckpointKeepsTheJournalAndTheOffsetsReadableAndIsRetried() throws Exception {
        AtomicBoolean failSync = new AtomicBoolean(true);
        AtomicInteger syncCalls = new AtomicInteger();
        DataSource real = TestOffsetStores.file(dir);
        DataSource failing = new DelegatingDataSource(real) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && "CHECKPOINT SYNC".equals(args[0])) {
                        syncCalls.incrementAndGet();
                        if (failSync.get()) {
                            throw new SQLException("simulated fsync failure (EIO)");
                        }
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
            }
        };
        OffsetStore store = store(failing, StorageIo.DEFAULT, Duration.ofMillis(20));
        store.commit("g", List.of(new OffsetCommit("t", 0, 7, "")));
        await().atMost(Duration.ofSeconds(30)).until(() -> syncCalls.get() >= 2); // two checkpoints tried and failed

        assertThat(store.committed("g")).singleElement().extracting(CommittedOffset::offset).isEqualTo(7L);
        assertThat(TestOffsetStores.journalFilesWithRecords(TestOffsetStores.journal(dir)))
                .as("the file of the failed checkpoints is kept").hasSize(1);

        failSync.set(false);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(TestOffsetStores.journalFilesWithRecords(TestOffsetStores.journal(dir))).isEmpty());
        assertThat(TestOffsetStores.rowsInTheDatabase(real)).containsExactly("g/t/0=7/");
    }

    @Test
    void closeAnswersQueuedCommitsAndRefusesLaterOnes() throws IOException {
        OffsetStore store = store(TestOffsetStores.file(dir));
        store.commit("g", List.of(new OffsetCommit("t", 0, 1, "")));
        store.close();

        assertThatThrownBy(() -> store.commit("g", List.of(new OffsetCommit("t", 0, 2, ""))))
                .isInstanceOf(StorageException.class).hasMessageContaining("closing");
        assertThat(store.committed("g")).singleElement().extracting(CommittedOffset::offset).isEqualTo(1L);
        assertThat(journalFiles()).as("a clean stop checkpoints everything: nothing to replay").isEmpty();
    }

    private OffsetStore store(DataSource dataSource) {
        return store(dataSource, StorageIo.DEFAULT, Duration.ofHours(1));
    }

    private OffsetStore store(DataSource dataSource, StorageIo io, Duration checkpointInterval) {
        OffsetStore store = new OffsetStore(dataSource, TestOffsetStores.journal(dir), io, Clock.systemUTC(), 500,
                checkpointInterval);
        stores.add(store);
        return store;
    }

    private List<Path> journalFiles() throws IOException {
        try (Stream<Path> files = Files.list(TestOffsetStores.journal(dir))) {
            return files.sorted().toList();
        }
    }
}

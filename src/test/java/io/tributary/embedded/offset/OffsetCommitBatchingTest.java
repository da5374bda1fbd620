package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.errors.StorageException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.web.ErrorBody;
import io.tributary.web.ErrorTranslator;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/** Group commit of offset commits: batching, per-commit atomicity inside a batch, and a failed fsync. */
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
    void aFailingCommitInABatchIsRefusedAloneAndTheOthersAreStored() throws Exception {
        Gate gate = new Gate(TestOffsetStores.file(dir));
        OffsetStore store = store(gate);
        // The first commit holds the writer at its connection while the others queue: they form one batch.
        CompletableFuture<Void> first = CompletableFuture.runAsync(() -> store.commit("first", List.of(new OffsetCommit("t", 0, 1, ""))), callers);
        gate.entered.await(10, TimeUnit.SECONDS);
        List<CompletableFuture<Void>> good = new ArrayList<>();
        for (int g = 0; g < 8; g++) {
            String group = "g" + g;
            good.add(CompletableFuture.runAsync(() -> store.commit(group, List.of(new OffsetCommit("t", 0, 5, ""))), callers));
        }
        String tooLongTopic = "t".repeat(300);
        CompletableFuture<Void> bad = CompletableFuture.runAsync(() -> store.commit("bad",
                List.of(new OffsetCommit("t", 0, 7, ""), new OffsetCommit(tooLongTopic, 0, 7, ""))), callers);
        awaitQueued(store, 9);
        gate.open.countDown();

        first.get(30, TimeUnit.SECONDS);
        for (CompletableFuture<Void> f : good) {
            f.get(30, TimeUnit.SECONDS);
        }
        assertThatThrownBy(() -> bad.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DataIntegrityViolationException.class);
        assertThat(store.syncs()).as("the first commit, then one batch of the other nine").isEqualTo(2);
        for (int g = 0; g < 8; g++) {
            assertThat(store.committed("g" + g)).singleElement().extracting(CommittedOffset::offset).isEqualTo(5L);
        }
        assertThat(store.committed("bad")).as("nothing of the failed commit, not even its valid partition").isEmpty();
    }

    @Test
    void aFailedFsyncRefusesEveryCommitOfItsBatchAndTheNextBatchWorks() throws Exception {
        AtomicBoolean failSync = new AtomicBoolean(true);
        AtomicInteger syncCalls = new AtomicInteger();
        DataSource failing = new DelegatingDataSource(TestOffsetStores.file(dir)) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection real = super.getConnection();
                return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && "CHECKPOINT SYNC".equals(args[0])) {
                        syncCalls.incrementAndGet();
                        if (failSync.get()) {
                            throw new SQLException("simulated fsync failure (EIO)");
                        }
                    }
                    try {
                        return method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
            }
        };
        OffsetStore store = store(failing);

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
        assertThat(syncCalls).hasValue(1);

        failSync.set(false);
        store.commit("g", List.of(new OffsetCommit("t", 0, 4, "")));
        assertThat(store.committed("g")).singleElement().extracting(CommittedOffset::offset).isEqualTo(4L);
    }

    @Test
    void closeAnswersQueuedCommitsAndRefusesLaterOnes() {
        OffsetStore store = store(TestOffsetStores.file(dir));
        store.commit("g", List.of(new OffsetCommit("t", 0, 1, "")));
        store.close();

        assertThatThrownBy(() -> store.commit("g", List.of(new OffsetCommit("t", 0, 2, ""))))
                .isInstanceOf(StorageException.class).hasMessageContaining("closing");
        assertThat(store.committed("g")).singleElement().extracting(CommittedOffset::offset).isEqualTo(1L);
    }

    private OffsetStore store(DataSource dataSource) {
        OffsetStore store = new OffsetStore(dataSource, Clock.systemUTC(), 500);
        stores.add(store);
        return store;
    }

    /** Waits until {@code n} callers are parked in the writer's queue (their threads waiting on the commit). */
    private static void awaitQueued(OffsetStore store, int n) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> store.queued() >= n);
    }

    /** Holds the first connection request until opened, so that commits pile up behind it. */
    private static final class Gate extends DelegatingDataSource {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);

        Gate(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            if (Thread.currentThread().getName().equals("offset-commit-writer") && entered.getCount() > 0) {
                entered.countDown();
                try {
                    open.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.getConnection();
        }
    }
}

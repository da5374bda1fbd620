package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group commit and fsync-failure rules of {@link DurabilityTracker}, on a one-file log written through
 * {@link FaultyStorage} (offset n is byte n), whose fsync a test can hold to control who shares it.
 */
class DurabilityTrackerTest {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final FaultyStorage storage = new FaultyStorage();
    private final List<Thread> appenders = new ArrayList<>();
    private FileLog log;

    @BeforeEach
    void openLog() throws IOException {
        log = new FileLog(storage.open(dir.resolve("log"), LogFiles.READ_WRITE));
    }

    @AfterEach
    void closeLog() throws Exception {
        FileLog.Gate gate = log.gate;
        if (gate != null) {
            gate.open(); // never leave an appender parked in a held fsync
        }
        for (Thread appender : appenders) {
            appender.join(PATIENCE.toMillis());
        }
        log.channel.close();
    }

    @Test
    void appendersWaitingDuringAnFsyncShareTheNextOne() {
        FileLog.Gate gate = log.holdFsyncs();
        CompletableFuture<Void> leader = awaitDurable(log.write(10));
        gate.awaitEntered();
        List<CompletableFuture<Void>> group = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            group.add(awaitDurable(log.write(10)));
        }
        awaitAllParked();
        assertThat(log.visible).as("nothing acknowledged before its fsync").isZero();

        gate.open();

        leader.join();
        group.forEach(CompletableFuture::join);
        assertThat(log.fsyncs.get()).as("one fsync for the leader, one shared by the five written during it").isEqualTo(2);
        assertThat(log.visible).isEqualTo(60);
    }

    @Test
    void aFailedFsyncFailsEveryAppenderOfItsGroupAndIsNotRetried() throws IOException {
        log.awaitDurable(log.write(10));
        FileLog.Gate gate = log.holdFsyncs();
        List<CompletableFuture<Void>> group = new ArrayList<>();
        group.add(awaitDurable(log.write(10)));
        gate.awaitEntered();
        for (int i = 0; i < 4; i++) {
            group.add(awaitDurable(log.write(10)));
        }
        awaitAllParked();

        storage.fsyncFails = true;
        gate.open();

        for (CompletableFuture<Void> appender : group) {
            assertThatThrownBy(appender::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(LogStorageException.class);
        }
        assertThat(storage.failedFsyncs.get()).as("nobody fsyncs again over what the failed fsync covered").isEqualTo(1);
        assertThat(log.reported).singleElement().satisfies(e -> assertThat(e).hasMessage("Input/output error"));
        assertThat(log.visible).as("what was acknowledged before stays").isEqualTo(10);
        assertThat(log.written).as("the group is cut off").isEqualTo(10);
        assertThat(log.channel.size()).isEqualTo(10);
    }

    @Test
    void aBatchCutOffByAFailedFsyncIsNotAcknowledgedByALaterFsyncOverTheReusedOffsets() {
        FileLog.Ticket cutOff = log.write(10); // its appender is slow to wait: offsets 0..9
        storage.fsyncFails = true;
        assertThatThrownBy(() -> log.awaitDurable(log.write(10))).isInstanceOf(LogStorageException.class);
        storage.heal();
        FileLog.Ticket later = log.write(15); // reuses offsets 0..14
        log.awaitDurable(later);
        assertThat(log.visible).isEqualTo(15);

        assertThatThrownBy(() -> log.awaitDurable(cutOff))
                .as("offset 9 is visible again, but holds another batch").isInstanceOf(LogStorageException.class)
                .hasMessageContaining("discarded after a failed fsync");
        assertThat(log.fsyncs.get()).as("the later batch had an fsync of its own").isEqualTo(1);
    }

    @Test
    void aBatchVisibleBeforeAFailedFsyncStaysAcknowledged() {
        FileLog.Ticket early = log.write(10); // its appender is slow to wait; a later leader fsyncs it
        log.awaitDurable(log.write(10));
        storage.fsyncFails = true;
        assertThatThrownBy(() -> log.awaitDurable(log.write(10))).isInstanceOf(LogStorageException.class);
        storage.heal();

        log.awaitDurable(early); // returns: below the cut, so the discard did not touch it

        assertThat(log.visible).isEqualTo(20);
        assertThat(log.fsyncs.get()).isEqualTo(1);
    }

    @Test
    void concurrentAppendersUnderFailingFsyncsAreAcknowledgedForExactlyWhatIsStored() throws Exception {
        List<CompletableFuture<List<Long>>> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            threads.add(CompletableFuture.supplyAsync(() -> {
                List<Long> acknowledged = new ArrayList<>();
                for (int i = 0; i < 300; i++) {
                    storage.fsyncFails = i % 7 == 3; // some threads flip it while others append
                    long id = thread * 1000L + i;
                    try {
                        log.awaitDurable(log.write(ByteBuffer.allocate(Long.BYTES).putLong(0, id).array()));
                        acknowledged.add(id);
                    } catch (LogStorageException expected) {
                        // not acknowledged: must leave no trace
                    }
                }
                return acknowledged;
            }, this::startAppender));
        }
        List<Long> acknowledged = new ArrayList<>();
        for (var thread : threads) {
            acknowledged.addAll(thread.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS));
        }

        ByteBuffer stored = ByteBuffer.allocate((int) log.channel.size());
        log.channel.read(stored, 0);
        List<Long> ids = new ArrayList<>();
        for (stored.flip(); stored.hasRemaining(); ) {
            ids.add(stored.getLong());
        }
        assertThat(storage.failedFsyncs.get()).isPositive();
        assertThat(log.visible).isEqualTo(log.channel.size());
        assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged);
    }

    @Test
    void theBackgroundFsyncRunsOnlyWhenSomethingWasWrittenSinceTheLastOne() {
        log.tracker.flushIfDirty();
        assertThat(log.fsyncs.get()).isZero();

        log.write(10);
        log.tracker.flushIfDirty();
        log.tracker.flushIfDirty();
        assertThat(log.fsyncs.get()).isEqualTo(1);

        log.write(10);
        log.tracker.flushedUpTo(20); // a roll fsynced it
        log.tracker.flushIfDirty();
        assertThat(log.fsyncs.get()).isEqualTo(1);
    }

    @Test
    void aFailedBackgroundFsyncTakesTheLogOfflineAndIsNotRetried() {
        log.write(10);
        storage.fsyncFails = true;
        log.tracker.flushIfDirty();
        assertThat(log.offline).isTrue();

        storage.heal();
        log.write(10);
        log.tracker.flushIfDirty();
        assertThat(storage.failedFsyncs.get()).isEqualTo(1);
        assertThat(log.fsyncs.get()).as("no fsync after the failed one").isZero();
    }

    // ---- helpers

    /** Waits for the batch on a thread of its own. */
    private CompletableFuture<Void> awaitDurable(FileLog.Ticket ticket) {
        return CompletableFuture.runAsync(() -> log.awaitDurable(ticket), this::startAppender);
    }

    private void startAppender(Runnable task) {
        Thread thread = new Thread(task, "appender-" + appenders.size());
        appenders.add(thread);
        thread.start();
    }

    /** Until every appender thread is parked: the leader in its held fsync, the others waiting for it. */
    private void awaitAllParked() {
        await().atMost(PATIENCE).until(() -> appenders.stream().map(Thread::getState)
                .allMatch(state -> state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING));
    }

    /** A log of one file. Checks that the tracker holds the locks it promises around each call. */
    private static final class FileLog implements DurabilityTracker.Log {

        record Ticket(long lastOffset, int epoch) {
        }

        /** Holds every fsync until opened. */
        static final class Gate {
            private final CountDownLatch entered = new CountDownLatch(1);
            private final CountDownLatch open = new CountDownLatch(1);

            void awaitEntered() {
                await().atMost(PATIENCE).until(() -> entered.getCount() == 0);
            }

            void open() {
                open.countDown();
            }

            private void pass() {
                entered.countDown();
                try {
                    if (!open.await(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
                        throw new AssertionError("the gate was never opened");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }

        final FileChannel channel;
        final ReentrantLock writeLock = new ReentrantLock();
        final ReentrantLock flushLock = new ReentrantLock();
        final DurabilityTracker tracker;
        final AtomicInteger fsyncs = new AtomicInteger();
        final List<IOException> reported = new CopyOnWriteArrayList<>();
        volatile long written;
        volatile long visible;
        volatile boolean offline;
        volatile Gate gate;

        FileLog(FileChannel channel) {
            this.channel = channel;
            this.tracker = new DurabilityTracker(new TopicPartition("t", 0), this, flushLock, writeLock, 0);
        }

        Gate holdFsyncs() {
            gate = new Gate();
            return gate;
        }

        Ticket write(int bytes) {
            return write(new byte[bytes]);
        }

        /** Writes a batch of one record per byte, as a partition appends: the write and its epoch under the lock. */
        Ticket write(byte[] batch) {
            writeLock.lock();
            try {
                channel.write(ByteBuffer.wrap(batch), written);
                written += batch.length;
                return new Ticket(written - 1, tracker.epoch());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                writeLock.unlock();
            }
        }

        void awaitDurable(Ticket ticket) {
            tracker.awaitDurable(ticket.lastOffset(), ticket.epoch());
        }

        @Override
        public long visibleEnd() {
            return visible;
        }

        @Override
        public long writtenEnd() {
            return written;
        }

        @Override
        public boolean writable() {
            return !offline;
        }

        @Override
        public long fsyncWritten() throws IOException {
            requireHeld(flushLock, "flush");
            if (offline) {
                throw new LogStorageException("offline", null);
            }
            long end = written;
            Gate held = gate;
            if (held != null) {
                held.pass();
            }
            channel.force(false);
            fsyncs.incrementAndGet();
            visible = Math.max(visible, end);
            return end;
        }

        @Override
        public long truncateToVisible() {
            requireHeld(flushLock, "flush");
            requireHeld(writeLock, "write");
            try {
                channel.truncate(visible);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            written = visible;
            return visible;
        }

        @Override
        public void takeOffline(IOException cause) {
            requireHeld(flushLock, "flush");
            offline = true;
            reported.add(cause);
        }

        @Override
        public LogStorageException storageFailure(String what, IOException cause) {
            reported.add(cause);
            return new LogStorageException(what + ": " + cause, cause);
        }

        private static void requireHeld(ReentrantLock lock, String name) {
            if (!lock.isHeldByCurrentThread()) {
                throw new AssertionError("called without the " + name + " lock");
            }
        }
    }
}

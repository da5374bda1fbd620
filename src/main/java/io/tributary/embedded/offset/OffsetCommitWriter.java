package io.tributary.embedded.offset;

import io.tributary.common.errors.StorageException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of offset commits: a commit is answered only once it is on stable storage, and concurrent commits share
 * one write and one fsync.
 * <p>
 * Callers queue their commit and wait. One writer thread takes every commit waiting (up to {@code maxBatch}), appends
 * them to the {@link OffsetJournal} as one write, forces it, records them in {@link UncheckpointedOffsets} (which
 * reads lay over H2) and only then answers them, so a 204 means the commit survives a power cut; commits that arrive
 * during a fsync form the next batch. Every {@code checkpointInterval} in which something was committed, the writer
 * starts a new journal file and hands what the older files hold to the {@link OffsetCheckpointer} on a thread of its
 * own: one H2 row per partition however often it was committed, so H2's per-row cost is paid per interval, not per
 * commit.
 * <p>
 * A commit is validated before it is queued (what H2's columns take), so nothing in the journal can be refused by H2
 * later. A failed write or fsync refuses every commit of its batch (their outcome is unknown, as for a produce whose
 * fsync failed), never answers one falsely, and the next batch goes to a new file.
 */
final class OffsetCommitWriter implements AutoCloseable {

    private static final String OFFSETS_DATABASE = "the offsets database";
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitWriter.class);
    /** Queued by {@link #close()}: the writer finishes what was queued before it, checkpoints, then stops. */
    private static final Pending STOP = new Pending(null, List.of());

    private final Clock clock;
    private final int maxBatch;
    private final long checkpointIntervalNanos;
    private final OffsetJournal journal;
    private final OffsetCheckpointer checkpointer;
    private final UncheckpointedOffsets recent;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Runs checkpoints one at a time; a platform thread, never interrupted (an interrupt closes H2's file channel). */
    private final ExecutorService checkpoints = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "offset-checkpoint");
        t.setDaemon(true);
        return t;
    });
    /** Guards {@link #closed} against a commit queued after {@link #STOP}, which nobody would answer. */
    private final Object queueing = new Object();
    private boolean closed;
    /** The last commit queued: {@link #awaitQueued()} waits for it. */
    private volatile Pending last;
    /** Written by the writer thread only. */
    private long lastCheckpoint = System.nanoTime();
    private volatile boolean checkpointRunning;

    /** Journal fsyncs done (one per batch), for tests and the benchmark: written by the writer thread only. */
    private volatile long syncs;

    /**
     * Replays what the journal holds into H2 (the commits a crash left there), then starts the writer.
     *
     * @throws StorageException when the journal cannot be read or H2 does not take it: the service must not start
     *                          with answered commits missing
     */
    OffsetCommitWriter(OffsetJournal journal, OffsetCheckpointer checkpointer, UncheckpointedOffsets recent,
                       Clock clock, int maxBatch, Duration checkpointInterval) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("tributary.offsets.max-batch must be at least 1, not " + maxBatch);
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("tributary.offsets.checkpoint-interval must be positive, not "
                    + checkpointInterval);
        }
        this.journal = journal;
        this.checkpointer = checkpointer;
        this.recent = recent;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.checkpointIntervalNanos = checkpointInterval.toNanos();
        replay();
        // A platform thread of its own, not interrupted to stop: an interrupt inside FileChannel I/O closes the file.
        this.writer = new Thread(this::run, "offset-commit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    private void replay() {
        try {
            journal.replay().forEach(recent::put);
            long sealedBefore = journal.roll();
            checkpointer.checkpoint(recent.snapshot(), journal, sealedBefore, recent);
            checkpoints.execute(this::prepareSpare);
        } catch (IOException | SQLException | RuntimeException e) {
            throw new StorageException(OFFSETS_DATABASE, "the offsets journal could not be replayed into the "
                    + "offsets database: " + firstLine(e), e);
        }
    }

    /** Stores the offsets atomically and returns once they are on stable storage; throws when they may not be. */
    void commit(String group, Collection<OffsetCommit> offsets) {
        join(submit(group, offsets));
    }

    /**
     * Queues the offsets behind every commit queued before (one writer: a group's commits are stored in the order they
     * were queued); the future completes once they are on stable storage, or fails.
     */
    CompletableFuture<Void> submit(String group, Collection<OffsetCommit> offsets) {
        Pending pending = new Pending(group, offsets);
        enqueue(pending);
        return pending.done;
    }

    /**
     * Copies every commit answered so far into H2 and deletes the journal files holding them; returns once done (for a
     * topic's deletion, which must not be undone by a checkpoint or a replay of older commits).
     */
    void checkpointNow() {
        Pending request = new Pending(null, List.of());
        enqueue(request);
        join(request.done);
    }

    private void enqueue(Pending pending) {
        synchronized (queueing) {
            if (closed) {
                throw closing(pending);
            }
            queue.add(pending);
            if (pending.group != null) {
                last = pending;
            }
        }
    }

    private static void join(CompletableFuture<Void> done) {
        try {
            // Uninterruptible on purpose: an interrupted caller must not answer before the outcome is known.
            done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Returns once every commit queued so far is written (or failed): reads after it see them. Free when nothing is
     * queued; one writer, so the last commit queued is the last one answered.
     */
    void awaitQueued() {
        Pending pending = last;
        if (pending != null && !pending.done.isDone()) {
            pending.done.handle((done, e) -> null).join();
        }
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        List<Pending> checkpointRequests = new ArrayList<>();
        while (true) {
            Pending first = next();
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
            }
            boolean stop = batch.remove(STOP);
            batch.removeIf(p -> p.group == null && checkpointRequests.add(p));
            try {
                write(batch);
            } catch (Throwable e) { // an Error: still answer every caller, and keep serving
                batch.forEach(p -> p.done.completeExceptionally(e));
            }
            batch.clear();
            if (stop) {
                checkpoint(checkpointRequests, false).join(); // a clean stop leaves the journal empty
                closeJournal();
                checkpoints.shutdown();
                failQueued();
                return;
            }
            if (!checkpointRequests.isEmpty() || checkpointDue()) {
                checkpoint(checkpointRequests, true);
                checkpointRequests.clear();
            }
        }
    }

    /** The next queued request; null when a checkpoint may have become due meanwhile. */
    private Pending next() {
        try {
            if (recent.isEmpty()) {
                return queue.take();
            }
            long wait = checkpointRunning ? checkpointIntervalNanos // it ends before the next is due
                    : checkpointIntervalNanos - (System.nanoTime() - lastCheckpoint);
            return queue.poll(Math.max(wait, TimeUnit.MILLISECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            return null; // nobody interrupts it; if someone does, queued commits must still be answered
        }
    }

    private boolean checkpointDue() {
        return !checkpointRunning && !recent.isEmpty() && System.nanoTime() - lastCheckpoint >= checkpointIntervalNanos;
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        // H2 keeps microseconds: a commit reads back the same before and after its checkpoint
        Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
        try {
            journal.append(batch, now);
            syncs++;
        } catch (IOException | RuntimeException e) {
            log.error("Offset commits could not be made durable ({} commits refused)", batch.size(), e);
            StorageException refused = new StorageException(OFFSETS_DATABASE, "storage failure: the offset commit could not "
                    + "be written to stable storage (" + firstLine(e) + "); it was not acknowledged and may or may not be "
                    + "stored", e);
            batch.forEach(p -> p.done.completeExceptionally(refused));
            return;
        }
        for (Pending p : batch) {
            for (OffsetCommit o : p.offsets) {
                recent.put(new CommittedOffset(p.group, o.topic(), o.partition(), o.offset(), o.metadata(), now));
            }
        }
        batch.forEach(p -> p.done.complete(null));
    }

    /**
     * Seals the journal's files so far and copies what they hold into H2 on the checkpoint thread; the requests are
     * answered when that is done. Then, unless the writer is stopping, the thread prepares the file the next roll takes.
     */
    private CompletableFuture<Void> checkpoint(List<Pending> requests, boolean prepareSpare) {
        List<CompletableFuture<Void>> waiting = requests.stream().map(p -> p.done).toList();
        lastCheckpoint = System.nanoTime();
        long sealedBefore;
        try {
            sealedBefore = journal.seal();
        } catch (IOException | RuntimeException e) {
            log.error("Offsets journal: a new file could not be started for a checkpoint", e);
            return failAll(waiting, e);
        }
        Collection<CommittedOffset> offsets = recent.snapshot();
        checkpointRunning = true;
        return CompletableFuture.runAsync(() -> {
            try {
                checkpointer.checkpoint(offsets, journal, sealedBefore, recent);
                waiting.forEach(done -> done.complete(null));
            } catch (IOException | SQLException | RuntimeException e) {
                // The journal files stay and the offsets stay in memory: the next checkpoint tries again.
                log.error("Offset checkpoint into the offsets database failed ({} partitions); it is retried", offsets.size(), e);
                failAll(waiting, e);
            } finally {
                checkpointRunning = false;
            }
            if (prepareSpare) {
                prepareSpare();
            }
        }, checkpoints).exceptionally(e -> null);
    }

    private void prepareSpare() {
        try {
            journal.prepareSpare();
        } catch (IOException | RuntimeException e) {
            // The next roll creates its file itself, as it would without a spare.
            log.warn("Offsets journal: the next file could not be prepared ({})", e.toString());
        }
    }

    private static CompletableFuture<Void> failAll(List<CompletableFuture<Void>> waiting, Exception e) {
        StorageException failed = new StorageException(OFFSETS_DATABASE, "the offset checkpoint failed: " + firstLine(e), e);
        waiting.forEach(done -> done.completeExceptionally(failed));
        return CompletableFuture.completedFuture(null);
    }

    private void closeJournal() {
        try {
            journal.close();
        } catch (IOException e) {
            log.warn("Offsets journal: closing failed ({}); its files are replayed at the next start", e.toString());
        }
    }

    /** The first line of the failure's message (H2 appends its SQL state and version), for a client's message. */
    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    private void failQueued() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done.completeExceptionally(closing(p)));
    }

    private static StorageException closing(Pending refused) {
        return new StorageException(OFFSETS_DATABASE, "it is closing; the " + (refused.group != null ? "commit was not stored"
                : "offsets were not checkpointed"), null);
    }

    int queued() {
        return queue.size();
    }

    long syncs() {
        return syncs;
    }

    /** Writes and answers every commit queued so far, checkpoints them into H2, then stops; later commits are refused. */
    @Override
    public void close() {
        synchronized (queueing) {
            if (closed) {
                return;
            }
            closed = true;
            queue.add(STOP);
        }
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A queued commit, or (group null) a request for a checkpoint. */
    private static final class Pending implements OffsetJournal.GroupCommit {
        final String group;
        final Collection<OffsetCommit> offsets;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(String group, Collection<OffsetCommit> offsets) {
            this.group = group;
            this.offsets = offsets;
        }

        @Override
        public String group() {
            return group;
        }

        @Override
        public Collection<OffsetCommit> offsets() {
            return offsets;
        }
    }
}

package io.tributary.embedded.offset;

import io.tributary.common.errors.StorageException;
import io.tributary.consume.OffsetCommit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;
import org.springframework.jdbc.support.SQLExceptionTranslator;

/**
 * Group commit of offset commits: a commit is answered only once it is on stable storage, and concurrent commits share
 * one transaction and one fsync.
 * <p>
 * Callers queue their commit and wait. One writer thread takes every commit waiting (up to {@code maxBatch}), MERGEs
 * them in one JDBC batch and one transaction (H2 opened with {@code WRITE_DELAY=0} writes one MVStore chunk at that
 * commit), then runs {@code CHECKPOINT SYNC}, which in H2 2.x is {@code Database.sync()} -> {@code MVStore.sync()} ->
 * {@code FileChannel.force(true)} on the database file: the cheapest call H2 offers that reaches the disk (H2's own
 * commit writes the chunk but never forces it). Only then are the callers answered, so a 204 means the commit survives a
 * power cut; commits that arrive during a fsync form the next batch, so the cost of a fsync is shared by all of them.
 * <p>
 * Each commit stays atomic: if the batch's transaction fails, it is rolled back and every commit of it is retried in a
 * transaction of its own, so only a commit that fails alone is refused. A failed fsync refuses every commit of its
 * batch (their outcome is unknown, as for a produce whose fsync failed), never answers one falsely.
 */
final class OffsetCommitWriter implements AutoCloseable {

    static final String MERGE = "MERGE INTO committed_offsets (group_id, topic, partition_id, committed_offset, metadata, "
            + "commit_time) KEY (group_id, topic, partition_id) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String SYNC = "CHECKPOINT SYNC";
    private static final String OFFSETS_DATABASE = "the offsets database";
    private static final Logger log = LoggerFactory.getLogger(OffsetCommitWriter.class);
    /** Queued by {@link #close()}: the writer finishes what was queued before it, then stops. */
    private static final Pending STOP = new Pending(null, List.of());

    private final DataSource dataSource;
    private final Clock clock;
    private final int maxBatch;
    /** Spring's translation, as JdbcTemplate's (created at the first error: it reads the database's metadata). */
    private SQLExceptionTranslator translator;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    /** Guards {@link #closed} against a commit queued after {@link #STOP}, which nobody would answer. */
    private final Object queueing = new Object();
    private boolean closed;
    /** The last commit queued: {@link #awaitQueued()} waits for it. */
    private volatile Pending last;

    /** Fsyncs done (one per batch), for tests and the benchmark: written by the writer thread only. */
    private volatile long syncs;

    OffsetCommitWriter(DataSource dataSource, Clock clock, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("tributary.offsets.max-batch must be at least 1, not " + maxBatch);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.maxBatch = maxBatch;
        // A platform thread of its own, not interrupted to stop: an interrupt inside FileChannel I/O closes H2's file.
        this.writer = new Thread(this::run, "offset-commit-writer");
        writer.setDaemon(true);
        writer.start();
    }

    /** Stores the offsets atomically and returns once they are on stable storage; throws when they may not be. */
    void commit(String group, Collection<OffsetCommit> offsets) {
        CompletableFuture<Void> done = submit(group, offsets);
        try {
            // Uninterruptible on purpose: an interrupted caller must not answer before the outcome is known.
            done.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Queues the offsets behind every commit queued before (one writer: a group's commits are stored in the order they
     * were queued); the future completes once they are on stable storage, or fails.
     */
    CompletableFuture<Void> submit(String group, Collection<OffsetCommit> offsets) {
        Pending pending = new Pending(group, offsets);
        synchronized (queueing) {
            if (closed) {
                throw closing();
            }
            queue.add(pending);
            last = pending;
        }
        return pending.done;
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
        while (true) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                continue; // nobody interrupts it; if someone does, queued commits must still be answered
            }
            queue.drainTo(batch, maxBatch - 1);
            boolean stop = batch.remove(STOP);
            try {
                write(batch);
            } catch (Throwable e) { // an Error: still answer every caller, and keep serving
                batch.forEach(p -> p.done.completeExceptionally(e));
            }
            batch.clear();
            if (stop) {
                failQueued();
                return;
            }
        }
    }

    private void write(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        Instant now = Instant.now(clock);
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement merge = connection.prepareStatement(MERGE)) {
                try {
                    store(merge, batch, now);
                    connection.commit();
                } catch (SQLException | RuntimeException batchFailed) {
                    connection.rollback();
                    // Find the commits that fail on their own: each retried in its own transaction.
                    for (Pending p : batch) {
                        try {
                            store(merge, List.of(p), now);
                            connection.commit();
                        } catch (SQLException e) {
                            connection.rollback();
                            p.done.completeExceptionally(translate(e));
                        } catch (RuntimeException e) {
                            connection.rollback();
                            p.done.completeExceptionally(e);
                        }
                    }
                }
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            try (PreparedStatement sync = connection.prepareStatement(SYNC)) {
                sync.execute();
            }
            syncs++;
        } catch (SQLException | RuntimeException e) {
            // Stored or not, this batch is not known to be on disk: refuse whatever is not answered yet.
            log.error("Offset commits could not be made durable ({} commits refused)", batch.size(), e);
            StorageException refused = new StorageException(OFFSETS_DATABASE, "storage failure: the offset commit could not "
                    + "be written to stable storage (" + firstLine(e) + "); it was not acknowledged and may or may not be "
                    + "stored", e);
            batch.forEach(p -> p.done.completeExceptionally(refused));
            return;
        }
        batch.forEach(p -> p.done.complete(null));
    }

    private RuntimeException translate(SQLException e) {
        if (translator == null) {
            translator = new SQLErrorCodeSQLExceptionTranslator(dataSource);
        }
        RuntimeException translated = translator.translate("offset commit", MERGE, e);
        return translated != null ? translated
                : new StorageException(OFFSETS_DATABASE, "the offset commit failed: " + firstLine(e), e);
    }

    /** The first line of the failure's message (H2 appends its SQL state and version), for a client's message. */
    private static String firstLine(Exception e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message).strip();
    }

    private static void store(PreparedStatement merge, List<Pending> commits, Instant now) throws SQLException {
        merge.clearBatch(); // rows left by a batch that failed
        for (Pending p : commits) {
            for (OffsetCommit o : p.offsets) {
                merge.setString(1, p.group);
                merge.setString(2, o.topic());
                merge.setInt(3, o.partition());
                merge.setLong(4, o.offset());
                merge.setString(5, o.metadata());
                merge.setObject(6, now);
                merge.addBatch();
            }
        }
        merge.executeBatch();
    }

    private void failQueued() {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done.completeExceptionally(closing()));
    }

    private static StorageException closing() {
        return new StorageException(OFFSETS_DATABASE, "it is closing; the commit was not stored", null);
    }

    int queued() {
        return queue.size();
    }

    long syncs() {
        return syncs;
    }

    /** Writes and answers every commit queued so far, then stops the writer; later commits are refused. */
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

    private static final class Pending {
        final String group;
        final Collection<OffsetCommit> offsets;
        final CompletableFuture<Void> done = new CompletableFuture<>();

        Pending(String group, Collection<OffsetCommit> offsets) {
            this.group = group;
            this.offsets = offsets;
        }
    }
}

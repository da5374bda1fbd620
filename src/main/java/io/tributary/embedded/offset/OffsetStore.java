package io.tributary.embedded.offset;

import io.tributary.common.errors.StorageException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;
import io.tributary.log.StorageIo;
import io.tributary.settings.TributaryProperties;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.SortedSet;
import java.util.function.Predicate;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Committed offsets of consumer groups: written ahead to the {@link OffsetJournal} (one fsynced append per batch of
 * commits) and kept in the H2 file database ({@code committed_offsets}, created by Flyway), which checkpoints bring up
 * to date every {@code tributary.offsets.checkpoint-interval}; reads lay the commits not yet checkpointed over H2's rows.
 * A commit of many partitions is atomic: one journal record, all of them or none. It is answered once fsynced.
 */
@Repository
@ConditionalOnEmbeddedBackend
@DependsOnDatabaseInitialization // the Flyway migration creates the table first
public class OffsetStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OffsetStore.class);

    private static final String COLUMNS = "group_id, topic, partition_id, committed_offset, metadata, commit_time";
    /** Commits per journal write and fsync when nothing is configured (tests that build the store by hand). */
    static final int DEFAULT_MAX_BATCH = 500;
    static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
    /** The width of the group and topic columns: checked before a commit is journaled, so H2 takes every one later. */
    static final int MAX_NAME_LENGTH = 255;
    /** The journal's directory under {@code tributary.data-dir}. */
    static final String JOURNAL_DIRECTORY = "offsets-journal";

    private static final RowMapper<CommittedOffset> ROW = (rs, i) -> new CommittedOffset(
            rs.getString("group_id"), rs.getString("topic"), rs.getInt("partition_id"), rs.getLong("committed_offset"),
            rs.getString("metadata"), rs.getObject("commit_time", OffsetDateTime.class).toInstant());

    private final JdbcClient jdbc;
    private final UncheckpointedOffsets recent = new UncheckpointedOffsets();
    private final OffsetCheckpointer checkpointer;
    private final OffsetCommitWriter writer;

    @Autowired
    public OffsetStore(DataSource dataSource, TributaryProperties properties) {
        this(dataSource, properties.dataDir().resolve(JOURNAL_DIRECTORY), StorageIo.DEFAULT, Clock.systemUTC(),
                properties.offsets().maxBatch(), properties.offsets().checkpointInterval());
    }

    /** With the journal in {@code journalDirectory} and the defaults (tests, the benchmark). */
    public OffsetStore(DataSource dataSource, Path journalDirectory) {
        this(dataSource, journalDirectory, StorageIo.DEFAULT, Clock.systemUTC(), DEFAULT_MAX_BATCH,
                DEFAULT_CHECKPOINT_INTERVAL);
    }

    /**
     * Opens the journal and replays what a crash left in it into H2 before anything is read.
     *
     * @throws StorageException when the journal cannot be opened or replayed
     */
    OffsetStore(DataSource dataSource, Path journalDirectory, StorageIo io, Clock clock, int maxBatch,
                Duration checkpointInterval) {
        this.jdbc = JdbcClient.create(dataSource);
        this.checkpointer = new OffsetCheckpointer(dataSource);
        OffsetJournal journal;
        try {
            journal = OffsetJournal.open(journalDirectory, io);
        } catch (IOException e) {
            throw new StorageException("the offsets database", "the offsets journal directory " + journalDirectory
                    + " cannot be created: " + e, e);
        }
        this.writer = new OffsetCommitWriter(journal, checkpointer, recent, clock, maxBatch, checkpointInterval);
    }

    /**
     * Stores the offsets of {@code group}, replacing earlier ones, atomically; returns once they are on stable storage
     * (group commit with concurrent commits: {@link OffsetCommitWriter}).
     *
     * @throws IllegalArgumentException for a group or topic name longer than the database takes (nothing stored)
     * @throws StorageException         when it may not have reached stable storage
     */
    public void commit(String group, Collection<OffsetCommit> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        requireStorable(group, offsets);
        writer.commit(group, offsets);
    }

    /**
     * Stores the offsets like {@link #commit} but does not wait for stable storage: for the auto-commit at the start of
     * a poll, which nobody acknowledges to a client, so a poll does not wait for an fsync. One lost to a power cut means
     * records delivered again (at-least-once, as Kafka's own auto-commit); a failure is logged. Queued in order with
     * every other commit, and every read of this store waits for what is queued, so a partition's next owner starts
     * where the auto-commit left it.
     */
    public void commitInBackground(String group, Collection<OffsetCommit> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        requireStorable(group, offsets);
        writer.submit(group, offsets).whenComplete((done, e) -> {
            if (e != null) {
                log.warn("Auto-commit of group {} failed: {}", group, e.toString());
            }
        });
    }

    private static void requireStorable(String group, Collection<OffsetCommit> offsets) {
        requireName("group id", group);
        offsets.forEach(o -> requireName("topic name", o.topic()));
    }

    private static void requireName(String what, String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("The " + what + " of an offset commit must have 1 to " + MAX_NAME_LENGTH
                    + " characters" + (name == null ? "" : ", not " + name.length()));
        }
    }

    /** The group's committed offsets, ordered by topic and partition. */
    public List<CommittedOffset> committed(String group) {
        List<CommittedOffset> recent = recent(group, o -> true);
        return UncheckpointedOffsets.overlay(
                jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets WHERE group_id = ? ORDER BY topic, partition_id")
                        .param(group).query(ROW).list(), recent);
    }

    /** The group's committed offsets for partitions of the given topics. */
    public List<CommittedOffset> committed(String group, Collection<String> topics) {
        if (topics.isEmpty()) {
            return List.of();
        }
        List<CommittedOffset> recent = recent(group, o -> topics.contains(o.topic()));
        return UncheckpointedOffsets.overlay(
                jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets WHERE group_id = :group AND topic IN (:topics)"
                                + " ORDER BY topic, partition_id")
                        .param("group", group).param("topics", List.copyOf(topics)).query(ROW).list(), recent);
    }

    /** Every committed offset of every group (to rebuild metrics at start). */
    public List<CommittedOffset> all() {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        List<CommittedOffset> recent = this.recent.snapshot();
        return UncheckpointedOffsets.overlay(
                jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets ORDER BY group_id, topic, partition_id")
                        .query(ROW).list(), recent);
    }

    /** Ids of all groups with at least one committed offset, sorted. */
    public List<String> groups() {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        SortedSet<String> groups = recent.groups();
        groups.addAll(jdbc.sql("SELECT DISTINCT group_id FROM committed_offsets").query(String.class).list());
        return List.copyOf(groups);
    }

    public boolean hasGroup(String group) {
        return !recent(group, o -> true).isEmpty()
                || jdbc.sql("SELECT COUNT(*) FROM committed_offsets WHERE group_id = ?").param(group)
                        .query(Long.class).single() > 0;
    }

    /**
     * The group's commits not yet in H2 that {@code filter} accepts, taken before H2 is queried (see
     * {@link UncheckpointedOffsets}), after the commits queued so far (auto-commits in the background are read back).
     */
    private List<CommittedOffset> recent(String group, Predicate<CommittedOffset> filter) {
        writer.awaitQueued();
        return recent.ofGroup(group, filter);
    }

    /**
     * Removes the topic's offsets in every group; returns how many were removed. Everything committed before is
     * checkpointed into H2 first, so neither a later checkpoint nor a replay after a crash brings them back.
     */
    public int deleteTopic(String topic) {
        writer.checkpointNow(); // queued behind every commit queued before
        try {
            return checkpointer.deleteTopic(topic);
        } catch (SQLException e) {
            throw new StorageException("the offsets database", "the offsets of topic " + topic + " could not be "
                    + "deleted: " + e.getMessage(), e);
        }
    }

    /** Fsyncs of offset commits so far (fewer than commits when they were batched). */
    public long syncs() {
        return writer.syncs();
    }

    /** Commits waiting for the writer (for tests). */
    int queued() {
        return writer.queued();
    }

    /** Answers the commits queued so far and checkpoints them, then refuses new ones (before the database closes). */
    @Override
    public void close() {
        writer.close();
    }
}

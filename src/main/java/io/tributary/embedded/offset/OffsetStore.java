package io.tributary.embedded.offset;

import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;
import io.tributary.settings.TributaryProperties;

import java.time.Clock;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Committed offsets of consumer groups in the H2 file database ({@code committed_offsets}, created by Flyway).
 * A commit of many partitions is one transaction: all of them are stored or none; it is answered once fsynced.
 */
@Repository
@ConditionalOnEmbeddedBackend
@DependsOnDatabaseInitialization // the Flyway migration creates the table first
public class OffsetStore implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OffsetStore.class);

    private static final String COLUMNS = "group_id, topic, partition_id, committed_offset, metadata, commit_time";
    /** Commits per transaction and fsync when nothing is configured (tests that build the store by hand). */
    static final int DEFAULT_MAX_BATCH = 500;

    private static final RowMapper<CommittedOffset> ROW = (rs, i) -> new CommittedOffset(
            rs.getString("group_id"), rs.getString("topic"), rs.getInt("partition_id"), rs.getLong("committed_offset"),
            rs.getString("metadata"), rs.getTimestamp("commit_time").toInstant());

    private final JdbcClient jdbc;
    private final OffsetCommitWriter writer;

    @Autowired
    public OffsetStore(DataSource dataSource, TributaryProperties properties) {
        this(dataSource, Clock.systemUTC(), properties.offsets().maxBatch());
    }

    public OffsetStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC(), DEFAULT_MAX_BATCH);
    }

    OffsetStore(DataSource dataSource, Clock clock, int maxBatch) {
        this.jdbc = JdbcClient.create(dataSource);
        this.writer = new OffsetCommitWriter(dataSource, clock, maxBatch);
    }

    /**
     * Stores the offsets of {@code group}, replacing earlier ones, atomically; returns once they are on stable storage
     * (group commit with concurrent commits: {@link OffsetCommitWriter}).
     *
     * @throws org.springframework.dao.DataAccessException when the database refused the commit (nothing stored)
     * @throws io.tributary.common.errors.StorageException when it may not have reached stable storage
     */
    public void commit(String group, Collection<OffsetCommit> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
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
        writer.submit(group, offsets).whenComplete((done, e) -> {
            if (e != null) {
                log.warn("Auto-commit of group {} failed: {}", group, e.toString());
            }
        });
    }

    /** The group's committed offsets, ordered by topic and partition. */
    public List<CommittedOffset> committed(String group) {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        return jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets WHERE group_id = ? ORDER BY topic, partition_id")
                .param(group).query(ROW).list();
    }

    /** The group's committed offsets for partitions of the given topics. */
    public List<CommittedOffset> committed(String group, Collection<String> topics) {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        if (topics.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets WHERE group_id = :group AND topic IN (:topics)"
                        + " ORDER BY topic, partition_id")
                .param("group", group).param("topics", List.copyOf(topics)).query(ROW).list();
    }

    /** Every committed offset of every group (to rebuild metrics at start). */
    public List<CommittedOffset> all() {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        return jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets ORDER BY group_id, topic, partition_id")
                .query(ROW).list();
    }

    /** Ids of all groups with at least one committed offset, sorted. */
    public List<String> groups() {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        return jdbc.sql("SELECT DISTINCT group_id FROM committed_offsets ORDER BY group_id").query(String.class).list();
    }

    public boolean hasGroup(String group) {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        return jdbc.sql("SELECT COUNT(*) FROM committed_offsets WHERE group_id = ?").param(group)
                .query(Long.class).single() > 0;
    }

    /** Removes the topic's offsets in every group; returns how many were removed. */
    public int deleteTopic(String topic) {
        writer.awaitQueued(); // auto-commits queued in the background are read back
        return jdbc.sql("DELETE FROM committed_offsets WHERE topic = ?").param(topic).update();
    }

    /** Fsyncs of offset commits so far (fewer than commits when they were batched). */
    public long syncs() {
        return writer.syncs();
    }

    /** Commits waiting for the writer (for tests). */
    int queued() {
        return writer.queued();
    }

    /** Answers the commits queued so far, then refuses new ones (at shutdown, before the database closes). */
    @Override
    public void close() {
        writer.close();
    }
}

package io.tributary.embedded.offset;

import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Committed offsets of consumer groups in the H2 file database ({@code committed_offsets}, created by Flyway).
 * A commit of many partitions is one transaction: all of them are stored or none.
 */
@Repository
@ConditionalOnEmbeddedBackend
@DependsOnDatabaseInitialization // the Flyway migration creates the table first
public class OffsetStore {

    private static final String COLUMNS = "group_id, topic, partition_id, committed_offset, metadata, commit_time";

    private static final RowMapper<CommittedOffset> ROW = (rs, i) -> new CommittedOffset(
            rs.getString("group_id"), rs.getString("topic"), rs.getInt("partition_id"), rs.getLong("committed_offset"),
            rs.getString("metadata"), rs.getTimestamp("commit_time").toInstant());

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transaction;
    private final Clock clock;

    @Autowired
    public OffsetStore(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    OffsetStore(DataSource dataSource, Clock clock) {
        this.batch = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(batch);
        // Same DataSource as Spring's transaction manager, so transactions started elsewhere are joined.
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
    }

    /** Stores the offsets of {@code group}, replacing earlier ones, atomically and in one batch. */
    public void commit(String group, Collection<OffsetCommit> offsets) {
        if (offsets.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<Object[]> rows = offsets.stream()
                .map(o -> new Object[] {group, o.topic(), o.partition(), o.offset(), o.metadata(), now})
                .toList();
        transaction.executeWithoutResult(status -> batch.batchUpdate(
                "MERGE INTO committed_offsets (" + COLUMNS + ") KEY (group_id, topic, partition_id) VALUES (?, ?, ?, ?, ?, ?)",
                rows));
    }

    /** The group's committed offsets, ordered by topic and partition. */
    public List<CommittedOffset> committed(String group) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets WHERE group_id = ? ORDER BY topic, partition_id")
                .param(group).query(ROW).list();
    }

    /** The group's committed offsets for partitions of the given topics. */
    public List<CommittedOffset> committed(String group, Collection<String> topics) {
        if (topics.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets WHERE group_id = :group AND topic IN (:topics)"
                        + " ORDER BY topic, partition_id")
                .param("group", group).param("topics", List.copyOf(topics)).query(ROW).list();
    }

    /** Every committed offset of every group (to rebuild metrics at start). */
    public List<CommittedOffset> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM committed_offsets ORDER BY group_id, topic, partition_id")
                .query(ROW).list();
    }

    /** Ids of all groups with at least one committed offset, sorted. */
    public List<String> groups() {
        return jdbc.sql("SELECT DISTINCT group_id FROM committed_offsets ORDER BY group_id").query(String.class).list();
    }

    public boolean hasGroup(String group) {
        return jdbc.sql("SELECT COUNT(*) FROM committed_offsets WHERE group_id = ?").param(group)
                .query(Long.class).single() > 0;
    }

    /** Removes the topic's offsets in every group; returns how many were removed. */
    public int deleteTopic(String topic) {
        return jdbc.sql("DELETE FROM committed_offsets WHERE topic = ?").param(topic).update();
    }
}

package io.tributary.embedded.offset;

import io.tributary.consume.CommittedOffset;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;

/**
 * Copies the journal's commits into H2, the store of record: one {@code MERGE} per partition (its latest offset only,
 * however often it was committed since the last checkpoint) in one transaction, then {@code CHECKPOINT SYNC}, which in
 * H2 2.x is {@code Database.sync()} -> {@code MVStore.sync()} -> {@code FileChannel.force(true)} on the database file.
 * Only after that are the journal files it covered deleted, so at every moment each answered commit is on the disk in
 * H2 or in the journal. Every write to the table goes through here, one at a time, so a checkpoint cannot put back a
 * topic's offsets that {@link #deleteTopic} has just removed.
 */
final class OffsetCheckpointer {

    static final String MERGE = "MERGE INTO committed_offsets (group_id, topic, partition_id, committed_offset, metadata, "
            + "commit_time) KEY (group_id, topic, partition_id) VALUES (?, ?, ?, ?, ?, ?)";
    private static final String DELETE_TOPIC = "DELETE FROM committed_offsets WHERE topic = ?";
    private static final String SYNC = "CHECKPOINT SYNC";

    private final DataSource dataSource;
    private final ReentrantLock writes = new ReentrantLock();

    OffsetCheckpointer(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores {@code offsets} in H2 and forces the database file, then deletes the journal's files before
     * {@code sealedBefore} (whose commits {@code offsets} covers) and tells {@code recent} they are in H2.
     */
    void checkpoint(Collection<CommittedOffset> offsets, OffsetJournal journal, long sealedBefore,
                    UncheckpointedOffsets recent) throws SQLException, IOException {
        writes.lock();
        try {
            if (!offsets.isEmpty()) {
                try (Connection connection = dataSource.getConnection()) {
                    boolean autoCommit = connection.getAutoCommit();
                    connection.setAutoCommit(false);
                    try (PreparedStatement merge = connection.prepareStatement(MERGE)) {
                        for (CommittedOffset o : offsets) {
                            merge.setString(1, o.group());
                            merge.setString(2, o.topic());
                            merge.setInt(3, o.partition());
                            merge.setLong(4, o.offset());
                            merge.setString(5, o.metadata());
                            merge.setObject(6, o.committedAt());
                            merge.addBatch();
                        }
                        merge.executeBatch();
                        connection.commit();
                    } catch (SQLException | RuntimeException e) {
                        connection.rollback();
                        throw e;
                    } finally {
                        connection.setAutoCommit(autoCommit);
                    }
                    sync(connection);
                }
            }
            journal.deleteBefore(sealedBefore);
            recent.checkpointed(offsets);
        } finally {
            writes.unlock();
        }
    }

    /** Removes the topic's offsets in every group, durably; returns how many. */
    int deleteTopic(String topic) throws SQLException {
        writes.lock();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(DELETE_TOPIC)) {
            delete.setString(1, topic);
            int deleted = delete.executeUpdate();
            sync(connection);
            return deleted;
        } finally {
            writes.unlock();
        }
    }

    private static void sync(Connection connection) throws SQLException {
        try (PreparedStatement sync = connection.prepareStatement(SYNC)) {
            sync.execute();
        }
    }
}

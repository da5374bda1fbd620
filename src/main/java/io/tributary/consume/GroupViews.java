package io.tributary.consume;

import io.tributary.common.errors.UnknownGroupException;

import java.util.List;
import java.util.Optional;

/** Consumer groups seen from outside, for the admin API: state, members, assignments, lag. */
public interface GroupViews {

    /** Live groups and groups known only from committed offsets (state EMPTY), by id. */
    List<GroupSnapshot> groups();

    Optional<GroupSnapshot> group(String groupId);

    /** @throws UnknownGroupException for a group with no members and no committed offsets */
    default GroupSnapshot requireGroup(String groupId) {
        return group(groupId).orElseThrow(() -> new UnknownGroupException("Consumer group '" + groupId
                + "' not found: it has no members and no committed offsets."));
    }

    /**
     * The group's committed offsets against the partitions' current end offsets, by topic and partition; partitions
     * of deleted topics are left out.
     *
     * @throws UnknownGroupException for a group with no members and no committed offsets
     */
    List<PartitionLag> lags(String groupId);
}

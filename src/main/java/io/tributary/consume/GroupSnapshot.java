package io.tributary.consume;

import io.tributary.common.TopicPartition;

import java.time.Instant;
import java.util.List;
import java.util.SortedSet;

/** A consistent picture of a group at one moment, for the admin API. */
public record GroupSnapshot(String groupId, GroupState state, String assignor, long generation, List<Member> members) {

    /**
     * @param owned    partitions the member reads now
     * @param assigned partitions the group assigned to it (differs from {@code owned} during a hand-over)
     */
    public record Member(String id, String clientHost, Instant createdAt, Subscription subscription,
                         SortedSet<TopicPartition> owned, SortedSet<TopicPartition> assigned) {
    }
}

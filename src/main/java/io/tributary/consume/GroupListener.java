package io.tributary.consume;

import io.tributary.offset.OffsetCommit;

import java.util.Collection;

/** Hears about a group's rebalances and commits (for metrics). Called with the group's lock held: be quick. */
interface GroupListener {

    GroupListener NONE = new GroupListener() {
    };

    default void rebalanced(String group, long generation) {
    }

    default void committed(String group, Collection<OffsetCommit> offsets) {
    }
}

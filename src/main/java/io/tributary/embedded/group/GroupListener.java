package io.tributary.embedded.group;

import io.tributary.consume.OffsetCommit;

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

package io.tributary.embedded.group;

import io.tributary.embedded.offset.OffsetStore;

import java.time.Clock;

/** What every group shares: committed offsets, topic metadata, time, and who to tell about rebalances and commits. */
record GroupContext(OffsetStore offsets, TopicCatalog catalog, Clock clock, GroupListener listener) {
}

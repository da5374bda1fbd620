package io.tributary.embedded.group;

import io.tributary.common.TopicPartition;
import io.tributary.common.errors.UnknownPartitionException;
import io.tributary.common.errors.UnknownTopicException;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupViews;
import io.tributary.consume.PartitionLag;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.stereotype.Component;

/** This node's groups, live and known only from committed offsets, with lags against the log's end offsets. */
@Component
@ConditionalOnEmbeddedBackend
class EmbeddedGroupViews implements GroupViews {

    private final GroupCoordinator coordinator;
    private final TopicCatalog catalog;

    EmbeddedGroupViews(GroupCoordinator coordinator, TopicCatalog catalog) {
        this.coordinator = coordinator;
        this.catalog = catalog;
    }

    @Override
    public List<GroupSnapshot> groups() {
        return coordinator.describeAll();
    }

    @Override
    public Optional<GroupSnapshot> group(String groupId) {
        return coordinator.describe(groupId);
    }

    @Override
    public List<PartitionLag> lags(String groupId) {
        GroupSnapshot group = requireGroup(groupId);
        Map<TopicPartition, String> owners = new HashMap<>();
        group.members().forEach(m -> m.owned().forEach(tp -> owners.put(tp, m.id())));
        List<PartitionLag> lags = new ArrayList<>();
        for (CommittedOffset c : coordinator.committedOffsets(groupId)) {
            TopicPartition tp = new TopicPartition(c.topic(), c.partition());
            try {
                lags.add(new PartitionLag(c.topic(), c.partition(), c.offset(), catalog.endOffset(tp), owners.getOrDefault(tp, "")));
            } catch (UnknownTopicException | UnknownPartitionException gone) {
                // deleted meanwhile; its offsets are being removed
            }
        }
        return lags;
    }
}

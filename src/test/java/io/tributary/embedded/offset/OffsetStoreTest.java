package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.dao.DataIntegrityViolationException;

class OffsetStoreTest {

    private final OffsetStore store = TestOffsetStores.inMemory();

    @Test
    void commitStoresAndReplacesOffsetsPerGroupTopicAndPartition() {
        store.commit("g1", List.of(new OffsetCommit("orders", 0, 5, "m"), new OffsetCommit("orders", 1, 7, null)));
        store.commit("g1", List.of(new OffsetCommit("orders", 0, 9, "")));
        store.commit("g2", List.of(new OffsetCommit("orders", 0, 1, "")));

        assertThat(store.committed("g1")).extracting(CommittedOffset::partition, CommittedOffset::offset, CommittedOffset::metadata)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 9L, ""), org.assertj.core.groups.Tuple.tuple(1, 7L, ""));
        assertThat(store.committed("g2")).singleElement().extracting(CommittedOffset::offset).isEqualTo(1L);
        assertThat(store.groups()).containsExactly("g1", "g2");
        assertThat(store.hasGroup("g1")).isTrue();
        assertThat(store.hasGroup("nope")).isFalse();
    }

    @Test
    void committedCanBeRestrictedToTopics() {
        store.commit("g", List.of(new OffsetCommit("a", 0, 1, ""), new OffsetCommit("b", 0, 2, ""), new OffsetCommit("c", 0, 3, "")));

        assertThat(store.committed("g", List.of("a", "c"))).extracting(CommittedOffset::topic).containsExactly("a", "c");
        assertThat(store.committed("g", List.of())).isEmpty();
    }

    @Test
    void aFailingCommitChangesNothing() {
        store.commit("g", List.of(new OffsetCommit("a", 0, 1, "")));
        String tooLongTopic = "t".repeat(300);

        assertThatThrownBy(() -> store.commit("g", List.of(new OffsetCommit("a", 0, 99, ""), new OffsetCommit(tooLongTopic, 0, 1, ""))))
                .isInstanceOf(DataIntegrityViolationException.class);
        assertThat(store.committed("g")).singleElement().extracting(CommittedOffset::offset).isEqualTo(1L);
    }

    @Test
    void deletingATopicRemovesItsOffsetsInEveryGroup() {
        store.commit("g1", List.of(new OffsetCommit("a", 0, 1, ""), new OffsetCommit("b", 0, 1, "")));
        store.commit("g2", List.of(new OffsetCommit("a", 3, 1, "")));

        assertThat(store.deleteTopic("a")).isEqualTo(2);
        assertThat(store.all()).extracting(CommittedOffset::topic).containsExactly("b");
        assertThat(store.groups()).containsExactly("g1");
    }

    @Test
    void invalidOffsetsAreRefusedBeforeTheDatabase() {
        assertThatThrownBy(() -> new OffsetCommit("a", 0, -1, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OffsetCommit("a", 0, 1, "x".repeat(4097))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void offsetsSurviveReopeningTheFileDatabase(@TempDir Path dir) {
        new OffsetStore(TestOffsetStores.file(dir)).commit("g", List.of(new OffsetCommit("a", 2, 42, "meta")));

        assertThat(new OffsetStore(TestOffsetStores.file(dir)).committed("g"))
                .singleElement().satisfies(o -> {
                    assertThat(o.offset()).isEqualTo(42);
                    assertThat(o.metadata()).isEqualTo("meta");
                    assertThat(o.committedAt()).isNotNull();
                });
    }
}

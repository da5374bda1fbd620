package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.log.StorageIo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import javax.sql.DataSource;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void aCommitTheDatabaseCouldNotTakeIsRefusedWholeBeforeItIsJournaled() {
        store.commit("g", List.of(new OffsetCommit("a", 0, 1, "")));
        String tooLongTopic = "t".repeat(300);

        assertThatThrownBy(() -> store.commit("g", List.of(new OffsetCommit("a", 0, 99, ""), new OffsetCommit(tooLongTopic, 0, 1, ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topic name").hasMessageContaining("300");
        assertThatThrownBy(() -> store.commitInBackground("g".repeat(256), List.of(new OffsetCommit("a", 0, 99, ""))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("group id");
        assertThat(store.committed("g")).singleElement().extracting(CommittedOffset::offset).isEqualTo(1L);
        assertThat(store.groups()).containsExactly("g");
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
        OffsetStore first = TestOffsetStores.fileStore(dir);
        first.commit("g", List.of(new OffsetCommit("a", 2, 42, "meta")));
        first.close();

        assertThat(TestOffsetStores.fileStore(dir).committed("g"))
                .singleElement().satisfies(o -> {
                    assertThat(o.offset()).isEqualTo(42);
                    assertThat(o.metadata()).isEqualTo("meta");
                    assertThat(o.committedAt()).isNotNull();
                });
    }

    @Test
    void commitsLeftInTheJournalByACrashAreReplayedIntoTheDatabaseAtStart(@TempDir Path dir) throws Exception {
        DataSource database = TestOffsetStores.file(dir);
        Instant before = Instant.parse("2026-12-06T10:00:00Z");
        Instant after = Instant.parse("2026-12-06T10:00:01Z");
        try (OffsetJournal journal = OffsetJournal.open(TestOffsetStores.journal(dir), StorageIo.DEFAULT)) {
            journal.replay();
            journal.roll();
            journal.append(List.of(new OffsetJournalTest.Commit("g", List.of(new OffsetCommit("a", 0, 5, "x")))), before);
            journal.append(List.of(new OffsetJournalTest.Commit("g", List.of(new OffsetCommit("a", 0, 6, "y"))),
                    new OffsetJournalTest.Commit("h", List.of(new OffsetCommit("b", 1, 3, "")))), after);
        } // not checkpointed: what a kill -9 leaves
        assertThat(TestOffsetStores.rowsInTheDatabase(database)).isEmpty();

        OffsetStore store = TestOffsetStores.fileStore(dir);

        assertThat(TestOffsetStores.rowsInTheDatabase(database)).as("replayed into H2 itself").containsExactly("g/a/0=6/y", "h/b/1=3/");
        assertThat(store.committed("g")).containsExactly(new CommittedOffset("g", "a", 0, 6, "y", after));
        assertThat(TestOffsetStores.journalFilesWithRecords(TestOffsetStores.journal(dir))).as("the replayed files are deleted")
                .isEmpty();
        store.close();
    }

    @Test
    void aDeletedTopicsOffsetsDoNotComeBackAfterACrash(@TempDir Path dir) throws Exception {
        DataSource database = TestOffsetStores.file(dir);
        OffsetStore store = new OffsetStore(database, TestOffsetStores.journal(dir), StorageIo.DEFAULT,
                java.time.Clock.systemUTC(), 500, Duration.ofHours(1));
        store.commit("g", List.of(new OffsetCommit("a", 0, 1, ""), new OffsetCommit("b", 0, 1, "")));
        assertThat(store.deleteTopic("a")).isEqualTo(1);
        store.commit("g", List.of(new OffsetCommit("b", 0, 2, "")));

        // A crash now: the journal as it is, replayed by the next start.
        Path crashed = dir.resolve("crashed-journal");
        Files.createDirectories(crashed);
        try (Stream<Path> files = Files.list(TestOffsetStores.journal(dir))) {
            for (Path f : files.toList()) {
                Files.copy(f, crashed.resolve(f.getFileName()));
            }
        }
        OffsetStore restarted = new OffsetStore(database, crashed);

        assertThat(restarted.committed("g")).extracting(CommittedOffset::topic, CommittedOffset::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b", 2L));
        restarted.close();
        store.close();
    }
}

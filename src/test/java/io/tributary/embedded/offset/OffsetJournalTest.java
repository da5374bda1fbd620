package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.CommittedOffset;
import io.tributary.consume.OffsetCommit;
import io.tributary.log.StorageIo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The offsets journal's files: what a replay reads back, and where it stops. */
class OffsetJournalTest {

    private static final Instant T1 = Instant.parse("2026-12-06T10:00:00.123456Z");
    private static final Instant T2 = Instant.parse("2026-12-06T10:00:01Z");

    @TempDir
    Path dir;

    record Commit(String group, Collection<OffsetCommit> offsets) implements OffsetJournal.GroupCommit {
    }

    @Test
    void replayReturnsEveryCommitOfEveryFileInTheOrderTheyWereWritten() throws IOException {
        try (OffsetJournal journal = opened()) {
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("orders", 0, 5, "é meta"), new OffsetCommit("orders", 1, 7, "")))), T1);
            journal.roll();
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("orders", 0, 9, ""))), new Commit("h", List.of(new OffsetCommit("x", 2, 1, "")))), T2);
        }

        assertThat(OffsetJournal.open(dir, StorageIo.DEFAULT).replay()).containsExactly(
                new CommittedOffset("g", "orders", 0, 5, "é meta", T1),
                new CommittedOffset("g", "orders", 1, 7, "", T1),
                new CommittedOffset("g", "orders", 0, 9, "", T2),
                new CommittedOffset("h", "x", 2, 1, "", T2));
    }

    @Test
    void aRecordCutShortByACrashEndsTheReplayOfItsFile() throws IOException {
        Path file = twoRecords();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        assertThat(OffsetJournal.open(dir, StorageIo.DEFAULT).replay()).extracting(CommittedOffset::offset).containsExactly(1L);
    }

    @Test
    void aRecordWhoseBytesChangedEndsTheReplayOfItsFile() throws IOException {
        Path file = twoRecords();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 2] ^= 1; // in the second record's metadata: its CRC no longer matches
        Files.write(file, bytes);

        assertThat(OffsetJournal.open(dir, StorageIo.DEFAULT).replay()).extracting(CommittedOffset::offset).containsExactly(1L);
    }

    @Test
    void zerosAfterTheLastRecordAreIgnored() throws IOException {
        Path file = twoRecords();
        Files.write(file, new byte[4096], java.nio.file.StandardOpenOption.APPEND); // the size reached the disk, the data did not

        assertThat(OffsetJournal.open(dir, StorageIo.DEFAULT).replay()).extracting(CommittedOffset::offset).containsExactly(1L, 2L);
    }

    @Test
    void sealingAnEmptyFileStartsNoNewOneAndDeletingKeepsTheCurrentFile() throws IOException {
        try (OffsetJournal journal = opened()) {
            long first = journal.seal();
            assertThat(journal.seal()).as("nothing appended: the same file").isEqualTo(first);
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("t", 0, 1, "")))), T1);
            long second = journal.seal();
            assertThat(second).isGreaterThan(first);
            assertThat(files()).hasSize(2);

            journal.deleteBefore(second);
            assertThat(files()).singleElement().satisfies(f -> assertThat(Files.size(f)).isZero());
        }
        assertThat(files()).as("closed empty: deleted").isEmpty();
    }

    @Test
    void aRollTakesTheSpareFileAndItsZerosReplayAsTheEndOfTheFile() throws IOException {
        try (OffsetJournal journal = opened()) {
            journal.prepareSpare();
            assertThat(files()).hasSize(2);
            Path spare = files().get(1);
            assertThat(Files.size(spare)).isEqualTo(OffsetJournal.PREALLOCATED);

            assertThat(journal.roll()).as("the spare's id").isEqualTo(Long.parseLong(spare.getFileName().toString().substring(0, 20)));
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("t", 0, 3, "")))), T1);
            assertThat(Files.size(spare)).as("written inside the zeros").isEqualTo(OffsetJournal.PREALLOCATED);
        }

        assertThat(OffsetJournal.open(dir, StorageIo.DEFAULT).replay()).extracting(CommittedOffset::offset).containsExactly(3L);
    }

    @Test
    void filesReplayInOrderAcrossSparesAndAnUnusedSpareIsDeletedAtClose() throws IOException {
        try (OffsetJournal journal = opened()) { // file 1
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("t", 0, 1, "")))), T1);
            journal.prepareSpare(); // file 2
            assertThat(journal.roll()).isEqualTo(2);
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("t", 0, 2, "")))), T1);
            assertThat(journal.roll()).as("no spare: a new file").isEqualTo(3);
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("t", 0, 3, "")))), T1);
            journal.prepareSpare(); // file 4, never taken
        }

        assertThat(files()).extracting(f -> f.getFileName().toString().substring(17, 20)).containsExactly("001", "002", "003");
        assertThat(OffsetJournal.open(dir, StorageIo.DEFAULT).replay()).extracting(CommittedOffset::offset)
                .containsExactly(1L, 2L, 3L);
    }

    private OffsetJournal opened() throws IOException {
        OffsetJournal journal = OffsetJournal.open(dir, StorageIo.DEFAULT);
        journal.replay();
        journal.roll();
        return journal;
    }

    private Path twoRecords() throws IOException {
        try (OffsetJournal journal = opened()) {
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("t", 0, 1, "first")))), T1);
            journal.append(List.of(new Commit("g", List.of(new OffsetCommit("t", 0, 2, "second")))), T2);
        }
        return files().get(0);
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}

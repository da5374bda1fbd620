package io.tributary.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.PowerLossStorage.DirEntries;
import io.tributary.log.PowerLossStorage.Tail;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulated disk itself: what survives its power cut, so the tests built on it test the engine, not the model. */
class PowerLossStorageTest {

    @TempDir
    Path tmp;

    @Test
    void bytesSurviveOnlyOnceForcedAndNamesOnlyOnceTheirDirectoryIsFsynced() throws IOException {
        Path disk = tmp.resolve("disk");
        Files.createDirectories(disk.resolve("d"));
        Files.writeString(disk.resolve("d/old"), "synced at start");
        try (PowerLossStorage storage = new PowerLossStorage(disk)) {
            write(storage, disk.resolve("d/forced"), "abc", true);
            write(storage, disk.resolve("d/unforced"), "xyz", false);
            LogFiles.fsyncDirectory(storage, disk.resolve("d"));
            write(storage, disk.resolve("d/forced"), "abcdef", true);
            write(storage, disk.resolve("d/never-listed"), "123", true); // no directory fsync after its creation
            storage.move(disk.resolve("d/old"), disk.resolve("d/renamed")); // nor after this rename
            storage.cutAfter(0);
            assertThatThrownBy(() -> storage.delete(disk.resolve("d/forced"))).hasMessageContaining("power cut");

            Path after = tmp.resolve("after");
            storage.materialize(after, DirEntries.DURABLE_ONLY, Tail.NONE, new Random(1));
            assertThat(Files.readString(after.resolve("d/forced"))).isEqualTo("abcdef");
            assertThat(Files.readString(after.resolve("d/unforced"))).isEmpty();
            assertThat(after.resolve("d/never-listed")).doesNotExist();
            assertThat(Files.readString(after.resolve("d/old"))).isEqualTo("synced at start");
            assertThat(after.resolve("d/renamed")).doesNotExist();

            Path crash = tmp.resolve("crash");
            storage.materialize(crash, DirEntries.ALL, Tail.ALL, new Random(1));
            assertThat(Files.readString(crash.resolve("d/unforced"))).isEqualTo("xyz");
            assertThat(Files.readString(crash.resolve("d/never-listed"))).isEqualTo("123");
            assertThat(Files.readString(crash.resolve("d/renamed"))).isEqualTo("synced at start");
            assertThat(crash.resolve("d/old")).doesNotExist();
        }
    }

    @Test
    void aTornTailIsAPrefixOfTheUnforcedBytes() throws IOException {
        Path disk = tmp.resolve("disk");
        try (PowerLossStorage storage = new PowerLossStorage(disk)) {
            Path file = disk.resolve("f");
            write(storage, file, "durable|", true);
            LogFiles.fsyncDirectory(storage, disk);
            try (FileChannel channel = storage.open(file, LogFiles.READ_WRITE)) {
                LogFiles.writeFully(channel, ByteBuffer.wrap("volatile-bytes".getBytes(StandardCharsets.UTF_8)), 8);
            }
            storage.cutNow();
            for (int i = 0; i < 20; i++) {
                Path after = tmp.resolve("after-" + i);
                storage.materialize(after, DirEntries.DURABLE_ONLY, Tail.TORN, new Random(i));
                assertThat("durable|volatile-bytes").startsWith(Files.readString(after.resolve("f")));
                assertThat(Files.readString(after.resolve("f"))).startsWith("durable|");
            }
        }
    }

    private static void write(PowerLossStorage storage, Path file, String content, boolean force) throws IOException {
        try (FileChannel channel = storage.open(file, LogFiles.CREATE_NEW_WRITE)) {
            LogFiles.writeFully(channel, ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)), 0);
            if (force) {
                channel.force(true);
            }
        }
    }
}

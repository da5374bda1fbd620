package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.log.StorageIo;
import io.tributary.settings.TributaryProperties.DamagedDatabase;
import io.tributary.support.MutableClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the start-up check makes of sound, missing, empty and damaged H2 files, under both policies. */
class OffsetDatabaseCheckTest {

    @TempDir
    Path dir;

    /** Every directory fsync of the check, with whether the database file existed at that moment. */
    private final List<String> fsyncs = new ArrayList<>();
    private final OffsetDatabaseCheck check = new OffsetDatabaseCheck(null, null, new MutableClock(), new StorageIo() {
        @Override
        public FileChannel open(Path path, Set<? extends OpenOption> options) throws IOException {
            return FileChannel.open(path, options);
        }

        @Override
        public void fsyncDirectory(Path dir) throws IOException {
            fsyncs.add(dir + (Files.exists(dir.resolve("offsets.mv.db")) ? " (database file there)" : ""));
            StorageIo.super.fsyncDirectory(dir);
        }
    });
    private String url;
    private Path file;

    @BeforeEach
    void database() throws Exception {
        url = "jdbc:h2:file:" + dir.resolve("offsets") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";
        file = dir.resolve("offsets.mv.db");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE committed_offsets (group_id VARCHAR(255), committed_offset BIGINT)");
            for (int i = 0; i < 500; i++) {
                s.execute("INSERT INTO committed_offsets VALUES ('g" + i + "', " + i + ")");
            }
        }
    }

    @Test
    void aSoundFileIsKept() throws Exception {
        OffsetDatabaseCheck.Outcome outcome = check.check(url, "sa", "", DamagedDatabase.RECREATE);

        assertThat(outcome.damaged()).isFalse();
        assertThat(outcome.file()).isEqualTo(file.toAbsolutePath());
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM committed_offsets")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(500);
        }
    }

    @Test
    void noFileIsAFirstStart() throws Exception {
        Files.delete(file);

        assertThat(check.check(url, "sa", "", DamagedDatabase.FAIL).damaged()).isFalse();
        assertThat(file).as("created now, so that its directory entry is made durable").exists();
        assertThat(fsyncs).containsExactly(dir + " (database file there)");
    }

    /**
     * At a first start the file's directory entry reaches the disk before any commit is acknowledged: the data
     * directory is created durably (its parent fsynced), then the database file, then the directory is fsynced.
     */
    @Test
    void aFirstStartCreatesTheDataDirectoryAndTheFileDurably() throws Exception {
        Path parent = Files.createDirectory(dir.resolve("srv"));
        Path dataDir = parent.resolve("new-data-dir");
        String newUrl = "jdbc:h2:file:" + dataDir.resolve("offsets") + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

        assertThat(check.check(newUrl, "sa", "", DamagedDatabase.FAIL).damaged()).isFalse();

        assertThat(dataDir.resolve("offsets.mv.db")).exists();
        assertThat(fsyncs).containsExactly(parent.toString(), dataDir + " (database file there)");
        fsyncs.clear();
        assertThat(check.check(newUrl, "sa", "", DamagedDatabase.FAIL).damaged()).isFalse();
        assertThat(fsyncs).as("a later start finds the file: nothing to do").isEmpty();
    }

    @Test
    void otherDatabasesAreNotChecked() {
        assertThat(check.check("jdbc:h2:mem:x", "sa", "", DamagedDatabase.FAIL)).isNull();
        assertThat(check.check("jdbc:postgresql://db/x", "sa", "", DamagedDatabase.FAIL)).isNull();
    }

    @Test
    void aDamagedFileStopsTheStartByDefault() throws Exception {
        destroyHeaders();
        byte[] before = Files.readAllBytes(file);

        assertThatThrownBy(() -> check.check(url, "sa", "", DamagedDatabase.FAIL))
                .isInstanceOf(DamagedOffsetDatabaseException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("corrupted");
        assertThat(Files.readAllBytes(file)).as("left untouched for the operator").isEqualTo(before);
    }

    @Test
    void aDamagedFileIsMovedAsideWhenRecreateIsChosen() throws Exception {
        destroyHeaders();
        byte[] before = Files.readAllBytes(file);

        OffsetDatabaseCheck.Outcome outcome = check.check(url, "sa", "", DamagedDatabase.RECREATE);

        assertThat(outcome.damaged()).isTrue();
        assertThat(outcome.movedTo().getFileName().toString()).startsWith("offsets.mv.db.corrupt-");
        assertThat(Files.readAllBytes(outcome.movedTo())).isEqualTo(before);
        assertThat(file).as("a new, empty database in its place").exists();
        assertThat(fsyncs).as("the move and the new file made durable").containsExactly(dir + " (database file there)");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'COMMITTED_OFFSETS'")) {
            rows.next();
            assertThat(rows.getInt(1)).as("empty: Flyway creates the table").isZero();
        }
    }

    @Test
    void anEmptyFileIsDamage() throws Exception {
        Files.write(file, new byte[0]);

        assertThatThrownBy(() -> check.check(url, "sa", "", DamagedDatabase.FAIL))
                .isInstanceOf(DamagedOffsetDatabaseException.class).hasMessageContaining("empty");
    }

    @Test
    void aFileCutInsideItsHeaderIsDamage() throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(4096);
        }

        assertThat(check.check(url, "sa", "", DamagedDatabase.RECREATE).damaged()).isTrue();
    }

    /** Zeroes both 4 KB store headers at the start of the file, as a bad block there would. */
    private void destroyHeaders() throws Exception {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.allocate(8192), 0);
        }
    }
}

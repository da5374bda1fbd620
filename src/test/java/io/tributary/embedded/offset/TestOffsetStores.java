package io.tributary.embedded.offset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Real H2 databases with the real migrations, for tests that do not start Spring. */
public final class TestOffsetStores {

    private TestOffsetStores() {
    }

    /** A fresh in-memory database, kept until the JVM exits, with its journal in a fresh temporary directory. */
    public static OffsetStore inMemory() {
        try {
            Path journal = Files.createTempDirectory("offsets-journal");
            journal.toFile().deleteOnExit(); // a clean close leaves it empty
            return new OffsetStore(migrated("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"), journal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A store over the file database under {@code dir}, with its journal beside it, as the application lays them out. */
    public static OffsetStore fileStore(Path dir) {
        return new OffsetStore(file(dir), journal(dir));
    }

    /** The journal directory beside the database under {@code dir}. */
    public static Path journal(Path dir) {
        return dir.resolve(OffsetStore.JOURNAL_DIRECTORY);
    }

    /** A file database under {@code dir}, as the application uses it. */
    public static DataSource file(Path dir) {
        return migrated("jdbc:h2:file:" + dir.resolve("offsets").toAbsolutePath());
    }

    /**
     * The journal's files that hold anything but zeros (a spare file, made ahead for the next roll, holds only
     * zeros), by name.
     */
    public static List<Path> journalFilesWithRecords(Path journal) throws IOException {
        try (Stream<Path> files = Files.list(journal)) {
            List<Path> withRecords = new ArrayList<>();
            for (Path f : files.sorted().toList()) {
                for (byte b : Files.readAllBytes(f)) {
                    if (b != 0) {
                        withRecords.add(f);
                        break;
                    }
                }
            }
            return withRecords;
        }
    }

    /**
     * The table's rows as H2 holds them, {@code group/topic/partition=offset/metadata} (not through a store, which lays
     * the journal's commits not yet checkpointed over them).
     */
    public static List<String> rowsInTheDatabase(DataSource database) {
        return JdbcClient.create(database).sql("SELECT * FROM committed_offsets ORDER BY group_id, topic, partition_id")
                .query((rs, i) -> rs.getString("group_id") + "/" + rs.getString("topic") + "/" + rs.getInt("partition_id")
                        + "=" + rs.getLong("committed_offset") + "/" + rs.getString("metadata")).list();
    }

    private static DataSource migrated(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}

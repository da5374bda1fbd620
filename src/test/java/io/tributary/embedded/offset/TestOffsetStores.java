package io.tributary.embedded.offset;

import java.nio.file.Path;
import java.util.UUID;
import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** Real H2 databases with the real migrations, for tests that do not start Spring. */
public final class TestOffsetStores {

    private TestOffsetStores() {
    }

    /** A fresh in-memory database, kept until the JVM exits. */
    public static OffsetStore inMemory() {
        return new OffsetStore(migrated("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1"));
    }

    /** A file database under {@code dir}, as the application uses it. */
    public static DataSource file(Path dir) {
        return migrated("jdbc:h2:file:" + dir.resolve("offsets").toAbsolutePath());
    }

    private static DataSource migrated(String url) {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL(url);
        dataSource.setUser("sa");
        Flyway.configure().dataSource(dataSource).load().migrate();
        return dataSource;
    }
}

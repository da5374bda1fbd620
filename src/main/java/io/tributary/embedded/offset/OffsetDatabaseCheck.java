package io.tributary.embedded.offset;

import io.tributary.embedded.ConditionalOnEmbeddedBackend;
import io.tributary.log.StorageIo;
import io.tributary.settings.TributaryProperties;
import io.tributary.settings.TributaryProperties.DamagedDatabase;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.stereotype.Component;

/**
 * Opens the H2 offsets database once, before anything else uses it (Flyway, the connection pool), so that a damaged
 * file is dealt with deliberately instead of surfacing as a stack trace half way through start-up. H2 itself recovers
 * from a crash (it falls back to its last complete chunk); what remains is a file it cannot open: corrupt, cut short
 * or emptied by a failing disk or a bad copy. Then {@code tributary.offsets.damaged-database} decides: {@code fail}
 * (the default) stops the start with {@link DamagedOffsetDatabaseException}; {@code recreate} moves the file aside as
 * {@code <file>.corrupt-<time>}, logs an error, reports it in health, and lets a new, empty database be created, so
 * groups resume from their {@code auto.offset.reset} position. docs/reliability.md explains the choice.
 */
@Component
@ConditionalOnEmbeddedBackend
public class OffsetDatabaseCheck implements BeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(OffsetDatabaseCheck.class);
    private static final String H2_FILE_URL = "jdbc:h2:file:";
    private static final String H2_SUFFIX = ".mv.db";
    /** H2's FILE_CORRUPTED_1 and IO_EXCEPTION_1 (the latter is damage only when the file ended too soon). */
    private static final int FILE_CORRUPTED = 90030;
    private static final int IO_EXCEPTION = 90028;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What the check found at this start. */
    public record Outcome(Path file, String damage, Path movedTo) {
        public boolean damaged() {
            return damage != null;
        }
    }

    private final ObjectProvider<JdbcConnectionDetails> connection;
    private final ObjectProvider<TributaryProperties> properties;
    private final Clock clock;
    private final StorageIo storage;
    private volatile Outcome outcome;

    @Autowired
    public OffsetDatabaseCheck(ObjectProvider<JdbcConnectionDetails> connection, ObjectProvider<TributaryProperties> properties) {
        this(connection, properties, Clock.systemUTC(), StorageIo.DEFAULT);
    }

    OffsetDatabaseCheck(ObjectProvider<JdbcConnectionDetails> connection, ObjectProvider<TributaryProperties> properties,
                        Clock clock, StorageIo storage) {
        this.connection = connection;
        this.properties = properties;
        this.clock = clock;
        this.storage = storage;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof DataSource && outcome == null) {
            JdbcConnectionDetails details = connection.getIfAvailable();
            if (details != null) {
                outcome = check(details.getJdbcUrl(), details.getUsername(), details.getPassword(),
                        properties.getObject().offsets().damagedDatabase());
            }
        }
        return bean;
    }

    /** What the check found; null when the database is not an H2 file or was not opened yet. */
    public Outcome outcome() {
        return outcome;
    }

    Outcome check(String url, String user, String password, DamagedDatabase policy) {
        if (url == null || !url.startsWith(H2_FILE_URL)) {
            return null;
        }
        Path file = fileOf(url);
        String damage = damage(file, url, user, password);
        if (damage == null) {
            createDurably(file, url, user, password);
            return new Outcome(file, null, null);
        }
        if (policy == DamagedDatabase.FAIL) {
            throw new DamagedOffsetDatabaseException(file, damage);
        }
        Path movedTo = file.resolveSibling(file.getFileName() + ".corrupt-" + STAMP.format(clock.instant()));
        try {
            Files.move(file, movedTo);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not move the damaged offsets database " + file + " aside", e);
        }
        log.error("The offsets database {} is damaged ({}). tributary.offsets.damaged-database=recreate: moved it to {} and "
                + "starting with a new, empty one. Every consumer group's committed offsets are gone: groups resume from "
                + "their auto.offset.reset position.", file, damage, movedTo);
        createDurably(file, url, user, password);
        return new Outcome(file, damage, movedTo);
    }

    /**
     * At a first start (or after a damaged file was moved aside) creates the database file now, forces it, and fsyncs
     * its directory, so the file's directory entry is on the disk before any commit is acknowledged: H2 creates the
     * file and forces its content at each commit ({@code CHECKPOINT SYNC}), but never fsyncs the directory, and a power
     * cut after the first start could otherwise take the file, and every acknowledged commit with it. The data
     * directory itself is created durably first (its parent fsynced), as the log's is.
     */
    private void createDurably(Path file, String url, String user, String password) {
        if (Files.exists(file)) {
            return;
        }
        try {
            storage.createDirectoriesDurably(file.getParent());
            try (Connection c = DriverManager.getConnection(url, user, password);
                 Statement statement = c.createStatement()) {
                statement.execute("CHECKPOINT SYNC"); // the new file's header and first chunk, forced
            }
            storage.fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make the new offsets database " + file + " durable", e);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the offsets database " + file + ": " + e.getMessage(), e);
        }
    }

    /** Why the file cannot serve as the database, or null when it opens and its offsets table reads. */
    private static String damage(Path file, String url, String user, String password) {
        try {
            if (!Files.exists(file)) {
                return null; // a first start: H2 creates it
            }
            if (Files.size(file) == 0) {
                return "the file is empty";
            }
        } catch (IOException e) {
            return null; // not ours to judge: opening it fails with the real error
        }
        try (Connection c = DriverManager.getConnection(url + ";IFEXISTS=TRUE", user, password);
             Statement statement = c.createStatement()) {
            readOffsetsTable(statement);
            return null;
        } catch (SQLException e) {
            return isDamage(e) ? e.getMessage().lines().findFirst().orElse(e.toString()) : null;
        }
    }

    /** Reads every row, so a damaged page of the table is found now rather than at the first commit. */
    private static void readOffsetsTable(Statement statement) throws SQLException {
        try (ResultSet table = statement.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES "
                + "WHERE TABLE_NAME = 'COMMITTED_OFFSETS'")) {
            table.next();
            if (table.getInt(1) == 0) {
                return;
            }
        }
        try (ResultSet rows = statement.executeQuery("SELECT * FROM committed_offsets")) {
            while (rows.next()) {
                rows.getLong("committed_offset");
            }
        }
    }

    private static boolean isDamage(SQLException e) {
        if (e.getErrorCode() == FILE_CORRUPTED) {
            return true;
        }
        if (e.getErrorCode() == IO_EXCEPTION) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof EOFException) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Path fileOf(String url) {
        String name = url.substring(H2_FILE_URL.length());
        int options = name.indexOf(';');
        name = options < 0 ? name : name.substring(0, options);
        if (name.startsWith("~")) {
            name = System.getProperty("user.home") + name.substring(1);
        }
        return Path.of(name + H2_SUFFIX).toAbsolutePath().normalize();
    }
}

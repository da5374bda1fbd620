package io.tributary.embedded;

import io.tributary.log.CleanerStatus;
import io.tributary.log.LogManager;
import io.tributary.log.LogStorageException;
import io.tributary.log.RecoveryReport;
import io.tributary.log.StorageFailure;
import io.tributary.settings.TributaryProperties;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code logDirectory} health: UP when the log directory exists, takes a durable write now (a probe file written and
 * fsynced through the engine's file abstraction), the engine's last write, fsync or read did not fail (or an fsync
 * succeeded since), no partition is offline, and its file system has at least {@code tributary.log.min-free-space}
 * free. Details: path, free and required bytes, the failures, what recovery did at the last start, and once the log
 * cleaner of compacted topics has run, its last cleaning and last failure ({@code compaction}). A failed cleaning alone
 * does not make the directory DOWN (it is tried again, as Kafka's cleaner does); an I/O error in it does, through the
 * storage failures, like any other.
 */
@Component
@ConditionalOnEmbeddedBackend
public class LogDirectoryHealthIndicator extends AbstractHealthIndicator {

    private final LogManager logManager;
    private final long minFreeBytes;

    public LogDirectoryHealthIndicator(LogManager logManager, TributaryProperties properties) {
        super("Log directory health check failed");
        this.logManager = logManager;
        this.minFreeBytes = properties.log().minFreeSpace().toBytes();
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws IOException {
        Path dir = logManager.directory();
        builder.withDetail("path", dir.toAbsolutePath().toString()).withDetail("minFreeBytes", minFreeBytes);
        RecoveryReport recovery = logManager.recoveryReport();
        builder.withDetail("lastRecovery", recovery);
        CleanerStatus cleaner = logManager.cleaner().status();
        if (cleaner.lastCleaning() != null || cleaner.lastFailure() != null || !cleaner.uncleanable().isEmpty()) {
            builder.withDetail("compaction", cleaner);
        }
        if (!Files.isDirectory(dir)) {
            builder.down().withDetail("error", "log directory does not exist");
            return;
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        builder.withDetail("freeBytes", free);
        try {
            logManager.probeStorage();
        } catch (LogStorageException e) {
            builder.down().withDetail("error", e.getMessage());
            return;
        }
        List<StorageFailure> failures = logManager.storageFailures();
        if (!failures.isEmpty()) {
            builder.down().withDetail("storageFailures", failures).withDetail("error", failures.get(0).describe());
            return;
        }
        if (free < minFreeBytes) {
            builder.down().withDetail("error", "free space " + free + " bytes is below tributary.log.min-free-space");
            return;
        }
        builder.up();
    }
}

package io.tributary.config;

import io.tributary.log.LogManager;
import io.tributary.log.RecoveryReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code logDirectory} health: UP when the log directory exists, a probe file can really be created and deleted in
 * it, and its file system has at least {@code tributary.log.min-free-space} free. Details: path, free and required
 * bytes, and what recovery did at the last start.
 */
@Component
public class LogDirectoryHealthIndicator extends AbstractHealthIndicator {

    private static final String PROBE = ".tributary-health-probe.tmp";

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
        if (!Files.isDirectory(dir)) {
            builder.down().withDetail("error", "log directory does not exist");
            return;
        }
        long free = Files.getFileStore(dir).getUsableSpace();
        builder.withDetail("freeBytes", free);
        try {
            Path probe = dir.resolve(PROBE);
            Files.deleteIfExists(probe);
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException e) {
            builder.down().withDetail("error", "log directory is not writable: " + e.getClass().getSimpleName());
            return;
        }
        if (free < minFreeBytes) {
            builder.down().withDetail("error", "free space " + free + " bytes is below tributary.log.min-free-space");
            return;
        }
        builder.up();
    }
}

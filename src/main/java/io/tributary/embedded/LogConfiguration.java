package io.tributary.embedded;

import io.tributary.log.CleanerSettings;
import io.tributary.log.FlushPolicy;
import io.tributary.log.IdempotencyLimits;
import io.tributary.log.LogManager;
import io.tributary.log.LogMetrics;
import io.tributary.log.LogSettings;
import io.tributary.log.RecoveryReport;
import io.tributary.log.StorageFailureListener;
import io.tributary.log.StorageIo;
import io.tributary.log.TopicLog;
import io.tributary.settings.TributaryProperties;

import java.time.Clock;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Opens the log engine on {@code <data-dir>/log}, its cleaner of compacted topics running per
 * {@code tributary.compaction.*}; Spring closes it last on shutdown, writing the clean marker.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEmbeddedBackend
public class LogConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LogConfiguration.class);

    @Bean(destroyMethod = "close")
    public LogManager logManager(TributaryProperties properties, ObjectProvider<LogMetrics> logMetrics,
                                 ObjectProvider<StorageIo> storage, ObjectProvider<StorageFailureListener> failureListener) {
        var log = properties.log();
        FlushPolicy flush = switch (log.flush()) {
            case DURABLE -> new FlushPolicy.Durable();
            case INTERVAL -> new FlushPolicy.Interval(log.flushInterval());
        };
        var compaction = properties.compaction();
        CleanerSettings cleaner = new CleanerSettings(compaction.threads(), compaction.maxBytesPerSecond().toBytes(),
                compaction.checkInterval(), compaction.dedupeBufferSize().toBytes());
        long started = System.nanoTime();
        LogManager manager = LogManager.open(properties.dataDir().resolve("log"),
                new LogSettings(flush, log.indexIntervalBytes(), Clock.systemUTC(), logMetrics.getIfAvailable(() -> LogMetrics.NONE),
                        storage.getIfAvailable(() -> StorageIo.DEFAULT), // a StorageIo bean: fault-injection tests
                        failureListener.getIfAvailable(() -> StorageFailureListener.NONE),
                        new IdempotencyLimits(properties.produce().idempotencyWindow(),
                                properties.produce().idempotencyMaxKeysPerPartition()), cleaner, log.recoveryThreads()));
        logRecovery(manager, (System.nanoTime() - started) / 1_000_000);
        return manager;
    }

    /** One line on what the start found and how long opening took; each repair was logged by the engine already. */
    private static void logRecovery(LogManager manager, long millis) {
        RecoveryReport report = manager.recoveryReport();
        int partitions = manager.topics().stream().mapToInt(TopicLog::partitionCount).sum();
        if (report.repairs().isEmpty() && report.segmentsScanned() == 0) {
            LOG.info("Opened {} ({} topics, {} partitions) in {} ms: nothing to recover", manager.directory(),
                    manager.topics().size(), partitions, millis);
        } else {
            LOG.warn("Opened {} ({} partitions) in {} ms after {} shutdown: {} segments scanned, {} repairs, {} bytes truncated, "
                            + "repaired partitions: {}", manager.directory(), partitions, millis,
                    report.cleanShutdown() ? "a clean" : "an unclean", report.segmentsScanned(),
                    report.repairs().size(), report.bytesTruncated(), abbreviated(report.repairedPartitions()));
        }
    }

    /** Thousands of partitions repaired would make one line of hundreds of kilobytes. */
    private static String abbreviated(List<String> partitions) {
        return partitions.size() <= 20 ? partitions.toString()
                : partitions.subList(0, 20) + " and " + (partitions.size() - 20) + " more";
    }
}

package io.tributary.embedded;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.tributary.log.LogManager;
import io.tributary.log.RetentionReport;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every {@code tributary.retention.check-interval}: rolls segments past segment.ms and deletes closed segments past
 * retention.ms / retention.bytes (the engine decides which; see docs/architecture.md). Counts what it removed in
 * {@code tributary.retention.segments.deleted} and {@code tributary.retention.bytes.deleted}, and times each pass over
 * all partitions in {@code tributary.retention.pass} (with thousands of partitions, what one pass costs).
 */
@Component
@ConditionalOnEmbeddedBackend
public class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

    private final LogManager logManager;
    private final Counter segmentsDeleted;
    private final Counter bytesDeleted;
    private final Counter segmentsRolled;
    private final Timer pass;

    public RetentionJob(LogManager logManager, MeterRegistry registry) {
        this.logManager = logManager;
        this.segmentsDeleted = Counter.builder("tributary.retention.segments.deleted").register(registry);
        this.bytesDeleted = Counter.builder("tributary.retention.bytes.deleted").baseUnit("bytes").register(registry);
        this.segmentsRolled = Counter.builder("tributary.retention.segments.rolled").register(registry);
        this.pass = Timer.builder("tributary.retention.pass")
                .description("Time of one retention pass over every partition, failed passes included").register(registry);
    }

    @Scheduled(fixedDelayString = "${tributary.retention.check-interval:5m}",
            initialDelayString = "${tributary.retention.check-interval:5m}")
    public void enforce() {
        RetentionReport report;
        long started = System.nanoTime();
        try {
            report = logManager.enforceRetention();
        } catch (RuntimeException e) {
            // The next pass retries; a failing pass must not stop the schedule.
            log.warn("Retention pass failed: {}", e.toString());
            return;
        } finally {
            pass.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
        segmentsDeleted.increment(report.segmentsDeleted());
        bytesDeleted.increment(report.bytesDeleted());
        segmentsRolled.increment(report.segmentsRolled());
        if (report.segmentsDeleted() > 0 || report.segmentsRolled() > 0) {
            log.info("Retention deleted {} segment(s), {} bytes; rolled {} segment(s)", report.segmentsDeleted(),
                    report.bytesDeleted(), report.segmentsRolled());
        }
    }
}

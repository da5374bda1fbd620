package io.tributary.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything configurable, under {@code tributary.*}. Defaults make {@code ./mvnw spring-boot:run} work with no setup;
 * docs/configuration.md lists each property.
 */
@ConfigurationProperties("tributary")
public record TributaryProperties(
        @DefaultValue("./data") Path dataDir,
        @DefaultValue Log log,
        @DefaultValue Topics topics,
        @DefaultValue Produce produce,
        @DefaultValue Fetch fetch,
        @DefaultValue Consumer consumer,
        @DefaultValue Retention retention,
        @DefaultValue Offsets offsets) {

    /** Storage engine. */
    public record Log(
            @DefaultValue("durable") FlushMode flush,
            @DefaultValue("1s") Duration flushInterval,
            @DefaultValue("4096") int indexIntervalBytes,
            @DefaultValue("1GB") DataSize minFreeSpace) {
    }

    public enum FlushMode { DURABLE, INTERVAL }

    /** Defaults for new topics, and limits. */
    public record Topics(
            @DefaultValue("false") boolean autoCreate,
            @DefaultValue("1") int defaultPartitions,
            @DefaultValue("1000") int maxPartitionsPerTopic,
            @DefaultValue("10000") int maxTopics,
            @DefaultValue("7d") Duration retention,
            @DefaultValue("-1") long retentionBytes,
            @DefaultValue("1GB") DataSize segmentBytes,
            @DefaultValue("7d") Duration segmentAge,
            @DefaultValue("1MB") DataSize maxMessageBytes) {
    }

    /** Produce request limits. */
    public record Produce(
            @DefaultValue("16MB") DataSize maxRequestSize,
            @DefaultValue("10000") int maxRecordsPerRequest) {
    }

    /** Reads without a group ({@code GET /topics/{t}/partitions/{p}/records}) and long-poll bounds. */
    public record Fetch(
            @DefaultValue("100") int defaultMaxRecords,
            @DefaultValue("10000") int maxRecords,
            @DefaultValue("8MB") DataSize maxBytes,
            @DefaultValue("30s") Duration maxTimeout,
            @DefaultValue("1000") int maxWaitingFetches) {
    }

    /** Consumer instances and groups. */
    public record Consumer(
            @DefaultValue("5m") Duration instanceTimeout,
            @DefaultValue("1s") Duration minInstanceTimeout,
            @DefaultValue("1s") Duration requestTimeout,
            @DefaultValue("1000") int maxInstances,
            @DefaultValue("100") int maxInstancesPerGroup,
            @DefaultValue("sticky") String defaultAssignor) {
    }

    /** The scheduled retention job. */
    public record Retention(@DefaultValue("5m") Duration checkInterval) {
    }

    /** The H2 database of committed offsets. */
    public record Offsets(@DefaultValue("fail") DamagedDatabase damagedDatabase) {
    }

    /** What to do at start when the offsets database file cannot be opened (docs/reliability.md). */
    public enum DamagedDatabase { FAIL, RECREATE }
}

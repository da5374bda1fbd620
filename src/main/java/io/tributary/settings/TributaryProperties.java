package io.tributary.settings;

import io.tributary.common.AccessControl;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything configurable, under {@code tributary.*}. Defaults make {@code ./mvnw spring-boot:run} work with no setup;
 * docs/configuration.md lists each property.
 */
@ConfigurationProperties("tributary")
public record TributaryProperties(
        @DefaultValue("embedded") Backend backend,
        @DefaultValue("./data") Path dataDir,
        URI publicUrl,
        @DefaultValue Kafka kafka,
        @DefaultValue Log log,
        @DefaultValue Topics topics,
        @DefaultValue Produce produce,
        @DefaultValue Fetch fetch,
        @DefaultValue Consumer consumer,
        @DefaultValue Retention retention,
        @DefaultValue Compaction compaction,
        @DefaultValue Offsets offsets,
        @DefaultValue Http http,
        @DefaultValue Security security,
        @DefaultValue Console console,
        @DefaultValue Memory memory) {

    /**
     * Where topics, records, groups and offsets live. {@code embedded}: this process's own log engine (segment files
     * under {@code data-dir}) with committed offsets in H2, the default. {@code kafka}: an Apache Kafka cluster
     * ({@code tributary.kafka.*}); the node keeps nothing on disk, and any number of nodes serve one cluster
     * (docs/scale-out.md).
     */
    public enum Backend { EMBEDDED, KAFKA }

    /**
     * The Kafka backend ({@code tributary.backend=kafka}).
     *
     * @param bootstrapServers   the cluster's brokers, {@code host:port,...}
     * @param properties         passed to every Kafka client this node creates (admin, producer, consumers): TLS,
     *                           SASL, tuning; Tributary's own settings win where they overlap (docs/scale-out.md)
     * @param replicationFactor  of new topics that do not ask for one; -1 for the cluster's
     *                           {@code default.replication.factor}
     * @param requestTimeout     how long a request waits for the cluster (topic administration, a produce
     *                           acknowledgement, a commit) before it is answered 50003; longer than a broker
     *                           fail-over (about 10 s with Kafka's default {@code broker.session.timeout.ms})
     * @param nodeUrl            this node's base URL as the other nodes reach it, to forward requests for the
     *                           consumer instances it holds; none for {@code http://<local host name>:<server port>}
     * @param heartbeatInterval  how often this node tells the others it is alive ({@code _tributary-nodes})
     * @param nodeTimeout        a node not heard of for this long is dead: the next request for one of its consumer
     *                           instances takes the instance over; several heartbeats long, so one slow write does not
     *                           count as a death
     */
    public record Kafka(
            @DefaultValue("127.0.0.1:9092") String bootstrapServers,
            Map<String, String> properties,
            @DefaultValue("-1") short replicationFactor,
            @DefaultValue("30s") Duration requestTimeout,
            URI nodeUrl,
            @DefaultValue("3s") Duration heartbeatInterval,
            @DefaultValue("10s") Duration nodeTimeout) {

        public Kafka {
            properties = properties == null ? Map.of() : Map.copyOf(properties);
        }
    }

    /**
     * Storage engine.
     *
     * @param recoveryThreads threads that open the partitions at start (checksum scans after a crash) and close them at
     *                        a clean stop: Kafka's {@code num.recovery.threads.per.data.dir}
     */
    public record Log(
            @DefaultValue("durable") FlushMode flush,
            @DefaultValue("1s") Duration flushInterval,
            @DefaultValue("4096") int indexIntervalBytes,
            @DefaultValue("1GB") DataSize minFreeSpace,
            @DefaultValue("4") int recoveryThreads) {
    }

    public enum FlushMode { DURABLE, INTERVAL }

    /** Defaults for new topics, and limits. */
    public record Topics(
            @DefaultValue("false") boolean autoCreate,
            @DefaultValue("1") int defaultPartitions,
            @DefaultValue("1000") int maxPartitionsPerTopic,
            @DefaultValue("10000") int maxTopics,
            @DefaultValue("10000") int maxPartitions,
            @DefaultValue("7d") Duration retention,
            @DefaultValue("-1") long retentionBytes,
            @DefaultValue("1GB") DataSize segmentBytes,
            @DefaultValue("7d") Duration segmentAge,
            @DefaultValue("1MB") DataSize maxMessageBytes) {
    }

    /**
     * Produce request limits, and the memory of Idempotency-Key requests (docs/reliability.md).
     *
     * @param idempotencyWindow                how long a request with an Idempotency-Key is remembered: a retry within it
     *                                         appends nothing and gets the original answer
     * @param idempotencyMaxKeysPerPartition   at most this many are remembered per partition (the oldest go first)
     */
    public record Produce(
            @DefaultValue("16MB") DataSize maxRequestSize,
            @DefaultValue("10000") int maxRecordsPerRequest,
            @DefaultValue("24h") Duration idempotencyWindow,
            @DefaultValue("10000") int idempotencyMaxKeysPerPartition) {
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

    /**
     * The HTTP server beyond Spring Boot's {@code server.*}.
     *
     * @param headerTimeout     the longest a client may take to send a request line and headers (against slowloris; 0
     *                          for no limit)
     * @param socketWriteBuffer Tomcat's per-connection write buffer, the most one {@code write(2)} sends: Tomcat's
     *                          8 KB made a 4 MiB poll about 500 system calls. Allocated for every open connection, so
     *                          {@code server.tomcat.max-connections} times (this + 8 KB read buffer) is the worst case
     */
    public record Http(@DefaultValue("10s") Duration headerTimeout,
                       @DefaultValue("64KB") DataSize socketWriteBuffer) {
    }

    /**
     * The web console at {@code /console/} (docs/console.md): static pages that use the public API, so they can do
     * nothing the API would refuse; off removes the pages and the redirect from {@code /}.
     */
    public record Console(@DefaultValue("true") boolean enabled) {
    }

    /** The scheduled retention job. */
    public record Retention(@DefaultValue("5m") Duration checkInterval) {
    }

    /**
     * The log cleaner of compacted topics (cleanup.policy=compact), Kafka's {@code log.cleaner.*}.
     *
     * @param threads              cleaner threads; 0 turns background cleaning off
     * @param maxBytesPerSecond    bytes read and written per second by all cleaner threads together
     * @param checkInterval        how often it looks for partitions due for cleaning
     * @param dedupeBufferSize     memory of the offset maps, all threads together: 24 bytes per distinct key of one
     *                             cleaning (a partition with more keys is cleaned in several runs)
     */
    public record Compaction(
            @DefaultValue("1") int threads,
            @DefaultValue("50MB") DataSize maxBytesPerSecond,
            @DefaultValue("15s") Duration checkInterval,
            @DefaultValue("32MB") DataSize dedupeBufferSize) {
    }

    /**
     * The H2 database of committed offsets.
     *
     * @param damagedDatabase what to do at start when the file cannot be opened
     * @param maxBatch           at most this many offset commits share one journal write and one fsync (commits
     *                           that arrive while a fsync runs wait for the next one; no linger: a lone commit is
     *                           written at once)
     * @param checkpointInterval how often the commits in the offsets journal are copied into the H2 database (one row
     *                           per partition however often it was committed); what a crash leaves in the journal is
     *                           replayed at the next start
     */
    public record Offsets(@DefaultValue("fail") DamagedDatabase damagedDatabase, @DefaultValue("500") int maxBatch,
                          @DefaultValue("1s") Duration checkpointInterval) {
    }

    /**
     * The JVM's memory, as far as the service sets it itself.
     *
     * @param idleGcInterval when the service has gone this long without a garbage collection (it is idle: any load
     *                       collects far more often), G1 runs a concurrent cycle and gives the heap it grew under the
     *                       load back to the system (G1's {@code G1PeriodicGCInterval}, set at start unless the JVM
     *                       was given it); {@code 0} leaves the heap as the load left it
     */
    public record Memory(@DefaultValue("10s") Duration idleGcInterval) {
    }

    /** What to do at start when the offsets database file cannot be opened (docs/reliability.md). */
    public enum DamagedDatabase { FAIL, RECREATE }

    /**
     * Authentication and ACLs; off by default (everything allowed, as for a local quickstart). docs/security.md.
     *
     * @param realm                         the realm named in {@code WWW-Authenticate}
     * @param principals                    by name: hashed credentials, roles and ACLs
     * @param maxConcurrentCredentialChecks hash checks (deliberately slow) running at once; more unknown credentials
     *                                      meanwhile are answered 42901, so guessing cannot take every core; 0 for
     *                                      half the processors (at least 1)
     */
    public record Security(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("tributary") String realm,
            Map<String, Principal> principals,
            @DefaultValue("0") int maxConcurrentCredentialChecks) {

        public Security {
            principals = principals == null ? Map.of() : Map.copyOf(principals);
            if (maxConcurrentCredentialChecks <= 0) {
                maxConcurrentCredentialChecks = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
            }
        }
    }

    /**
     * One client identity.
     *
     * @param password hash for HTTP Basic, e.g. {@code {bcrypt}$2a$10$...}; none means no Basic login
     * @param apiKeys  hashes of API keys; a key is {@code <principal name>.<secret>}
     * @param roles    {@code admin}: every operation on everything, health details, metrics; {@code monitor}:
     *                 health details and metrics
     * @param acls     what the principal may do on which topics and groups
     */
    public record Principal(String password, List<String> apiKeys, Set<Role> roles, List<Acl> acls) {

        public Principal {
            apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
            roles = roles == null ? Set.of() : Set.copyOf(roles);
            acls = acls == null ? List.of() : List.copyOf(acls);
        }
    }

    public enum Role { ADMIN, MONITOR }

    /**
     * Operations on a topic or a group (exactly one of the two), named literally, by prefix ({@code payment-*}) or
     * all ({@code *}), as Kafka's literal and prefixed ACLs. A {@code deny} ACL wins over every allow.
     */
    public record Acl(String topic, String group, Set<AccessControl.Operation> operations, Permission permission) {

        public Acl {
            operations = operations == null ? Set.of() : Set.copyOf(operations);
            permission = permission == null ? Permission.ALLOW : permission;
        }
    }

    public enum Permission { ALLOW, DENY }
}

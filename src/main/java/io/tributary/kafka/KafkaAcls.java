package io.tributary.kafka;

import io.tributary.acl.AclBinding;
import io.tributary.acl.AclFilter;
import io.tributary.acl.AclSnapshot;
import io.tributary.acl.Acls;
import io.tributary.acl.ConfiguredAcls;
import io.tributary.common.errors.AclsDisabledException;
import io.tributary.common.errors.InvalidAclException;
import io.tributary.common.errors.InvalidRequestException;
import io.tributary.common.errors.TributaryException;
import io.tributary.settings.TributaryProperties;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DeleteAclsResult;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The Kafka cluster's own ACLs through the Admin API ({@code describeAcls}, {@code createAcls}, {@code deleteAcls}), so
 * that Tributary and Kafka clients see one set and nodes keep no state. The cluster checks the bindings; Tributary's
 * authorizer uses those it understands. Authorization reads a snapshot: the configured ACLs plus the cluster's, fetched
 * every {@link #REFRESH}, with this node's own changes in force before it answers them (another node's change takes effect here within
 * that interval). A cluster without an authorizer keeps no ACLs: the endpoints answer 40002 and only the configured
 * ACLs apply.
 */
@Component
@ConditionalOnKafkaBackend
class KafkaAcls implements Acls, DisposableBean {

    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(KafkaAcls.class);

    private final Admin admin;
    private final Duration timeout;
    private final List<AclBinding> configured;
    private final ScheduledExecutorService refresher;
    private final AtomicBoolean disabledLogged = new AtomicBoolean();
    private volatile AclSnapshot snapshot;
    private Set<AclBinding> fetched = Set.of(); // guarded by this
    private final Map<AclBinding, Change> recent = new HashMap<>(); // guarded by this

    private record Change(boolean added, long until) {
    }

    @Autowired
    KafkaAcls(Admin admin, KafkaClients clients, TributaryProperties properties) {
        this(admin, clients.requestTimeout(), ConfiguredAcls.of(properties.security().principals()), true);
    }

    KafkaAcls(Admin admin, Duration timeout, List<AclBinding> configured, boolean refreshInBackground) {
        this.admin = admin;
        this.timeout = timeout;
        this.configured = configured;
        this.snapshot = new AclSnapshot(configured);
        this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "tributary-acl-refresh");
            thread.setDaemon(true);
            return thread;
        });
        if (refreshInBackground) {
            refresh(); // before the first request: a node that just started decides under the cluster's ACLs too
            refresher.scheduleWithFixedDelay(this::refresh, REFRESH.toMillis(), REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public List<AclBinding> list(AclFilter filter) {
        Collection<org.apache.kafka.common.acl.AclBinding> found = KafkaErrors.await(
                admin.describeAcls(toKafka(filter)).values(), timeout, "list ACLs");
        return found.stream().map(KafkaAcls::fromKafka).filter(Objects::nonNull).sorted(AclBinding.ORDER).toList();
    }

    /** Kafka creates each binding on its own; if one fails, those created are deleted again, so it is all or none. */
    @Override
    public void create(List<AclBinding> bindings) {
        if (bindings.isEmpty()) {
            return;
        }
        Map<org.apache.kafka.common.acl.AclBinding, KafkaFuture<Void>> results =
                admin.createAcls(bindings.stream().map(KafkaAcls::toKafka).toList()).values();
        List<org.apache.kafka.common.acl.AclBinding> created = new ArrayList<>();
        TributaryException failure = null;
        for (var result : results.entrySet()) {
            try {
                KafkaErrors.await(result.getValue(), timeout, "create the ACL " + fromKafka(result.getKey()));
                created.add(result.getKey());
            } catch (TributaryException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            if (!created.isEmpty()) {
                KafkaErrors.await(admin.deleteAcls(created.stream().map(org.apache.kafka.common.acl.AclBinding::toFilter).toList()).all(),
                        timeout, "take back the ACLs created before one failed");
            }
            throw failure instanceof InvalidRequestException ? new InvalidAclException(failure.getMessage()) : failure;
        }
        remember(bindings, true);
    }

    @Override
    public List<AclBinding> delete(AclFilter filter) {
        var kafkaFilter = toKafka(filter);
        DeleteAclsResult result = admin.deleteAcls(List.of(kafkaFilter));
        var results = KafkaErrors.await(result.values().get(kafkaFilter), timeout, "delete ACLs");
        List<AclBinding> deleted = results.values().stream().filter(r -> r.exception() == null && r.binding() != null)
                .map(r -> fromKafka(r.binding())).filter(Objects::nonNull).sorted(AclBinding.ORDER).toList();
        remember(deleted, false);
        return deleted;
    }

    @Override
    public AclSnapshot snapshot() {
        return snapshot;
    }

    /** Fetches the cluster's ACLs; on failure the last ones fetched stay. */
    synchronized void refresh() {
        try {
            fetched = new LinkedHashSet<>(list(AclFilter.ANY));
            disabledLogged.set(false);
        } catch (AclsDisabledException e) {
            fetched = Set.of();
            if (disabledLogged.compareAndSet(false, true)) {
                log.info("The Kafka cluster has no authorizer: only the configured ACLs apply, and /v3/clusters/{c}/acls "
                        + "answers 40002.");
            }
        } catch (RuntimeException e) {
            log.warn("Could not refresh the Kafka cluster's ACLs; the last known ones stay in force: {}", e.getMessage());
        }
        publish();
    }

    /**
     * This node's own change, in force before it is answered. A broker's answer to {@code describeAcls} may lag the
     * controller's commit for a moment, so the change is laid over what is fetched for a few refreshes.
     */
    private synchronized void remember(Collection<AclBinding> bindings, boolean added) {
        long until = System.nanoTime() + 3 * REFRESH.toNanos();
        bindings.forEach(b -> recent.put(b, new Change(added, until)));
        publish();
    }

    private void publish() {
        long now = System.nanoTime();
        recent.values().removeIf(change -> change.until() - now < 0);
        Set<AclBinding> cluster = new LinkedHashSet<>(fetched);
        recent.forEach((binding, change) -> {
            if (change.added()) {
                cluster.add(binding);
            } else {
                cluster.remove(binding);
            }
        });
        Set<AclBinding> all = new LinkedHashSet<>(configured);
        all.addAll(cluster);
        snapshot = new AclSnapshot(all);
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }

    static org.apache.kafka.common.acl.AclBinding toKafka(AclBinding b) {
        return new org.apache.kafka.common.acl.AclBinding(
                new ResourcePattern(ResourceType.valueOf(b.resourceType().name()), b.resourceName(),
                        PatternType.valueOf(b.patternType().name())),
                new AccessControlEntry(b.principal(), b.host(), AclOperation.valueOf(b.operation().name()),
                        AclPermissionType.valueOf(b.permission().name())));
    }

    static org.apache.kafka.common.acl.AclBindingFilter toKafka(AclFilter f) {
        return new org.apache.kafka.common.acl.AclBindingFilter(
                new ResourcePatternFilter(ResourceType.valueOf(f.resourceType().name()), f.resourceName(),
                        PatternType.valueOf(f.patternType().name())),
                new AccessControlEntryFilter(f.principal(), f.host(), AclOperation.valueOf(f.operation().name()),
                        AclPermissionType.valueOf(f.permission().name())));
    }

    /** Null for a binding of a kind this Kafka client knows and Tributary does not (logged). */
    static AclBinding fromKafka(org.apache.kafka.common.acl.AclBinding b) {
        try {
            return new AclBinding(AclBinding.ResourceType.valueOf(b.pattern().resourceType().name()), b.pattern().name(),
                    AclBinding.PatternType.valueOf(b.pattern().patternType().name()), b.entry().principal(), b.entry().host(),
                    AclBinding.Operation.valueOf(b.entry().operation().name()),
                    AclBinding.Permission.valueOf(b.entry().permissionType().name()));
        } catch (IllegalArgumentException | TributaryException e) {
            log.debug("Kafka ACL left out: {} ({})", b, e.getMessage());
            return null;
        }
    }
}

package io.tributary.embedded.acl;

import io.tributary.acl.AclBinding;
import io.tributary.acl.AclFilter;
import io.tributary.acl.AclSnapshot;
import io.tributary.acl.Acls;
import io.tributary.acl.ConfiguredAcls;
import io.tributary.acl.EnforceableAcls;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;
import io.tributary.settings.TributaryProperties;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The ACLs of this node, stored in H2 ({@link AclStore}) and served from memory: after each change commits, the
 * in-memory copy is replaced at once, so authorization reads it without locks and sees the change on the next request.
 * Changes are serialized (they are rare); reads never wait. The configured ACLs are the starting set: each is added
 * at the first start that sees it, and only then, so one deleted through the API stays deleted (its configuration is
 * then inert, and said so at each start).
 */
@Component
@ConditionalOnEmbeddedBackend
public class EmbeddedAcls implements Acls {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedAcls.class);

    private final AclStore store;
    private volatile AclSnapshot snapshot;
    private volatile List<AclBinding> current;

    @Autowired
    public EmbeddedAcls(AclStore store, TributaryProperties properties) {
        this(store, ConfiguredAcls.of(properties.security().principals()));
    }

    EmbeddedAcls(AclStore store, List<AclBinding> configured) {
        this.store = store;
        List<AclBinding> inert = store.inTransaction(() -> seed(configured));
        if (!inert.isEmpty()) {
            log.warn("{} configured ACL(s) were deleted through the API after they were first added and stay deleted; "
                    + "their configuration has no effect (remove it, or create them again): {}", inert.size(), inert);
        }
        publish(store.all());
    }

    /** Adds the configured ACLs not added before; returns those added before and deleted since. */
    private List<AclBinding> seed(List<AclBinding> configured) {
        Set<AclBinding> seeded = new HashSet<>(store.seeded());
        List<AclBinding> fresh = configured.stream().filter(b -> !seeded.contains(b)).toList();
        store.add(fresh);
        store.markSeeded(fresh);
        Set<AclBinding> present = new HashSet<>(store.all());
        return configured.stream().filter(b -> seeded.contains(b) && !present.contains(b)).toList();
    }

    @Override
    public List<AclBinding> list(AclFilter filter) {
        return current.stream().filter(filter::matches).sorted(AclBinding.ORDER).toList();
    }

    @Override
    public synchronized void create(List<AclBinding> bindings) {
        bindings.forEach(EnforceableAcls::require); // all checked before anything is stored
        Set<AclBinding> added = new LinkedHashSet<>(current);
        if (!added.addAll(bindings)) {
            return;
        }
        store.inTransaction(() -> {
            store.add(bindings);
            return null;
        });
        publish(added);
    }

    @Override
    public synchronized List<AclBinding> delete(AclFilter filter) {
        List<AclBinding> deleted = list(filter);
        if (deleted.isEmpty()) {
            return deleted;
        }
        store.inTransaction(() -> {
            store.remove(deleted);
            return null;
        });
        List<AclBinding> remaining = new ArrayList<>(current);
        remaining.removeAll(deleted);
        publish(remaining);
        return deleted;
    }

    @Override
    public AclSnapshot snapshot() {
        return snapshot;
    }

    private void publish(java.util.Collection<AclBinding> bindings) {
        current = List.copyOf(bindings);
        snapshot = new AclSnapshot(current);
    }
}

package io.tributary.acl;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An immutable set of ACLs indexed by principal, for authorization decisions. */
public final class AclSnapshot {

    public static final AclSnapshot EMPTY = new AclSnapshot(List.of());

    private final Map<String, List<AclBinding>> byPrincipal;
    private final int size;

    public AclSnapshot(Collection<AclBinding> bindings) {
        Map<String, List<AclBinding>> index = new HashMap<>();
        for (AclBinding binding : bindings) {
            index.computeIfAbsent(binding.principal(), p -> new ArrayList<>()).add(binding);
        }
        index.replaceAll((principal, list) -> List.copyOf(list));
        this.byPrincipal = Map.copyOf(index);
        this.size = bindings.size();
    }

    /** The ACLs that apply to {@code principal} ({@code User:<name>}): its own and those of {@code User:*}. */
    public List<AclBinding> applicableTo(String principal) {
        List<AclBinding> own = byPrincipal.getOrDefault(principal, List.of());
        List<AclBinding> everyone = principal.equals(AclBinding.ANY_USER) ? List.of()
                : byPrincipal.getOrDefault(AclBinding.ANY_USER, List.of());
        if (everyone.isEmpty()) {
            return own;
        }
        List<AclBinding> all = new ArrayList<>(own.size() + everyone.size());
        all.addAll(own);
        all.addAll(everyone);
        return all;
    }

    public int size() {
        return size;
    }
}

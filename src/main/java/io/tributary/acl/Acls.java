package io.tributary.acl;

import java.util.List;

/**
 * The ACLs in force, changeable at run time (Confluent's v3 {@code /acls}). The embedded backend keeps them in its
 * database, the configured ACLs as the starting set; the Kafka backend uses the cluster's own ACLs. Authorization asks
 * {@link #snapshot()} on every request, so a change takes effect on the next one.
 */
public interface Acls {

    /** The ACLs {@code filter} matches, in {@link AclBinding#ORDER}. */
    List<AclBinding> list(AclFilter filter);

    /**
     * Adds the bindings, all or none; a binding that exists already is no change.
     *
     * @throws io.tributary.common.errors.InvalidAclException for a binding this backend refuses (nothing is stored)
     */
    void create(List<AclBinding> bindings);

    /** Removes the ACLs {@code filter} matches; returns them, in {@link AclBinding#ORDER}. */
    List<AclBinding> delete(AclFilter filter);

    /** The ACLs in force now, for authorization: cheap, without locks, never blocking on storage or the network. */
    AclSnapshot snapshot();
}

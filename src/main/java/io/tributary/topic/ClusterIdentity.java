package io.tributary.topic;

import io.tributary.common.errors.NotFoundException;

/** The cluster the v3 API addresses: its id, in every v3 URL. */
public interface ClusterIdentity {

    /** The broker every partition of a single-node cluster lives on. */
    int BROKER_ID = 0;

    String clusterId();

    /** @throws NotFoundException when {@code id} is not this cluster's id */
    default void requireCluster(String id) {
        if (!clusterId().equals(id)) {
            throw new NotFoundException("Cluster '" + id + "' not found; this cluster is '" + clusterId() + "'.");
        }
    }
}

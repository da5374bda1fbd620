package io.tributary.topic;

import java.util.Optional;

/**
 * A broker of the cluster.
 *
 * @param address where clients reach it; empty for the node that answers the request, which clients reach where they
 *                reached the request (the embedded backend's one broker is this HTTP service itself)
 * @param rack    the rack it is in, if the cluster has racks
 */
public record Broker(int id, Optional<Address> address, Optional<String> rack) {

    public record Address(String host, int port) {
    }

    /** The node serving the request, without a rack. */
    public static Broker thisNode(int id) {
        return new Broker(id, Optional.empty(), Optional.empty());
    }
}

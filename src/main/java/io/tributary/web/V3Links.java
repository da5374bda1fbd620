package io.tributary.web;

import io.tributary.topic.Broker;

import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/**
 * Absolute URLs for v3 {@code metadata.self} and {@code related} links, built from the current request (so they are
 * right behind a proxy that sets {@code X-Forwarded-*} when {@code server.forward-headers-strategy} is set).
 */
public final class V3Links {

    private V3Links() {
    }

    /** {@code <scheme>://<host>[:port]/<context>/v3/clusters} */
    public static String clusters() {
        return ServletUriComponentsBuilder.fromCurrentContextPath().pathSegment("v3", "clusters").build().toUriString();
    }

    /** {@code <scheme>://<host>[:port]/<context>/v3/clusters/<segments...>}; segments are URL-encoded. */
    public static String cluster(String clusterId, Object... segments) {
        var builder = ServletUriComponentsBuilder.fromCurrentContextPath().pathSegment("v3", "clusters", clusterId);
        for (Object segment : segments) {
            builder.pathSegment(String.valueOf(segment));
        }
        return builder.build().encode().toUriString();
    }

    /** The host and port the client sent the current request to: where it reaches this node. */
    public static Broker.Address requestAddress() {
        UriComponents uri = ServletUriComponentsBuilder.fromCurrentRequest().build();
        int port = uri.getPort() >= 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
        return new Broker.Address(uri.getHost(), port);
    }

    /** The Confluent resource name, {@code crn:///kafka=<cluster>[/<type>=<id>...]}. */
    public static String crn(String clusterId, Object... typeIdPairs) {
        StringBuilder sb = new StringBuilder("crn:///kafka=").append(clusterId);
        for (int i = 0; i + 1 < typeIdPairs.length; i += 2) {
            sb.append('/').append(typeIdPairs[i]).append('=').append(typeIdPairs[i + 1]);
        }
        return sb.toString();
    }
}

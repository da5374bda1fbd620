package io.tributary.common.errors;

/**
 * The Kafka cluster has no authorizer ({@code authorizer.class.name} unset), so it keeps no ACLs: Kafka's
 * SECURITY_DISABLED, which Confluent's REST Proxy answers 400/40002.
 */
public final class AclsDisabledException extends TributaryException {

    public AclsDisabledException(String message, Throwable cause) {
        super(message, cause);
    }
}

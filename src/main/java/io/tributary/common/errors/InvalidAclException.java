package io.tributary.common.errors;

/**
 * An ACL the backend refuses: one Tributary would not enforce (a resource type or operation it has no use for), or
 * one the Kafka cluster refused. Nothing of the request was stored. 40002, as Confluent answers Kafka's refusals.
 */
public final class InvalidAclException extends TributaryException {

    public InvalidAclException(String message) {
        super(message);
    }
}

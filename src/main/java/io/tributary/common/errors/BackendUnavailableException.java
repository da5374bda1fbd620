package io.tributary.common.errors;

/**
 * The cluster behind this node could not take or serve the request in time: brokers unreachable, too few in-sync
 * replicas, a leader or coordinator moving. Retriable: the outcome of a write it interrupted is unknown, so a client
 * retries (with an Idempotency-Key where it must not write twice).
 */
public final class BackendUnavailableException extends TributaryException {

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.tributary.common.errors;

/**
 * The storage could not take or serve the request (full disk, I/O error, a partition taken offline by a failed
 * fsync). Retriable: nothing of the failed request was acknowledged. The message may name files; whoever shows it to
 * a client removes them.
 */
public final class StorageException extends TributaryException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

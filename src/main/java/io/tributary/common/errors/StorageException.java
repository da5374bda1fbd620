package io.tributary.common.errors;

/**
 * The storage could not take or serve the request (full disk, I/O error, a partition taken offline by a failed
 * fsync, an offset commit whose fsync failed). Retriable: nothing of the failed request was acknowledged. The message
 * may name files; whoever shows it to a client removes them.
 */
public final class StorageException extends TributaryException {

    /** What failed, as a client is told ("the log directory", "the offsets database"). */
    private final String store;

    /** A failure of the log directory. */
    public StorageException(String message, Throwable cause) {
        this("the log directory", message, cause);
    }

    public StorageException(String store, String message, Throwable cause) {
        super(message, cause);
        this.store = store;
    }

    /** What failed, lower case ("the offsets database"). */
    public String store() {
        return store;
    }
}

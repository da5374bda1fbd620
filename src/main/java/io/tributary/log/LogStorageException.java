package io.tributary.log;

/**
 * The disk failed us (full, I/O error, log directory gone). Retriable from the client's view: nothing partial of the
 * failed append is visible, and appends work again once the cause is gone.
 */
public final class LogStorageException extends LogException {

    public LogStorageException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.tributary.common.errors;

/** An unknown topic config, or a value it cannot take. */
public final class InvalidConfigException extends TributaryException {

    public InvalidConfigException(String message) {
        super(message);
    }
}

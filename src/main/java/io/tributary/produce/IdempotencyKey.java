package io.tributary.produce;

import io.tributary.common.errors.InvalidRequestException;

import java.util.Objects;

/**
 * A client's name for one produce request (the {@code Idempotency-Key} header of the IETF httpapi draft): a retry with
 * the same key and the same records appends nothing and gets the first answer. Scoped to one topic.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        Objects.requireNonNull(value, "value");
    }

    /**
     * The header's value as a key; null when there is no header.
     *
     * @throws InvalidRequestException for an empty or too long key, or characters other than visible ASCII
     */
    public static IdempotencyKey fromHeader(String header) {
        if (header == null) {
            return null;
        }
        if (header.isEmpty() || header.length() > MAX_LENGTH || !header.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new InvalidRequestException("Invalid " + HEADER + " header: give 1 to " + MAX_LENGTH
                    + " visible ASCII characters without spaces, such as a UUID.");
        }
        return new IdempotencyKey(header);
    }

    /** The key of the {@code index}-th record of a stream sent under this key: each record of a stream is a request. */
    public IdempotencyKey ofRecord(long index) {
        return new IdempotencyKey(value + "#" + index);
    }
}

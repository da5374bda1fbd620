package io.tributary.common;

import java.util.Objects;

/**
 * A record header; the value may be null, as in Kafka. The key must be well-formed Unicode: the batch codec sizes a
 * key by its UTF-8 length but encodes an unpaired surrogate as one '?', so such a key would write a batch whose
 * checksum is valid but whose record cannot be decoded, a poison record no reader gets past.
 */
public record RecordHeader(String key, byte[] value) {

    public RecordHeader {
        Objects.requireNonNull(key, "key");
        if (!isWellFormed(key)) {
            throw new IllegalArgumentException("Header key '" + key + "' is not well-formed Unicode (unpaired surrogate)");
        }
    }

    /** Whether every surrogate in {@code s} is part of a pair, so its UTF-8 encoding is lossless. */
    public static boolean isWellFormed(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}

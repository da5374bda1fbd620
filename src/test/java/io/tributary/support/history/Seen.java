package io.tributary.support.history;

/**
 * A record as a reader saw it: its offset, the id that tells it apart (the test's unique value, or an id header), its
 * key and its value (null for none or a tombstone).
 */
public record Seen(long offset, String id, String key, String value) {

    /** A record whose value is its id. */
    public static Seen of(long offset, String value, String key) {
        return new Seen(offset, value, key, value);
    }
}

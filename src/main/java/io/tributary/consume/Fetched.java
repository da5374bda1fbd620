package io.tributary.consume;

import io.tributary.common.FetchedRecord;

import java.util.List;

/**
 * The outcome of one poll.
 *
 * @param superseded the poll was cut short because a newer poll (or stream) on the same instance started
 */
public record Fetched(List<FetchedRecord> records, boolean superseded) {

    public static final Fetched NONE = new Fetched(List.of(), false);
    public static final Fetched SUPERSEDED = new Fetched(List.of(), true);
}

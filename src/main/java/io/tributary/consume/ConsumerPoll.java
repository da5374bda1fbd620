package io.tributary.consume;

import java.util.concurrent.CompletableFuture;

/** A long poll under way; no thread waits for it. */
public interface ConsumerPoll {

    /** Completes with the records (positions moved past them), or empty at the deadline. */
    CompletableFuture<Fetched> result();

    /** Ends the poll now, empty, positions untouched (the client of a stream went away). */
    void abandon();
}

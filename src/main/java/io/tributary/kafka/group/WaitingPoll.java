package io.tributary.kafka.group;

import io.tributary.common.FetchedRecord;
import io.tributary.consume.ConsumerPoll;
import io.tributary.consume.Fetched;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * An HTTP poll waiting for records: a demand registered with the instance's actor, which answers it; no thread waits.
 * Completed only on the actor, so positions move exactly when a client is given records.
 */
final class WaitingPoll implements ConsumerPoll {

    final long deadline;
    final int maxBytes;
    final Consumer<List<FetchedRecord>> requireDeliverable;
    private final CompletableFuture<Fetched> result = new CompletableFuture<>();
    private final Consumer<WaitingPoll> abandoner;

    WaitingPoll(Duration timeout, int maxBytes, Consumer<List<FetchedRecord>> requireDeliverable,
                Consumer<WaitingPoll> abandoner) {
        this.deadline = System.nanoTime() + timeout.toNanos();
        this.maxBytes = maxBytes;
        this.requireDeliverable = requireDeliverable;
        this.abandoner = abandoner;
    }

    @Override
    public CompletableFuture<Fetched> result() {
        return result;
    }

    @Override
    public void abandon() {
        abandoner.accept(this);
    }

    boolean due(long now) {
        return now - deadline >= 0;
    }

    void complete(Fetched fetched) {
        result.complete(fetched);
    }

    void fail(Throwable error) {
        result.completeExceptionally(error);
    }
}

package io.tributary.log;

import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/** Long-polling readers of one partition waiting for its end offset to pass theirs; costs nothing while empty. */
final class EndOffsetWaiters {

    private record Waiter(long offset, CompletableFuture<Void> future) {
    }

    private static final int PURGE_EVERY = 64;

    private final ConcurrentLinkedQueue<Waiter> waiters = new ConcurrentLinkedQueue<>();
    private final AtomicLong adds = new AtomicLong();

    /** Registers a wait; the caller re-checks the end offset afterwards so an advance in between is not missed. */
    CompletableFuture<Void> add(long offset) {
        if (adds.incrementAndGet() % PURGE_EVERY == 0) {
            waiters.removeIf(w -> w.future.isDone()); // callers' timeouts complete futures we still hold
        }
        CompletableFuture<Void> future = new CompletableFuture<>();
        waiters.add(new Waiter(offset, future));
        return future;
    }

    /** Completes every wait for an offset below {@code endOffset}. Call outside locks: completion runs callbacks. */
    void endOffsetAdvanced(long endOffset) {
        if (waiters.isEmpty()) {
            return;
        }
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter w = it.next();
            if (w.offset < endOffset || w.future.isDone()) {
                it.remove();
                w.future.complete(null);
            }
        }
    }

    /** The partition is going away (topic deleted, manager closed): wake everyone so they find out. */
    void completeAll() {
        for (Waiter w; (w = waiters.poll()) != null; ) {
            w.future.complete(null);
        }
    }
}

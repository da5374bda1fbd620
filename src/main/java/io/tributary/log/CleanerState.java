package io.tributary.log;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The cleaner's state of one partition, held by the partition so it lives and dies with it: the lock that lets one
 * cleaning run at a time, whether it is queued for a cleaner thread, the checkpoint (read from disk on first use), and whether the partition is left alone until
 * a restart because a swap failed after its commit point (the restart's recovery completes it). Thread-safe.
 */
final class CleanerState {

    final ReentrantLock cleaning = new ReentrantLock();
    /** Handed to a cleaner thread and not started yet. */
    final AtomicBoolean queued = new AtomicBoolean();
    private final Path dir;
    private CleanerCheckpoint checkpoint;
    private volatile String uncleanable;

    CleanerState(Path dir) {
        this.dir = dir;
    }

    synchronized CleanerCheckpoint checkpoint() {
        if (checkpoint == null) {
            checkpoint = CleanerCheckpoint.read(dir);
        }
        return checkpoint;
    }

    synchronized void checkpoint(CleanerCheckpoint next) {
        checkpoint = next;
    }

    /** Why the partition is not cleaned until a restart, or null. */
    String uncleanable() {
        return uncleanable;
    }

    void markUncleanable(String why) {
        uncleanable = why;
    }
}

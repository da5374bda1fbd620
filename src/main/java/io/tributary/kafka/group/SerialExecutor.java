package io.tributary.kafka.group;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs its tasks one at a time, in order, on a shared pool: an instance's {@code KafkaConsumer} may be used from any
 * thread but by one at a time, and this gives it that without a thread of its own.
 */
final class SerialExecutor implements Executor {

    private static final Logger log = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor pool;
    private final Queue<Runnable> tasks = new ArrayDeque<>();
    private boolean draining;
    /** The thread running this executor's tasks now, so a task can tell it is on the executor. */
    private volatile Thread runner;

    SerialExecutor(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (tasks) {
            tasks.add(task);
            if (draining) {
                return;
            }
            draining = true;
        }
        pool.execute(this::drain);
    }

    boolean inExecutor() {
        return runner == Thread.currentThread();
    }

    private void drain() {
        runner = Thread.currentThread();
        try {
            // A bounded batch, then back into the pool's queue: one busy instance cannot hold a pool thread forever.
            for (int i = 0; i < 64; i++) {
                Runnable task;
                synchronized (tasks) {
                    task = tasks.poll();
                    if (task == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    task.run();
                } catch (RuntimeException e) {
                    log.warn("A consumer instance's task failed", e);
                }
            }
        } finally {
            runner = null;
        }
        pool.execute(this::drain);
    }
}

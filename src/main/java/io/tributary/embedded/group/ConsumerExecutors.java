package io.tributary.embedded.group;

import io.tributary.embedded.ConditionalOnEmbeddedBackend;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The few threads consumers use. Waiting polls hold none: a timer thread fires their deadlines, and a small pool
 * runs fetch attempts when a partition gets records or the assignment changes.
 */
@Component
@ConditionalOnEmbeddedBackend
class ConsumerExecutors implements DisposableBean {

    private final ScheduledThreadPoolExecutor timer;
    private final ExecutorService fetch;

    ConsumerExecutors() {
        timer = new ScheduledThreadPoolExecutor(1, named("tributary-consumer-timer"));
        timer.setRemoveOnCancelPolicy(true); // most deadlines are cancelled early: do not keep them queued
        fetch = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()), named("tributary-fetch"));
    }

    ScheduledExecutorService timer() {
        return timer;
    }

    ExecutorService fetch() {
        return fetch;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        fetch.shutdownNow();
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}

package io.tributary.embedded;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A small pool for work that must leave the thread it was triggered on: appending a request's other partitions in
 * parallel (each append waits for its fsync), and reading for a long poll woken by an appender (so the producer's
 * acknowledgement is not delayed by a reader). No queue: when all workers are busy the caller runs the task itself,
 * which bounds both threads and memory.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnEmbeddedBackend
public class WorkerConfiguration {

    public static final String WORKERS = "tributaryWorkers";

    @Bean(name = WORKERS, destroyMethod = "shutdown")
    public ExecutorService tributaryWorkers() {
        AtomicInteger count = new AtomicInteger();
        int max = Math.max(8, Runtime.getRuntime().availableProcessors() * 4);
        return new ThreadPoolExecutor(0, max, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "tributary-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }
}

package io.tributary.kafka.group;

import io.tributary.kafka.KafkaErrors;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's topic names, for pattern subscriptions and the topics a subscription covers now. Pattern
 * subscriptions are resolved here rather than by Kafka's {@code subscribe(Pattern)}: a pattern yields only topics the
 * instance's principal may read, which Kafka cannot know. One listing per node every few seconds serves every
 * instance.
 */
final class TopicNames {

    private static final Logger log = LoggerFactory.getLogger(TopicNames.class);
    static final Duration FRESH_FOR = Duration.ofSeconds(3);

    private final Admin admin;
    private final Duration timeout;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Set<String> names;
    private volatile long listedAt;

    TopicNames(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** The names as listed now. @throws io.tributary.common.errors.BackendUnavailableException */
    Set<String> fresh() {
        long started = System.nanoTime();
        Set<String> listed = KafkaErrors.await(admin.listTopics().names(), timeout, "list topics");
        names = Set.copyOf(listed);
        listedAt = started;
        return names;
    }

    /** The last listing, refreshed in the background when older than {@link #FRESH_FOR}; never waits once listed. */
    Set<String> recent() {
        Set<String> known = names;
        if (known == null) {
            return fresh();
        }
        if (System.nanoTime() - listedAt > FRESH_FOR.toNanos() && refreshing.compareAndSet(false, true)) {
            long started = System.nanoTime();
            admin.listTopics().names().whenComplete((listed, error) -> {
                if (error == null) {
                    names = Set.copyOf(listed);
                    listedAt = started;
                } else {
                    log.debug("Listing topics for pattern subscriptions failed; retrying", error);
                }
                refreshing.set(false);
            });
        }
        return known;
    }
}

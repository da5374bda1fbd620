package io.tributary.kafka;

import io.tributary.common.errors.UnknownTopicException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;

/**
 * The reads of topics that the Kafka backend's ports share: names, descriptions and configs of many topics in one
 * request each. A topic deleted between two requests (through another node, or Kafka's tools) is left out, not an
 * error, so a listing never fails because the cluster changed under it.
 */
final class KafkaTopics {

    private static final long SEEN_POLL_MS = 20;

    private final Admin admin;
    private final Duration timeout;

    KafkaTopics(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    Duration timeout() {
        return timeout;
    }

    <T> T await(KafkaFuture<T> future, String what) {
        return KafkaErrors.await(future, timeout, what);
    }

    /** The topics users created (not Kafka's internal ones), sorted. */
    Set<String> names() {
        return new TreeSet<>(await(admin.listTopics().names(), "list topics"));
    }

    /** By name, in the order given; topics that do not exist are left out. */
    Map<String, TopicDescription> describe(Collection<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        Map<String, TopicDescription> described = awaitEach(admin.describeTopics(topics).topicNameValues(), "describe topics");
        Map<String, TopicDescription> inOrder = new LinkedHashMap<>();
        topics.stream().filter(described::containsKey).forEach(t -> inOrder.put(t, described.get(t)));
        return inOrder;
    }

    /**
     * Waits until the brokers' metadata shows the topic with a partition count {@code seen} accepts (0: gone), at most
     * the request timeout. Kafka's controller confirms a change before the brokers apply it, and describing asks a
     * broker: without this wait a client that creates a topic and reads it back at once could be told it does not
     * exist. After the timeout the change stands anyway, so this returns quietly.
     */
    void awaitSeen(String topic, IntPredicate seen) {
        awaitUntil(() -> {
            TopicDescription described = describe(List.of(topic)).get(topic);
            return seen.test(described == null ? 0 : described.partitions().size());
        });
    }

    /** Waits, at most the request timeout, until the cluster answers these config values for the topic. */
    void awaitConfigs(String topic, Map<String, String> expected) {
        awaitUntil(() -> {
            Map<String, String> configs = configs(List.of(topic)).getOrDefault(topic, Map.of());
            return expected.entrySet().stream().allMatch(e -> Objects.equals(configs.get(e.getKey()), e.getValue()));
        });
    }

    /** Asks until the answer is yes or the request timeout passed: brokers apply a change within milliseconds. */
    void awaitUntil(BooleanSupplier seen) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!seen.getAsBoolean() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(SEEN_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Each topic's configs, every one Kafka has for topics, with its value in effect; missing topics left out. */
    Map<String, Map<String, String>> configs(Collection<String> topics) {
        if (topics.isEmpty()) {
            return Map.of();
        }
        List<ConfigResource> resources = topics.stream().map(KafkaTopics::resource).toList();
        Map<ConfigResource, Config> configs = awaitEach(admin.describeConfigs(resources).values(), "describe topic configs");
        return configs.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(), e -> values(e.getValue())));
    }

    /** Kafka's incremental alter operations that set {@code changes} and delete {@code resets}. */
    static List<AlterConfigOp> alterOps(Map<String, String> changes, Collection<String> resets) {
        List<AlterConfigOp> ops = new ArrayList<>();
        changes.forEach((name, value) -> ops.add(new AlterConfigOp(new ConfigEntry(name, value), AlterConfigOp.OpType.SET)));
        resets.forEach(name -> ops.add(new AlterConfigOp(new ConfigEntry(name, null), AlterConfigOp.OpType.DELETE)));
        return ops;
    }

    static ConfigResource resource(String topic) {
        return new ConfigResource(ConfigResource.Type.TOPIC, topic);
    }

    /** Names and values, sorted; a value Kafka hides (sensitive) is left out, topic configs have none. */
    static SortedMap<String, String> values(Config config) {
        SortedMap<String, String> values = new TreeMap<>();
        for (ConfigEntry entry : config.entries()) {
            if (entry.value() != null) {
                values.put(entry.name(), entry.value());
            }
        }
        return values;
    }

    /**
     * Waits for all the futures together (one timeout, not one each) and gives the values of those that succeeded;
     * those that failed because their topic or partition does not exist are left out.
     *
     * @throws io.tributary.common.errors.TributaryException for any other failure, translated
     */
    <K, V> Map<K, V> awaitEach(Map<K, KafkaFuture<V>> futures, String what) {
        try {
            KafkaFuture.allOf(futures.values().toArray(KafkaFuture[]::new)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // some failed: each is looked at below
        } catch (TimeoutException e) {
            throw KafkaErrors.unavailable(what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw KafkaErrors.unavailable(what, e);
        }
        Map<K, V> values = new LinkedHashMap<>();
        futures.forEach((key, future) -> {
            try {
                values.put(key, KafkaErrors.await(future, Duration.ZERO, what));
            } catch (UnknownTopicException gone) {
                // deleted meanwhile, or never there
            }
        });
        return values;
    }
}

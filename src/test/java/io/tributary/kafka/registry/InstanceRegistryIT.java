package io.tributary.kafka.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.InstanceDirectory;
import io.tributary.consume.OffsetReset;
import io.tributary.consume.Subscription;
import io.tributary.kafka.KafkaClients;
import io.tributary.settings.TributaryProperties;
import io.tributary.support.KafkaCluster;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/**
 * Several registries in one JVM, each a node of its own, against a real 3-broker cluster: what one node registers
 * the others see at once, races have one winner, a dead node's instances are taken over once.
 */
class InstanceRegistryIT {

    private static final InstanceConfig CONFIG = new InstanceConfig(EmbeddedFormat.JSON, OffsetReset.EARLIEST, false, 1,
            Duration.ofSeconds(1), Duration.ofMinutes(5), AssignmentStrategy.RANGE);
    private static final Duration NODE_TIMEOUT = Duration.ofSeconds(2);

    private static KafkaClients clients;
    private static Admin admin;
    private static TributaryProperties.Kafka settings;
    private final List<InstanceRegistry> nodes = new ArrayList<>();
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private static int groups;

    @BeforeAll
    static void connect() {
        TributaryProperties properties = new Binder(new MapConfigurationPropertySource(Map.of(
                "tributary.kafka.bootstrap-servers", KafkaCluster.shared().bootstrapServers(),
                "tributary.kafka.request-timeout", "20s",
                "tributary.kafka.heartbeat-interval", "300ms",
                "tributary.kafka.node-timeout", NODE_TIMEOUT.toMillis() + "ms")))
                .bindOrCreate("tributary", TributaryProperties.class);
        settings = properties.kafka();
        clients = new KafkaClients(settings, "registry-test");
        admin = clients.admin();
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @AfterEach
    void stopNodes() {
        threads.shutdownNow();
        nodes.forEach(InstanceRegistry::close);
    }

    private InstanceRegistry node(String name) {
        InstanceRegistry node = new InstanceRegistry(clients, admin, settings);
        node.start(URI.create("http://" + name + ".test:8080"));
        nodes.add(node);
        return node;
    }

    private static String newGroup() {
        return "registry-it-" + System.nanoTime() + "-" + ++groups;
    }

    @Test
    void twoNodesCreatingOneNameAtOnceHaveExactlyOneWinnerEachTime() throws Exception {
        InstanceRegistry a = node("a");
        InstanceRegistry b = node("b");
        String group = newGroup();
        List<String> winners = new ArrayList<>();
        for (int round = 0; round < 20; round++) {
            String name = "c" + round;
            CyclicBarrier together = new CyclicBarrier(2);
            Future<Optional<InstanceEntry>> onA = threads.submit(claimAt(a, together, group, name));
            Future<Optional<InstanceEntry>> onB = threads.submit(claimAt(b, together, group, name));
            Optional<InstanceEntry> wonA = onA.get(60, TimeUnit.SECONDS);
            Optional<InstanceEntry> wonB = onB.get(60, TimeUnit.SECONDS);
            assertThat(wonA.isPresent() ^ wonB.isPresent()).as("round %d: exactly one winner", round).isTrue();
            String winner = wonA.or(() -> wonB).orElseThrow().node();
            assertThat(a.entry(group, name).orElseThrow().node()).isEqualTo(winner);
            assertThat(b.entry(group, name).orElseThrow().node()).isEqualTo(winner);
            winners.add(winner);
        }
        // a node that starts now reads the same winners, also where a losing record came after the winning one
        InstanceRegistry c = node("c");
        for (int round = 0; round < 20; round++) {
            assertThat(c.entry(group, "c" + round).orElseThrow().node()).as("round %d", round).isEqualTo(winners.get(round));
        }
    }

    private static Callable<Optional<InstanceEntry>> claimAt(InstanceRegistry node, CyclicBarrier together,
                                                             String group, String name) {
        return () -> {
            together.await(10, TimeUnit.SECONDS);
            try {
                return Optional.of(node.claim(group, name, CONFIG, "alice", "10.0.0.1"));
            } catch (ConsumerExistsException e) {
                return Optional.empty();
            }
        };
    }

    @Test
    void aClaimOnOneNodeIsFoundOnAnotherAtOnceAndRequestsGoThere() {
        InstanceRegistry a = node("a");
        InstanceRegistry b = node("b");
        String group = newGroup();
        await().atMost(Duration.ofSeconds(20)).until(() -> b.alive(a.nodeId()) && a.alive(b.nodeId()));

        InstanceEntry created = a.claim(group, "c1", CONFIG, "alice", "10.0.0.1");

        assertThat(b.entry(group, "c1")).contains(created); // no waiting: the read barrier catches up
        assertThat(new RegistryDirectory(b).locate(group, "c1"))
                .isEqualTo(new InstanceDirectory.Location.Elsewhere(URI.create("http://a.test:8080")));
        assertThat(new RegistryDirectory(a).locate(group, "c1")).isEqualTo(InstanceDirectory.Location.HERE);
        assertThat(new RegistryDirectory(b).locate(group, "unknown")).isEqualTo(InstanceDirectory.Location.HERE);
        assertThatThrownBy(() -> b.claim(group, "c1", CONFIG, "bob", "10.0.0.2")).isInstanceOf(ConsumerExistsException.class);
    }

    @Test
    void aReleasedInstanceIsGoneEverywhereAndItsNameFreeAgain() {
        InstanceRegistry a = node("a");
        InstanceRegistry b = node("b");
        String group = newGroup();
        a.claim(group, "c1", CONFIG, "alice", "10.0.0.1");
        assertThat(b.entry(group, "c1")).isPresent();

        a.release(group, "c1");

        assertThat(a.entry(group, "c1")).isEmpty();
        assertThat(b.entry(group, "c1")).isEmpty();
        assertThat(b.claim(group, "c1", CONFIG, "bob", "10.0.0.2").node()).isEqualTo(b.nodeId());
        assertThat(a.entry(group, "c1").orElseThrow().owner()).isEqualTo("bob");
    }

    @Test
    void aDeadNodesInstanceIsTakenOverOnceWithTheNextEpochAndItsHolderHearsOfIt() throws Exception {
        InstanceRegistry a = node("a");
        InstanceRegistry b = node("b");
        InstanceRegistry c = node("c");
        String group = newGroup();
        List<InstanceEntry> lostByA = new CopyOnWriteArrayList<>();
        a.onLost(lostByA::add);
        InstanceEntry original = a.claim(group, "c1", CONFIG, "alice", "10.0.0.1");
        a.update(group, "c1", new Subscription.Topics(new TreeSet<>(Set.of("orders", "payments"))));
        await().atMost(Duration.ofSeconds(20)).until(() -> b.alive(a.nodeId()) && c.alive(a.nodeId()));
        assertThat(b.takeOver(group, "c1")).as("the holder is alive").isEmpty();

        a.stopHeartbeat();
        await().atMost(Duration.ofSeconds(30)).until(() -> !b.alive(a.nodeId()) && !c.alive(a.nodeId()));
        assertThat(new RegistryDirectory(b).locate(group, "c1")).isEqualTo(InstanceDirectory.Location.HERE);

        CyclicBarrier together = new CyclicBarrier(2);
        Future<Optional<InstanceEntry>> onB = threads.submit(() -> {
            together.await(10, TimeUnit.SECONDS);
            return b.takeOver(group, "c1");
        });
        Future<Optional<InstanceEntry>> onC = threads.submit(() -> {
            together.await(10, TimeUnit.SECONDS);
            return c.takeOver(group, "c1");
        });
        Optional<InstanceEntry> byB = onB.get(60, TimeUnit.SECONDS);
        Optional<InstanceEntry> byC = onC.get(60, TimeUnit.SECONDS);

        assertThat(byB.isPresent() ^ byC.isPresent()).as("exactly one takes it over").isTrue();
        InstanceEntry taken = byB.or(() -> byC).orElseThrow();
        InstanceRegistry winner = byB.isPresent() ? b : c;
        InstanceRegistry loser = byB.isPresent() ? c : b;
        assertThat(taken.epoch()).isEqualTo(1);
        assertThat(taken.node()).isEqualTo(winner.nodeId());
        assertThat(taken.subscription()).isEqualTo(new Subscription.Topics(new TreeSet<>(Set.of("orders", "payments"))));
        assertThat(taken.config()).isEqualTo(original.config());
        assertThat(taken.owner()).isEqualTo("alice");
        assertThat(loser.entry(group, "c1")).contains(taken);
        assertThat(new RegistryDirectory(loser).locate(group, "c1"))
                .isEqualTo(new InstanceDirectory.Location.Elsewhere(winner.url(winner.nodeId()).orElseThrow()));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(lostByA).hasSize(1));
        assertThat(lostByA.get(0).epoch()).isZero();
        assertThat(lostByA.get(0).node()).isEqualTo(a.nodeId());
        assertThat(a.entry(group, "c1")).contains(taken);
        assertThatThrownBy(() -> a.update(group, "c1", new Subscription.None()))
                .isInstanceOf(io.tributary.common.errors.UnknownConsumerException.class);
    }

    @Test
    void aRegistryStartedLaterReadsEverythingBackFromTheTopics() {
        InstanceRegistry a = node("a");
        String group = newGroup();
        a.claim(group, "topics", CONFIG, "alice", "10.0.0.1");
        a.update(group, "topics", new Subscription.Topics(new TreeSet<>(Set.of("orders"))));
        a.claim(group, "pattern", CONFIG, "alice", "10.0.0.1");
        a.update(group, "pattern", Subscription.Pattern.compile("orders-.*", t -> true));
        a.claim(group, "manual", CONFIG, null, null);
        TreeSet<TopicPartition> partitions = new TreeSet<>(TopicPartition.ORDER);
        partitions.addAll(List.of(new TopicPartition("orders", 1), new TopicPartition("orders", 0)));
        a.update(group, "manual", new Subscription.Manual(partitions));
        a.claim(group, "gone", CONFIG, "alice", "10.0.0.1");
        a.release(group, "gone");

        InstanceRegistry later = node("later");

        assertThat(later.entry(group, "topics").orElseThrow().subscription())
                .isEqualTo(new Subscription.Topics(new TreeSet<>(Set.of("orders"))));
        InstanceEntry pattern = later.entry(group, "pattern").orElseThrow();
        assertThat(pattern.subscription().topics(List.of("orders-1", "other"))).as("unbound: matches nothing").isEmpty();
        assertThat(pattern.subscription(t -> true).topics(List.of("orders-1", "other"))).containsExactly("orders-1");
        InstanceEntry manual = later.entry(group, "manual").orElseThrow();
        assertThat(manual.subscription()).isEqualTo(new Subscription.Manual(partitions));
        assertThat(manual.owner()).isNull();
        assertThat(manual.config()).isEqualTo(CONFIG);
        assertThat(later.entry(group, "gone")).isEmpty();
        assertThat(later.entry(group, "topics").orElseThrow().node()).isEqualTo(a.nodeId());
        assertThat(later.alive(a.nodeId())).isTrue();
        assertThat(later.url(a.nodeId())).contains(URI.create("http://a.test:8080"));
    }

    @Test
    void aNodeThatShutsDownCleanlyIsDeadAtOnce() {
        InstanceRegistry a = node("a");
        InstanceRegistry b = node("b");
        String group = newGroup();
        a.claim(group, "c1", CONFIG, "alice", "10.0.0.1");
        await().atMost(Duration.ofSeconds(20)).until(() -> b.alive(a.nodeId()));

        nodes.remove(a);
        a.close();

        await().atMost(NODE_TIMEOUT.dividedBy(2)).until(() -> !b.alive(a.nodeId()));
        assertThat(b.takeOver(group, "c1")).hasValueSatisfying(e -> assertThat(e.epoch()).isEqualTo(1));
    }

    @Test
    void patternsKeepTheirExpression() {
        // equality of Pattern subscriptions is by expression; the registry keeps the expression exactly
        Subscription.Pattern p = new Subscription.Pattern(Pattern.compile("a|b"), t -> true);
        InstanceEntry entry = new InstanceEntry("g", "i", "n", 0, CONFIG, "o", "h", p);
        Claim back = RegistryCodec.decodeClaim("g/i", RegistryCodec.encode(new Claim(entry, "x", 3)));
        assertThat(back.entry()).isEqualTo(entry);
        assertThat(back.revision()).isEqualTo(3);
    }
}

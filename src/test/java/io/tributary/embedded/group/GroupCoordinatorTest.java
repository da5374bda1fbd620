package io.tributary.embedded.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tributary.common.AccessControl;
import io.tributary.common.errors.AuthorizationException;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.common.errors.TributaryException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupState;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.OffsetReset;
import io.tributary.consume.Subscription;
import io.tributary.embedded.offset.OffsetStore;
import io.tributary.embedded.offset.TestOffsetStores;
import io.tributary.settings.TributaryProperties;
import io.tributary.support.MutableClock;
import io.tributary.topic.TopicEvent;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class GroupCoordinatorTest {

    private final MutableClock clock = new MutableClock();
    private final FakeCatalog catalog = new FakeCatalog().topic("payment-done", 3);
    private final OffsetStore offsets = TestOffsetStores.inMemory();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ConsumerExecutors executors = new ConsumerExecutors();
    private final GroupCoordinator coordinator = coordinator(Map.of("tributary.consumer.max-instances", "2"));

    @AfterEach
    void stop() {
        executors.destroy();
    }

    @Test
    void theInstanceLimitCountsEveryGroupAndFreesOnDelete() {
        ConsumerMember a = coordinator.create("g1", "a", config(), "h", AccessControl.ANONYMOUS);
        coordinator.create("g2", "b", config(), "h", AccessControl.ANONYMOUS);

        assertFails(() -> coordinator.create("g3", "c", config(), "h", AccessControl.ANONYMOUS), LimitExceededException.class);
        coordinator.delete(a);
        assertThat(coordinator.create("g3", "c", config(), "h", AccessControl.ANONYMOUS).id()).isEqualTo("c");
    }

    @Test
    void anIdleInstanceExpiresAndItsPartitionsMoveWhileABusyOneStays() {
        ConsumerMember idle = coordinator.create("g", "idle", config(), "h", AccessControl.ANONYMOUS);
        ConsumerMember busy = coordinator.create("g", "busy", config(), "h", AccessControl.ANONYMOUS);
        coordinator.subscribe(idle, new Subscription.Topics(new TreeSet<>(List.of("payment-done"))));
        coordinator.subscribe(busy, new Subscription.Topics(new TreeSet<>(List.of("payment-done"))));
        busy.fetchStarted(coordinator.now());

        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        coordinator.expireIdleMembers();

        assertThat(coordinator.owned(busy)).hasSize(3);
        assertThatThrownBy(() -> coordinator.member("g", "idle", AccessControl.ANONYMOUS)).isInstanceOf(UnknownConsumerException.class)
                .hasMessageContaining("expired").hasMessageContaining("consumer.instance.timeout.ms=300000");
        assertThat(coordinator.describe("g").orElseThrow().generation()).isEqualTo(3);
        assertThat(registry.get("tributary.group.rebalances").tag("group", "g").counter().count()).isEqualTo(3);
    }

    /** docs/reliability.md, "Clock jumps": instance expiry runs on monotonic time, never on the wall clock. */
    @Test
    void wallClockJumpsOfAnHourOrADayNeitherExpireInstancesNorKeepThemAlive() {
        ConsumerMember a = coordinator.create("g", "a", config(), "h", AccessControl.ANONYMOUS);
        ConsumerMember b = coordinator.create("g", "b", config(), "h", AccessControl.ANONYMOUS);
        coordinator.subscribe(a, new Subscription.Topics(new TreeSet<>(List.of("payment-done"))));
        coordinator.subscribe(b, new Subscription.Topics(new TreeSet<>(List.of("payment-done"))));
        long generation = coordinator.describe("g").orElseThrow().generation();

        for (Duration jump : List.of(Duration.ofHours(1), Duration.ofHours(24), Duration.ofHours(-1), Duration.ofHours(-24))) {
            clock.jump(jump);
            clock.advance(Duration.ofMinutes(1));
            coordinator.expireIdleMembers();
            assertThat(coordinator.member("g", "a", AccessControl.ANONYMOUS).id()).as("after a jump of %s", jump).isEqualTo("a");
            assertThat(coordinator.member("g", "b", AccessControl.ANONYMOUS).id()).as("after a jump of %s", jump).isEqualTo("b");
        }
        assertThat(coordinator.describe("g").orElseThrow().generation()).as("no rebalance").isEqualTo(generation);

        // b keeps polling; a goes quiet: after 5 minutes of monotonic time a expires, however the wall clock moved
        clock.advance(Duration.ofMinutes(4));
        coordinator.owned(b);
        coordinator.commit(b, List.of());
        clock.jump(Duration.ofHours(-24)); // a backward jump does not keep a alive either
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        coordinator.expireIdleMembers();
        assertFails(() -> coordinator.member("g", "a", AccessControl.ANONYMOUS), UnknownConsumerException.class);
        assertThat(coordinator.member("g", "b", AccessControl.ANONYMOUS).id()).isEqualTo("b");
    }

    @Test
    void anInstanceServesOnlyThePrincipalThatCreatedItAndOthersDoNotKeepItAlive() {
        coordinator.create("g", "mine", config(), "h", "alice");
        clock.advance(Duration.ofMinutes(4));
        assertFails(() -> coordinator.member("g", "mine", "mallory"), AuthorizationException.class);
        assertFails(() -> coordinator.member("g", "mine", AccessControl.ANONYMOUS), AuthorizationException.class);
        assertThat(coordinator.member("g", "mine", "alice").id()).isEqualTo("mine");

        clock.advance(Duration.ofMinutes(4));
        assertFails(() -> coordinator.member("g", "mine", "mallory"), AuthorizationException.class);
        clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        coordinator.expireIdleMembers();
        assertFails(() -> coordinator.member("g", "mine", "alice"), UnknownConsumerException.class);
    }

    @Test
    void deletingATopicRemovesItsCommittedOffsetsAndItsPartitionsFromMembers() {
        ConsumerMember c = coordinator.create("g", "c", config(), "h", AccessControl.ANONYMOUS);
        coordinator.subscribe(c, new Subscription.Topics(new TreeSet<>(List.of("payment-done"))));
        coordinator.commit(c, List.of(new OffsetCommit("payment-done", 0, 5, "")));

        catalog.delete("payment-done");
        coordinator.onTopicEvent(new TopicEvent.Deleted("payment-done"));

        assertThat(offsets.all()).isEmpty();
        assertThat(coordinator.owned(c)).isEmpty();
        assertThat(coordinator.describe("g").orElseThrow().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void groupsKnownOnlyFromCommittedOffsetsAreListedAsEmpty() {
        offsets.commit("old", List.of(new OffsetCommit("payment-done", 0, 1, "")));

        assertThat(coordinator.describeAll()).extracting(GroupSnapshot::groupId, GroupSnapshot::state)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("old", GroupState.EMPTY));
        assertThat(coordinator.describe("unknown")).isEmpty();
    }

    private GroupCoordinator coordinator(Map<String, String> settings) {
        TributaryProperties properties = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("tributary", TributaryProperties.class);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        beans.addBean("clock", clock);
        return new GroupCoordinator(offsets, catalog, properties, registry, executors, beans.getBeanProvider(Clock.class));
    }

    private static InstanceConfig config() {
        return new InstanceConfig(io.tributary.common.EmbeddedFormat.JSON, OffsetReset.LATEST, true, 1, Duration.ofSeconds(1),
                Duration.ofMinutes(5), null);
    }

    private static void assertFails(org.assertj.core.api.ThrowableAssert.ThrowingCallable call,
                                    Class<? extends TributaryException> kind) {
        assertThatThrownBy(call).isInstanceOf(kind);
    }
}

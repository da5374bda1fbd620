package io.tributary.embedded.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.AccessControl;
import io.tributary.common.EmbeddedFormat;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.common.errors.InvalidConsumerConfigException;
import io.tributary.common.errors.LimitExceededException;
import io.tributary.common.errors.SubscriptionConflictException;
import io.tributary.common.errors.TributaryException;
import io.tributary.common.errors.UnknownConsumerException;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.GroupState;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.OffsetReset;
import io.tributary.consume.Subscription;
import io.tributary.embedded.offset.OffsetStore;
import io.tributary.embedded.offset.TestOffsetStores;
import io.tributary.support.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ConsumerGroupTest {

    private static final String TOPIC = "payment-done";

    private final MutableClock clock = new MutableClock();
    private final FakeCatalog catalog = new FakeCatalog().topic(TOPIC, 3);
    private final OffsetStore offsets = TestOffsetStores.inMemory();
    private final List<Long> rebalances = new ArrayList<>();
    private final GroupListener listener = new GroupListener() {
        @Override
        public void rebalanced(String group, long generation) {
            rebalances.add(generation);
        }
    };
    private final ConsumerGroup group = new ConsumerGroup("g", new StickyAssignor(), new GroupContext(offsets, catalog, clock, listener));

    @Test
    void threeMembersOnThreePartitionsEndWithOneEach() {
        ConsumerMember c0 = subscribed("c0");
        ConsumerMember c1 = subscribed("c1");
        ConsumerMember c2 = subscribed("c2");
        pollAll(c0, c1, c2);

        // one each, and together all three: which member gets which is the assignor's business
        assertThat(List.of(c0, c1, c2)).allSatisfy(m -> assertThat(owned(m)).hasSize(1));
        assertThat(List.of(c0, c1, c2)).flatExtracting(this::owned).containsExactlyInAnyOrder(tp(0), tp(1), tp(2));
        assertThat(group.describe().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void twoMembersGetTwoAndOne() {
        ConsumerMember c0 = subscribed("c0");
        ConsumerMember c1 = subscribed("c1");
        pollAll(c0, c1);

        assertThat(owned(c0)).hasSize(2);
        assertThat(owned(c1)).hasSize(1);
    }

    @Test
    void aFourthMemberIdlesAndTakesOverWhenAnotherLeaves() {
        ConsumerMember c0 = subscribed("c0");
        ConsumerMember c1 = subscribed("c1");
        ConsumerMember c2 = subscribed("c2");
        ConsumerMember c3 = subscribed("c3");
        pollAll(c0, c1, c2, c3);
        assertThat(owned(c3)).isEmpty();
        SortedSet<TopicPartition> leaving = owned(c1);

        group.leave(c1, true, "deleted");

        assertThat(owned(c3)).isEqualTo(leaving);
        assertThat(owned(c0)).hasSize(1);
        assertThat(owned(c2)).hasSize(1);
        assertThat(group.describe().state()).isEqualTo(GroupState.STABLE);
    }

    @Test
    void aPartitionMovesOnlyAfterItsOwnerGaveItUpAtItsNextPoll() {
        ConsumerMember c0 = subscribed("c0");
        group.prepareFetch(c0, true);
        assertThat(owned(c0)).hasSize(3);

        ConsumerMember c1 = subscribed("c1");

        // c1 is assigned a partition that c0 still reads: nobody reads it twice, c1 waits
        assertThat(owned(c1)).isEmpty();
        assertThat(group.describe().state()).isEqualTo(GroupState.PREPARING_REBALANCE);
        assertDisjointOwnership();
        CompletableFuture<Void> c1Woken = c1.changed;

        group.prepareFetch(c0, true);

        assertThat(owned(c0)).hasSize(2);
        assertThat(owned(c1)).hasSize(1);
        assertThat(c1Woken).isCompleted();
        assertThat(group.describe().state()).isEqualTo(GroupState.STABLE);
        assertDisjointOwnership();
    }

    @Test
    void uncommittedRecordsAreRedeliveredToTheNextOwnerAfterExpiry() {
        catalog.bounds(tp(0), 0, 10);
        ConsumerMember c0 = subscribed("c0", config(true, OffsetReset.EARLIEST));
        fetchAll(c0, 10);
        group.prepareFetch(c0, true); // auto-commits the previous poll: 10
        fetchAll(c0, 15);            // fetched 10..14, not committed yet
        ConsumerMember c1 = subscribed("c1", config(true, OffsetReset.EARLIEST));

        group.leave(c0, false, "expired");

        assertThat(positionsOf(c1)).containsEntry(tp(0), 10L);
    }

    @Test
    void aCleanLeaveWithAutoCommitCommitsWhatWasFetched() {
        catalog.bounds(tp(0), 0, 10);
        ConsumerMember c0 = subscribed("c0", config(true, OffsetReset.EARLIEST));
        fetchAll(c0, 7);
        ConsumerMember c1 = subscribed("c1", config(true, OffsetReset.EARLIEST));

        group.leave(c0, true, "deleted");

        assertThat(committed(0)).isEqualTo(7);
        assertThat(positionsOf(c1)).containsEntry(tp(0), 7L);
    }

    @Test
    void withoutAutoCommitAHandedOverPartitionRestartsFromTheCommittedOffset() {
        catalog.bounds(tp(2), 0, 10);
        ConsumerMember c0 = subscribed("c0", config(false, OffsetReset.EARLIEST));
        group.prepareFetch(c0, true);
        group.advance(c0, List.of(new FetchPlan.Advance(tp(2), 0, 4)), true);
        group.commit(c0, List.of(new OffsetCommit(TOPIC, 2, 4, "")));
        group.advance(c0, List.of(new FetchPlan.Advance(tp(2), 4, 9)), true);
        ConsumerMember c1 = subscribed("c1", config(false, OffsetReset.EARLIEST));

        group.prepareFetch(c0, true);

        assertThat(owned(c1)).containsExactly(tp(2));
        assertThat(positionsOf(c1)).containsEntry(tp(2), 4L);
        assertThat(committed(2)).isEqualTo(4);
    }

    @Test
    void aCommitForAPartitionNotOwnedIsRejectedWholeAndChangesNothing() {
        ConsumerMember c0 = subscribed("c0", config(false, OffsetReset.LATEST));
        group.prepareFetch(c0, true);
        group.commit(c0, List.of(new OffsetCommit(TOPIC, 0, 1, "")));
        ConsumerMember c1 = subscribed("c1", config(false, OffsetReset.LATEST));
        group.prepareFetch(c0, true); // gives partition 2 to c1

        assertFails(() -> group.commit(c0, List.of(new OffsetCommit(TOPIC, 0, 5, ""), new OffsetCommit(TOPIC, 2, 5, ""))),
                IllegalConsumerStateException.class);

        assertThat(offsets.committed("g")).extracting(CommittedOffset::partition, CommittedOffset::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 1L));
        assertThat(owned(c1)).containsExactly(tp(2));
    }

    @Test
    void seekingAPartitionNotOwnedIsRejected() {
        ConsumerMember c0 = subscribed("c0");
        ConsumerMember c1 = subscribed("c1");
        pollAll(c0, c1);

        assertFails(() -> group.seek(c1, Map.of(tp(0), 0L)), IllegalConsumerStateException.class);
    }

    @Test
    void theGenerationIsBumpedOnEveryMembershipOrSubscriptionChangeOnly() {
        ConsumerMember c0 = member("c0");
        assertThat(group.describe().generation()).isZero();

        group.subscribe(c0, topics(TOPIC));
        ConsumerMember c1 = subscribed("c1");
        group.subscribe(c1, topics(TOPIC)); // same subscription: nothing changes
        group.refreshMetadata(catalog.partitionCounts());
        assertThat(group.describe().generation()).isEqualTo(2);

        catalog.topic(TOPIC, 4);
        group.refreshMetadata(catalog.partitionCounts());
        group.leave(c1, true, "deleted");

        assertThat(group.describe().generation()).isEqualTo(4);
        assertThat(rebalances).containsExactly(1L, 2L, 3L, 4L);
        assertThat(owned(c0)).hasSize(4);
    }

    @Test
    void aStaleFetchCannotMovePositionsAfterASeek() {
        catalog.bounds(tp(0), 0, 10);
        ConsumerMember c0 = subscribed("c0", config(false, OffsetReset.EARLIEST));
        group.prepareFetch(c0, true);
        group.seek(c0, Map.of(tp(0), 8L));

        Set<TopicPartition> moved = group.advance(c0, List.of(new FetchPlan.Advance(tp(0), 0, 10)), true);

        assertThat(moved).isEmpty();
        assertThat(positionsOf(c0)).containsEntry(tp(0), 8L);
    }

    @Test
    void latestStartsAtTheEndAndCommittedOffsetsWin() {
        catalog.bounds(tp(0), 2, 9);
        catalog.bounds(tp(1), 0, 5);
        offsets.commit("g", List.of(new OffsetCommit(TOPIC, 1, 3, "")));

        ConsumerMember c0 = subscribed("c0", config(false, OffsetReset.LATEST));

        assertThat(positionsOf(c0)).containsEntry(tp(0), 9L).containsEntry(tp(1), 3L).containsEntry(tp(2), 0L);
    }

    @Test
    void membersIdleLongerThanTheirTimeoutAreReportedUnlessFetching() {
        ConsumerMember fetching = subscribed("a");
        ConsumerMember idle = subscribed("b");
        fetching.fetchStarted(clock.monotonicMillis());

        clock.advance(Duration.ofMinutes(5).plusMillis(1));

        assertThat(group.idleMembers(clock.monotonicMillis())).containsExactly(idle);
        fetching.fetchEnded(clock.monotonicMillis());
        assertThat(group.idleMembers(clock.monotonicMillis())).containsExactly(idle);
    }

    @Test
    void aRemovedMemberAnswersWithWhyItLeft() {
        ConsumerMember c0 = subscribed("c0");
        CompletableFuture<Void> waiting = c0.changed;

        group.leave(c0, false, "Consumer instance 'c0' expired");

        assertThat(waiting).isCompleted();
        assertThatThrownBy(() -> group.prepareFetch(c0, true)).isInstanceOf(UnknownConsumerException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void manualAssignmentAndSubscriptionExcludeEachOther() {
        ConsumerMember manual = member("m");
        group.assign(manual, List.of(tp(0)));
        ConsumerMember subscriber = subscribed("s");

        assertFails(() -> group.subscribe(manual, topics(TOPIC)), SubscriptionConflictException.class);
        assertFails(() -> group.assign(subscriber, List.of(tp(1))), SubscriptionConflictException.class);
        assertThat(owned(manual)).containsExactly(tp(0));
        assertThat(owned(subscriber)).hasSize(3); // manual assignment is outside group management, as in Kafka
    }

    @Test
    void theFirstMemberFixesTheAssignor() {
        ConsumerMember c0 = new ConsumerMember("c0", "g", withAssignor(AssignmentStrategy.RANGE), clock.instant(), "h", AccessControl.ANONYMOUS);
        group.join(c0, 10);
        ConsumerMember c1 = new ConsumerMember("c1", "g", withAssignor(AssignmentStrategy.ROUND_ROBIN), clock.instant(), "h", AccessControl.ANONYMOUS);

        assertFails(() -> group.join(c1, 10), InvalidConsumerConfigException.class);
        assertThat(group.describe().assignor()).isEqualTo("range");
    }

    @Test
    void joinLimitsAndDuplicates() {
        member("a");
        assertFails(() -> group.join(new ConsumerMember("a", "g", config(true, OffsetReset.LATEST), clock.instant(), "h", AccessControl.ANONYMOUS), 10),
                ConsumerExistsException.class);
        assertFails(() -> group.join(new ConsumerMember("b", "g", config(true, OffsetReset.LATEST), clock.instant(), "h", AccessControl.ANONYMOUS), 1),
                LimitExceededException.class);
    }

    @Test
    void aPatternPicksUpTopicsCreatedLaterAndDeletedTopicsAreDroppedAtOnce() {
        ConsumerMember c0 = member("c0");
        group.subscribe(c0, Subscription.Pattern.compile("payment-.*", topic -> true));
        assertThat(owned(c0)).hasSize(3);

        catalog.topic("payment-failed", 2);
        group.refreshMetadata(catalog.partitionCounts());
        assertThat(owned(c0)).hasSize(5);

        catalog.delete(TOPIC);
        group.refreshMetadata(catalog.partitionCounts());
        assertThat(owned(c0)).extracting(TopicPartition::topic).containsOnly("payment-failed");
    }

    @Test
    void aPatternYieldsOnlyTheTopicsThePrincipalMayRead() {
        ConsumerMember c0 = member("c0");
        catalog.topic("payment-secret", 2);
        group.subscribe(c0, Subscription.Pattern.compile("payment-.*", topic -> !topic.endsWith("-secret")));
        assertThat(owned(c0)).extracting(TopicPartition::topic).containsOnly(TOPIC);

        catalog.topic("payment-failed", 1);
        catalog.topic("payment-failed-secret", 1);
        group.refreshMetadata(catalog.partitionCounts());
        assertThat(owned(c0)).extracting(TopicPartition::topic).containsOnly(TOPIC, "payment-failed");
    }

    @Test
    void autoCommitAtPollStartCommitsThePreviousPollOnly() {
        catalog.bounds(tp(0), 0, 10);
        ConsumerMember c0 = subscribed("c0", config(true, OffsetReset.EARLIEST));
        fetchAll(c0, 6);
        assertThat(offsets.committed("g")).isEmpty();

        group.prepareFetch(c0, false); // a re-attempt within the same poll commits nothing
        assertThat(offsets.committed("g")).isEmpty();

        group.prepareFetch(c0, true);
        assertThat(committed(0)).isEqualTo(6);
    }

    @Test
    void eachPollStartsAtTheNextPartitionSoNoneStarves() {
        ConsumerMember c0 = subscribed("c0");
        List<TopicPartition> firsts = new ArrayList<>();
        for (int poll = 0; poll < 3; poll++) {
            FetchPlan plan = group.prepareFetch(c0, true);
            firsts.add(plan.reads().get(0).partition());
            FetchPlan.Read read = plan.reads().get(0);
            group.advance(c0, List.of(new FetchPlan.Advance(read.partition(), read.position(), read.position() + 1)), true);
        }

        assertThat(firsts).containsExactlyInAnyOrder(tp(0), tp(1), tp(2));
    }

    // ---- helpers

    private ConsumerMember member(String id) {
        ConsumerMember m = new ConsumerMember(id, "g", config(true, OffsetReset.LATEST), clock.instant(), "127.0.0.1", AccessControl.ANONYMOUS);
        m.touch(clock.monotonicMillis()); // as the coordinator does when it creates one
        group.join(m, 100);
        return m;
    }

    private ConsumerMember subscribed(String id) {
        return subscribed(id, config(true, OffsetReset.LATEST));
    }

    private ConsumerMember subscribed(String id, InstanceConfig config) {
        ConsumerMember m = new ConsumerMember(id, "g", config, clock.instant(), "127.0.0.1", AccessControl.ANONYMOUS);
        m.touch(clock.monotonicMillis()); // as the coordinator does when it creates one
        group.join(m, 100);
        group.subscribe(m, topics(TOPIC));
        return m;
    }

    private static Subscription topics(String... names) {
        return new Subscription.Topics(new java.util.TreeSet<>(List.of(names)));
    }

    private static InstanceConfig config(boolean autoCommit, OffsetReset reset) {
        return new InstanceConfig(EmbeddedFormat.JSON, reset, autoCommit, 1, Duration.ofSeconds(1), Duration.ofMinutes(5), null);
    }

    private static InstanceConfig withAssignor(AssignmentStrategy assignor) {
        return new InstanceConfig(EmbeddedFormat.JSON, OffsetReset.LATEST, true, 1, Duration.ofSeconds(1), Duration.ofMinutes(5), assignor);
    }

    private void pollAll(ConsumerMember... members) {
        // two rounds: the first gives up revoked partitions, the second sees everything settled
        for (int round = 0; round < 2; round++) {
            for (ConsumerMember m : members) {
                group.prepareFetch(m, true);
            }
        }
    }

    /** Pretends a fetch read every owned partition up to {@code to}. */
    private void fetchAll(ConsumerMember member, long to) {
        FetchPlan plan = group.prepareFetch(member, false);
        group.advance(member, plan.reads().stream().map(r -> new FetchPlan.Advance(r.partition(), r.position(), to)).toList(), true);
    }

    private SortedSet<TopicPartition> owned(ConsumerMember m) {
        return group.owned(m);
    }

    private Map<TopicPartition, Long> positionsOf(ConsumerMember m) {
        return group.prepareFetch(m, false).reads().stream()
                .collect(Collectors.toMap(FetchPlan.Read::partition, FetchPlan.Read::position));
    }

    private long committed(int partition) {
        return offsets.committed("g").stream().filter(o -> o.partition() == partition).findFirst().orElseThrow().offset();
    }

    private void assertDisjointOwnership() {
        Set<TopicPartition> seen = new HashSet<>();
        for (GroupSnapshot.Member m : group.describe().members()) {
            for (TopicPartition tp : m.owned()) {
                assertThat(seen.add(tp)).as("%s owned twice", tp).isTrue();
            }
        }
    }

    private static TopicPartition tp(int partition) {
        return new TopicPartition(TOPIC, partition);
    }

    private static void assertFails(ThrowingCallable call, Class<? extends TributaryException> kind) {
        assertThatThrownBy(call).isInstanceOf(kind);
    }
}

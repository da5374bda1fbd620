package io.tributary.embedded.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.AccessControl;
import io.tributary.common.EmbeddedFormat;
import io.tributary.common.TopicPartition;
import io.tributary.common.errors.ConsumerExistsException;
import io.tributary.common.errors.IllegalConsumerStateException;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.CommittedOffset;
import io.tributary.consume.GroupSnapshot;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetReset;
import io.tributary.consume.Subscription;
import io.tributary.embedded.offset.OffsetStore;
import io.tributary.embedded.offset.TestOffsetStores;
import io.tributary.support.ModelRuns;
import io.tributary.support.MutableClock;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;


/**
 * Model-based stateful test of a consumer group (issue 17): random sequences of join, leave (clean or not), expiry,
 * poll, commit, seek, produce and added partitions run against a real {@link ConsumerGroup} (over the real offset
 * store, in memory) and a model of its members, partitions, log end offsets and committed offsets; checked after every
 * step (and after every member's poll within a round of polls):
 * <ul>
 *   <li>the members are the model's and the generation went up by exactly one per membership or partition change;</li>
 *   <li>no partition is owned by two members; with members, every partition is someone's target, and after a round
 *       of polls every partition is owned;</li>
 *   <li>committed offsets never move backwards unless a seek went before, never pass the log end;</li>
 *   <li>a member that takes a partition over starts at its committed offset (so what was fetched and not committed
 *       is delivered again), or at the log start when nothing was committed;</li>
 *   <li>expiry removes exactly the members idle for longer than their instance timeout.</li>
 * </ul>
 * The group is driven directly, as GroupCoordinator drives it, without the coordinator's background expiry (which would
 * make a sequence's outcome depend on timing). {@link ModelRuns} draws the sequences and shrinks a failing one; shrunk
 * counterexamples are kept below as regression tests.
 */
class GroupModelTest {

    private static final String TOPIC = "t";
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final String[] NAMES = {"c0", "c1", "c2", "c3"};
    /** One real offset store (H2 in memory, migrated once); each sequence has a group of its own. */
    private static final OffsetStore OFFSETS = TestOffsetStores.inMemory();
    private static final AtomicLong GROUPS = new AtomicLong();

    private static final AtomicLong SEQUENCES = new AtomicLong();
    private static final AtomicLong STEPS = new AtomicLong();
    private static final AtomicLong HAND_OVERS = new AtomicLong();
    private static final AtomicLong REDELIVERED = new AtomicLong();

    // ---- actions

    sealed interface Action {
    }

    record Join(int member, boolean autoCommit) implements Action {
    }

    record Leave(int member, boolean clean) implements Action {
    }

    /** Moves the clock, then expires the idle members as GroupCoordinator.expireIdleMembers does. */
    record Tick(int seconds) implements Action {
    }

    /** One poll: auto-commit of the previous one, then each owned partition read up to {@code records} further. */
    record Poll(int member, int records) implements Action {
    }

    /** Every member polls, twice: partitions given up in the first round are taken in the second. */
    record PollAll(int records) implements Action {
    }

    /** Commits the member's positions (the REST commit without a body). */
    record Commit(int member) implements Action {
    }

    /** Seeks partition {@code partition % count} to {@code offsetPick % (end + 1)}; refused unless owned. */
    record Seek(int member, int partition, int offsetPick) implements Action {
    }

    record Produce(int partition, int records) implements Action {
    }

    record AddPartitions(int added) implements Action {
    }

    /** Drawn per sequence: the assignor and the topic's first partition count. */
    record Setup(AssignmentStrategy strategy, int partitions) {
    }

    @Test
    void aGroupBehavesAsItsModelAfterEveryStep() {
        ModelRuns.check(GroupModelTest.class,
                random -> new Setup(ModelRuns.oneOf(random, AssignmentStrategy.values()), ModelRuns.between(random, 1, 4)),
                GroupModelTest::sequence, (setup, actions) -> run(setup.strategy(), setup.partitions(), actions));
    }

    // ---- regression examples: short sequences every build runs, whatever the random seed. No run has found an
    // anomaly in the group yet (docs/reliability.md); the first is the sequence the shrinking gave when a new owner was
    // made to ignore low committed offsets on purpose. A real counterexample goes here too.

    /** A partition handed over after a poll and a clean leave: the next owner resumes at the committed offset. */
    @Test
    void theNextOwnerResumesAtTheCommittedOffset() {
        run(AssignmentStrategy.RANGE, 3, List.of(new Produce(2, 1), new Join(0, true), new Poll(0, 0), new Poll(0, 1),
                new Leave(2, false), new Join(1, true)));
    }

    /** Fetched but not committed, then expired: the records are delivered again to the member that takes over. */
    @Test
    void whatAnExpiredMemberDidNotCommitIsDeliveredAgain() {
        run(AssignmentStrategy.STICKY, 2, List.of(new Produce(0, 8), new Produce(1, 8), new Join(0, false),
                new Poll(0, 3), new Commit(0), new Poll(0, 4), new Join(1, true), new Tick(200), new Poll(1, 1),
                new Tick(200), new PollAll(2)));
    }

    /** A seek backwards followed by a commit is the one way a committed offset goes down; partitions added later. */
    @Test
    void aSeekThenACommitMovesTheCommittedOffsetBack() {
        run(AssignmentStrategy.ROUND_ROBIN, 1, List.of(new Produce(0, 10), new Join(0, true), new Poll(0, 9),
                new Commit(0), new Seek(0, 0, 2), new Commit(0), new AddPartitions(2), new Join(1, false),
                new PollAll(1), new Leave(0, true)));
    }

    /** A sequence of 1-60 actions, drawn as the jqwik arbitraries this test started with drew them. */
    static List<Action> sequence(Random random) {
        Function<Random, Integer> member = r -> ModelRuns.between(r, 0, NAMES.length - 1);
        Function<Random, Integer> partition = r -> ModelRuns.between(r, 0, 5);
        Function<Random, Integer> records = r -> ModelRuns.between(r, 0, 5);
        Function<Random, Action> action = ModelRuns.<Action>frequency()
                .or(4, r -> new Join(member.apply(r), r.nextBoolean()))
                .or(2, r -> new Leave(member.apply(r), r.nextBoolean()))
                .or(1, r -> new Tick(ModelRuns.between(r, 0, 400)))
                .or(8, r -> new Poll(member.apply(r), records.apply(r)))
                .or(2, r -> new PollAll(records.apply(r)))
                .or(3, r -> new Commit(member.apply(r)))
                .or(2, r -> new Seek(member.apply(r), partition.apply(r), ModelRuns.between(r, 0, 100)))
                .or(4, r -> new Produce(partition.apply(r), ModelRuns.between(r, 1, 10)))
                .or(1, r -> new AddPartitions(ModelRuns.between(r, 1, 2)));
        return ModelRuns.listOf(random, 1, 60, action);
    }

    @AfterAll
    static void report() {
        System.out.printf("GroupModelTest: %d sequences, %d steps, %d hand-overs, %d records delivered again after a "
                + "hand-over, %d anomalies%n", SEQUENCES.get(), STEPS.get(), HAND_OVERS.get(), REDELIVERED.get(),
                ModelRuns.failures(GroupModelTest.class));
    }

    // ---- running a sequence

    private static void run(AssignmentStrategy strategy, int partitions, List<Action> actions) {
        SEQUENCES.incrementAndGet();
        Harness h = new Harness(strategy, partitions);
        for (Action action : actions) {
            STEPS.incrementAndGet();
            h.apply(action);
            h.check();
        }
        h.apply(new PollAll(0));
        h.check();
    }

    static final class Harness {
        final MutableClock clock = new MutableClock();
        final FakeCatalog catalog = new FakeCatalog();
        final String groupId = "g" + GROUPS.incrementAndGet();
        final ConsumerGroup group;
        /** The model. */
        final Map<String, ConsumerMember> members = new TreeMap<>();
        final Map<String, Long> lastSeen = new HashMap<>();
        final Map<TopicPartition, Long> ends = new HashMap<>();
        int partitions;
        long generation;
        /** Partitions sought since their committed offset last changed: the one licence to commit lower. */
        final Set<TopicPartition> sought = new HashSet<>();
        /** What the last check saw. */
        Map<TopicPartition, Long> committed = Map.of();
        Map<TopicPartition, String> owners = Map.of();
        /** How far each partition was delivered (the highest position any fetch reached). */
        final Map<TopicPartition, Long> delivered = new HashMap<>();

        Harness(AssignmentStrategy strategy, int partitions) {
            this.partitions = partitions;
            catalog.topic(TOPIC, partitions);
            group = new ConsumerGroup(groupId, Assignor.of(strategy), new GroupContext(OFFSETS, catalog, clock, GroupListener.NONE));
        }

        void apply(Action action) {
            if (action instanceof Join j) {
                join(j);
            } else if (action instanceof Leave l) {
                ConsumerMember m = members.remove(NAMES[l.member()]);
                if (m != null) {
                    assertThat(group.leave(m, l.clean(), "deleted")).isTrue();
                    generation++;
                    assertThat(group.leave(m, l.clean(), "deleted")).as("a second leave does nothing").isFalse();
                }
            } else if (action instanceof Tick t) {
                tick(t);
            } else if (action instanceof Poll p) {
                ConsumerMember m = members.get(NAMES[p.member()]);
                if (m != null) {
                    poll(m, p.records());
                }
            } else if (action instanceof PollAll p) {
                for (int round = 0; round < 2; round++) {
                    for (ConsumerMember m : List.copyOf(members.values())) {
                        poll(m, p.records());
                        check(); // within the round too: a member can take a partition over and read it in one round
                    }
                }
                if (!members.isEmpty()) {
                    Set<TopicPartition> owned = new HashSet<>();
                    members.values().forEach(m -> owned.addAll(group.owned(m)));
                    assertThat(owned).as("after a round of polls every partition is owned").isEqualTo(allPartitions());
                }
            } else if (action instanceof Commit c) {
                ConsumerMember m = members.get(NAMES[c.member()]);
                if (m != null) {
                    group.commit(m, null);
                    lastSeen.put(m.id(), clock.monotonicMillis());
                }
            } else if (action instanceof Seek s) {
                seek(s);
            } else if (action instanceof Produce p) {
                TopicPartition tp = new TopicPartition(TOPIC, p.partition() % partitions);
                long end = ends.merge(tp, (long) p.records(), Long::sum);
                catalog.bounds(tp, 0, end);
            } else if (action instanceof AddPartitions a) {
                partitions += a.added();
                catalog.topic(TOPIC, partitions);
                group.refreshMetadata(catalog.partitionCounts());
                if (!members.isEmpty()) {
                    generation++;
                }
            }
        }

        private void join(Join j) {
            String name = NAMES[j.member()];
            ConsumerMember m = new ConsumerMember(name, groupId, config(j.autoCommit()), clock.instant(), "h", AccessControl.ANONYMOUS);
            m.touch(clock.monotonicMillis()); // as GroupCoordinator does when it creates a member
            if (members.containsKey(name)) {
                assertThatThrownBy(() -> group.join(m, 100)).isInstanceOf(ConsumerExistsException.class);
                return;
            }
            group.join(m, 100);
            group.subscribe(m, new Subscription.Topics(new TreeSet<>(List.of(TOPIC))));
            members.put(name, m);
            lastSeen.put(name, clock.monotonicMillis());
            generation++;
        }

        private void tick(Tick t) {
            clock.advance(Duration.ofSeconds(t.seconds()));
            long now = clock.monotonicMillis(); // instances expire by monotonic time
            Set<String> idle = new TreeSet<>();
            lastSeen.forEach((name, seen) -> {
                if (members.containsKey(name) && now - seen > TIMEOUT.toMillis()) {
                    idle.add(name);
                }
            });
            List<ConsumerMember> expiring = group.idleMembers(now);
            assertThat(expiring).extracting(ConsumerMember::id).as("idle members at %d", now).containsExactlyInAnyOrderElementsOf(idle);
            for (ConsumerMember m : expiring) {
                assertThat(group.leave(m, false, "expired")).isTrue();
                members.remove(m.id());
                generation++;
            }
        }

        private void poll(ConsumerMember m, int records) {
            FetchPlan plan = group.prepareFetch(m, true);
            lastSeen.put(m.id(), clock.monotonicMillis());
            List<FetchPlan.Advance> advances = new ArrayList<>();
            for (FetchPlan.Read read : plan.reads()) {
                long end = ends.getOrDefault(read.partition(), 0L);
                assertThat(read.position()).as("position of %s in %s", read.partition(), m).isBetween(0L, end);
                long to = Math.min(end, read.position() + records);
                advances.add(new FetchPlan.Advance(read.partition(), read.position(), to));
                delivered.merge(read.partition(), to, Math::max);
            }
            assertThat(group.advance(m, advances, true)).as("a fresh plan's positions all move")
                    .containsExactlyInAnyOrderElementsOf(advances.stream().map(FetchPlan.Advance::partition).toList());
        }

        private void seek(Seek s) {
            ConsumerMember m = members.get(NAMES[s.member()]);
            if (m == null) {
                return;
            }
            TopicPartition tp = new TopicPartition(TOPIC, s.partition() % partitions);
            long offset = s.offsetPick() % (ends.getOrDefault(tp, 0L) + 1);
            if (!group.owned(m).contains(tp)) {
                assertThatThrownBy(() -> group.seek(m, Map.of(tp, offset))).isInstanceOf(IllegalConsumerStateException.class);
                return;
            }
            group.seek(m, Map.of(tp, offset));
            sought.add(tp);
        }

        void check() {
            GroupSnapshot snapshot = group.describe();
            assertThat(snapshot.members()).extracting(GroupSnapshot.Member::id).as("members").containsExactlyElementsOf(members.keySet());
            assertThat(snapshot.generation()).as("generation").isEqualTo(generation);

            Map<TopicPartition, String> nowOwned = new HashMap<>();
            Set<TopicPartition> targets = new HashSet<>();
            for (GroupSnapshot.Member m : snapshot.members()) {
                for (TopicPartition tp : m.owned()) {
                    String earlier = nowOwned.put(tp, m.id());
                    assertThat(earlier).as("%s owned by %s and %s", tp, earlier, m.id()).isNull();
                }
                for (TopicPartition tp : m.assigned()) {
                    assertThat(targets.add(tp)).as("%s assigned twice", tp).isTrue();
                }
            }
            if (!members.isEmpty()) {
                assertThat(targets).as("with members, every partition is assigned").isEqualTo(allPartitions());
            }

            Map<TopicPartition, Long> nowCommitted = new HashMap<>();
            for (CommittedOffset c : OFFSETS.committed(groupId)) {
                nowCommitted.put(new TopicPartition(c.topic(), c.partition()), c.offset());
            }
            nowCommitted.forEach((tp, offset) -> {
                Long before = committed.get(tp);
                assertThat(offset).as("committed offset of %s", tp).isLessThanOrEqualTo(ends.getOrDefault(tp, 0L));
                if (before != null && offset < before) {
                    assertThat(sought).as("%s committed back from %d to %d without a seek", tp, before, offset).contains(tp);
                }
                if (!offset.equals(before)) {
                    sought.remove(tp);
                }
            });
            assertThat(nowCommitted.keySet()).as("a committed offset never disappears").containsAll(committed.keySet());

            nowOwned.forEach((tp, owner) -> {
                if (!owner.equals(owners.get(tp))) {
                    long expected = nowCommitted.getOrDefault(tp, 0L);
                    Long position = members.get(owner).positions.get(tp);
                    assertThat(position).as("%s takes %s over at its committed offset", owner, tp).isEqualTo(expected);
                    HAND_OVERS.incrementAndGet();
                    REDELIVERED.addAndGet(Math.max(0, delivered.getOrDefault(tp, 0L) - expected));
                }
            });
            committed = nowCommitted;
            owners = nowOwned;
        }

        private Set<TopicPartition> allPartitions() {
            Set<TopicPartition> all = new HashSet<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(TOPIC, p));
            }
            return all;
        }

        private static InstanceConfig config(boolean autoCommit) {
            return new InstanceConfig(EmbeddedFormat.JSON, OffsetReset.EARLIEST, autoCommit, 1, Duration.ofSeconds(1), TIMEOUT, null);
        }
    }
}

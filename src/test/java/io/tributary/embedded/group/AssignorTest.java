package io.tributary.embedded.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.TopicPartition;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AssignorTest {

    private static final Map<String, Integer> PAYMENT_DONE = Map.of("payment-done", 3);

    @Nested
    class Range {

        private final Assignor range = new RangeAssignor();

        @Test
        void threePartitionsOverTwoMembersGiveTheFirstTwo() {
            assertThat(render(range.assign(subscribe("payment-done", "c1", "c0"), PAYMENT_DONE, Map.of())))
                    .isEqualTo("c0=[payment-done-0, payment-done-1] c1=[payment-done-2]");
        }

        @Test
        void eachTopicIsSplitSeparately() {
            var result = range.assign(subscribe(Set.of("t1", "t2"), "c0", "c1"), Map.of("t1", 3, "t2", 3), Map.of());

            assertThat(render(result)).isEqualTo("c0=[t1-0, t1-1, t2-0, t2-1] c1=[t1-2, t2-2]");
        }

        @Test
        void mixedSubscriptionsAsKafkaDoes() {
            var result = range.assign(mixed(), Map.of("topic1", 3, "topic2", 2), Map.of());

            assertThat(render(result)).isEqualTo("consumer1=[topic1-0] consumer2=[topic1-1, topic2-0, topic2-1] consumer3=[topic1-2]");
        }

        @Test
        void moreMembersThanPartitionsLeavesTheLastIdle() {
            var subscriptions = subscribe("payment-done", "c0", "c1", "c2", "c3");
            var result = range.assign(subscriptions, PAYMENT_DONE, Map.of());

            assertEveryPartitionOnceToASubscriber(result, subscriptions, PAYMENT_DONE);
            assertThat(result.get("c3")).isEmpty();
            assertThat(List.of("c0", "c1", "c2")).allSatisfy(m -> assertThat(result.get(m)).hasSize(1));
        }
    }

    @Nested
    class RoundRobin {

        private final Assignor roundRobin = new RoundRobinAssignor();

        @Test
        void threePartitionsOverTwoMembersAlternate() {
            assertThat(render(roundRobin.assign(subscribe("payment-done", "c0", "c1"), PAYMENT_DONE, Map.of())))
                    .isEqualTo("c0=[payment-done-0, payment-done-2] c1=[payment-done-1]");
        }

        @Test
        void dealsAllTopicsInOneTurn() {
            var result = roundRobin.assign(subscribe(Set.of("t1", "t2"), "c0", "c1"), Map.of("t1", 3, "t2", 3), Map.of());

            assertThat(render(result)).isEqualTo("c0=[t1-0, t1-2, t2-1] c1=[t1-1, t2-0, t2-2]");
        }

        @Test
        void skipsMembersNotSubscribedToTheTopicAsKafkaDoes() {
            var result = roundRobin.assign(mixed(), Map.of("topic1", 3, "topic2", 2), Map.of());

            assertThat(render(result)).isEqualTo("consumer1=[topic1-0] consumer2=[topic1-1, topic2-0, topic2-1] consumer3=[topic1-2]");
        }
    }

    @Nested
    class Sticky {

        private final Assignor sticky = new StickyAssignor();

        @Test
        void withoutHistoryItMatchesRoundRobin() {
            var subscriptions = subscribe(Set.of("t1", "t2"), "a", "b", "c");
            var counts = Map.of("t1", 4, "t2", 3);

            assertThat(sticky.assign(subscriptions, counts, Map.of()))
                    .isEqualTo(new RoundRobinAssignor().assign(subscriptions, counts, Map.of()));
        }

        @Test
        void seedCasesOneEachTwoAndOneAndAnIdleMember() {
            assertThat(partitionCounts(stickyFresh("c0", "c1", "c2"))).containsExactly(1, 1, 1);
            assertThat(partitionCounts(stickyFresh("c0", "c1"))).containsExactly(2, 1);
            assertThat(partitionCounts(stickyFresh("c0", "c1", "c2", "c3"))).containsExactly(1, 1, 1, 0);
        }

        /** Sticky's assignment of payment-done to these members, without history, checked to cover it once. */
        private Map<String, SortedSet<TopicPartition>> stickyFresh(String... members) {
            var subscriptions = subscribe("payment-done", members);
            var result = sticky.assign(subscriptions, PAYMENT_DONE, Map.of());
            assertEveryPartitionOnceToASubscriber(result, subscriptions, PAYMENT_DONE);
            return result;
        }

        @Test
        void theIdleMemberTakesOverTheLeaversPartitionAndNothingElseMoves() {
            var before = sticky.assign(subscribe("payment-done", "c0", "c1", "c2", "c3"), PAYMENT_DONE, Map.of());

            var subscriptions = subscribe("payment-done", "c0", "c2", "c3");
            var after = sticky.assign(subscriptions, PAYMENT_DONE, before);

            assertThat(before.get("c3")).isEmpty();
            assertEveryPartitionOnceToASubscriber(after, subscriptions, PAYMENT_DONE);
            assertThat(after.get("c3")).isEqualTo(before.get("c1"));
            assertThat(after.get("c0")).isEqualTo(before.get("c0"));
            assertThat(after.get("c2")).isEqualTo(before.get("c2"));
        }

        @Test
        void aJoiningMemberTakesOnlyWhatBalanceRequires() {
            var counts = Map.of("t", 6);
            var before = sticky.assign(subscribe("t", "a", "b"), counts, Map.of());

            var after = sticky.assign(subscribe("t", "a", "b", "c"), counts, before);

            assertThat(moves(before, after)).isEqualTo(2);
            assertThat(after.get("c")).hasSize(2);
            assertBalanced(after);
        }

        @Test
        void aLeavingMembersPartitionsAreSpreadAndOthersStay() {
            var counts = Map.of("t1", 4, "t2", 5);
            var before = sticky.assign(subscribe(Set.of("t1", "t2"), "a", "b", "c"), counts, Map.of());

            var after = sticky.assign(subscribe(Set.of("t1", "t2"), "a", "c"), counts, before);

            assertThat(after.get("a")).containsAll(before.get("a"));
            assertThat(after.get("c")).containsAll(before.get("c"));
            assertBalanced(after);
        }

        @Test
        void anOverloadedCurrentAssignmentIsRebalanced() {
            var current = Map.of("a", partitions("t", 0, 1, 2, 3, 4, 5), "b", partitions("t"));

            var subscriptions = subscribe("t", "a", "b");
            var after = sticky.assign(subscriptions, Map.of("t", 6), current);

            assertEveryPartitionOnceToASubscriber(after, subscriptions, Map.of("t", 6));
            assertBalanced(after);
            assertThat(current.get("a")).containsAll(after.get("a")); // a gives up only what balance requires
            assertThat(moves(current, after)).isEqualTo(3);
        }

        @Test
        void partitionsOfTopicsNoLongerSubscribedOrGoneAreDropped() {
            var current = Map.of("a", partitions("t", 0, 1, 2), "b", partitions("gone", 0));

            var subscriptions = subscribe("t", "a", "b");
            var after = sticky.assign(subscriptions, Map.of("t", 2), current);

            // t-2 is gone (t has 2 partitions now), "gone" is no longer subscribed: only t-0 and t-1 remain
            assertEveryPartitionOnceToASubscriber(after, subscriptions, Map.of("t", 2));
            assertBalanced(after);
        }

        @Test
        void mixedSubscriptionsAreBalancedWithinWhatEachMayRead() {
            var result = sticky.assign(mixed(), Map.of("topic1", 3, "topic2", 2), Map.of());

            assertEveryPartitionOnceToASubscriber(result, mixed(), Map.of("topic1", 3, "topic2", 2));
            assertThat(result.get("consumer2")).contains(tp("topic2", 0), tp("topic2", 1));
            assertThat(result.values()).allSatisfy(s -> assertThat(s).isNotEmpty());
        }

        @ParameterizedTest
        @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
        void randomJoinsAndLeavesStayBalancedAndMoveTheMinimum(long seed) {
            Random random = new Random(seed);
            Map<String, Integer> counts = Map.of("a", 1 + random.nextInt(7), "b", 1 + random.nextInt(13));
            List<String> members = new ArrayList<>(List.of("m0", "m1"));
            SortedMap<String, SortedSet<TopicPartition>> current = new TreeMap<>();
            for (int round = 0; round < 40; round++) {
                if (members.size() > 1 && random.nextBoolean()) {
                    members.remove(random.nextInt(members.size()));
                } else {
                    members.add("m" + (round + 2));
                }
                var next = sticky.assign(subscribe(Set.of("a", "b"), members.toArray(String[]::new)), counts, current);

                assertThat(next.values().stream().mapToInt(Set::size).sum()).isEqualTo(counts.get("a") + counts.get("b"));
                assertBalanced(next);
                assertThat(moves(current, next)).as("moves in round %d", round).isEqualTo(minimalMoves(current, next));
                current = next;
            }
        }
    }

    @Test
    void namedAcceptsShortAndKafkaNames() {
        assertThat(Assignor.named("range")).isInstanceOf(RangeAssignor.class);
        assertThat(Assignor.named("RoundRobin")).isInstanceOf(RoundRobinAssignor.class);
        assertThat(Assignor.named("org.apache.kafka.clients.consumer.StickyAssignor")).isInstanceOf(StickyAssignor.class);
        assertThat(Assignor.named("cooperative-sticky")).isInstanceOf(StickyAssignor.class);
        assertThatThrownBy(() -> Assignor.named("random")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("range, roundrobin or sticky");
    }

    private static Map<String, Set<String>> subscribe(String topic, String... members) {
        return subscribe(Set.of(topic), members);
    }

    private static Map<String, Set<String>> subscribe(Set<String> topics, String... members) {
        return Arrays.stream(members).collect(Collectors.toMap(m -> m, m -> topics));
    }

    private static Map<String, Set<String>> mixed() {
        return Map.of("consumer1", Set.of("topic1"), "consumer2", Set.of("topic1", "topic2"), "consumer3", Set.of("topic1"));
    }

    private static TopicPartition tp(String topic, int partition) {
        return new TopicPartition(topic, partition);
    }

    private static Set<TopicPartition> partitions(String topic, int... ps) {
        return Arrays.stream(ps).mapToObj(p -> tp(topic, p)).collect(Collectors.toSet());
    }

    private static String render(Map<String, ? extends Set<TopicPartition>> assignment) {
        return new TreeMap<>(assignment).entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue().stream().sorted(TopicPartition.ORDER).toList())
                .collect(Collectors.joining(" "));
    }

    /** Every partition of the counted topics goes to exactly one member, and only to a member subscribed to its topic. */
    private static void assertEveryPartitionOnceToASubscriber(Map<String, ? extends Set<TopicPartition>> assignment,
                                                              Map<String, Set<String>> subscriptions, Map<String, Integer> counts) {
        assertThat(assignment.keySet()).isEqualTo(subscriptions.keySet());
        assignment.forEach((member, owned) -> assertThat(owned).as("%s's partitions", member)
                .allMatch(tp -> subscriptions.get(member).contains(tp.topic())));
        List<TopicPartition> assigned = assignment.values().stream().flatMap(Set::stream).toList();
        List<TopicPartition> all = counts.entrySet().stream()
                .flatMap(e -> java.util.stream.IntStream.range(0, e.getValue()).mapToObj(p -> tp(e.getKey(), p))).toList();
        assertThat(assigned).as(render(assignment)).containsExactlyInAnyOrderElementsOf(all);
    }

    /** The members' partition counts, largest first. */
    private static List<Integer> partitionCounts(Map<String, ? extends Set<TopicPartition>> assignment) {
        return assignment.values().stream().map(Set::size).sorted(Comparator.reverseOrder()).toList();
    }

    private static void assertBalanced(Map<String, ? extends Set<TopicPartition>> assignment) {
        var sizes = assignment.values().stream().mapToInt(Set::size).summaryStatistics();
        assertThat(sizes.getMax() - sizes.getMin()).as("partition counts of %s", render(assignment)).isLessThanOrEqualTo(1);
    }

    /** Partitions that a member still present owned before and does not own now. */
    private static long moves(Map<String, ? extends Set<TopicPartition>> before, Map<String, ? extends Set<TopicPartition>> after) {
        return before.entrySet().stream().filter(e -> after.containsKey(e.getKey()))
                .mapToLong(e -> e.getValue().stream().filter(tp -> !after.get(e.getKey()).contains(tp)).count())
                .sum();
    }

    /** With equal subscriptions: each staying member keeps up to its quota, the largest holders get the larger quota. */
    private static long minimalMoves(Map<String, ? extends Set<TopicPartition>> before, Map<String, ? extends Set<TopicPartition>> after) {
        int total = after.values().stream().mapToInt(Set::size).sum();
        int members = after.size();
        List<Integer> held = new ArrayList<>();
        after.keySet().forEach(m -> held.add(before.containsKey(m) ? before.get(m).size() : 0));
        held.sort(Comparator.reverseOrder());
        long moves = 0;
        for (int i = 0; i < held.size(); i++) {
            int quota = total / members + (i < total % members ? 1 : 0);
            moves += Math.max(0, held.get(i) - quota);
        }
        return moves;
    }
}

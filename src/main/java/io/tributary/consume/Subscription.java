package io.tributary.consume;

import io.tributary.common.TopicPartition;

import java.util.Collection;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.PatternSyntaxException;

/** What a consumer instance reads: nothing yet, topics by name or pattern (group-managed), or partitions it chose. */
public sealed interface Subscription {

    /** Whether the group decides this member's partitions. */
    default boolean groupManaged() {
        return false;
    }

    /** The existing topics this subscription covers, sorted. */
    default SortedSet<String> topics(Collection<String> existingTopics) {
        return Collections.emptySortedSet();
    }

    record None() implements Subscription {
    }

    /** Topics by name; names of topics that do not exist yet are kept and picked up once created, as Kafka does. */
    record Topics(SortedSet<String> names) implements Subscription {

        public Topics {
            names = Collections.unmodifiableSortedSet(new TreeSet<>(names));
        }

        @Override
        public boolean groupManaged() {
            return true;
        }

        @Override
        public SortedSet<String> topics(Collection<String> existingTopics) {
            SortedSet<String> result = new TreeSet<>(names);
            result.retainAll(existingTopics);
            return result;
        }
    }

    /**
     * Every topic whose whole name matches the regular expression, now or when created later, among those the
     * instance's principal may read ({@code readable}): as with Kafka's pattern subscriptions, the pattern only ever
     * yields authorized topics. A client's expression may backtrack catastrophically ({@code (a+)+b} against a long
     * name of a's): each match gets a budget of steps, and a name that exhausts it counts as not matching, so no group
     * is held up by one subscriber's pattern.
     */
    record Pattern(java.util.regex.Pattern regex, Predicate<String> readable) implements Subscription {

        /** Characters the matcher may look at per topic name; a sane pattern needs a few per character of a name. */
        static final int MATCH_BUDGET = 200_000;

        /** @throws IllegalArgumentException when the expression does not compile */
        public static Pattern compile(String regex, Predicate<String> readable) {
            try {
                return new Pattern(java.util.regex.Pattern.compile(regex), readable);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("Invalid topic_pattern '" + regex + "': " + e.getDescription());
            }
        }

        @Override
        public boolean groupManaged() {
            return true;
        }

        @Override
        public SortedSet<String> topics(Collection<String> existingTopics) {
            SortedSet<String> result = new TreeSet<>();
            existingTopics.stream().filter(t -> matches(t) && readable.test(t)).forEach(result::add);
            return result;
        }

        boolean matches(String topic) {
            try {
                return regex.matcher(new BudgetedChars(topic, MATCH_BUDGET)).matches();
            } catch (BudgetedChars.Exhausted e) {
                return false;
            }
        }

        /** Equal patterns of one instance (one principal) select the same topics. */
        @Override
        public boolean equals(Object o) {
            return o instanceof Pattern other && other.regex.pattern().equals(regex.pattern());
        }

        @Override
        public int hashCode() {
            return regex.pattern().hashCode();
        }

        @Override
        public String toString() {
            return "Pattern[" + regex.pattern() + "]";
        }
    }

    /** Partitions assigned by the client itself, outside group management (Kafka's {@code assign()}). */
    record Manual(SortedSet<TopicPartition> partitions) implements Subscription {

        public Manual {
            SortedSet<TopicPartition> copy = new TreeSet<>(TopicPartition.ORDER);
            copy.addAll(partitions);
            partitions = Collections.unmodifiableSortedSet(copy);
        }
    }
}

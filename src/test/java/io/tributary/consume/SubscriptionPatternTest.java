package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A topic_pattern comes from a client: it matches whole names, and one that backtracks forever cannot stall a group. */
class SubscriptionPatternTest {

    @Test
    void aPatternMatchesWholeTopicNames() {
        var pattern = Subscription.Pattern.compile("payments-.*", topic -> true);
        assertThat(pattern.topics(List.of("payments-eu", "payments-", "x-payments-eu", "payment"))).containsExactly("payments-", "payments-eu");
    }

    /** (a+)+b against 60 a's takes 2^60 steps without a budget. */
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void aCatastrophicallyBacktrackingPatternCountsAsNoMatch() {
        var pattern = Subscription.Pattern.compile("(a+)+b", topic -> true);
        assertThat(pattern.topics(List.of("a".repeat(60), "aab", "a".repeat(249)))).containsExactly("aab");
    }
}

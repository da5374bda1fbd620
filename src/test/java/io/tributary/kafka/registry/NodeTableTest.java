package io.tributary.kafka.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

/**
 * Liveness of the other nodes is judged by the brokers' clock (heartbeat append times) and this node's monotonic
 * time, never by this node's wall clock: a node whose clock is a day ahead of or behind the brokers' sees the same
 * nodes alive and dead as one whose clock agrees.
 */
class NodeTableTest {

    private static final URI URL = URI.create("http://a:8080");
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final AtomicLong nanos = new AtomicLong(123_456_789L);
    private final NodeTable table = new NodeTable("self", TIMEOUT, nanos::get);

    private void elapse(long millis) {
        nanos.addAndGet(millis * 1_000_000L);
    }

    @Test
    void brokerTimeFarFromThisNodesWallClockStillGivesTheRightAnswers() {
        // the brokers' clock a day behind this node's wall clock, and a day ahead: the same answers either way
        for (long brokerNow : new long[] {System.currentTimeMillis() - 86_400_000L, System.currentTimeMillis() + 86_400_000L}) {
            NodeTable nodes = new NodeTable("self", TIMEOUT, nanos::get);
            nodes.heard("self", URL, brokerNow);
            nodes.heard("other", URL, brokerNow - 2_000);
            assertThat(nodes.alive("other")).as("heard 2 s ago by the brokers' clock").isTrue();
            assertThat(nodes.deadFor("other")).isZero();
        }
    }

    @Test
    void aSilentNodeDiesAfterTheTimeoutOfBrokerTimeAndItsDeathIsMeasuredFromThere() {
        long t0 = 1_000_000_000L; // broker time, unrelated to any wall clock
        table.heard("other", URL, t0);
        table.heard("quiet", URL, t0);
        for (int second = 1; second <= 9; second++) {
            elapse(1_000);
            table.heard("self", URL, t0 + second * 1_000L);
            table.heard("other", URL, t0 + second * 1_000L);
        }
        assertThat(table.alive("quiet")).as("silent for 9 s").isTrue();
        elapse(1_500); // no heartbeat heard: monotonic time carries the brokers' clock on
        assertThat(table.alive("quiet")).as("silent for 10.5 s").isFalse();
        assertThat(table.alive("other")).as("heard 1.5 s ago").isTrue();
        assertThat(table.deadFor("quiet")).isEqualTo(Duration.ofMillis(500));
        elapse(60_000);
        assertThat(table.deadFor("quiet")).isEqualTo(Duration.ofMillis(60_500));
        assertThat(table.alive("self")).as("always alive to itself").isTrue();
    }

    @Test
    void aBackwardStepOfTheBrokersClockDoesNotReviveTheDead() {
        long t0 = 5_000_000L;
        table.heard("quiet", URL, t0);
        table.heard("self", URL, t0 + 30_000);
        assertThat(table.alive("quiet")).isFalse();
        table.heard("self", URL, t0 + 1_000); // an append time from before: the clock of a new partition leader behind
        assertThat(table.alive("quiet")).as("the newest broker time heard is kept").isFalse();
    }

    @Test
    void aNodeThatStoppedIsDeadAtOnceAndOneNeverHeardOfDiedBeforeThisNodeStarted() {
        table.heard("self", URL, 10_000);
        table.heard("gone", URL, 9_000);
        table.heard("gone", null, 9_500);
        assertThat(table.alive("gone")).isFalse();
        assertThat(table.deadFor("gone")).isEqualTo(Duration.ofMillis(500));
        assertThat(table.url("gone")).contains(URL);
        elapse(3_000);
        assertThat(table.alive("never")).isFalse();
        assertThat(table.deadFor("never")).isEqualTo(Duration.ofMillis(3_000));
    }
}

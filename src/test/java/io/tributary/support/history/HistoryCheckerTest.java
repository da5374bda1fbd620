package io.tributary.support.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.TopicPartition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The checker on hand-made histories: a clean one has no anomaly, and each class is found (and only it) in a history
 * made to have exactly one of it.
 */
class HistoryCheckerTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final String GROUP = "g";

    private final History history = new History();
    private final HistoryChecker checker = new HistoryChecker(history);

    /** Sends and acknowledges {@code count} records "r0", "r1"... at offsets 0.. of P0. */
    private void produced(int count) {
        for (int i = 0; i < count; i++) {
            history.invoked("r" + i, "t");
            history.acknowledged("r" + i, P0, i);
        }
    }

    /** P0 as read: records r0.. at offsets 0.., or as given. */
    private static LogSnapshot log(TopicPartition tp, long end, Seen... records) {
        return LogSnapshot.plain(tp, 0, end, List.of(records));
    }

    private static Seen r(long offset, String id) {
        return Seen.of(offset, id, null);
    }

    private static Seen[] dense(int count) {
        List<Seen> records = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            records.add(r(i, "r" + i));
        }
        return records.toArray(Seen[]::new);
    }

    private HistoryReport onlyAnomaly(Anomaly anomaly) {
        HistoryReport report = checker.report();
        assertThat(report.count(anomaly)).as(report.toString()).isEqualTo(1);
        assertThat(report.anomalies()).as("no other class: " + report).isEqualTo(1);
        assertThat(report.examples().get(anomaly)).hasSize(1);
        assertThat(report.toString()).contains("anomalies: 1").contains(anomaly.label() + " 1");
        return report;
    }

    @Test
    void aCleanHistoryHasNoAnomalyAndItsFigures() {
        produced(3);
        history.invoked("x", "t");
        history.unknown("x"); // never answered, never stored: allowed
        history.commitSent(GROUP, P0, 2);
        history.commitAcknowledged(GROUP, P0, 2);
        history.polled(GROUP, "c1", P0, r(2, "r2")); // a new member starts at the committed offset
        history.committedObserved(GROUP, P0, 2);
        checker.checkLog(List.of(log(P0, 3, dense(3)), log(P1, 0)));

        HistoryReport report = checker.report();
        assertThat(report.anomalies()).as(report.toString()).isZero();
        assertThat(report.figure(Figure.SENT)).isEqualTo(4);
        assertThat(report.figure(Figure.ACKNOWLEDGED)).isEqualTo(3);
        assertThat(report.figure(Figure.UNKNOWN)).isEqualTo(1);
        assertThat(report.figure(Figure.RECORDS_CHECKED)).isEqualTo(3);
        assertThat(report.figure(Figure.PROMISES_CHECKED)).isEqualTo(3);
        assertThat(report.figure(Figure.COMMITS_OBSERVED)).isEqualTo(1);
        assertThat(report.toString()).startsWith("history: 4 records sent, 3 acknowledged")
                .contains("anomalies: 0 (lost 0, duplicates 0, inconsistent offsets 0, aborted reads 0, poll skips 0, "
                        + "commit regressions 0, phantom commits 0)");
    }

    @Test
    void anAcknowledgedRecordMissingFromTheLogIsLost() {
        produced(3);
        checker.checkLog(List.of(log(P0, 2, dense(2))));
        assertThat(onlyAnomaly(Anomaly.LOST).examples().get(Anomaly.LOST).get(0)).contains("t-0/2: r2 is missing");
    }

    @Test
    void aRecordAReaderWasGivenMustStayToo() {
        history.invoked("r0", "t"); // never acknowledged (the answer was lost), but read
        history.read(P0, r(0, "r0"));
        history.invoked("r1", "t");
        checker.checkLog(List.of(log(P0, 1, r(0, "r1"))));
        onlyAnomaly(Anomaly.LOST);
    }

    @Test
    void aRecordAtTwoOffsetsIsADuplicate() {
        produced(2);
        checker.checkLog(List.of(log(P0, 3, r(0, "r0"), r(1, "r1"), r(2, "r0"))));
        assertThat(onlyAnomaly(Anomaly.DUPLICATE).examples().get(Anomaly.DUPLICATE).get(0)).contains("r0 at t-0/0");
    }

    @Test
    void aRecordAcknowledgedAtTwoOffsetsIsADuplicateButARetryWithoutAKeyIsTolerated() {
        history.invoked("a", "t");
        history.acknowledged("a", P0, 0);
        history.acknowledged("a", P1, 0); // an idempotent retry answered with another place
        onlyAnomaly(Anomaly.DUPLICATE);

        History plain = new History();
        plain.invoked("b", "t");
        plain.retried("b", false);
        plain.acknowledged("b", P0, 0);
        plain.acknowledged("b", P0, 1);
        HistoryReport report = new HistoryChecker(plain).checkLog(List.of(log(P0, 2, r(0, "b"), r(1, "b")))).report();
        assertThat(report.anomalies()).as(report.toString()).isZero();
        assertThat(report.figure(Figure.TOLERATED_DUPLICATES)).isEqualTo(1);
    }

    @Test
    void twoRecordsAtOneOffsetAreAnInconsistentOffset() {
        produced(2);
        history.polled(GROUP, "c", P0, r(0, "r0"));
        history.polled(GROUP, "c", P0, r(1, "r0x")); // read where r1 was acknowledged
        history.invoked("r0x", "t");
        onlyAnomaly(Anomaly.INCONSISTENT_OFFSET);
    }

    @Test
    void aHoleInALogWithoutCompactionIsAnInconsistentOffset() {
        history.invoked("a", "t");
        history.invoked("b", "t"); // neither acknowledged: only the hole between them is wrong
        checker.checkLog(List.of(log(P0, 3, r(0, "a"), r(2, "b"))));
        assertThat(onlyAnomaly(Anomaly.INCONSISTENT_OFFSET).examples().get(Anomaly.INCONSISTENT_OFFSET).get(0))
                .contains("a hole from 1 to 1");
    }

    @Test
    void aRecordWhoseProduceFailedMustNeverBeRead() {
        produced(1);
        history.invoked("refused", "t");
        history.failed("refused");
        checker.checkLog(List.of(log(P0, 2, r(0, "r0"), r(1, "refused"))));
        assertThat(onlyAnomaly(Anomaly.ABORTED_READ).examples().get(Anomaly.ABORTED_READ).get(0))
                .contains("whose produce failed");
    }

    @Test
    void aRecordNeverSentOrNotAsSentIsAnAbortedRead() {
        history.invoked("k", "t", 1, "key", "k"); // sent to partition 1 with a key
        checker.checkLog(List.of(log(P0, 1, new Seen(0, "k", "key", "k"))));
        assertThat(onlyAnomaly(Anomaly.ABORTED_READ).examples().get(Anomaly.ABORTED_READ).get(0)).contains("sent to t-1");

        History other = new History();
        other.invoked("v", "t", -1, "key", "v");
        other.read(P0, new Seen(0, "v", "another", "v"));
        other.read(P0, new Seen(1, "garbage", null, "garbage"));
        HistoryReport report = new HistoryChecker(other).report();
        assertThat(report.count(Anomaly.ABORTED_READ)).as(report.toString()).isEqualTo(2);
        assertThat(report.anomalies()).isEqualTo(2);
    }

    @Test
    void aMemberJumpingOverRecordsSkipsThem() {
        produced(6);
        history.polled(GROUP, "c", P0, r(0, "r0"));
        history.polled(GROUP, "c", P0, r(1, "r1"));
        history.polled(GROUP, "c", P0, r(3, "r3")); // 2 skipped
        assertThat(onlyAnomaly(Anomaly.POLL_SKIP).examples().get(Anomaly.POLL_SKIP).get(0)).contains("where 2 was next");
    }

    @Test
    void afterARebalanceTheNextRecordIsTheCommittedOffsetNotAnyOther() {
        produced(8);
        history.polled(GROUP, "a", P0, r(0, "r0"));
        history.commitSent(GROUP, P0, 1);
        history.commitAcknowledged(GROUP, P0, 1);
        history.polled(GROUP, "b", P0, r(1, "r1")); // b's first record: the committed offset
        history.polled(GROUP, "b", P0, r(2, "r2"));
        history.commitSent(GROUP, P0, 3);
        history.commitAcknowledged(GROUP, P0, 3);
        history.polled(GROUP, "a", P0, r(3, "r3")); // a gets it back: a jump to the committed offset
        history.commitSent(GROUP, P0, 6);
        history.commitRefused(GROUP, P0, 6); // fenced: never took effect
        history.rebalanced("a");
        history.polled(GROUP, "a", P0, r(3, "r3")); // again from the committed 3: redelivered, fine
        history.polled(GROUP, "a", P0, r(4, "r4"));
        history.polled(GROUP, "a", P0, r(4, "r4")); // given again without a rebalance: at-least-once, counted
        assertThat(checker.report().anomalies()).as(checker.report().toString()).isZero();
        assertThat(checker.report().figure(Figure.REDELIVERED)).as("r3 and r4 given to a twice").isEqualTo(2);

        history.rebalanced("b");
        history.polled(GROUP, "b", P0, r(6, "r6")); // from the refused commit: 3 to 5 skipped
        onlyAnomaly(Anomaly.POLL_SKIP);
    }

    @Test
    void pollsOfACompactedTopicMayJump() {
        history.compacted("t");
        produced(4);
        history.polled(GROUP, "c", P0, r(0, "r0"));
        history.polled(GROUP, "c", P0, r(3, "r3"));
        assertThat(checker.report().anomalies()).isZero();
    }

    @Test
    void aCommittedOffsetBelowAnAcknowledgedCommitIsARegression() {
        history.commitSent(GROUP, P0, 5);
        history.commitAcknowledged(GROUP, P0, 5);
        history.commitSent(GROUP, P0, 9); // outcome unknown: 5 or 9 may be stored
        history.committedObserved(GROUP, P0, 9);
        history.committedObserved(GROUP, P0, 5);
        assertThat(checker.report().anomalies()).isZero();
        history.committedObserved(GROUP, P0, 4);
        onlyAnomaly(Anomaly.COMMIT_REGRESSION);
    }

    @Test
    void aCommittedOffsetAboveEveryCommitSentIsAPhantom() {
        history.commitSent(GROUP, P1, 5);
        history.commitAcknowledged(GROUP, P1, 5);
        history.committedObserved(GROUP, P1, 6);
        onlyAnomaly(Anomaly.PHANTOM_COMMIT);
    }

    @Test
    void aCompactedLogMayLoseARecordOnlyUnderALaterOneOfItsKey() {
        history.invoked("a1", "t", -1, "a", "a1");
        history.acknowledged("a1", P0, 0);
        history.invoked("b1", "t", -1, "b", "b1");
        history.acknowledged("b1", P0, 1);
        history.invoked("a2", "t", -1, "a", null); // a tombstone
        history.acknowledged("a2", P0, 2);
        checker.checkLog(List.of(new LogSnapshot(P0, 0, 3, List.of(new Seen(2, "a2", "a", null)), true, 0)));
        // a1 is superseded by a2; b1 has no later record of its key
        assertThat(onlyAnomaly(Anomaly.LOST).examples().get(Anomaly.LOST).get(0)).contains("b1 is missing");
    }

    @Test
    void recordsBelowWhereRetentionHadTheStartMayBeGoneButTheStartMayNotPassIt() {
        produced(4);
        checker.checkLog(List.of(new LogSnapshot(P0, 2, 4, List.of(r(2, "r2"), r(3, "r3")), false, 2)));
        assertThat(checker.report().anomalies()).as(checker.report().toString()).isZero();
        checker.checkLog(List.of(new LogSnapshot(P0, 3, 4, List.of(r(3, "r3")), false, 2)));
        HistoryReport report = checker.report();
        assertThat(report.count(Anomaly.LOST)).as(report.toString()).isEqualTo(1); // r2
        assertThat(report.count(Anomaly.INCONSISTENT_OFFSET)).isEqualTo(1); // the start past 2
    }

    @Test
    void anAnomalySeenInEveryLogReadCountsOnceAndReportsAdd() {
        produced(2);
        for (int i = 0; i < 3; i++) {
            checker.checkLog(List.of(log(P0, 1, r(0, "r0"))));
        }
        HistoryReport report = onlyAnomaly(Anomaly.LOST);
        assertThat(report.figure(Figure.LOG_READS)).isEqualTo(3);
        HistoryReport twice = report.plus(report);
        assertThat(twice.count(Anomaly.LOST)).isEqualTo(2);
        assertThat(twice.figure(Figure.LOG_READS)).isEqualTo(6);
        assertThat(HistoryReport.empty().plus(report)).isEqualTo(report);
        assertThat(report.counts()).isInstanceOf(Map.class);
    }

    @Test
    void anIdInvokedTwiceIsTheTestsMistake() {
        history.invoked("same", "t");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> history.invoked("same", "t"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

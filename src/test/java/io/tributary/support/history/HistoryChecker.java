package io.tributary.support.history;

import io.tributary.common.TopicPartition;
import io.tributary.support.history.History.Acknowledged;
import io.tributary.support.history.History.CommitAcknowledged;
import io.tributary.support.history.History.CommitRefused;
import io.tributary.support.history.History.CommitSent;
import io.tributary.support.history.History.CommittedObserved;
import io.tributary.support.history.History.Event;
import io.tributary.support.history.History.Polled;
import io.tributary.support.history.History.Read;
import io.tributary.support.history.History.Rebalanced;
import io.tributary.support.history.History.Sent;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Holds a service to its {@link History}: what it acknowledged and what readers saw, against each other and against
 * reads of the whole log ({@link #checkLog}, after each restart, recovery or at the end), and the group's commits and
 * polls against each other. {@link #report()} gives the anomalies found so far, by {@link Anomaly class}
 * (docs/reliability.md, "The history checker" says what each class means).
 *
 * <p>Each call looks at the whole history again (tens of thousands of events take milliseconds); a read of the log is
 * checked when it is handed over and not kept, so a long run's millions of records read back cost no memory. The
 * history should be quiet while a log read is checked: every acknowledgement recorded by then must be in it.
 */
public final class HistoryChecker {

    private final History history;
    /** What the log reads found, kept across them; each anomaly once. */
    private final Findings fromLogs = new Findings();
    private final Set<String> toleratedFromLogs = new HashSet<>();
    private final EnumMap<Figure, Long> logFigures = new EnumMap<>(Figure.class);

    public HistoryChecker(History history) {
        this.history = history;
    }

    /**
     * Checks the partitions just read (all at one moment; records of one id in two of them are a duplicate): every
     * acknowledged or read record of these partitions at its offset, every stored record one that was sent there as it
     * reads and did not fail, each once, offsets increasing and (outside compaction) dense from where nothing may be
     * deleted to the end. Returns this checker.
     */
    public synchronized HistoryChecker checkLog(Collection<LogSnapshot> partitions) {
        Map<TopicPartition, Map<Long, String>> promised = new HashMap<>();
        for (Event event : history.events()) {
            if (event instanceof Acknowledged a) {
                promised.computeIfAbsent(a.at(), p -> new HashMap<>()).putIfAbsent(a.offset(), a.id());
            } else if (event instanceof Read r) {
                promised.computeIfAbsent(r.at(), p -> new HashMap<>()).putIfAbsent(r.record().offset(), r.record().id());
            } else if (event instanceof Polled p) {
                promised.computeIfAbsent(p.at(), x -> new HashMap<>()).putIfAbsent(p.record().offset(), p.record().id());
            }
        }
        Map<String, String> storedAt = new HashMap<>();
        for (LogSnapshot snapshot : partitions) {
            checkSnapshot(snapshot, promised.getOrDefault(snapshot.partition(), Map.of()), storedAt);
        }
        return this;
    }

    private void checkSnapshot(LogSnapshot log, Map<Long, String> promised, Map<String, String> storedAt) {
        TopicPartition tp = log.partition();
        count(logFigures, Figure.LOG_READS, 1);
        if (log.start() > log.deletableBelow()) {
            fromLogs.add(Anomaly.INCONSISTENT_OFFSET, "start:" + tp + "/" + log.deletableBelow(), tp + " starts at "
                    + log.start() + ", but nothing below " + log.deletableBelow() + " may be deleted");
        }
        Map<Long, Seen> byOffset = new HashMap<>();
        Map<String, Long> latestOfKey = new HashMap<>();
        long previous = log.start() - 1;
        for (Seen record : log.records()) {
            long offset = record.offset();
            if (offset <= previous || offset >= log.end()) {
                fromLogs.add(Anomaly.INCONSISTENT_OFFSET, "order:" + tp + "/" + offset, tp + ": offset " + offset
                        + " after " + previous + " (log " + log.start() + " to " + log.end() + ")");
            } else if (!log.compacted() && offset != previous + 1) {
                fromLogs.add(Anomaly.INCONSISTENT_OFFSET, "hole:" + tp + "/" + (previous + 1), tp + ": a hole from "
                        + (previous + 1) + " to " + (offset - 1));
            }
            previous = Math.max(previous, offset);
            byOffset.put(offset, record);
            if (record.key() != null) {
                latestOfKey.merge(record.key(), offset, Math::max);
            }
            String problem = problemWith(tp, record);
            if (problem != null) {
                fromLogs.add(Anomaly.ABORTED_READ, "aborted:" + tp + "/" + offset, tp + "/" + offset + " stores " + problem);
            }
            String here = tp + "/" + offset;
            String before = storedAt.putIfAbsent(record.id(), here);
            if (before != null) {
                duplicate(fromLogs, toleratedFromLogs, record.id(), before, here, "stored");
            }
        }
        count(logFigures, Figure.RECORDS_CHECKED, log.records().size());
        if (!log.compacted() && previous < log.end() - 1) {
            fromLogs.add(Anomaly.INCONSISTENT_OFFSET, "hole:" + tp + "/" + (previous + 1), tp + ": the end offset is "
                    + log.end() + " but the last record is at " + previous);
        }
        promised.forEach((offset, id) -> {
            count(logFigures, Figure.PROMISES_CHECKED, 1);
            if (offset < log.deletableBelow() && offset < log.start()) {
                return; // retention had deleted it
            }
            Seen found = byOffset.get(offset);
            if (found != null && found.id().equals(id)) {
                return;
            }
            if (found == null && log.compacted()) {
                Sent sent = history.sent(id);
                if (sent != null && sent.key() != null && latestOfKey.getOrDefault(sent.key(), -1L) > offset) {
                    return; // the cleaner removed it under a later record of its key
                }
            }
            fromLogs.add(Anomaly.LOST, "lost:" + tp + "/" + offset, tp + "/" + offset + ": " + id + " is "
                    + (found == null ? "missing" : "replaced by " + found.id()) + " (log " + log.start() + " to "
                    + log.end() + ")");
        });
    }

    /** Everything found so far: in the events now, and in every log read handed over before. */
    public synchronized HistoryReport report() {
        Findings findings = fromLogs.copy();
        Set<String> tolerated = new HashSet<>(toleratedFromLogs);
        EnumMap<Figure, Long> figures = new EnumMap<>(logFigures);
        List<Event> events = history.events();

        Set<String> refusedCommits = new HashSet<>();
        for (Event event : events) {
            if (event instanceof CommitRefused r) {
                refusedCommits.add(r.group() + "|" + r.at() + "|" + r.offset());
            }
        }
        Map<TopicPartition, Map<Long, String>> atOffset = new HashMap<>();
        Map<String, String> idAt = new HashMap<>();
        Set<String> acknowledgedIds = new HashSet<>();
        Map<String, Long> maxAcknowledgedCommit = new HashMap<>();
        Map<String, Long> maxSentCommit = new HashMap<>();
        Set<String> sentCommits = new HashSet<>();
        Map<String, Map<TopicPartition, Long>> nextOfConsumer = new HashMap<>();
        Map<String, Long> highestOfConsumer = new HashMap<>();
        for (Event event : events) {
            if (event instanceof Acknowledged a) {
                acknowledgedIds.add(a.id());
                place(findings, tolerated, atOffset, idAt, a.at(), a.offset(), a.id(), "acknowledged");
            } else if (event instanceof Read r) {
                count(figures, Figure.READ, 1);
                seen(findings, tolerated, atOffset, idAt, r.at(), r.record());
            } else if (event instanceof Polled p) {
                count(figures, Figure.POLLED, 1);
                seen(findings, tolerated, atOffset, idAt, p.at(), p.record());
                String groupPartition = p.group() + "|" + p.at();
                Map<TopicPartition, Long> next = nextOfConsumer.computeIfAbsent(p.consumer(), c -> new HashMap<>());
                Long own = next.get(p.at());
                // a member's first record of a partition comes from the committed offset (earliest: 0 without one)
                long expected = own != null ? own : maxAcknowledgedCommit.getOrDefault(groupPartition, 0L);
                long offset = p.record().offset();
                String commit = groupPartition + "|" + offset;
                String member = p.consumer() + "|" + p.at();
                Long highest = highestOfConsumer.get(member);
                if (highest != null && offset <= highest) {
                    count(figures, Figure.REDELIVERED, 1); // given to this member before: at-least-once
                }
                highestOfConsumer.merge(member, offset, Math::max);
                if (offset > expected && !history.compacted(p.at())
                        && !(sentCommits.contains(commit) && !refusedCommits.contains(commit))) {
                    // a jump is a rebalance only when it lands on an offset the group committed (or may have)
                    findings.add(Anomaly.POLL_SKIP, "skip:" + p.consumer() + "|" + p.at() + "|" + expected,
                            p.consumer() + " of " + p.group() + " got " + p.at() + "/" + offset + " where " + expected
                                    + " was next" + (own == null ? " (the committed offset)" : ""));
                }
                next.put(p.at(), offset + 1);
            } else if (event instanceof Rebalanced r) {
                nextOfConsumer.remove(r.consumer());
            } else if (event instanceof CommitSent c) {
                sentCommits.add(c.group() + "|" + c.at() + "|" + c.offset());
                maxSentCommit.merge(c.group() + "|" + c.at(), c.offset(), Math::max);
            } else if (event instanceof CommitAcknowledged c) {
                count(figures, Figure.COMMITS_ACKNOWLEDGED, 1);
                maxAcknowledgedCommit.merge(c.group() + "|" + c.at(), c.offset(), Math::max);
            } else if (event instanceof CommittedObserved o) {
                count(figures, Figure.COMMITS_OBSERVED, 1);
                String groupPartition = o.group() + "|" + o.at();
                long acknowledged = maxAcknowledgedCommit.getOrDefault(groupPartition, -1L);
                long sent = maxSentCommit.getOrDefault(groupPartition, -1L);
                if (o.offset() < acknowledged) {
                    findings.add(Anomaly.COMMIT_REGRESSION, "regression:" + groupPartition + "|" + o.offset(),
                            o.group() + " " + o.at() + ": committed " + o.offset() + ", acknowledged " + acknowledged);
                } else if (o.offset() > sent) {
                    findings.add(Anomaly.PHANTOM_COMMIT, "phantom:" + groupPartition + "|" + o.offset(),
                            o.group() + " " + o.at() + ": committed " + o.offset() + ", the highest sent " + sent);
                }
            } // CommitRefused: taken into account above (a definitely refused commit never took effect)
        }
        long unknown = 0;
        long resolved = 0;
        for (String id : history.sentIds()) {
            boolean acknowledged = acknowledgedIds.contains(id);
            if (!acknowledged && !history.isFailed(id)) {
                unknown++;
            } else if (acknowledged && history.unknownIds().contains(id)) {
                resolved++;
            }
        }
        count(figures, Figure.SENT, history.sentCount());
        count(figures, Figure.ACKNOWLEDGED, acknowledgedIds.size());
        count(figures, Figure.FAILED, history.failedCount());
        count(figures, Figure.UNKNOWN, unknown + resolved);
        count(figures, Figure.UNKNOWN_RESOLVED, resolved);
        count(figures, Figure.RETRIED_IDEMPOTENTLY, history.retriedIdempotentlyCount());
        count(figures, Figure.RETRIED_PLAINLY, history.retriedPlainlyCount());
        count(figures, Figure.TOLERATED_DUPLICATES, tolerated.size());
        return findings.report(figures);
    }

    /** A record a reader was given: one that may exist, at one offset, and the only one there. */
    private void seen(Findings findings, Set<String> tolerated, Map<TopicPartition, Map<Long, String>> atOffset,
                      Map<String, String> idAt, TopicPartition tp, Seen record) {
        String problem = problemWith(tp, record);
        if (problem != null) {
            findings.add(Anomaly.ABORTED_READ, "aborted:" + tp + "/" + record.offset(), "read " + tp + "/"
                    + record.offset() + ": " + problem);
        }
        place(findings, tolerated, atOffset, idAt, tp, record.offset(), record.id(), "read");
    }

    private void place(Findings findings, Set<String> tolerated, Map<TopicPartition, Map<Long, String>> atOffset,
                       Map<String, String> idAt, TopicPartition tp, long offset, String id, String how) {
        String other = atOffset.computeIfAbsent(tp, p -> new HashMap<>()).putIfAbsent(offset, id);
        if (other != null && !other.equals(id)) {
            findings.add(Anomaly.INCONSISTENT_OFFSET, "offset:" + tp + "/" + offset, tp + "/" + offset + ": " + other
                    + ", then " + id + " " + how + " there");
        }
        String here = tp + "/" + offset;
        String before = idAt.putIfAbsent(id, here);
        if (before != null && !before.equals(here)) {
            duplicate(findings, tolerated, id, before, here, how);
        }
    }

    private void duplicate(Findings findings, Set<String> tolerated, String id, String first, String second, String how) {
        if (history.retriedPlainly(id)) {
            tolerated.add(id); // a retry without a key may store a record twice: at-least-once
        } else {
            findings.add(Anomaly.DUPLICATE, "duplicate:" + id, id + " at " + first + ", " + how + " again at " + second);
        }
    }

    /** Why this record cannot be read at this partition, or null when it can. */
    private String problemWith(TopicPartition tp, Seen record) {
        Sent sent = history.sent(record.id());
        if (sent == null) {
            return record.id() + ", never sent";
        }
        if (history.isFailed(record.id())) {
            return record.id() + ", whose produce failed";
        }
        if (!sent.topic().equals(tp.topic()) || sent.partition() >= 0 && sent.partition() != tp.partition()) {
            return record.id() + ", sent to " + sent.topic() + (sent.partition() >= 0 ? "-" + sent.partition() : "");
        }
        if (!Objects.equals(sent.key(), record.key())) {
            return record.id() + " with key " + record.key() + ", sent with key " + sent.key();
        }
        if (!Objects.equals(sent.value(), record.value())) {
            return record.id() + " with value " + record.value() + ", sent with " + sent.value();
        }
        return null;
    }

    private static void count(EnumMap<Figure, Long> figures, Figure figure, long n) {
        figures.merge(figure, n, Long::sum);
    }

    /** Anomalies found, each (by its key) once, with the first few examples of each class. */
    private static final class Findings {
        private final EnumMap<Anomaly, Set<String>> keys = new EnumMap<>(Anomaly.class);
        private final EnumMap<Anomaly, List<String>> examples = new EnumMap<>(Anomaly.class);

        void add(Anomaly anomaly, String key, String example) {
            if (keys.computeIfAbsent(anomaly, a -> new HashSet<>()).add(key)) {
                List<String> kept = examples.computeIfAbsent(anomaly, a -> new ArrayList<>());
                if (kept.size() < HistoryReport.EXAMPLES) {
                    kept.add(example);
                }
            }
        }

        Findings copy() {
            Findings copy = new Findings();
            keys.forEach((a, set) -> copy.keys.put(a, new LinkedHashSet<>(set)));
            examples.forEach((a, list) -> copy.examples.put(a, new ArrayList<>(list)));
            return copy;
        }

        HistoryReport report(EnumMap<Figure, Long> figures) {
            EnumMap<Anomaly, Long> counts = new EnumMap<>(Anomaly.class);
            for (Anomaly anomaly : Anomaly.values()) {
                counts.put(anomaly, (long) keys.getOrDefault(anomaly, Set.of()).size());
            }
            return new HistoryReport(counts, examples, figures);
        }
    }
}

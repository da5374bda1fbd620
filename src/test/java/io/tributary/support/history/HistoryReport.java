package io.tributary.support.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the {@link HistoryChecker} found: the number of anomalies of each {@link Anomaly class} (each counted once,
 * however often it was seen), a few examples of each, and the {@link Figure figures} of what was checked. Immutable;
 * {@link #toString()} is the one line a fault test prints.
 */
public record HistoryReport(Map<Anomaly, Long> counts, Map<Anomaly, List<String>> examples, Map<Figure, Long> figures) {

    /** How many examples of each class a report keeps. */
    static final int EXAMPLES = 5;

    public HistoryReport {
        counts = Collections.unmodifiableMap(new EnumMap<>(counts.isEmpty() ? new EnumMap<>(Anomaly.class) : counts));
        EnumMap<Anomaly, List<String>> copied = new EnumMap<>(Anomaly.class);
        examples.forEach((anomaly, list) -> copied.put(anomaly, List.copyOf(list)));
        examples = Collections.unmodifiableMap(copied);
        figures = Collections.unmodifiableMap(new EnumMap<>(figures.isEmpty() ? new EnumMap<>(Figure.class) : figures));
    }

    /** A report of nothing checked; the start of a {@link #plus} chain. */
    public static HistoryReport empty() {
        return new HistoryReport(Map.of(), Map.of(), Map.of());
    }

    /** All anomalies, of every class. */
    public long anomalies() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public long count(Anomaly anomaly) {
        return counts.getOrDefault(anomaly, 0L);
    }

    public long figure(Figure figure) {
        return figures.getOrDefault(figure, 0L);
    }

    /** The sum of two reports (of separate histories: each run of a test that starts over), examples of both. */
    public HistoryReport plus(HistoryReport other) {
        EnumMap<Anomaly, Long> sumCounts = new EnumMap<>(Anomaly.class);
        EnumMap<Anomaly, List<String>> allExamples = new EnumMap<>(Anomaly.class);
        EnumMap<Figure, Long> sumFigures = new EnumMap<>(Figure.class);
        for (HistoryReport report : List.of(this, other)) {
            report.counts.forEach((a, n) -> sumCounts.merge(a, n, Long::sum));
            report.figures.forEach((f, n) -> sumFigures.merge(f, n, Long::sum));
            report.examples.forEach((a, list) -> {
                List<String> kept = allExamples.computeIfAbsent(a, x -> new ArrayList<>());
                list.stream().limit(Math.max(0, EXAMPLES - kept.size())).forEach(kept::add);
            });
        }
        return new HistoryReport(sumCounts, allExamples, sumFigures);
    }

    /**
     * One line: the figures that are not zero, then every anomaly class with its count ({@code anomalies: 0} when there
     * are none), then the examples if any.
     */
    @Override
    public String toString() {
        String figuresText = figures.entrySet().stream().filter(e -> e.getValue() != 0)
                .map(e -> String.format("%,d %s", e.getValue(), e.getKey().label())).collect(Collectors.joining(", "));
        StringBuilder line = new StringBuilder("history: ").append(figuresText.isEmpty() ? "nothing checked" : figuresText)
                .append("; anomalies: ").append(anomalies()).append(" (");
        for (Anomaly anomaly : Anomaly.values()) {
            line.append(anomaly.ordinal() == 0 ? "" : ", ").append(anomaly.label()).append(' ').append(count(anomaly));
        }
        line.append(')');
        examples.forEach((anomaly, list) -> {
            if (!list.isEmpty()) {
                line.append("; ").append(anomaly.label()).append(", e.g. ").append(String.join(" | ", list));
            }
        });
        return line.toString();
    }
}

package io.tributary.bench;

import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds from a thread-safe HdrHistogram recorder (microsecond resolution). */
final class Latencies {
    private final Recorder recorder = new Recorder(3);

    void recordNanos(long nanos) {
        recorder.recordValue(Math.max(1, nanos / 1000));
    }

    void report(Results results, String prefix) {
        Histogram h = recorder.getIntervalHistogram();
        results.put(prefix + "p50_ms", h.getValueAtPercentile(50) / 1000.0, "ms");
        results.put(prefix + "p99_ms", h.getValueAtPercentile(99) / 1000.0, "ms");
        results.put(prefix + "p999_ms", h.getValueAtPercentile(99.9) / 1000.0, "ms");
        results.put(prefix + "max_ms", h.getMaxValue() / 1000.0, "ms");
        results.put(prefix + "samples", h.getTotalCount(), "count");
    }
}

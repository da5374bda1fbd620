package io.tributary.bench;

import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where a JFR recording (PROFILE=1 in run.sh) spent its CPU samples: the hottest methods by self time and by total
 * time (any frame on the stack), the allocation hot spots, and the monitors threads blocked on.
 */
final class JfrSummary {

    static void run(Options options) throws Exception {
        Path file = Path.of(options.required("jfr"));
        int top = options.integer("top", 25);
        String focus = options.string("focus", "io.tributary");
        options.rejectUnknown();

        Map<String, Long> self = new HashMap<>();
        Map<String, Long> total = new HashMap<>();
        Map<String, Long> allocations = new HashMap<>();
        Map<String, Long> blocked = new HashMap<>();
        long samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            List<RecordedFrame> frames = stack.getFrames();
            switch (type) {
                case "jdk.ExecutionSample" -> {
                    samples++;
                    self.merge(name(frames.get(0)), 1L, Long::sum);
                    Set<String> seen = new HashSet<>();
                    for (RecordedFrame frame : frames) {
                        String name = name(frame);
                        if (seen.add(name)) {
                            total.merge(name, 1L, Long::sum);
                        }
                    }
                }
                case "jdk.ObjectAllocationSample" ->
                        allocations.merge(firstIn(frames, focus), event.getLong("weight"), Long::sum);
                case "jdk.JavaMonitorEnter" ->
                        blocked.merge(firstIn(frames, focus), event.getDuration().toNanos(), Long::sum);
                default -> {
                }
            }
        }
        System.out.println("CPU samples: " + samples);
        print("self time (top frame)", self, samples, top, "%");
        print("total time (on the stack)", filter(total, focus), samples, top, "%");
        print("allocation by first " + focus + " frame (bytes sampled)", allocations, 0, top, "MiB");
        print("monitor blocking by first " + focus + " frame", blocked, 0, top, "ms");
    }

    private static Map<String, Long> filter(Map<String, Long> all, String focus) {
        Map<String, Long> out = new HashMap<>();
        all.forEach((k, v) -> {
            if (k.startsWith(focus)) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static String firstIn(List<RecordedFrame> frames, String focus) {
        for (RecordedFrame frame : frames) {
            String name = name(frame);
            if (name.startsWith(focus)) {
                return name;
            }
        }
        return name(frames.get(0));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static void print(String title, Map<String, Long> counts, long samples, int top, String unit) {
        System.out.println();
        System.out.println("== " + title);
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(top).forEach(e -> {
                    String value = switch (unit) {
                        case "%" -> String.format("%5.1f%%", 100.0 * e.getValue() / Math.max(1, samples));
                        case "MiB" -> String.format("%8.1f MiB", e.getValue() / 1048576.0);
                        default -> String.format("%8.1f ms", e.getValue() / 1e6);
                    };
                    System.out.println(value + "  " + e.getKey());
                });
    }

    private JfrSummary() {
    }
}

package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joins a run's results file into the one side-by-side table: workload | Tributary | Kafka | ratio | Kafka
 * configuration | physical limit. Keys are {@code trib.<mode>.<workload>.<metric>}, {@code kafka.<mode>.<workload>.<metric>}
 * and {@code limit.<probe>.<metric>}; a figure that was not measured prints as "-".
 *
 * <p>Where Kafka was measured in several client configurations ({@link #KAFKA_CONFIGS}: the workload's key with a
 * suffix, e.g. {@code kafka.durable.p1k_tuned_par.mib_per_s}), a Tributary row is compared with the best of them (the
 * highest throughput) and the row names it; each configuration then follows as a row of its own, so the default
 * configuration's figure stays visible.
 */
final class Report {

    /** One table row; a null key means the column does not apply; kafkaConfig names a fixed Kafka configuration. */
    private record Row(String label, String metric, String kafkaMetric, String limit, String limitName, String unit,
            String kafkaConfig) {
        Row(String label, String metric, String kafkaMetric, String limit, String limitName, String unit) {
            this(label, metric, kafkaMetric, limit, limitName, unit, null);
        }
    }

    /** One Kafka client configuration that was measured for a row's workload. */
    private record Variant(String name, double value) {
    }

    /** The Kafka client configurations of a workload, by key suffix (bench/kafka/run.sh); "" is Kafka's default tool. */
    private static final Map<String, List<String>> KAFKA_CONFIGS = Map.of(
            "p100b", List.of("", "_par", "_tuned", "_tuned_par"),
            "p1k", List.of("", "_par", "_tuned", "_tuned_par"),
            "p10k", List.of("", "_par", "_tuned", "_tuned_par"),
            "consume1", List.of("", "_tuned"));

    /** How the table names a configuration; %N% is the number of producers it ran (its {@code producers} figure). */
    private static String configName(String workload, String suffix) {
        if (workload.startsWith("consume")) {
            return suffix.isEmpty() ? "default consumer (ConsumerPerformance)" : "tuned fetch sizes (ConsumerPerformance)";
        }
        return switch (suffix) {
            case "" -> "default, 1 producer (ProducerPerformance)";
            case "_par" -> "default, %N% producers";
            case "_tuned" -> "tuned, 1 producer";
            case "_tuned_par" -> "tuned, %N% producers";
            default -> suffix;
        };
    }

    private static final String DISK = "limit.disk.seq_write_direct_mib_per_s";

    /** Keys of Tributary over Kafka (tributary.backend=kafka, bench/kafka/run.sh): {@code tribkafka.<mode>.<workload>.<metric>}. */
    private static final String OVER_KAFKA = "tribkafka.";

    private static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        rows.add(new Row("limit: disk sequential write, O_DIRECT", null, null, DISK, "", "MiB/s"));
        rows.add(new Row("limit: disk sequential write, buffered + fsync", null, null,
                "limit.disk.seq_write_buffered_fsync_mib_per_s", "", "MiB/s"));
        rows.add(new Row("limit: 1 KiB append + fsync, one at a time", null, null, "limit.disk.fsync_per_s", "", "fsync/s"));
        rows.add(new Row("limit: fsync latency p50", null, null, "limit.disk.fsync_p50_ms", "", "ms"));
        rows.add(new Row("limit: fsync latency p99", null, null, "limit.disk.fsync_p99_ms", "", "ms"));
        rows.add(new Row("limit: fsync latency max", null, null, "limit.disk.fsync_max_ms", "", "ms"));
        rows.add(new Row("limit: do-nothing HTTP handler, 1 KiB POST, generator", null, null,
                "limit.http.requests_per_s", "", "req/s"));
        rows.add(new Row("limit: do-nothing HTTP handler, 1 KiB POST, wrk", null, null, "limit.wrk.requests_per_s", "",
                "req/s"));
        for (String p : List.of("p50", "p99", "p999")) {
            rows.add(new Row("limit: do-nothing HTTP handler, 1 KiB POST @%RATE%/s " + p, null, null,
                    "limit.httplat." + p + "_ms", "", "ms"));
        }
        rows.add(new Row("limit: Tributary's own HTTP stack, GET /topics, wrk", null, null, "limit.stack.requests_per_s",
                "", "req/s"));
        // measured once per run before the workloads, each on a fresh start with an empty data dir (bench/run.sh)
        // Tributary with the JVM's default heap, the broker with kafka-server-start.sh's
        String brokerHeap = "broker -Xms1g -Xmx1g (kafka-server-start.sh's default)";
        rows.add(new Row("startup: launch to ready (health UP / \"Kafka Server started\"), empty data dir",
                "startup.ready_s", "startup.ready_s", null, null, "s", brokerHeap));
        rows.add(new Row("startup: resident memory at rest (VmRSS), Tributary with default heap", "startup.rss_mib",
                "startup.rss_mib", null, null, "MiB", brokerHeap));
        rows.add(new Row("startup: open file descriptors at rest", "startup.fds", "startup.fds", null, null, "count",
                brokerHeap));
        for (String mode : List.of("durable", "interval")) {
            rows.add(new Row("produce 100 B x1000/req, 4 conns [" + mode + "]", mode + ".p100b.records_per_s",
                    mode + ".p100b.records_per_s", null, null, "rec/s"));
            rows.add(new Row("produce 1 KiB x1000/req, 4 conns [" + mode + "]", mode + ".p1k.mib_per_s",
                    mode + ".p1k.mib_per_s", DISK, "disk seq write", "MiB/s"));
            rows.add(new Row("produce 10 KiB x100/req, 4 conns [" + mode + "]", mode + ".p10k.mib_per_s",
                    mode + ".p10k.mib_per_s", DISK, "disk seq write", "MiB/s"));
            rows.add(new Row("produce 1 KiB x100/req keyed, 4 conns [" + mode + "]", mode + ".p1k_keyed.mib_per_s",
                    null, DISK, "disk seq write", "MiB/s"));
            rows.add(new Row("produce 1 rec/req 1 KiB, 32 conns [" + mode + "]", mode + ".single.requests_per_s",
                    null, "limit.http.requests_per_s", "trivial HTTP handler", "req/s"));
            rows.add(new Row("produce 1 rec/req 1 KiB, wrk [" + mode + "]", mode + ".wrk1.requests_per_s",
                    null, "limit.wrk.requests_per_s", "trivial HTTP handler, wrk", "req/s"));
            for (String p : List.of("p50", "p99", "p999")) {
                rows.add(new Row("produce latency 1 KiB @" + "%RATE%/s " + p + " [" + mode + "]",
                        mode + ".lat." + p + "_ms", mode + ".lat." + p + "_ms",
                        mode.equals("interval") ? "limit.httplat." + p + "_ms"
                                : p.equals("p999") ? null : "limit.disk.fsync_" + p + "_ms",
                        mode.equals("interval") ? "do-nothing handler " + p : "fsync " + p, "ms"));
            }
            rows.add(new Row("group consume 1 KiB, 1 consumer [" + mode + "]", mode + ".consume1.mib_per_s",
                    mode + ".consume1.mib_per_s", null, null, "MiB/s"));
            rows.add(new Row("group consume 1 KiB, 3 consumers [" + mode + "]", mode + ".consume3.mib_per_s",
                    null, null, null, "MiB/s"));
            for (String p : List.of("p50", "p99", "p999")) {
                rows.add(new Row("end-to-end 1 KiB @%RATE%/s " + p + " [" + mode + "]", mode + ".e2e." + p + "_ms",
                        mode + ".e2e." + p + "_ms", null, null, "ms"));
            }
        }
        // Tributary with tributary.backend=kafka over the same broker: the cost of the HTTP hop in front of Kafka
        for (String mode : List.of("durable", "interval")) {
            String over = OVER_KAFKA + mode;
            rows.add(new Row("produce 1 KiB x1000/req, 4 conns [" + mode + ", over Kafka]", over + ".p1k.mib_per_s",
                    mode + ".p1k.mib_per_s", null, null, "MiB/s"));
            rows.add(new Row("produce 1 rec/req 1 KiB, 32 conns [" + mode + ", over Kafka]", over + ".single.requests_per_s",
                    null, "limit.http.requests_per_s", "trivial HTTP handler", "req/s"));
            rows.add(new Row("group consume 1 KiB, 1 consumer [" + mode + ", over Kafka]", over + ".consume1.mib_per_s",
                    mode + ".consume1.mib_per_s", null, null, "MiB/s"));
            for (String p : List.of("p50", "p99", "p999")) {
                rows.add(new Row("end-to-end 1 KiB @%RATE%/s " + p + " [" + mode + ", over Kafka]",
                        over + ".e2e." + p + "_ms", mode + ".e2e." + p + "_ms", null, null, "ms"));
            }
        }
        // durable on JDK 21+ with virtual threads (when the servers ran on an older JDK); Kafka's durable figures beside
        String vt = "durable-vt";
        rows.add(new Row("produce 1 rec/req 1 KiB, 32 conns [" + vt + "]", vt + ".single.requests_per_s", null,
                "limit.http.requests_per_s", "trivial HTTP handler", "req/s"));
        rows.add(new Row("produce 1 rec/req 1 KiB, wrk [" + vt + "]", vt + ".wrk1.requests_per_s", null,
                "limit.wrk.requests_per_s", "trivial HTTP handler, wrk", "req/s"));
        for (String p : List.of("p50", "p99", "p999")) {
            rows.add(new Row("produce latency 1 KiB @%RATE%/s " + p + " [" + vt + "]", vt + ".lat." + p + "_ms",
                    "durable.lat." + p + "_ms", p.equals("p999") ? null : "limit.disk.fsync_" + p + "_ms", "fsync " + p, "ms"));
        }
        for (String p : List.of("p50", "p99", "p999")) {
            rows.add(new Row("end-to-end 1 KiB @%RATE%/s " + p + " [" + vt + "]", vt + ".e2e." + p + "_ms",
                    "durable.e2e." + p + "_ms", null, null, "ms"));
        }
        return rows;
    }

    static void run(Options options) throws Exception {
        Path file = Path.of(options.required("results"));
        String rate = options.string("rate", "1000");
        options.rejectUnknown();
        Map<String, Double> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String[] cols = line.split("\t");
            if (cols.length >= 2 && !line.startsWith("#")) {
                try {
                    values.put(cols[0], Double.parseDouble(cols[1]));
                } catch (NumberFormatException ignored) {
                    // not a figure
                }
            }
        }
        List<String[]> table = new ArrayList<>();
        table.add(new String[] {"workload", "unit", "Tributary", "Kafka", "ratio", "Kafka configuration",
            "physical limit"});
        for (Row row : rows()) {
            Double trib = row.metric() == null ? null
                    : values.get(row.metric().startsWith(OVER_KAFKA) ? row.metric() : "trib." + row.metric());
            List<Variant> variants = row.kafkaMetric() == null ? List.of() : kafkaVariants(row.kafkaMetric(), values);
            Variant best = variants.stream().max(Comparator.comparingDouble(Variant::value)).orElse(null);
            Double kafka = best == null ? null : best.value();
            Double limit = row.limit() == null ? null : values.get(row.limit());
            // rows of a Tributary variant that did not run (virtual threads, over Kafka) would repeat Kafka's figures
            boolean notRun = trib == null && row.metric() != null
                    && (row.metric().startsWith("durable-vt") || row.metric().startsWith(OVER_KAFKA));
            if (notRun || trib == null && kafka == null && (row.metric() != null || limit == null)) {
                continue;
            }
            String config = best == null || best.name().isEmpty() && row.kafkaConfig() == null ? "-"
                    : row.kafkaConfig() != null ? row.kafkaConfig()
                    : variants.size() > 1 ? "best of " + variants.size() + ": " + best.name() : best.name();
            String limitText = limit == null ? "-"
                    : row.limitName().isEmpty() ? format(limit) : format(limit) + " (" + row.limitName() + ")";
            boolean count = row.unit().equals("count");
            table.add(new String[] {row.label().replace("%RATE%", rate), row.unit(),
                count ? formatCount(trib) : format(trib), count ? formatCount(kafka) : format(kafka),
                ratio(trib, kafka), config, limitText});
            // every configuration under the native rows, so the default one stays visible beside the best
            if (variants.size() > 1 && !row.metric().startsWith(OVER_KAFKA)) {
                for (Variant v : variants) {
                    table.add(new String[] {"  vs Kafka " + v.name(), row.unit(), "", format(v.value()),
                        ratio(trib, v.value()), v == best ? "(the best)" : "", ""});
                }
            }
        }
        print(table);
    }

    /** The Kafka figures measured for a {@code <mode>.<workload>.<metric>} key, one per client configuration. */
    private static List<Variant> kafkaVariants(String kafkaMetric, Map<String, Double> values) {
        String[] parts = kafkaMetric.split("\\.", 3);
        List<Variant> variants = new ArrayList<>();
        if (parts.length < 3 || !KAFKA_CONFIGS.containsKey(parts[1])) {
            Double value = values.get("kafka." + kafkaMetric);
            if (value != null) {
                variants.add(new Variant("", value));
            }
            return variants;
        }
        for (String suffix : KAFKA_CONFIGS.get(parts[1])) {
            String key = "kafka." + parts[0] + "." + parts[1] + suffix;
            Double value = values.get(key + "." + parts[2]);
            if (value != null) {
                Double producers = values.get(key + ".producers");
                String n = producers == null ? "?" : String.format(Locale.ROOT, "%.0f", producers);
                variants.add(new Variant(configName(parts[1], suffix).replace("%N%", n), value));
            }
        }
        return variants;
    }

    private static String ratio(Double trib, Double kafka) {
        return trib != null && kafka != null && kafka > 0 ? String.format(Locale.ROOT, "%.2fx", trib / kafka) : "-";
    }

    private static String formatCount(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%,.0f", value);
    }

    private static String format(Double value) {
        if (value == null) {
            return "-";
        }
        double v = value;
        if (v >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (v >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static void print(List<String[]> table) {
        int[] widths = new int[table.get(0).length];
        for (String[] cells : table) {
            for (int i = 0; i < cells.length; i++) {
                widths[i] = Math.max(widths[i], cells[i].length());
            }
        }
        for (int r = 0; r < table.size(); r++) {
            StringBuilder line = new StringBuilder("|");
            for (int i = 0; i < widths.length; i++) {
                String cell = table.get(r)[i];
                boolean number = i >= 2 && i <= 4 && r > 0;
                line.append(' ').append(number ? pad(cell, widths[i], true) : pad(cell, widths[i], false)).append(" |");
            }
            System.out.println(line);
            if (r == 0) {
                StringBuilder rule = new StringBuilder("|");
                for (int i = 0; i < widths.length; i++) {
                    rule.append(i >= 2 && i <= 4 ? "-".repeat(widths[i] + 1) + ":|" : "-".repeat(widths[i] + 2) + "|");
                }
                System.out.println(rule);
            }
        }
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(width - text.length());
        return right ? spaces + text : text + spaces;
    }

    private Report() {
    }
}

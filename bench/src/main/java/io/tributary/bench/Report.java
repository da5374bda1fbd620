package io.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Joins a run's results file into the one side-by-side table: workload | Tributary | Kafka | ratio | physical limit.
 * Keys are {@code trib.<mode>.<workload>.<metric>}, {@code kafka.<mode>.<workload>.<metric>} and
 * {@code limit.<probe>.<metric>}; a figure that was not measured prints as "-".
 */
final class Report {

    /** One table row; a null key means the column does not apply. */
    private record Row(String label, String metric, String kafkaMetric, String limit, String limitName, String unit) {
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
        table.add(new String[] {"workload", "unit", "Tributary", "Kafka", "ratio", "physical limit"});
        for (Row row : rows()) {
            Double trib = row.metric() == null ? null
                    : values.get(row.metric().startsWith(OVER_KAFKA) ? row.metric() : "trib." + row.metric());
            Double kafka = row.kafkaMetric() == null ? null : values.get("kafka." + row.kafkaMetric());
            Double limit = row.limit() == null ? null : values.get(row.limit());
            boolean vtNotRun = trib == null && row.metric() != null && row.metric().startsWith("durable-vt");
            if (vtNotRun || trib == null && kafka == null && (row.metric() != null || limit == null)) {
                continue;
            }
            String ratio = trib != null && kafka != null && kafka > 0
                    ? String.format(Locale.ROOT, "%.2fx", trib / kafka) : "-";
            String limitText = limit == null ? "-"
                    : row.limitName().isEmpty() ? format(limit) : format(limit) + " (" + row.limitName() + ")";
            table.add(new String[] {row.label().replace("%RATE%", rate), row.unit(), format(trib), format(kafka), ratio,
                    limitText});
        }
        print(table);
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

package io.tributary.log;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Setup shared by the engine benchmarks: a temporary log directory with one single-partition topic. */
final class BenchmarkLogs {

    /** Large segments and no retention: the benchmark measures appends and reads, not rolls. */
    static final TopicConfig CONFIG = new TopicConfig(-1, -1, 256 << 20, Long.MAX_VALUE / 2, 64 << 20,
            "CreateTime", "delete").with(Map.of());

    private BenchmarkLogs() {
    }

    static LogManager open(Path dir, String flush) {
        FlushPolicy policy = switch (flush) {
            case "durable" -> new FlushPolicy.Durable();
            case "interval" -> new FlushPolicy.Interval(Duration.ofSeconds(1));
            default -> throw new IllegalArgumentException(flush);
        };
        return LogManager.open(dir, new LogSettings(policy, 4096, Clock.systemUTC(), LogMetrics.NONE));
    }

    static Path tempDir() throws IOException {
        Path base = Path.of(System.getProperty("bench.dir", "target/jmh-data"));
        Files.createDirectories(base);
        return Files.createTempDirectory(base, "log-");
    }

    static List<NewRecord> batch(int records, int valueBytes) {
        List<NewRecord> batch = new ArrayList<>(records);
        for (int i = 0; i < records; i++) {
            byte[] value = new byte[valueBytes];
            ThreadLocalRandom.current().nextBytes(value);
            batch.add(new NewRecord(("key-" + i).getBytes(), value, List.of(), -1));
        }
        return batch;
    }

    static void delete(Path dir) throws IOException {
        LogFiles.deleteRecursively(dir);
    }
}

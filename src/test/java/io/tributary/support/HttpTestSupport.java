package io.tributary.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application of the HTTP integration tests. Every class that extends this one, and adds no configuration of
 * its own, shares one context: Spring caches contexts by their configuration, so properties, {@code @Import}s, mock
 * beans or a {@code @DynamicPropertySource} of a test's own start another one, for seconds and memory. Random port,
 * one temporary data directory for all: tests stay out of each other's way with topic and group names of their own
 * ({@link #unique}). The settings are chosen to suit every test: small limits, so limit errors are cheap to
 * reach; durable flushing (the default); metrics and prometheus exposed, so tests can read and attack them (the
 * default exposure is checked by ServerHardeningIT).
 *
 * <p>Only tests whose settings would change what the other tests see have a context of their own, and say why in
 * their Javadoc: ServerHardeningIT (tight server limits), SecurityIT (authentication on), DiskFaultIT (failing storage).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class HttpTestSupport {

    public static final long MAX_REQUEST_SIZE = 256 * 1024;
    public static final int MAX_RECORDS_PER_REQUEST = 500;
    /** Above the three consumers ConsumerConcurrencyIT polls with at once. */
    public static final int MAX_WAITING_FETCHES = 5;

    private static final Path DATA_DIR = tempDir();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @LocalServerPort
    protected int port;

    /**
     * The backend the HTTP tests run against: {@code embedded} by default, {@code kafka} in the build's second run of
     * the acceptance suite ({@code -Dtributary.test.backend=kafka}, pom.xml), against {@link KafkaCluster#shared()}.
     */
    public static final String BACKEND = System.getProperty("tributary.test.backend", "embedded");

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        if (isKafka()) {
            registry.add("tributary.backend", () -> "kafka");
            registry.add("tributary.kafka.bootstrap-servers", () -> KafkaCluster.shared().bootstrapServers());
        }
        // a test class whose requests change what the others would see (ApiFuzzIT) sets tributary.test.data-dir-name:
        // a context and a data directory of its own, next to the shared one
        registry.add("tributary.data-dir", () -> DATA_DIR.resolveSibling("${tributary.test.data-dir-name:data}").toString());
        registry.add("tributary.produce.max-request-size", () -> MAX_REQUEST_SIZE + "B");
        registry.add("tributary.produce.max-records-per-request", () -> MAX_RECORDS_PER_REQUEST);
        registry.add("tributary.fetch.max-waiting-fetches", () -> MAX_WAITING_FETCHES);
        registry.add("tributary.fetch.max-timeout", () -> "20s");
        registry.add("tributary.log.min-free-space", () -> "1MB");
        // tests read prometheus too; the default exposes health, info and metrics (ServerHardeningIT)
        registry.add("management.endpoints.web.exposure.include", () -> "health,info,metrics,prometheus");
    }

    /** Whether these tests run against the Kafka backend. */
    public static boolean isKafka() {
        return "kafka".equals(BACKEND);
    }

    protected Http http() {
        return new Http(port);
    }

    protected static Path dataDir() {
        return DATA_DIR;
    }

    /** A name (of a topic, a group) that no other test uses. */
    protected static String unique(String prefix) {
        return prefix + "-" + NAMES.incrementAndGet() + "-" + System.nanoTime() % 100_000;
    }

    protected String clusterId() {
        return http().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
    }

    protected void createTopic(String name, int partitions) {
        createTopic(name, partitions, "[]");
    }

    protected void createTopic(String name, int partitions, String configsJson) {
        var r = http().post("/v3/clusters/" + clusterId() + "/topics", Http.JSON,
                "{\"topic_name\":\"" + name + "\",\"partitions_count\":" + partitions + ",\"configs\":" + configsJson + "}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    protected long endOffset(String topic, int partition) {
        var r = http().get("/topics/" + topic + "/partitions/" + partition + "/offsets");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("end_offset").asLong();
    }

    /**
     * The topic's files with their sizes, plus every topic's metadata file: equal snapshots mean nothing was written
     * to the topic and no topic appeared. (Other topics' files change in the background: retention deletes them.)
     */
    protected static Map<String, Long> logFiles(String topic) {
        Map<String, Long> files = new TreeMap<>(logFiles());
        files.keySet().removeIf(f -> !f.startsWith(topic + "-") && !f.endsWith(".properties"));
        return files;
    }

    /** Every file under the log directory with its size. */
    protected static Map<String, Long> logFiles() {
        return filesUnder(DATA_DIR.resolve("log"));
    }

    /** Every file under {@code dir} (relative name) with its size. */
    public static Map<String, Long> filesUnder(Path dir) {
        Map<String, Long> files = new TreeMap<>();
        for (Path file : regularFilesUnder(dir)) {
            try {
                files.put(dir.relativize(file).toString(), Files.size(file));
            } catch (IOException e) {
                // a file deleted meanwhile is not there
            }
        }
        return files;
    }

    /**
     * Every regular file under {@code dir}. One deleted during the walk is not there: retention's reaper deletes
     * segments a few seconds after the retention run, whichever test runs then ({@code Files.walk} would fail).
     */
    public static List<Path> regularFilesUnder(Path dir) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                    if (attributes.isRegularFile()) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** All entries directly under the data directory's parent: a traversal attempt would show up there. */
    protected static Path dataDirParent() {
        return DATA_DIR.getParent();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tributary-it-").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

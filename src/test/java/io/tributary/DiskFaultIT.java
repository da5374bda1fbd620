package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.log.FaultyStorage;
import io.tributary.log.StorageIo;
import io.tributary.support.Http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Disk faults in the running service, injected through the engine's file abstraction: a full disk, write errors and
 * fsync errors. The producer gets the retriable 50003 (per record in a v2 response, the HTTP answer of a one-record v3
 * request), nothing of a failed produce becomes visible, health reports the log directory DOWN with the reason, and
 * once the fault is gone appends work again and health is UP, without a restart.
 *
 * <p>An application of its own (not HttpTestSupport's): its log engine writes through {@link FaultyStorage}, and a
 * fault injected here would fail the other tests' writes and take their health DOWN.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DiskFaultIT.FaultInjection.class)
class DiskFaultIT {

    /** Static: the bean the service writes through, and the switch the tests turn. */
    static final FaultyStorage STORAGE = new FaultyStorage();
    private static final Path DATA_DIR = tempDir();
    private static final AtomicInteger TOPICS = new AtomicInteger();

    @TestConfiguration(proxyBeanMethods = false)
    static class FaultInjection {
        @Bean
        StorageIo faultyStorage() {
            return STORAGE;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tributary.data-dir", DATA_DIR::toString);
        registry.add("tributary.log.min-free-space", () -> "1MB");
    }

    enum Fault {
        DISK_FULL("No space left on device", s -> s.diskFull = true),
        WRITE_ERROR("Input/output error", s -> s.writeFails = true),
        FSYNC_ERROR("Input/output error", s -> s.fsyncFails = true);

        final String reason;
        final Consumer<FaultyStorage> inject;

        Fault(String reason, Consumer<FaultyStorage> inject) {
            this.reason = reason;
            this.inject = inject;
        }
    }

    @LocalServerPort
    int port;

    @AfterEach
    void heal() {
        STORAGE.heal();
    }

    @ParameterizedTest
    @EnumSource(Fault.class)
    void aFaultFailsProducesRetriablyLeavesNoTraceAndPassesWithoutARestart(Fault fault) throws IOException {
        String topic = createTopic();
        assertWritten(produceV2(topic, "before-0", "before-1", "before-2"), 0);
        Path segment = DATA_DIR.resolve("log/" + topic + "-0/00000000000000000000.log");
        long segmentSize = Files.size(segment);

        fault.inject.accept(STORAGE);
        for (JsonNode offset : produceV2(topic, "lost-0", "lost-1").get("offsets")) {
            assertThat(offset.get("error_code").asInt()).isEqualTo(50003);
            assertThat(offset.get("error").asString()).contains(fault.reason).doesNotContain(DATA_DIR.toString());
            assertThat(offset.get("offset").isNull()).isTrue();
        }
        Http.Response v3 = http().post("/v3/clusters/" + clusterId() + "/topics/" + topic + "/records", Http.JSON,
                "{\"value\":{\"type\":\"STRING\",\"data\":\"lost-v3\"}}");
        assertThat(v3.status()).as("a v3 record's failure is its report, as Confluent's").isEqualTo(200);
        assertThat(v3.errorCode()).as(v3.toString()).isEqualTo(50003); // retriable, as api.md lists it

        assertThat(endOffset(topic)).isEqualTo(3);
        assertThat(values(topic)).containsExactly("before-0", "before-1", "before-2");
        assertThat(Files.size(segment)).as("nothing partial left in the segment").isEqualTo(segmentSize);
        JsonNode logDirectory = logDirectoryHealth(503);
        assertThat(logDirectory.get("status").asString()).isEqualTo("DOWN");
        assertThat(logDirectory.get("details").get("error").asString()).contains(fault.reason);

        STORAGE.heal();
        assertWritten(produceV2(topic, "after-0", "after-1"), 3);
        assertThat(values(topic)).containsExactly("before-0", "before-1", "before-2", "after-0", "after-1");
        assertThat(logDirectoryHealth(200).get("status").asString()).isEqualTo("UP");
    }

    /**
     * Producers keep going while fsyncs fail now and then: every acknowledged record is stored exactly once, and no
     * record whose produce failed is (it was discarded before anyone could read it).
     */
    @Test
    void concurrentProducersDuringFsyncFailuresLoseNothingAcknowledgedAndLeaveNothingElse() throws Exception {
        String topic = createTopic();
        List<String> acknowledged = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failed = new AtomicInteger();
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> runs = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                int producer = p;
                runs.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        STORAGE.fsyncFails = i % 5 == 2; // flipped by every producer: faults come and go
                        String value = producer + "-" + i;
                        JsonNode offset = produceV2(topic, value).get("offsets").get(0);
                        if (offset.get("error_code").isNull()) {
                            acknowledged.add(value);
                        } else {
                            assertThat(offset.get("error_code").asInt()).isEqualTo(50003);
                            failed.incrementAndGet();
                        }
                    }
                }, producers));
            }
            for (CompletableFuture<Void> run : runs) {
                run.get();
            }
        } finally {
            producers.shutdownNow();
            STORAGE.heal();
        }
        System.out.println("DiskFaultIT: " + acknowledged.size() + " produces acknowledged, " + failed.get()
                + " failed with 50003 while fsyncs failed");
        assertThat(failed.get()).as("some produces met a failing fsync").isPositive();
        assertThat(values(topic)).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(acknowledged);
        assertThat(endOffset(topic)).isEqualTo(acknowledged.size());
        produceV2(topic, "healed");
        assertThat(logDirectoryHealth(200).get("status").asString()).isEqualTo("UP");
    }

    private String createTopic() {
        String topic = "disk-fault-" + TOPICS.incrementAndGet();
        Http.Response r = http().post("/v3/clusters/" + clusterId() + "/topics", Http.JSON,
                "{\"topic_name\":\"" + topic + "\",\"partitions_count\":1}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return topic;
    }

    private JsonNode produceV2(String topic, String... values) {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = 0; i < values.length; i++) {
            body.append(i > 0 ? "," : "").append("{\"value\":\"").append(values[i]).append("\"}");
        }
        Http.Response r = http().post("/topics/" + topic, Http.JSON_V2, body.append("]}").toString());
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json();
    }

    private static void assertWritten(JsonNode response, long firstOffset) {
        long expected = firstOffset;
        for (JsonNode offset : response.get("offsets")) {
            assertThat(offset.get("error_code").isNull()).as(response.toString()).isTrue();
            assertThat(offset.get("offset").asLong()).isEqualTo(expected++);
        }
    }

    private List<String> values(String topic) {
        Http.Response r = http().get("/topics/" + topic + "/partitions/0/records?offset=0&max_records=10000", Http.JSON_V2);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<String> values = new ArrayList<>();
        r.json().forEach(record -> values.add(record.get("value").asString()));
        return values;
    }

    private long endOffset(String topic) {
        return http().get("/topics/" + topic + "/partitions/0/offsets").json().get("end_offset").asLong();
    }

    private JsonNode logDirectoryHealth(int expectedStatus) {
        Http.Response r = http().get("/actuator/health");
        assertThat(r.status()).as(r.toString()).isEqualTo(expectedStatus);
        return r.json().get("components").get("logDirectory");
    }

    private String clusterId() {
        return http().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
    }

    private Http http() {
        return new Http(port);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tributary-disk-fault-").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

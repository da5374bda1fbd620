package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.ChildService;
import io.tributary.support.Http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Tests of the packaged service as a child process ({@link ChildService}) on a data dir of their own, killed after
 * each test whatever happened. Child output goes to {@code target/crash-recovery/<name>.log}.
 */
abstract class ChildServiceTestBase {

    static final Path OUTPUT = Path.of("target", "crash-recovery");
    static final String TOPIC = "crash-test";
    static final int PARTITIONS = 3;

    @TempDir
    Path dataDir;

    ChildService child;

    @AfterEach
    void stopChild() {
        if (child != null) {
            child.close();
        }
    }

    /** A fresh output file for the children of one test. */
    static Path output(String name) throws IOException {
        Path file = OUTPUT.resolve(name + ".log");
        Files.deleteIfExists(file);
        return file;
    }

    static String clusterId(Http http) {
        return http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
    }

    /** Creates a topic with the given topic configs (JSON objects); returns the cluster id. */
    static String createTopic(Http http, String topic, int partitions, String... configs) {
        String clusterId = clusterId(http);
        Http.Response created = http.post("/v3/clusters/" + clusterId + "/topics", Http.JSON, "{\"topic_name\":\"" + topic
                + "\",\"partitions_count\":" + partitions + ",\"configs\":[" + String.join(",", configs) + "]}");
        assertThat(created.status()).as("create %s: %s", topic, created).isEqualTo(201);
        return clusterId;
    }

    /** The log directory health's report of what recovery did at this start. */
    static JsonNode lastRecovery(Http http) {
        return http.get("/actuator/health").json().at("/components/logDirectory/details/lastRecovery");
    }
}

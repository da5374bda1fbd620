package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.TributaryApplication;
import io.tributary.consume.TestConsumer.Rec;
import io.tributary.support.Http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Committed offsets live in H2 under the data dir; instances live in memory. Both facts across a restart. */
class CommittedOffsetsRestartIT {

    @TempDir
    Path dataDir;

    @Test
    void aNewInstanceAfterARestartResumesFromTheCommittedOffset() {
        String oldBase;
        try (ConfigurableApplicationContext app = start()) {
            Http http = http(app);
            String cluster = http.get("/v3/clusters", Http.JSON).json().path("data").get(0).path("cluster_id").asString();
            assertThat(http.post("/v3/clusters/" + cluster + "/topics", Http.JSON,
                    Http.toJson(Map.of("topic_name", "payment-done", "partitions_count", 1))).status()).isEqualTo(201);
            List<Map<String, Object>> records = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                records.add(Map.of("value", i));
            }
            assertThat(http.post("/topics/payment-done", Http.JSON_V2, Http.toJson(Map.of("records", records))).status()).isEqualTo(200);
            TestConsumer c = TestConsumer.create(http, "payments", "c0", false).subscribe("payment-done");
            List<Rec> read = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                read.addAll(c.poll(100));
                return read.size() >= 5;
            });
            assertThat(c.commit("payment-done", 0, 3).status()).isEqualTo(204);
            oldBase = c.base.replaceFirst("http://[^/]+", "");
        }

        try (ConfigurableApplicationContext app = start()) {
            Http http = http(app);
            Http.Response old = http.get(oldBase + "/assignments");
            assertThat(old.errorCode()).isEqualTo(40403);
            assertThat(old.json().path("message").asString()).contains("create a new one");

            TestConsumer c = TestConsumer.create(http, "payments", "c0", false).subscribe("payment-done");
            List<Rec> read = new ArrayList<>();
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
                read.addAll(c.poll(100));
                return read.size() >= 2;
            });
            assertThat(read).extracting(Rec::offset).containsExactly(3L, 4L);
        }
    }

    private ConfigurableApplicationContext start() {
        // command-line arguments, so that they win over application.yml
        return new SpringApplicationBuilder(TributaryApplication.class)
                .run("--server.port=0", "--tributary.data-dir=" + dataDir);
    }

    private static Http http(ConfigurableApplicationContext app) {
        return new Http(Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }
}

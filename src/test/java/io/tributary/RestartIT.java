package io.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** Data, configs and the cluster id survive closing the application and starting a new one on the same data dir. */
class RestartIT {

    @TempDir
    Path dataDir;

    @Test
    void everythingAcknowledgedIsThereAfterARestart() {
        String clusterId;
        try (ConfigurableApplicationContext app = start()) {
            Http http = http(app);
            clusterId = http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
            assertThat(http.post("/v3/clusters/" + clusterId + "/topics", Http.JSON, """
                    {"topic_name":"survivor","partitions_count":2,"configs":[{"name":"retention.ms","value":"3600000"}]}""")
                    .status()).isEqualTo(201);
            assertThat(http.post("/topics/survivor", Http.JSON_V2, """
                    {"records":[{"key":"k","value":{"n":1},"partition":0,"headers":[{"key":"h","value":"aGk="}],"timestamp":42},
                     {"value":"two","partition":1}]}""").status()).isEqualTo(200);
            http.post("/v3/clusters/" + clusterId + "/topics/survivor/records", Http.JSON,
                    "{\"partition_id\":0,\"value\":{\"type\":\"STRING\",\"data\":\"three\"}}");
        }

        try (ConfigurableApplicationContext app = start()) {
            Http http = http(app);
            assertThat(http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString()).isEqualTo(clusterId);
            assertThat(http.get("/topics/survivor").json().get("configs").get("retention.ms").asString()).isEqualTo("3600000");
            JsonNode p0 = http.get("/topics/survivor/partitions/0/records", Http.BINARY_V2).json();
            assertThat(p0).hasSize(2);
            assertThat(p0.get(0).get("key").asString()).isEqualTo("Imsi");       // "k" as JSON text
            assertThat(p0.get(0).get("value").asString()).isEqualTo("eyJuIjoxfQ=="); // {"n":1}
            assertThat(p0.get(0).get("timestamp").asLong()).isEqualTo(42);
            assertThat(p0.get(0).get("headers").get(0).get("value").asString()).isEqualTo("aGk=");
            assertThat(p0.get(1).get("value").asString()).isEqualTo("dGhyZWU=");   // three
            assertThat(http.get("/topics/survivor/partitions/1/offsets").json().get("end_offset").asLong()).isEqualTo(1);
            // and it keeps going where it stopped
            var next = http.post("/topics/survivor/partitions/0", Http.JSON_V2, "{\"records\":[{\"value\":4}]}").json();
            assertThat(next.get("offsets").get(0).get("offset").asLong()).isEqualTo(2);
            assertThat(http.get("/actuator/health").json().get("components").get("logDirectory").get("details")
                    .get("lastRecovery").get("cleanShutdown").asBoolean()).isTrue();
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(TributaryApplication.class).run("--server.port=0",
                "--tributary.data-dir=" + dataDir, "--spring.main.banner-mode=off");
    }

    private static Http http(ConfigurableApplicationContext app) {
        return new Http(((WebServerApplicationContext) app).getWebServer().getPort());
    }
}

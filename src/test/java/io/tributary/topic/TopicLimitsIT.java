package io.tributary.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import io.tributary.TributaryApplication;

/** Limits (topics, partitions per topic and on the node) and auto-create, in an application of their own with small limits. */
class TopicLimitsIT {

    @TempDir
    static Path dataDir;
    static ConfigurableApplicationContext app;
    static Http http;
    static String topics;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(TributaryApplication.class).run("--server.port=0", "--tributary.data-dir=" + dataDir,
                "--spring.main.banner-mode=off", "--tributary.topics.max-topics=3", "--tributary.topics.max-partitions-per-topic=4",
                "--tributary.topics.max-partitions=9",
                "--tributary.topics.auto-create=true", "--tributary.topics.default-partitions=2");
        http = new Http(((WebServerApplicationContext) app).getWebServer().getPort());
        topics = "/v3/clusters/" + http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString() + "/topics";
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void autoCreateTopicCountAndPartitionLimits() {
        // auto-create on first produce, with the default partition count
        var produced = http.post("/topics/auto-created", Http.JSON_V2, "{\"records\":[{\"value\":\"hi there\"}]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);
        assertThat(http.get("/topics/auto-created").json().get("partitions")).hasSize(2);
        // a request that fails validation creates nothing, even with auto-create
        assertThat(http.post("/topics/not-created", Http.JSON_V2, "{\"records\":[]}").errorCode()).isEqualTo(42206);
        assertThat(http.post("/topics/bad%2Fname", Http.JSON_V2, "{\"records\":[{\"value\":1}]}").errorCode()).isEqualTo(42206);
        assertThat(http.get("/topics").json()).hasSize(1);
        // v3 auto-creates too
        assertThat(http.post(topics + "/auto-v3/records", Http.JSON, "{\"value\":{\"data\":1}}").status()).isEqualTo(200);

        assertThat(http.post(topics, Http.JSON, "{\"topic_name\":\"too-many-partitions\",\"partitions_count\":5}").errorCode())
                .isEqualTo(40002);
        assertThat(http.post(topics, Http.JSON, "{\"topic_name\":\"third\",\"partitions_count\":4}").status()).isEqualTo(201);
        assertThat(http.patch(topics + "/third", Http.JSON, "{\"partitions_count\":5}").errorCode()).isEqualTo(40002);

        // 8 partitions of at most 9 on the node: one more fits, two do not
        var tooMany = http.patch(topics + "/auto-created", Http.JSON, "{\"partitions_count\":4}");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.errorCode()).isEqualTo(42901);
        assertThat(tooMany.json().get("message").asString()).contains("tributary.topics.max-partitions").contains("has 8 of at most 9");
        assertThat(http.get("/topics/auto-created").json().get("partitions")).hasSize(2);
        assertThat(http.patch(topics + "/auto-created", Http.JSON, "{\"partitions_count\":3}").status()).isEqualTo(200);

        var fourth = http.post(topics, Http.JSON, "{\"topic_name\":\"fourth\"}");
        assertThat(fourth.status()).isEqualTo(429);
        assertThat(fourth.errorCode()).isEqualTo(42901);
        assertThat(fourth.json().get("message").asString()).contains("max-topics");
        assertThat(http.post("/topics/fourth", Http.JSON_V2, "{\"records\":[{\"value\":1}]}").errorCode()).isEqualTo(42901);
        assertThat(http.get("/topics").json()).hasSize(3);
    }
}

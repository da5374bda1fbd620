package io.tributary.topic;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.TributaryApplication;
import io.tributary.support.Http;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Topic creates run in parallel on the embedded backend (their file work is not serialized, so creating thousands of
 * topics over parallel connections overlaps their fsyncs), and yet the limits hold exactly and a name is created once.
 * An application of its own with small limits.
 */
class ParallelTopicCreateIT {

    @TempDir
    static Path dataDir;
    static ConfigurableApplicationContext app;
    static int port;
    static String topics;

    @BeforeAll
    static void start() {
        app = new SpringApplicationBuilder(TributaryApplication.class).run("--server.port=0", "--tributary.data-dir=" + dataDir,
                "--spring.main.banner-mode=off", "--tributary.topics.max-topics=6", "--tributary.topics.max-partitions=11",
                "--tributary.topics.auto-create=true", "--tributary.topics.default-partitions=1");
        port = ((WebServerApplicationContext) app).getWebServer().getPort();
        Http http = new Http(port);
        topics = "/v3/clusters/" + http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString() + "/topics";
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void parallelCreatesKeepTheLimitsAndCreateEachNameOnce() throws Exception {
        // the same name from 8 connections at once: one 201, the others 40002 (exists, as Confluent answers it)
        List<Http.Response> same = inParallel(8, i -> new Http(port).post(topics, Http.JSON,
                "{\"topic_name\":\"same\",\"partitions_count\":2}"));
        assertThat(same).filteredOn(r -> r.status() == 201).hasSize(1);
        assertThat(same).filteredOn(r -> r.status() != 201).allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(40002));

        // 12 distinct topics of 2 partitions at once: 2 + 2 x 4 = 10 of at most 11 partitions, so exactly 4 more fit
        List<Http.Response> distinct = inParallel(12, i -> new Http(port).post(topics, Http.JSON,
                "{\"topic_name\":\"t" + i + "\",\"partitions_count\":2}"));
        assertThat(distinct).filteredOn(r -> r.status() == 201).hasSize(4);
        assertThat(distinct).filteredOn(r -> r.status() != 201).allSatisfy(r -> assertThat(r.errorCode()).isEqualTo(42901));

        // a produce to a missing topic from 6 connections at once: auto-created once, every record appended
        List<Http.Response> produced = inParallel(6, i -> new Http(port).post("/topics/auto", Http.JSON_V2,
                "{\"records\":[{\"value\":" + i + "}]}"));
        assertThat(produced).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isEqualTo(200));
        Http http = new Http(port);
        assertThat(http.get("/topics/auto/partitions/0/offsets").json().get("end_offset").asLong()).isEqualTo(6);
        assertThat(http.get("/topics").json()).hasSize(6);
        assertThat(http.post(topics, Http.JSON, "{\"topic_name\":\"seventh\"}").errorCode()).isEqualTo(42901);
    }

    private interface Call {
        Http.Response call(int i) throws Exception;
    }

    private static List<Http.Response> inParallel(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Http.Response>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<Http.Response> task = () -> call.call(index);
                futures.add(pool.submit(task));
            }
            List<Http.Response> responses = new ArrayList<>();
            for (Future<Http.Response> f : futures) {
                responses.add(f.get(60, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}

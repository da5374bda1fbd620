package io.tributary.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.ChildService;
import io.tributary.support.Http;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service over an offsets database H2 cannot open: by default it refuses to start and says why and what
 * to do, touching nothing; with {@code tributary.offsets.damaged-database=recreate} it moves the file aside, starts
 * with no committed offsets (groups fall back to auto.offset.reset), and says so in its log and health. The log's
 * records are untouched either way.
 */
class DamagedOffsetDatabaseIT extends ChildServiceTestBase {

    private static final String GROUP = "billing";
    private static final int RECORDS = 10;

    @Test
    void refusesToStartByDefaultAndRecreatesOnlyWhenTold() throws Exception {
        Path output = output("damaged-offsets");
        child = ChildService.start(dataDir, output);
        String clusterId = createTopic(child.http(), TOPIC, PARTITIONS);
        for (int i = 0; i < RECORDS; i++) {
            child.http().post("/topics/" + TOPIC + "/partitions/0", Http.JSON_V2,
                    "{\"records\":[{\"value\":" + i + "}]}");
        }
        String member = join(child.http(), "m1");
        poll(child.http(), member);
        assertThat(child.http().post(member + "/offsets", Http.V2, "{\"offsets\":[{\"topic\":\"" + TOPIC
                + "\",\"partition\":0,\"offset\":" + RECORDS + "}]}").status()).isEqualTo(204);
        assertThat(child.terminate(Duration.ofSeconds(60))).isEqualTo(ChildService.SIGTERM_EXIT);

        Path database = dataDir.resolve("offsets.mv.db");
        byte[] damaged = Files.readAllBytes(database);
        Arrays.fill(damaged, 0, 8192, (byte) 0); // both store headers, as a bad block there would
        Files.write(database, damaged);

        child = ChildService.launch(dataDir, output);
        assertThat(child.waitFor(ChildService.START_TIMEOUT)).as("exit code of the refused start").isEqualTo(1);
        assertThat(child.output()).contains("APPLICATION FAILED TO START", "The offsets database " + database.toAbsolutePath(),
                "is damaged and cannot be opened", "The log (topics and records) is not affected",
                "tributary.offsets.damaged-database=recreate");
        assertThat(Files.readAllBytes(database)).as("the damaged file, untouched").isEqualTo(damaged);

        child = ChildService.start(dataDir, output, "--tributary.offsets.damaged-database=recreate");
        Http http = child.http();
        JsonNode health = http.get("/actuator/health").json().at("/components/offsetDatabase/details");
        assertThat(health.get("damagedAtStart").asBoolean()).as("health: %s", health).isTrue();
        assertThat(health.get("committedOffsetsLost").asBoolean()).isTrue();
        Path movedTo = Path.of(health.get("movedTo").asString());
        assertThat(movedTo.getFileName().toString()).startsWith("offsets.mv.db.corrupt-");
        assertThat(Files.readAllBytes(movedTo)).as("the damaged file, kept").isEqualTo(damaged);
        assertThat(child.output()).contains("ERROR", "is damaged", "moved it to " + movedTo);
        assertThat(http.get("/v3/clusters/" + clusterId + "/consumer-groups/" + GROUP + "/lags").status())
                .as("the group's commits are gone").isEqualTo(404);
        JsonNode records = poll(http, join(http, "m2"));
        assertThat(records.get(0).get("offset").asLong()).as("auto.offset.reset=earliest").isZero();
        assertThat(http.get("/topics/" + TOPIC + "/partitions/0/offsets").json().get("end_offset").asLong())
                .as("the log is untouched").isEqualTo(RECORDS);

        assertThat(child.terminate(Duration.ofSeconds(60))).isEqualTo(ChildService.SIGTERM_EXIT);
        child = ChildService.start(dataDir, output);
        assertThat(child.http().get("/actuator/health").json().at("/components/offsetDatabase/details/damagedAtStart")
                .asBoolean()).as("the new database is sound").isFalse();
    }

    /** A member of the group subscribed to the topic; returns its base path. */
    private static String join(Http http, String name) {
        assertThat(http.post("/consumers/" + GROUP, Http.V2, "{\"name\":\"" + name + "\",\"format\":\"json\","
                + "\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}").status()).isEqualTo(200);
        String base = "/consumers/" + GROUP + "/instances/" + name;
        assertThat(http.post(base + "/subscription", Http.V2, "{\"topics\":[\"" + TOPIC + "\"]}").status())
                .isEqualTo(204);
        return base;
    }

    private static JsonNode poll(Http http, String member) {
        JsonNode[] records = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            records[0] = http.get(member + "/records?timeout=500", Http.JSON_V2).json();
            return !records[0].isEmpty();
        });
        return records[0];
    }
}

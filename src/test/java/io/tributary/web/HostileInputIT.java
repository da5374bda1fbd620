package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;
import io.tributary.support.RawHttp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

/**
 * Throws the hostile-request corpus ({@code src/test/resources/hostile}) at every endpoint of a service with data: each
 * request must get its 4xx (or the protocol's 501/505) with exactly the api.md body as JSON, never a 500 or an HTML
 * page; and afterwards the data directory (every file's size and content hash), the H2 tables, the topics and their
 * configs, and the consumer instance's subscription, assignment, committed offsets and position are all unchanged.
 *
 * <p>On the shared application, whose data directory holds the other tests' topics and groups too: all of it is
 * compared, as no other test runs meanwhile. Retention's segments awaiting deletion ({@code *.deleted}) are left out:
 * the reaper deletes them a few seconds after another test's retention run, and a segment retention took shows as
 * its files gone anyway.
 */
class HostileInputIT extends HttpTestSupport {

    private static final String TOPIC = unique("hostile");
    private static final String GROUP = unique("hostile-group");
    private static final String INSTANCE = "c1";
    private static final String BASE = "/consumers/" + GROUP + "/instances/" + INSTANCE;
    private static final int SEEDED_RECORDS = 6;

    @Autowired
    JdbcClient jdbc;

    /** Everything a bad request must leave as it was. */
    record State(Map<String, String> files, Map<String, List<Map<String, Object>>> tables, List<JsonNode> topics,
                 JsonNode subscription, JsonNode assignments, JsonNode committed) {
    }

    @TestFactory
    Stream<DynamicNode> everyHostileRequestGetsItsClientErrorAndChangesNothing() {
        String cluster = seed();
        State before = state();
        List<HostileCorpus.Case> cases = HostileCorpus.load(Map.of("topic", TOPIC, "cluster", cluster, "group", GROUP,
                "instance", INSTANCE, "base", BASE));
        RawHttp raw = new RawHttp(port);
        List<DynamicTest> tests = new ArrayList<>();
        for (HostileCorpus.Case c : cases) {
            tests.add(dynamicTest(c.toString(), () -> assertAnsweredWithItsError(c, raw.send(c.request()))));
        }
        tests.add(dynamicTest("nothing changed after " + cases.size() + " hostile requests", () -> {
            System.out.println("HostileInputIT: " + cases.size() + " hostile requests from "
                    + cases.stream().map(HostileCorpus.Case::file).distinct().count() + " corpus files");
            assertThat(state()).isEqualTo(before);
            assertThat(http().get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
            assertPositionUnchanged();
        }));
        return tests.stream().map(DynamicNode.class::cast);
    }

    private static void assertAnsweredWithItsError(HostileCorpus.Case c, RawHttp.Response r) {
        String answer = c + " answered " + r;
        assertThat(r.status()).as(answer).isEqualTo(c.expectedStatus());
        assertThat(r.contentType()).as(answer).startsWith(expectedType(c));
        JsonNode body = Http.parse(r.bodyText());
        assertThat(body.propertyNames()).as(answer).containsExactlyInAnyOrder("error_code", "message");
        assertThat(body.get("error_code").isInt()).as(answer).isTrue();
        assertThat(body.get("error_code").asInt()).as(answer).isEqualTo(c.expectedCode());
        assertThat(body.get("message").isString()).isTrue();
        assertThat(body.get("message").asString()).isNotBlank().doesNotContain(dataDir().toString(), "Exception", "\tat ");
    }

    /**
     * Errors of the v3 API are application/json, as Confluent's v3 answers; others the v2 type (no case sends an
     * Accept of application/json alone, which would make them application/json too).
     */
    private static String expectedType(HostileCorpus.Case c) {
        String[] requestLine = new String(c.request(), StandardCharsets.ISO_8859_1).lines().findFirst().orElse("").split(" ");
        return requestLine.length > 1 && requestLine[1].startsWith("/v3/") ? "application/json" : MediaTypes.V2_JSON;
    }

    /**
     * A topic with records in both partitions, and an instance in the json format that owns both, has read all of
     * them, and has committed offset 3 of partition 0 (a row in H2).
     */
    private String seed() {
        Http http = http();
        String cluster = http.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        ok(http.post("/v3/clusters/" + cluster + "/topics", Http.JSON, "{\"topic_name\":\"" + TOPIC
                + "\",\"partitions_count\":2,\"configs\":[{\"name\":\"max.message.bytes\",\"value\":\"4096\"}]}"));
        ok(http.post("/topics/" + TOPIC + "/partitions/0", Http.JSON_V2, records(0, SEEDED_RECORDS / 2)));
        ok(http.post("/topics/" + TOPIC + "/partitions/1", Http.JSON_V2, records(SEEDED_RECORDS / 2, SEEDED_RECORDS)));
        ok(http.post("/consumers/" + GROUP, Http.V2, "{\"name\":\"" + INSTANCE
                + "\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\",\"auto.commit.enable\":\"false\"}"));
        ok(http.post(BASE + "/subscription", Http.V2, "{\"topics\":[\"" + TOPIC + "\"]}"));
        int read = 0;
        for (int poll = 0; poll < 20 && read < SEEDED_RECORDS; poll++) {
            read += ok(http.get(BASE + "/records?timeout=2000", Http.JSON_V2)).json().size();
        }
        assertThat(read).isEqualTo(SEEDED_RECORDS);
        ok(http.post(BASE + "/offsets", Http.V2, "{\"offsets\":[{\"topic\":\"" + TOPIC + "\",\"partition\":0,\"offset\":3}]}"));
        return cluster;
    }

    private static String records(int from, int to) {
        StringBuilder body = new StringBuilder("{\"records\":[");
        for (int i = from; i < to; i++) {
            body.append(i > from ? "," : "").append("{\"key\":\"k").append(i).append("\",\"value\":{\"n\":").append(i).append("}}");
        }
        return body.append("]}").toString();
    }

    private State state() {
        Http http = http();
        List<JsonNode> topics = new ArrayList<>();
        for (JsonNode topic : ok(http.get("/v3/clusters/" + clusterId() + "/topics")).json().get("data")) {
            String name = topic.get("topic_name").asString();
            topics.add(ok(http.get("/topics/" + name)).json());
        }
        return new State(dataFiles(), tables(), topics, ok(http.get(BASE + "/subscription")).json(),
                ok(http.get(BASE + "/assignments")).json(),
                ok(http.send("GET", BASE + "/offsets", Http.V2, java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"partitions\":[{\"topic\":\"" + TOPIC + "\",\"partition\":0},{\"topic\":\"" + TOPIC + "\",\"partition\":1}]}")))
                        .json());
    }

    /** The position did not move: the next poll gets exactly the one record produced after the corpus. */
    private void assertPositionUnchanged() {
        Http http = http();
        ok(http.post("/topics/" + TOPIC + "/partitions/1", Http.JSON_V2, "{\"records\":[{\"value\":\"after\"}]}"));
        JsonNode records = ok(http.get(BASE + "/records?timeout=5000", Http.JSON_V2)).json();
        assertThat(records).hasSize(1);
        assertThat(records.get(0).get("value").asString()).isEqualTo("after");
        assertThat(records.get(0).get("offset").asLong()).isEqualTo(SEEDED_RECORDS / 2);
    }

    /** Every file under the data directory but H2's own (compared by content instead): size and SHA-256. */
    private static Map<String, String> dataFiles() {
        Map<String, String> files = new TreeMap<>();
        try {
            for (Path file : regularFilesUnder(dataDir())) {
                String name = dataDir().relativize(file).toString();
                if (!name.startsWith("offsets.") && !name.endsWith(".deleted")) {
                    byte[] content = Files.readAllBytes(file);
                    files.put(name, content.length + " " + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return files;
    }

    /** Every row of every application table, in a stable order. */
    private Map<String, List<Map<String, Object>>> tables() {
        Map<String, List<Map<String, Object>>> tables = new LinkedHashMap<>();
        List<String> names = jdbc.sql("SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' ORDER BY TABLE_NAME")
                .query(String.class).list();
        assertThat(names).isNotEmpty();
        for (String table : names) {
            tables.put(table, jdbc.sql("SELECT * FROM \"" + table + "\" ORDER BY 1, 2, 3").query().listOfRows());
        }
        return tables;
    }

    private static Http.Response ok(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isBetween(200, 299);
        return r;
    }
}

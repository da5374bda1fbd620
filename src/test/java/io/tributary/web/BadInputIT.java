package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input of every kind is answered with the api.md body and the right code, and changes nothing: the log
 * directory is byte-for-byte the same size and the partitions' end offsets do not move.
 */
class BadInputIT extends HttpTestSupport {

    private static final String TOPIC = "bad-input";

    @BeforeEach
    void topic() {
        if (http().get("/topics/" + TOPIC).status() == 404) {
            createTopic(TOPIC, 2, "[{\"name\":\"max.message.bytes\",\"value\":\"2048\"}]");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
            // malformed JSON
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1}|400|400",
            "application/vnd.kafka.json.v2+json|{records:[]}|400|400",
            "application/vnd.kafka.json.v2+json|not json at all|400|400",
            "application/vnd.kafka.binary.v2+json|{\"records\":[{\"value\":\"AA==\"}]}}|400|400",
            // wrong shapes and types
            "application/vnd.kafka.json.v2+json|[]|422|42206",
            "application/vnd.kafka.json.v2+json|{\"records\":\"x\"}|422|42206",
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1,\"partition\":\"0\"}]}|422|42206",
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1,\"timestamp\":true}]}|422|42206",
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1,\"headers\":[{\"key\":7}]}]}|422|42206",
            "application/vnd.kafka.binary.v2+json|{\"records\":[{\"value\":12}]}|422|42206",
            // empty
            "application/vnd.kafka.json.v2+json|{\"records\":[]}|422|42206",
            "application/vnd.kafka.json.v2+json|{}|422|42206",
            "application/json|''|422|42206",
            // bad base64, in the key, the value or a header; the good first record is not written either
            "application/vnd.kafka.binary.v2+json|{\"records\":[{\"value\":\"AA==\"},{\"value\":\"%%%\"}]}|422|42203",
            "application/vnd.kafka.binary.v2+json|{\"records\":[{\"key\":\"a\",\"value\":\"AA==\"}]}|422|42203",
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1,\"headers\":[{\"key\":\"k\",\"value\":\"!\"}]}]}|422|42203",
            // unknown partitions: explicit in a record (after a good record), negative
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1},{\"value\":2,\"partition\":2}]}|404|40402",
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1,\"partition\":-1}]}|404|40402",
            // a record above the topic's max.message.bytes (2048)
            "application/vnd.kafka.json.v2+json|{\"records\":[{\"value\":1},{\"value\":\"LARGE\"}]}|413|413",
            // no embedded format, or not JSON at all
            "application/vnd.kafka.v2+json|{\"records\":[{\"value\":1}]}|415|415",
            "text/plain|{\"records\":[{\"value\":1}]}|415|415",
    })
    void badProduceRequestsAreRejectedAndWriteNothing(String contentType, String body, int status, int errorCode) {
        String realBody = body.replace("\"LARGE\"", "\"" + "x".repeat(4000) + "\"");
        assertRejectedWithoutWriting(() -> http().post("/topics/" + TOPIC, contentType, realBody), status, errorCode);
    }

    @Test
    void unknownTopicAndPartition() {
        assertRejectedWithoutWriting(() -> http().post("/topics/no-such-topic", Http.JSON_V2, "{\"records\":[{\"value\":1}]}"), 404, 40401);
        assertRejectedWithoutWriting(() -> http().post("/topics/" + TOPIC + "/partitions/7", Http.JSON_V2,
                "{\"records\":[{\"value\":1}]}"), 404, 40402);
        assertRejectedWithoutWriting(() -> http().post("/topics/" + TOPIC + "/partitions/-1", Http.BINARY_V2,
                "{\"records\":[{\"value\":\"AA==\"}]}"), 404, 40402);
        assertRejectedWithoutWriting(() -> http().post("/topics/" + TOPIC + "/partitions/one", Http.JSON_V2,
                "{\"records\":[{\"value\":1}]}"), 400, 400);
        assertThat(http().get("/topics/no-such-topic").errorCode()).isEqualTo(40401);
        assertThat(http().get("/topics/" + TOPIC + "/partitions/2").errorCode()).isEqualTo(40402);
        assertThat(http().get("/topics/" + TOPIC + "/partitions/2/offsets").errorCode()).isEqualTo(40402);
        assertThat(http().get("/topics/" + TOPIC + "/partitions/2/records").errorCode()).isEqualTo(40402);
        assertThat(http().get("/topics/no-such-topic/partitions/0/records").errorCode()).isEqualTo(40401);
    }

    @Test
    void bodiesAboveTheRequestSizeLimitAre413() {
        String huge = "{\"records\":[{\"value\":\"" + "x".repeat((int) MAX_REQUEST_SIZE) + "\"}]}";
        // with a Content-Length: refused before reading
        assertRejectedWithoutWriting(() -> http().post("/topics/" + TOPIC, Http.JSON_V2, huge), 413, 413);
        // chunked, no Content-Length: refused once the limit is passed while reading
        assertRejectedWithoutWriting(() -> http().send("POST", "/topics/" + TOPIC, Http.JSON_V2,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)))), 413, 413);
        assertRejectedWithoutWriting(() -> http().send("POST", "/v3/clusters/" + clusterId() + "/topics/" + TOPIC + "/records",
                Http.JSON, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        ("{\"value\":{\"type\":\"STRING\",\"data\":\"" + "x".repeat((int) MAX_REQUEST_SIZE) + "\"}}")
                                .getBytes(StandardCharsets.UTF_8)))), 413, 413);
    }

    @Test
    void moreRecordsThanAllowedPerRequestAre413() {
        String body = "{\"records\":[" + "{\"value\":1},".repeat(MAX_RECORDS_PER_REQUEST) + "{\"value\":1}]}";
        var r = assertRejectedWithoutWriting(() -> http().post("/topics/" + TOPIC, Http.JSON_V2, body), 413, 413);
        assertThat(r.json().get("message").asString()).contains("max-records-per-request");
    }

    @ParameterizedTest
    @ValueSource(strings = {"offset=-1", "max_records=-5", "max_records=0", "timeout=-1", "timestamp=-3", "offset=abc",
            "max_records=1.5", "offset=0&timestamp=5", "max_bytes=0", "offset=99999"})
    void badReadParametersAre400(String query) {
        var r = http().get("/topics/" + TOPIC + "/partitions/0/records?" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.errorCode()).isEqualTo(400);
        assertThat(r.contentType()).startsWith(Http.V2);
    }

    @Test
    void anOffsetPastTheEndNamesTheValidRange() {
        long end = endOffset(TOPIC, 0);
        var r = http().get("/topics/" + TOPIC + "/partitions/0/records?offset=" + (end + 1));
        assertThat(r.json().get("message").asString()).contains("valid offsets are 0 to " + end);
    }

    /**
     * Confluent's v3 answers errors as application/json, its v2 as its own type: so does Tributary, and a client that
     * accepts only application/json gets that from v2 too.
     */
    @ParameterizedTest(name = "{0} with Accept [{1}]: {2} {3}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
            "/v3/clusters/{c}/topics/nope|none|404|application/json",
            "/v3/clusters/{c}/topics/nope|application/json|404|application/json",
            "/v3/clusters/{c}/topics/bad-input|application/vnd.kafka.v2+json|406|application/json",
            "/v3/clusters/{c}/topics/bad-input/partitions/x|none|400|application/json",
            "/v3/clusters/{c}/no-such-thing|none|404|application/json",
            "/v3/clusters/not-this-one|none|404|application/json",
            "/topics/nope|none|404|application/vnd.kafka.v2+json",
            "/topics/nope|application/vnd.kafka.v2+json|404|application/vnd.kafka.v2+json",
            "/topics/nope|application/json|404|application/json",
            "/topics/nope|application/json, application/vnd.kafka.v2+json|404|application/vnd.kafka.v2+json",
            "/no-such-thing|none|404|application/vnd.kafka.v2+json"})
    void errorsOfTheV3ApiAreApplicationJsonAndOfV2TheV2Type(String path, String accept, int status, String type) {
        var r = http().get(path.replace("{c}", clusterId()), accept);
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
        assertThat(r.contentType()).as(r.toString()).startsWith(type);
        assertThat(r.json().properties()).extracting(Map.Entry::getKey).containsExactly("error_code", "message");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/topics/..%2F..%2Fetc", "/topics/%2e%2e", "/topics/..", "/topics/%2e%2e%2f%2e%2e%2fetc/partitions",
            "/topics/a%5C..%5Cb/partitions/0/offsets", "/topics/a%00b", "/topics/%2e%2e/partitions/0/records",
            "/topics/.%2e/partitions/0", "/topics/..%252F..%252Fetc"})
    void pathTraversalTopicNamesAreRejectedBeforeTheDisk(String path) throws IOException {
        List<Path> before = listing(dataDirParent());
        var r = assertRejectedWithoutWriting(() -> http().get(path), null, null);
        assertThat(r.status()).as(r.toString()).isIn(400, 404, 422);
        assertThat(r.errorCode()).isIn(400, 404, 42206);
        assertThat(listing(dataDirParent())).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../../etc", "..", ".", "a/b", "", "x y", "caf\u00e9"})
    void invalidNamesCannotBeCreatedOrProducedTo(String name) throws IOException {
        List<Path> before = listing(dataDirParent());
        assertRejectedWithoutWriting(() -> http().post("/v3/clusters/" + clusterId() + "/topics", Http.JSON,
                Http.toJson(Map.of("topic_name", name))), 422, 42206);
        assertThat(listing(dataDirParent())).isEqualTo(before);
    }

    @Test
    void v3ProduceErrorsOfASingleRecordAreItsReportAndRequestErrorsTheStatus() {
        String records = "/v3/clusters/" + clusterId() + "/topics/" + TOPIC + "/records";
        // a record that fails is reported in a 200, as Confluent does: 400 for one that cannot be read
        var base64 = assertRejectedWithoutWriting(() -> http().post(records, Http.JSON, "{\"value\":{\"type\":\"BINARY\",\"data\":\"***\"}}"), 200, 400);
        assertThat(base64.json().get("message").asString()).contains("base64");
        assertThat(base64.body().lines().filter(l -> !l.isBlank())).as("one report").hasSize(1);
        var avro = assertRejectedWithoutWriting(() -> http().post(records, Http.JSON, "{\"value\":{\"type\":\"AVRO\",\"data\":1}}"), 200, 400);
        assertThat(avro.json().get("message").asString()).contains("AVRO");
        assertRejectedWithoutWriting(() -> http().post(records, Http.JSON, "{\"partition_id\":5,\"value\":{\"data\":1}}"), 200, 40402);
        assertRejectedWithoutWriting(() -> http().post(records, Http.JSON, "{\"value\":{\"data\":1}"), 200, 400);
        // the request as a whole: the status
        assertRejectedWithoutWriting(() -> http().post(records, Http.JSON, ""), 422, 42206);
        assertRejectedWithoutWriting(() -> http().post(records, Http.JSON_V2, "{\"value\":{\"data\":1}}"), 415, 415);
        assertRejectedWithoutWriting(() -> http().post("/v3/clusters/" + clusterId() + "/topics/nope/records", Http.JSON,
                "{\"value\":{\"data\":1}}"), 404, 40401);
        assertRejectedWithoutWriting(() -> http().post("/v3/clusters/not-this-one/topics/" + TOPIC + "/records", Http.JSON,
                "{\"value\":{\"data\":1}}"), 404, 404);
    }

    @Test
    void unknownPathsAndMethodsGetTheErrorBody() {
        var unknown = http().get("/no/such/endpoint");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(404);
        var method = http().delete("/topics/" + TOPIC);
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.errorCode()).isEqualTo(405);
        var error = http().get("/error");
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.errorCode()).isEqualTo(404);
    }

    @Test
    void anAcceptHeaderThatMatchesNoFormatIs40601() {
        var r = http().get("/topics/" + TOPIC + "/partitions/0/records", "text/csv");
        assertThat(r.status()).isEqualTo(406);
        assertThat(r.errorCode()).isEqualTo(40601);
    }

    /** The call is answered with this status and error code (api.md's pairs; null: checked by the caller). */
    private Http.Response assertRejectedWithoutWriting(java.util.function.Supplier<Http.Response> call, Integer status,
                                                       Integer errorCode) {
        Map<String, Long> files = logFiles(TOPIC);
        long end0 = endOffset(TOPIC, 0);
        long end1 = endOffset(TOPIC, 1);
        Http.Response r = call.get();
        if (errorCode != null) {
            assertThat(r.errorCode()).as(r.toString()).isEqualTo(errorCode);
            assertThat(r.status()).as(r.toString()).isEqualTo(status);
        }
        // the v3 API answers errors as application/json, as Confluent's v3 does
        assertThat(r.contentType()).as(r.toString()).startsWith(r.ofV3() ? Http.JSON : Http.V2);
        assertThat(r.json().get("message").asString()).isNotBlank();
        assertThat(endOffset(TOPIC, 0)).isEqualTo(end0);
        assertThat(endOffset(TOPIC, 1)).isEqualTo(end1);
        assertThat(logFiles(TOPIC)).isEqualTo(files);
        return r;
    }

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}

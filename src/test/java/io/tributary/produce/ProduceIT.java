package io.tributary.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Produce over HTTP and read back: json and binary round trips, partitions, headers, timestamps, v3 streaming. */
class ProduceIT extends HttpTestSupport {

    @Test
    void jsonRoundTripKeepsKeysValuesHeadersAndTimestamps() {
        String topic = unique("json");
        createTopic(topic, 1);
        var produced = http().post("/topics/" + topic, Http.JSON_V2, """
                {"records":[
                 {"key":{"user":"u1","n":1},"value":{"amount":42.50,"big":12345678901234567890,"city":"Zürich 東京"},
                  "headers":[{"key":"source","value":"d2Vi"},{"name":"trace","value":null}],"timestamp":1718000000000},
                 {"key":"user1","value":[1,"two",null,true]},
                 {"value":null},
                 {"value":"plain string","timestamp":"2024-06-10T08:53:20Z"}]}""");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);
        JsonNode offsets = produced.json().get("offsets");
        for (int i = 0; i < 4; i++) {
            assertThat(offsets.get(i).get("offset").asLong()).isEqualTo(i);
            assertThat(offsets.get(i).get("partition").asInt()).isZero();
            assertThat(offsets.get(i).get("error_code").isNull()).isTrue();
        }

        // a read brings what one fetch brought, at least one record: over Kafka, in a loaded CI run, it once brought
        // the first of the request's records alone (the fetch did not reach the later batch); read until all are there
        var response = await().atMost(Duration.ofSeconds(30)).until(
                () -> http().get("/topics/" + topic + "/partitions/0/records", Http.JSON_V2), r -> r.json().size() == 4);
        // the stored JSON text comes back as it was sent (compacted), numbers exactly
        assertThat(response.body()).contains(
                "\"value\":{\"amount\":42.50,\"big\":12345678901234567890,\"city\":\"Zürich 東京\"}");
        JsonNode read = response.json();
        assertThat(read).hasSize(4);
        assertThat(read.get(0).get("key")).isEqualTo(Http.parse("{\"user\":\"u1\",\"n\":1}"));
        assertThat(read.get(0).get("timestamp").asLong()).isEqualTo(1718000000000L);
        assertThat(read.get(0).get("headers")).isEqualTo(Http.parse(
                "[{\"key\":\"source\",\"value\":\"d2Vi\"},{\"key\":\"trace\",\"value\":null}]"));
        assertThat(read.get(1).get("key").asString()).isEqualTo("user1");
        assertThat(read.get(1).get("value")).isEqualTo(Http.parse("[1,\"two\",null,true]"));
        assertThat(read.get(2).get("value").isNull()).isTrue();
        assertThat(read.get(2).get("timestamp").asLong()).as("append time").isCloseTo(System.currentTimeMillis(),
                org.assertj.core.data.Offset.offset(60_000L));
        assertThat(read.get(3).get("timestamp").asLong()).isEqualTo(Instant.parse("2024-06-10T08:53:20Z").toEpochMilli());

        // the same records in the binary format: the stored bytes are the JSON text
        JsonNode binary = http().get("/topics/" + topic + "/partitions/0/records", Http.BINARY_V2).json();
        assertThat(decode(binary.get(1).get("key"))).isEqualTo("\"user1\"");
        assertThat(decode(binary.get(3).get("value"))).isEqualTo("\"plain string\"");
    }

    @Test
    void binaryRoundTripKeepsEveryByte() {
        String topic = unique("binary");
        createTopic(topic, 1);
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        String value = Base64.getEncoder().encodeToString(all);
        var produced = http().post("/topics/" + topic, Http.BINARY_V2, "{\"records\":[{\"key\":\"AP8=\",\"value\":\"" + value
                + "\",\"headers\":[{\"key\":\"bin\",\"value\":\"AAEC\"}],\"timestamp\":5},{\"value\":null},{\"key\":\"\",\"value\":\"\"}]}");
        assertThat(produced.status()).as(produced.toString()).isEqualTo(200);

        var read = http().get("/topics/" + topic + "/partitions/0/records", Http.BINARY_V2);
        assertThat(read.contentType()).startsWith(Http.BINARY_V2);
        JsonNode records = read.json();
        assertThat(records.get(0).get("key").asString()).isEqualTo("AP8=");
        assertThat(Base64.getDecoder().decode(records.get(0).get("value").asString())).isEqualTo(all);
        assertThat(records.get(0).get("headers").get(0).get("value").asString()).isEqualTo("AAEC");
        assertThat(records.get(0).get("timestamp").asLong()).isEqualTo(5);
        assertThat(records.get(1).get("value").isNull()).isTrue();
        assertThat(records.get(2).get("key").asString()).as("empty, not null").isEmpty();

        // not JSON: the json format refuses the fetch as a whole, before writing anything
        var asJson = http().get("/topics/" + topic + "/partitions/0/records", Http.JSON_V2);
        assertThat(asJson.status()).isEqualTo(422);
        assertThat(asJson.errorCode()).isEqualTo(42203);
        assertThat(asJson.json().get("message").asString()).contains("binary");
    }

    @Test
    void plainApplicationJsonIsTheJsonFormatAndAnswersInV2() {
        String topic = unique("plain");
        createTopic(topic, 1);
        var r = http().post("/topics/" + topic, Http.JSON, "{\"records\":[{\"value\":{\"a\":1}}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.contentType()).startsWith(Http.V2);
        assertThat(http().get("/topics/" + topic + "/partitions/0/records", Http.JSON).json().get(0).get("value"))
                .isEqualTo(Http.parse("{\"a\":1}"));
    }

    @Test
    void explicitPartitionsWinAndUnkeyedRecordsAreSpread() {
        String topic = unique("spread");
        createTopic(topic, 3);
        var explicit = http().post("/topics/" + topic, Http.JSON_V2,
                "{\"records\":[{\"value\":1,\"partition\":2},{\"key\":\"k\",\"value\":2,\"partition\":1}]}").json();
        assertThat(explicit.get("offsets").get(0).get("partition").asInt()).isEqualTo(2);
        assertThat(explicit.get("offsets").get(1).get("partition").asInt()).isEqualTo(1);

        var toPartition = http().post("/topics/" + topic + "/partitions/0", Http.JSON_V2,
                "{\"records\":[{\"value\":3},{\"value\":4,\"partition\":2}]}").json();
        assertThat(toPartition.get("offsets").findValuesAsString("partition")).containsOnly("0");

        var spread = http().post("/topics/" + topic, Http.JSON_V2,
                "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3},{\"value\":4},{\"value\":5},{\"value\":6}]}").json();
        List<Integer> partitions = new ArrayList<>();
        spread.get("offsets").forEach(o -> partitions.add(o.get("partition").asInt()));
        assertThat(partitions).containsOnly(0, 1, 2);
        for (int p = 0; p < 3; p++) {
            assertThat(java.util.Collections.frequency(partitions, p)).isEqualTo(2);
        }
        // offsets in one partition are consecutive, in request order
        assertThat(endOffset(topic, 0) + endOffset(topic, 1) + endOffset(topic, 2)).isEqualTo(10);
    }

    @Test
    void logAppendTimeTopicsUseTheBrokerTime() {
        String topic = unique("append-time");
        createTopic(topic, 1, "[{\"name\":\"message.timestamp.type\",\"value\":\"LogAppendTime\"}]");
        long before = System.currentTimeMillis();
        http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1,\"timestamp\":5}]}");
        long ts = http().get("/topics/" + topic + "/partitions/0/records").json().get(0).get("timestamp").asLong();
        assertThat(ts).isBetween(before - 1000, System.currentTimeMillis() + 1000);
    }

    @Test
    void v3ProducesOneRecordWithConfluentsResponse() {
        String topic = unique("v3");
        createTopic(topic, 2);
        var r = http().post(records(topic), Http.JSON, """
                {"partition_id":1,"headers":[{"name":"h","value":"aGk="}],"key":{"type":"STRING","data":"user1"},
                 "value":{"type":"JSON","data":{"amount":1.5}},"timestamp":"2024-06-10T08:53:20.123Z"}""");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json()).isEqualTo(Http.parse("""
                {"error_code":200,"cluster_id":"%s","topic_name":"%s","partition_id":1,"offset":0,
                 "timestamp":"2024-06-10T08:53:20.123Z","key":{"type":"STRING","size":5},"value":{"type":"JSON","size":14}}"""
                .formatted(clusterId(), topic)));
        JsonNode read = http().get("/topics/" + topic + "/partitions/1/records", Http.BINARY_V2).json().get(0);
        assertThat(decode(read.get("key"))).isEqualTo("user1");
        assertThat(decode(read.get("value"))).isEqualTo("{\"amount\":1.5}");
        assertThat(read.get("headers").get(0).get("key").asString()).isEqualTo("h");
    }

    @Test
    void aV3RequestWhoseOnlyRecordFailsIsAnsweredWithItsReport() {
        String topic = unique("v3-one-bad");
        createTopic(topic, 1);
        var r = http().post(records(topic), Http.JSON, "{\"value\":{\"type\":\"BINARY\",\"data\":\"not base64!\"}}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.contentType()).startsWith(Http.JSON);
        assertThat(r.body().lines().filter(l -> !l.isBlank())).hasSize(1);
        assertThat(r.json().get("error_code").asInt()).isEqualTo(400);
        assertThat(r.json().get("message").asString()).contains("value.data", "base64");
        assertThat(r.json().has("offset")).isFalse();
        assertThat(endOffset(topic, 0)).as("nothing appended").isZero();
    }

    @Test
    void v3StreamsConcatenatedRecordsAndAnswersEachOne() {
        String topic = unique("v3-stream");
        createTopic(topic, 1);
        String body = """
                {"value":{"type":"STRING","data":"first"}}
                {"value":{"type":"BINARY","data":"not base64!"}}{"value":{"data":{"third":3}}}
                {"key":{"type":"BINARY","data":"AAE="},"value":{"type":"BINARY","data":"Zm91cnRo"}}""";
        // chunked, as a streaming client sends it
        var r = http().send("POST", records(topic), Http.JSON,
                HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> answers = r.body().lines().map(Http::parse).toList();
        assertThat(answers).hasSize(4);
        assertThat(answers.get(0).get("offset").asLong()).isZero();
        assertThat(answers.get(1).get("error_code").asInt()).as("a record that cannot be read, as Confluent reports it")
                .isEqualTo(400);
        assertThat(answers.get(1).get("message").asString()).contains("base64");
        assertThat(answers.get(2).get("offset").asLong()).isEqualTo(1);
        assertThat(answers.get(3).get("offset").asLong()).isEqualTo(2);
        assertThat(answers.get(3).get("key").get("size").asInt()).isEqualTo(2);
        assertThat(endOffset(topic, 0)).isEqualTo(3);

        JsonNode read = http().get("/topics/" + topic + "/partitions/0/records", Http.BINARY_V2).json();
        assertThat(decode(read.get(0).get("value"))).isEqualTo("first");
        assertThat(decode(read.get(1).get("value"))).isEqualTo("{\"third\":3}");
        assertThat(decode(read.get(2).get("value"))).isEqualTo("fourth");
    }

    @Test
    void aStreamingClientGetsEachAnswerBeforeSendingItsNextRecord() throws Exception {
        String topic = unique("v3-interactive");
        createTopic(topic, 1);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            out.write(("POST " + records(topic) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 3; i++) {
                chunk(out, "{\"value\":{\"data\":" + i + "}}");
                // the answer comes while the request is still open: the server does not wait for more records
                JsonNode answer = Http.parse(nextJsonLine(in));
                assertThat(answer.get("error_code").asInt()).isEqualTo(200);
                assertThat(answer.get("offset").asLong()).isEqualTo(i);
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }
        assertThat(endOffset(topic, 0)).isEqualTo(3);
    }

    private static void chunk(OutputStream out, String data) throws IOException {
        byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
        out.write((Integer.toHexString(bytes.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Skips the status line, headers and chunk sizes of the chunked response up to the next JSON answer. */
    private static String nextJsonLine(BufferedReader in) throws IOException {
        for (String line; (line = in.readLine()) != null; ) {
            if (line.startsWith("{")) {
                return line;
            }
        }
        throw new IOException("response ended");
    }

    @Test
    void malformedJsonEndsAStreamAfterTheRecordsBeforeIt() {
        String topic = unique("v3-broken");
        createTopic(topic, 1);
        var r = http().post(records(topic), Http.JSON, "{\"value\":{\"data\":1}} {\"value\":{\"data\":2}} {\"value\": nope}");
        assertThat(r.status()).isEqualTo(200);
        List<JsonNode> answers = r.body().lines().map(Http::parse).toList();
        assertThat(answers).hasSize(3);
        assertThat(answers.get(2).get("error_code").asInt()).isEqualTo(400);
        assertThat(endOffset(topic, 0)).isEqualTo(2);
    }

    @Test
    void autoCreateIsOffByDefault() {
        String topic = unique("missing");
        var r = http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1}]}");
        assertThat(r.status()).as(r.toString()).isEqualTo(404);
        assertThat(r.errorCode()).isEqualTo(40401);
        // and the produce created nothing: no topic to describe or list, no metadata or partition files
        assertThat(http().get("/topics/" + topic).errorCode()).isEqualTo(40401);
        assertThat(http().get("/topics").json().valueStream().map(JsonNode::asString)).doesNotContain(topic);
        assertThat(logFiles().keySet()).noneMatch(f -> f.startsWith(topic + "-") || f.equals(topic + ".properties"));
    }

    @Test
    void aBatchIsAppendedAndAnsweredMultiStatusWithAReportPerEntry() {
        String topic = unique("v3-batch");
        createTopic(topic, 2);
        var r = http().post(batch(topic), Http.JSON, """
                {"entries":[
                 {"id":"a","partition_id":1,"key":{"type":"STRING","data":"user1"},"value":{"type":"JSON","data":{"n":1}},
                  "headers":[{"name":"h","value":"aGk="}],"timestamp":"2024-06-10T08:53:20.123Z"},
                 {"id":"b","value":{"type":"BINARY","data":"not base64!"}},
                 {"id":"c","partition_id":1,"value":{"type":"STRING","data":"third"}},
                 {"id":"d","partition_id":7,"value":{"type":"STRING","data":"nowhere"}}]}""");
        assertThat(r.status()).as(r.toString()).isEqualTo(207);
        assertThat(r.contentType()).startsWith(Http.JSON);
        JsonNode successes = r.json().get("successes");
        assertThat(successes.valueStream().map(e -> e.get("id").asString())).containsExactly("a", "c");
        assertThat(successes.get(0)).isEqualTo(Http.parse("""
                {"id":"a","cluster_id":"%s","topic_name":"%s","partition_id":1,"offset":0,
                 "timestamp":"2024-06-10T08:53:20.123Z","key":{"type":"STRING","size":5},"value":{"type":"JSON","size":7}}"""
                .formatted(clusterId(), topic)));
        assertThat(successes.get(1).get("offset").asLong()).isEqualTo(1);
        JsonNode failures = r.json().get("failures");
        assertThat(failures.valueStream().map(e -> e.get("id").asString() + " " + e.get("error_code").asInt()))
                .containsExactly("b 400", "d 40402");
        assertThat(failures.get(0).get("message").asString()).contains("value.data", "base64");
        assertThat(failures.get(1).get("message").asString()).isNotBlank();
        assertThat(endOffset(topic, 0)).as("nothing of the failed entries").isZero();
        assertThat(endOffset(topic, 1)).isEqualTo(2);
        JsonNode first = http().get("/topics/" + topic + "/partitions/1/records?offset=0", Http.BINARY_V2).json().get(0);
        assertThat(decode(first.get("key"))).isEqualTo("user1");
        assertThat(first.get("headers").get(0).get("key").asString()).isEqualTo("h");
        JsonNode third = http().get("/topics/" + topic + "/partitions/1/records?offset=1", Http.BINARY_V2).json().get(0);
        assertThat(decode(third.get("value"))).isEqualTo("third");
    }

    @Test
    void aBatchConfluentRefusesAsAWholeAppendsNothing() {
        String topic = unique("v3-batch-bad");
        createTopic(topic, 1);
        String one = "{\"id\":\"1\",\"value\":{\"data\":1}}";
        String tooMany = "{\"entries\":[" + java.util.stream.IntStream.rangeClosed(0, MAX_RECORDS_PER_REQUEST)
                .mapToObj(i -> "{\"id\":\"" + i + "\",\"value\":{\"data\":1}}").collect(java.util.stream.Collectors.joining(",")) + "]}";
        for (String[] bad : new String[][] {
                {"", "42208", "empty"},
                {"{\"entries\":[]}", "42208", "Empty batch"},
                {"{}", "42208", "Empty batch"},
                {"{\"entries\":[" + one + "," + one + "]}", "42208", "not distinct"},
                {"{\"entries\":[{\"id\":1,\"value\":{\"data\":1}}]}", "42208", "identifier"},
                {"{\"entries\":[{\"id\":\"\",\"value\":{\"data\":1}}]}", "42208", "identifier"},
                {"{\"entries\":[{\"id\":\"" + "x".repeat(81) + "\",\"value\":{\"data\":1}}]}", "42208", "identifier"},
                {"{\"entries\":[{\"value\":{\"data\":1}}]}", "42208", "identifier"},
                {tooMany, "42208", "max-records-per-request"},
                {"{\"entries\":[" + one + "]", "400", "JSON"},
                {"{\"entries\":{}}", "400", "entries"},
                {"[" + one + "]", "400", "entries"},
                {"{\"entries\":[" + one + "]} {}", "400", "follows"}}) {
            var r = http().post(batch(topic), Http.JSON, bad[0]);
            assertThat(r.errorCode()).as(bad[0]).isEqualTo(Integer.parseInt(bad[1]));
            assertThat(r.status()).as(bad[0]).isEqualTo(Integer.parseInt(bad[1].substring(0, 3)));
            assertThat(r.json().get("message").asString()).as(bad[0]).contains(bad[2]);
        }
        var unknown = http().post("/v3/clusters/" + clusterId() + "/topics/" + unique("nope") + "/records:batch", Http.JSON,
                "{\"entries\":[" + one + "]}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(40401);
        assertThat(http().post(batch(topic), Http.JSON_V2, "{\"entries\":[" + one + "]}").status()).isEqualTo(415);
        assertThat(endOffset(topic, 0)).as("nothing appended").isZero();
    }

    @Test
    void aBatchSentAgainUnderItsIdempotencyKeyAppendsNothingNew() {
        String topic = unique("v3-batch-idem");
        createTopic(topic, 1);
        String body = "{\"entries\":[{\"id\":\"x\",\"value\":{\"data\":1}},{\"id\":\"y\",\"value\":{\"data\":2}}]}";
        Http keyed = http().withHeader("Idempotency-Key", "batch-1");
        var first = keyed.post(batch(topic), Http.JSON, body);
        if (isKafka()) { // the Kafka backend keeps no memory of requests: the header is refused, as for the other produces
            assertThat(first.status()).as(first.toString()).isEqualTo(400);
            assertThat(first.json().get("message").asString()).contains("Idempotency-Key");
            assertThat(endOffset(topic, 0)).isZero();
            return;
        }
        assertThat(first.status()).as(first.toString()).isEqualTo(207);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        var again = keyed.post(batch(topic), Http.JSON, body);
        assertThat(again.status()).isEqualTo(207);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(again.json().get("successes")).isEqualTo(first.json().get("successes"));
        assertThat(endOffset(topic, 0)).isEqualTo(2);
        var changed = keyed.post(batch(topic), Http.JSON, "{\"entries\":[{\"id\":\"x\",\"value\":{\"data\":9}}]}");
        assertThat(changed.status()).isEqualTo(207);
        assertThat(changed.json().get("failures").get(0).get("error_code").asInt()).isEqualTo(42209);
        assertThat(endOffset(topic, 0)).isEqualTo(2);
    }

    private String batch(String topic) {
        return records(topic) + ":batch";
    }

    private String records(String topic) {
        return "/v3/clusters/" + clusterId() + "/topics/" + topic + "/records";
    }

    private static String decode(JsonNode base64) {
        return new String(Base64.getDecoder().decode(base64.asString()), StandardCharsets.UTF_8);
    }
}

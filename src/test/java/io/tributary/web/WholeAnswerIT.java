package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.HttpTestSupport;
import io.tributary.support.RawHttp;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Short answers go out whole, with their Content-Length, not chunked: Spring MVC's flush after a {@code ResponseEntity}
 * would otherwise commit them early ({@link WholeAnswerFilter}). Streams still flush as they go: the server-sent
 * events tests (ConsumerPositionsIT) wait for events while the stream is open, and the v3 produce stream is chunked.
 */
class WholeAnswerIT extends HttpTestSupport {

    @Test
    void aProduceAnswerCarriesItsLength() {
        String topic = unique("whole");
        createTopic(topic, 1);

        RawHttp.Response answer = send("POST /topics/" + topic, "application/vnd.kafka.binary.v2+json",
                "{\"records\":[{\"value\":\"QUFB\"}]}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertWhole(answer);
        assertThat(answer.bodyText()).contains("\"offset\":0");
    }

    @Test
    void anErrorAnswerCarriesItsLength() {
        RawHttp.Response answer = send("POST /topics/" + unique("missing"), "application/vnd.kafka.binary.v2+json",
                "{\"records\":[{\"value\":\"QUFB\"}]}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
        assertWhole(answer);
        assertThat(answer.bodyText()).contains("\"error_code\":40401");
    }

    @Test
    void theV3ProduceStreamIsStillStreamed() {
        String topic = unique("whole-v3");
        createTopic(topic, 1);

        RawHttp.Response answer = send("POST /v3/clusters/" + clusterId() + "/topics/" + topic + "/records",
                "application/json", "{\"value\":{\"type\":\"JSON\",\"data\":1}}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.headers()).containsEntry("transfer-encoding", "chunked");
        assertThat(answer.bodyText()).contains("\"error_code\":200");
    }

    private RawHttp.Response send(String requestLine, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = requestLine + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Type: " + contentType
                + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        return new RawHttp(port).send((head + body).getBytes(StandardCharsets.UTF_8));
    }

    private static void assertWhole(RawHttp.Response answer) {
        assertThat(answer.headers()).doesNotContainKey("transfer-encoding");
        assertThat(answer.headers()).containsEntry("content-length", String.valueOf(answer.body().length));
    }
}

package io.tributary.produce;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Idempotency-Key on produce: a retried request is appended once and answered with the first offsets. */
class IdempotentProduceIT extends HttpTestSupport {

    private static final String BODY = "{\"records\":[{\"key\":\"user1\",\"value\":{\"n\":1}},{\"value\":{\"n\":2}},"
            + "{\"value\":{\"n\":3}},{\"value\":{\"n\":4}}]}";

    private Http keyed(String key) {
        return key == null ? http() : http().withHeader("Idempotency-Key", key);
    }

    private Http.Response produce(String topic, String key, String body) {
        return keyed(key).post("/topics/" + topic, Http.JSON_V2, body);
    }

    private long totalEnd(String topic, int partitions) {
        return IntStream.range(0, partitions).mapToLong(p -> endOffset(topic, p)).sum();
    }

    private static List<String> placements(Http.Response response) {
        List<String> placed = new ArrayList<>();
        response.json().get("offsets").forEach(o -> placed.add(o.get("partition").asInt() + "/" + o.get("offset").asLong()));
        return placed;
    }

    @Test
    void aRepeatAppendsNothingAndAnswersTheFirstOffsets() {
        String topic = unique("idem");
        createTopic(topic, 3);
        Http.Response first = produce(topic, "order-42", BODY);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(totalEnd(topic, 3)).isEqualTo(4);

        Http.Response again = produce(topic, "order-42", BODY);
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(placements(again)).as("the same partitions and offsets, keyless records too").isEqualTo(placements(first));
        assertThat(totalEnd(topic, 3)).isEqualTo(4);

        // without the header nothing changes: at-least-once, appended again
        assertThat(produce(topic, null, BODY).status()).isEqualTo(200);
        assertThat(totalEnd(topic, 3)).isEqualTo(8);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefusedAndAppendsNothing() {
        String topic = unique("idem");
        createTopic(topic, 2);
        assertThat(produce(topic, "k1", BODY).status()).isEqualTo(200);

        Http.Response other = produce(topic, "k1", "{\"records\":[{\"key\":\"user1\",\"value\":{\"n\":99}}]}");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.errorCode()).isEqualTo(42209);
        assertThat(other.json().get("message").asString()).contains("Idempotency-Key 'k1' was already used");
        assertThat(totalEnd(topic, 2)).isEqualTo(4);

        // to one partition, the partition is part of the request
        Http.Response toPartition = keyed("k1").post("/topics/" + topic + "/partitions/0", Http.JSON_V2, BODY);
        assertThat(toPartition.errorCode()).isEqualTo(42209);
        assertThat(totalEnd(topic, 2)).isEqualTo(4);
    }

    @Test
    void keysArePerTopic() {
        String first = unique("idem");
        String second = unique("idem");
        createTopic(first, 1);
        createTopic(second, 1);
        assertThat(produce(first, "shared", BODY).headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(produce(second, "shared", BODY).headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(endOffset(first, 0)).isEqualTo(4);
        assertThat(endOffset(second, 0)).isEqualTo(4);
    }

    @Test
    void concurrentRepeatsWaitForTheFirstAndAreAppendedOnce() throws Exception {
        String topic = unique("idem");
        createTopic(topic, 3);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<CompletableFuture<Http.Response>> responses = IntStream.range(0, 8)
                    .mapToObj(i -> CompletableFuture.supplyAsync(() -> produce(topic, "burst", BODY), clients)).toList();
            List<Http.Response> answers = responses.stream().map(CompletableFuture::join).toList();
            assertThat(answers).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
            assertThat(answers.stream().map(IdempotentProduceIT::placements).distinct()).hasSize(1);
            assertThat(answers.stream().filter(r -> r.headers().firstValue("Idempotent-Replayed").isEmpty())).hasSize(1);
        } finally {
            clients.shutdownNow();
        }
        assertThat(totalEnd(topic, 3)).isEqualTo(4);
    }

    @Test
    void aV3StreamSentAgainAppendsOnlyTheRecordsThatDidNotMakeIt() {
        String topic = unique("idem");
        createTopic(topic, 1);
        String path = "/v3/clusters/" + clusterId() + "/topics/" + topic + "/records";
        String three = "{\"value\":{\"data\":1}}\n{\"value\":{\"data\":2}}\n{\"value\":{\"data\":3}}\n";
        Http.Response first = keyed("stream-1").post(path, Http.JSON, three);
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(offsetsOf(first)).containsExactly(0L, 1L, 2L);

        Http.Response resent = keyed("stream-1").post(path, Http.JSON, three + "{\"value\":{\"data\":4}}\n");
        assertThat(resent.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(offsetsOf(resent)).containsExactly(0L, 1L, 2L, 3L);
        assertThat(endOffset(topic, 0)).isEqualTo(4);

        Http.Response changed = keyed("stream-1").post(path, Http.JSON, "{\"value\":{\"data\":\"other\"}}");
        assertThat(changed.status()).as("the record's report, as Confluent answers").isEqualTo(200);
        assertThat(changed.errorCode()).isEqualTo(42209);
        assertThat(endOffset(topic, 0)).isEqualTo(4);
    }

    @Test
    void anInvalidKeyIsRefusedBeforeAnythingIsAppended() {
        String topic = unique("idem");
        createTopic(topic, 1);
        for (String bad : new String[] {"", "has space", "x".repeat(256), "tab\tinside"}) {
            Http.Response response = produce(topic, bad, BODY);
            assertThat(response.status()).as("'%s'", bad).isEqualTo(400);
            assertThat(response.json().get("message").asString()).contains("Idempotency-Key");
        }
        assertThat(produce(topic, "x".repeat(255), BODY).status()).isEqualTo(200);
        assertThat(endOffset(topic, 0)).isEqualTo(4);
    }

    private static List<Long> offsetsOf(Http.Response streamed) {
        List<Long> offsets = new ArrayList<>();
        for (String line : streamed.body().split("\n")) {
            JsonNode result = Http.parse(line);
            assertThat(result.get("error_code").asInt()).as(line).isEqualTo(200);
            offsets.add(result.get("offset").asLong());
        }
        return offsets;
    }
}

package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.TestConsumer.Rec;
import io.tributary.consume.WaitingFetches;
import io.tributary.support.Http;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Seeking, pattern subscriptions, long-poll timing and server-sent events. */
class ConsumerPositionsIT extends ConsumerHttpSupport {

    @Autowired
    WaitingFetches waitingFetches;

    @Test
    void seekToAnOffsetToTheBeginningAndToTheEnd() {
        String topic = topic(2);
        TestConsumer c = TestConsumer.create(http(), unique("group"), "c", false).subscribe(topic);
        settle(List.of(c), List.of(2));
        produceToPartition(topic, 0, values(10).toArray(String[]::new));
        assertThat(drain(List.of(c), 10).get(c)).hasSize(10);

        seek(c, "", Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 7))));
        assertThat(drain(List.of(c), 3).get(c)).extracting(Rec::offset).containsExactly(7L, 8L, 9L);

        seek(c, "/beginning", Map.of("partitions", List.of(Map.of("topic", topic, "partition", 0))));
        assertThat(drain(List.of(c), 10).get(c)).extracting(Rec::offset).startsWith(0L, 1L).hasSize(10);

        seek(c, "/end", Map.of("partitions", List.of()));
        produceToPartition(topic, 1, "\"new\"");
        assertThat(drain(List.of(c), 1).get(c)).extracting(Rec::value).containsExactly("\"new\"");
    }

    @Test
    void seekingAPartitionNotOwnedIs40903() {
        String topic = topic(2);
        String group = unique("group");
        TestConsumer c0 = TestConsumer.create(http(), group, "c0", false).subscribe(topic);
        TestConsumer c1 = TestConsumer.create(http(), group, "c1", false).subscribe(topic);
        settle(List.of(c0, c1), List.of(1, 1));
        int theirs = c1.partitions().iterator().next();

        Http.Response r = http().post(c0.base + "/positions", Http.V2, Http.toJson(Map.of("offsets",
                List.of(Map.of("topic", topic, "partition", theirs, "offset", 0)))));

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.errorCode()).isEqualTo(40903);
    }

    @Test
    void aPatternSubscriptionPicksUpATopicCreatedLater() {
        String prefix = unique("orders");
        TestConsumer c = TestConsumer.create(http(), unique("group"), "c", false);
        assertThat(c.subscribePattern(prefix + "-.*").status()).isEqualTo(204);
        assertThat(c.poll(0)).isEmpty();

        createTopic(prefix + "-eu", 1);
        produceToPartition(prefix + "-eu", 0, "\"hello\"");

        List<Rec> records = drain(List.of(c), 1).get(c);
        assertThat(records).extracting(Rec::topic, Rec::value).containsExactly(org.assertj.core.groups.Tuple.tuple(prefix + "-eu", "\"hello\""));
        assertThat(http().get(c.base + "/subscription").json().path("topics").get(0).asString()).isEqualTo(prefix + "-eu");
    }

    @Test
    void aWaitingPollReturnsAsSoonAsARecordIsProduced() throws Exception {
        String topic = topic(1);
        TestConsumer c = TestConsumer.create(http(), unique("group"), "c", false).subscribe(topic);
        settle(List.of(c), List.of(1));

        int waitingBefore = waitingFetches.waiting();
        long start = System.nanoTime();
        CompletableFuture<Http.Response> poll = http().getAsync(c.base + "/records?timeout=20000", Http.JSON_V2);
        eventually().until(() -> waitingFetches.waiting() > waitingBefore);
        produceToPartition(topic, 0, "\"wake up\"");
        Http.Response response = poll.get(10, TimeUnit.SECONDS);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(TestConsumer.records(response.json())).extracting(Rec::value).containsExactly("\"wake up\"");
        assertThat(millis).as("answered after %d ms", millis).isLessThan(10_000);
    }

    @Test
    void aPollWithNothingToReadAnswersEmptyAfterItsTimeout() {
        String topic = topic(1);
        TestConsumer c = TestConsumer.create(http(), unique("group"), "c", false).subscribe(topic);
        settle(List.of(c), List.of(1));

        long start = System.nanoTime();
        List<Rec> records = c.poll(300);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(records).isEmpty();
        assertThat(millis).isBetween(250L, 5_000L);
    }

    @Test
    void serverSentEventsDeliverProducedRecordsAndEndWhenTheInstanceIsDeleted() throws Exception {
        String topic = topic(1);
        TestConsumer c = TestConsumer.create(http(), unique("group"), "c", true).subscribe(topic);
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = http().request(c.base + "/records").header("Accept", "text/event-stream").GET().build();
        CompletableFuture<HttpResponse<Stream<String>>> stream = CompletableFuture.supplyAsync(() -> http().stream(request));
        CompletableFuture<Void> reading = stream.thenAcceptAsync(r -> r.body().forEach(lines::add));
        assertThat(stream.get(10, TimeUnit.SECONDS).headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/event-stream"));

        produceToPartition(topic, 0, "{\"amount\":42}");

        eventually().until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"amount\":42")));
        assertThat(lines).contains("id:" + topic + "/0/0");
        assertThat(c.delete().status()).isEqualTo(204);
        reading.get(10, TimeUnit.SECONDS); // the stream ends
        assertThat(lines).anyMatch(l -> l.equals("event:error"));
    }

    @Test
    void serverSentEventsOfABinaryConsumerCarryBase64() {
        String topic = topic(1);
        TestConsumer c = TestConsumer.create(http(), unique("group"), Map.of("name", "c", "format", "binary",
                "auto.offset.reset", "earliest"));
        assertThat(http().post(c.base + "/assignments", Http.V2, "{\"partitions\":[{\"topic\":\"" + topic
                + "\",\"partition\":0}]}").status()).isEqualTo(204);
        produceToPartition(topic, 0, "{\"amount\":42}");
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = http().request(c.base + "/records").header("Accept", "text/event-stream").GET().build();
        CompletableFuture.supplyAsync(() -> http().stream(request)).thenAcceptAsync(r -> r.body().forEach(lines::add));

        String value = Base64.getEncoder().encodeToString("{\"amount\":42}".getBytes(StandardCharsets.UTF_8));
        eventually().until(() -> lines.stream().anyMatch(l -> l.startsWith("data:") && l.contains("\"value\":\"" + value + "\"")));
        assertThat(c.delete().status()).isEqualTo(204);
    }

    @Test
    void aRecordThatIsNotJsonIsRefusedToAJsonConsumerWithoutSkippingIt() {
        String topic = topic(1);
        TestConsumer c = TestConsumer.create(http(), unique("group"), "c", true).subscribe(topic);
        settle(List.of(c), List.of(1));
        Http.Response produced = http().post("/topics/" + topic, Http.BINARY_V2,
                "{\"records\": [{\"value\": \"bm90IGpzb24=\"}]}"); // "not json"
        assertThat(produced.status()).as(produced.body()).isEqualTo(200);
        produceToPartition(topic, 0, "\"fine\"");

        eventually().untilAsserted(() -> assertThat(c.pollRaw(100, Http.JSON_V2).errorCode()).isEqualTo(42203));
        assertThat(c.pollRaw(100, Http.JSON_V2).errorCode()).as("still refused: not skipped").isEqualTo(42203);

        seek(c, "", Map.of("offsets", List.of(Map.of("topic", topic, "partition", 0, "offset", 1))));
        assertThat(drain(List.of(c), 1).get(c)).extracting(Rec::value).containsExactly("\"fine\"");
    }

    @Test
    void aCommittedOffsetOutOfRangeIsResetPerAutoOffsetResetOrReportedWithNone() {
        String topic = topic(1);
        String group = unique("group");
        produceToPartition(topic, 0, "1", "2");
        TestConsumer first = TestConsumer.create(http(), group, "first", false).subscribe(topic);
        settle(List.of(first), List.of(1));
        assertThat(first.commit(topic, 0, 1000).status()).isEqualTo(204); // beyond the end, like a recreated topic
        assertThat(first.delete().status()).isEqualTo(204);

        TestConsumer strict = TestConsumer.create(http(), group, Map.of("name", "strict", "format", "json",
                "auto.offset.reset", "none")).subscribe(topic);
        // Kafka's consumer learns the offset is out of range once it joined and fetched: a poll soon after says so
        Http.Response refused = isKafka()
                ? eventually().until(() -> strict.pollRaw(200, Http.JSON_V2), r -> r.status() != 200)
                : strict.pollRaw(0, Http.JSON_V2);
        assertThat(refused.errorCode()).isEqualTo(40903);
        assertThat(refused.json().path("message").asString()).contains("out of range").contains("auto.offset.reset is none");
        assertThat(strict.delete().status()).isEqualTo(204);

        TestConsumer reset = TestConsumer.create(http(), group, "reset", false).subscribe(topic);
        assertThat(drain(List.of(reset), 2).get(reset)).extracting(Rec::offset).containsExactly(0L, 1L);
    }

    @Test
    void aPollReturnsOneRecordEvenWhenItIsLargerThanMaxBytes() {
        String topic = topic(1);
        TestConsumer c = TestConsumer.create(http(), unique("group"), "c", false).subscribe(topic);
        settle(List.of(c), List.of(1));
        String big = "\"" + "x".repeat(2000) + "\"";
        produceToPartition(topic, 0, big, big);

        List<Rec> first = new java.util.ArrayList<>();
        eventually().until(() -> {
            Http.Response r = http().get(c.base + "/records?timeout=100&max_bytes=10", Http.JSON_V2);
            first.addAll(TestConsumer.records(r.json()));
            return !first.isEmpty();
        });
        assertThat(first).hasSize(1);
    }

    private void seek(TestConsumer c, String suffix, Map<String, ?> body) {
        Http.Response r = http().post(c.base + "/positions" + suffix, Http.V2, Http.toJson(body));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
    }
}

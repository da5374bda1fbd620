package io.tributary.consume;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import tools.jackson.databind.JsonNode;

/** A consumer instance driven over HTTP, as a REST Proxy client would. */
final class TestConsumer {

    /** A record as a json-format consumer receives it; {@code value} is the JSON text. */
    record Rec(String topic, int partition, long offset, String key, String value) {

        String id() {
            return topic + "/" + partition + "/" + offset;
        }
    }

    final Http http;
    final String group;
    final String id;
    final String base;
    private final List<Rec> inbox = new java.util.concurrent.CopyOnWriteArrayList<>();

    private TestConsumer(Http http, String group, String id, String base) {
        this.http = http;
        this.group = group;
        this.id = id;
        this.base = base;
    }

    static TestConsumer create(Http http, String group, Map<String, ?> config) {
        Http.Response r = http.post("/consumers/" + group, Http.V2, Http.toJson(config));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String baseUri = r.json().path("base_uri").asString();
        return new TestConsumer(http, group, r.json().path("instance_id").asString(), baseUri);
    }

    /** json format, earliest, auto-commit as given. */
    static TestConsumer create(Http http, String group, String name, boolean autoCommit) {
        return create(http, group, Map.of("name", name, "format", "json", "auto.offset.reset", "earliest",
                "auto.commit.enable", Boolean.toString(autoCommit)));
    }

    TestConsumer subscribe(String... topics) {
        Http.Response r = http.post(base + "/subscription", Http.V2, Http.toJson(Map.of("topics", List.of(topics))));
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        return this;
    }

    Http.Response subscribePattern(String pattern) {
        return http.post(base + "/subscription", Http.V2, Http.toJson(Map.of("topic_pattern", pattern)));
    }

    /** Polls; the records are returned and also kept until {@link #take()}n. */
    List<Rec> poll(long timeoutMs) {
        Http.Response r = pollRaw(timeoutMs, Http.JSON_V2);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        List<Rec> records = records(r.json());
        inbox.addAll(records);
        return records;
    }

    /** Every record polled since the last call. */
    List<Rec> take() {
        List<Rec> taken = List.copyOf(inbox);
        inbox.clear();
        return taken;
    }

    Http.Response pollRaw(long timeoutMs, String accept) {
        return http.get(base + "/records?timeout=" + timeoutMs, accept);
    }

    static List<Rec> records(JsonNode array) {
        List<Rec> records = new ArrayList<>();
        for (JsonNode n : array) {
            records.add(new Rec(n.path("topic").asString(), n.path("partition").asInt(), n.path("offset").asLong(),
                    n.path("key").isNull() ? null : n.path("key").toString(), n.path("value").toString()));
        }
        return records;
    }

    /** Commits everything fetched so far (empty body). */
    Http.Response commit() {
        return http.post(base + "/offsets", null, null);
    }

    Http.Response commit(String topic, int partition, long offset) {
        return http.post(base + "/offsets", Http.V2, Http.toJson(Map.of("offsets",
                List.of(Map.of("topic", topic, "partition", partition, "offset", offset)))));
    }

    Set<Integer> partitions() {
        Http.Response r = http.get(base + "/assignments");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        Set<Integer> result = new TreeSet<>();
        r.json().path("partitions").forEach(p -> result.add(p.path("partition").asInt()));
        return result;
    }

    Http.Response delete() {
        return http.delete(base);
    }

    @Override
    public String toString() {
        return id;
    }
}

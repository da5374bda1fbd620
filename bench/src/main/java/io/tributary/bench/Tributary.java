package io.tributary.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The few calls of Tributary's HTTP API the workloads need, over one connection. */
final class Tributary implements AutoCloseable {
    static final String BINARY = "application/vnd.kafka.binary.v2+json";
    static final String V2 = "application/vnd.kafka.v2+json";
    static final String JSON = "application/json";

    private final HttpConn conn;

    Tributary(String baseUrl) {
        this.conn = HttpConn.to(baseUrl);
    }

    HttpConn conn() {
        return conn;
    }

    String clusterId() throws IOException {
        expect(conn.send("GET", "/v3/clusters", null, JSON, null), 200, "list clusters");
        return Json.firstValue(conn.body(), conn.bodyLength(), "cluster_id");
    }

    void createTopic(String topic, int partitions) throws IOException {
        createTopic(clusterId(), topic, partitions);
    }

    void createTopic(String clusterId, String topic, int partitions) throws IOException {
        String body = "{\"topic_name\":\"" + topic + "\",\"partitions_count\":" + partitions + "}";
        int status = conn.send("POST", "/v3/clusters/" + clusterId + "/topics", JSON, JSON, utf8(body));
        expect(status, 201, "create topic " + topic);
    }

    long endOffsetSum(String topic, int partitions) throws IOException {
        long sum = 0;
        for (int p = 0; p < partitions; p++) {
            expect(conn.send("GET", "/topics/" + topic + "/partitions/" + p + "/offsets", null, V2, null), 200,
                    "offsets of " + topic + "-" + p);
            sum += Long.parseLong(Json.firstValue(conn.body(), conn.bodyLength(), "end_offset"));
        }
        return sum;
    }

    /** Creates a binary consumer instance in the group; returns its path ({@code /consumers/g/instances/i}). */
    String createConsumer(String group, String name) throws IOException {
        String body = "{\"name\":\"" + name + "\",\"format\":\"binary\",\"auto.offset.reset\":\"earliest\","
                + "\"auto.commit.enable\":\"false\"}";
        expect(conn.send("POST", "/consumers/" + group, V2, V2, utf8(body)), 200, "create consumer " + name);
        String baseUri = Json.firstValue(conn.body(), conn.bodyLength(), "base_uri");
        // base_uri is absolute (http://host:port/consumers/...): keep the path, we talk to the same server
        return baseUri.replaceFirst("^https?://[^/]+", "");
    }

    void subscribe(String instancePath, String topic) throws IOException {
        expect(conn.send("POST", instancePath + "/subscription", V2, null, utf8("{\"topics\":[\"" + topic + "\"]}")),
                204, "subscribe");
    }

    /** One long poll; the records are in {@link HttpConn#body()} until the next call. */
    void poll(String instancePath, int timeoutMs, int maxBytes) throws IOException {
        expect(conn.send("GET", instancePath + "/records?timeout=" + timeoutMs + "&max_bytes=" + maxBytes, null,
                BINARY, null), 200, "poll");
    }

    /** Commits what the instance has fetched (empty body, as Confluent's proxy allows). */
    void commit(String instancePath) throws IOException {
        int status = conn.send("POST", instancePath + "/offsets", V2, null, new byte[0]);
        if (status != 200 && status != 204) {
            expect(status, 204, "commit");
        }
    }

    void deleteConsumer(String instancePath) {
        try {
            conn.send("DELETE", instancePath, V2, null, null);
        } catch (IOException ignored) {
            // best effort: the instance expires anyway
        }
    }

    private void expect(int status, int expected, String what) {
        if (status != expected) {
            throw new IllegalStateException(what + ": HTTP " + status + " " + conn.bodyText());
        }
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        conn.close();
    }
}

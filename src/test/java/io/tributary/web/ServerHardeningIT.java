package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.tributary.consume.WaitingFetches;
import io.tributary.support.Http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service against slow and greedy clients, with the default actuator exposure and small limits: raw sockets
 * that send nothing, trickle their headers or stall their body are disconnected in the configured time; oversized
 * headers, too many records, waiting fetches and consumer instances are refused with the api.md error body.
 *
 * <p>An application of its own (not HttpTestSupport's): its 1 s connection timeout, 3 records a request, 2 waiting
 * fetches and 3 consumer instances would cut off and refuse the other tests' requests, and it checks the default
 * actuator exposure, which they widen.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "server.tomcat.connection-timeout=1s", "tributary.http.header-timeout=2s",
        "server.max-http-request-header-size=8KB", "tributary.fetch.max-waiting-fetches=2",
        "tributary.produce.max-records-per-request=3", "tributary.consumer.max-instances=3",
        "tributary.consumer.max-instances-per-group=2", "tributary.log.min-free-space=1MB",
        "tributary.http.socket-write-buffer=16KB"})
class ServerHardeningIT {

    private static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    /** What the checks may take beyond a timeout on a loaded 2-core machine. */
    private static final Duration SLACK = Duration.ofSeconds(4);
    private static final Path DATA_DIR = tempDir();

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    @Autowired
    WaitingFetches waitingFetches;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("tributary.data-dir", DATA_DIR::toString);
    }

    private Http http() {
        return new Http(port);
    }

    @Test
    void theSocketWriteBufferIsTheConfiguredSize() {
        var tomcat = ((TomcatWebServer) context.getWebServer()).getTomcat();
        // read back from the endpoint's socket properties, which Tomcat sizes each connection's buffer by
        assertThat(tomcat.getConnector().getProperty("socket.appWriteBufSize")).hasToString(Integer.toString(16 * 1024));
    }

    @Test
    void onlyHealthInfoAndMetricsAreExposedByDefault() {
        assertThat(http().get("/actuator/health").status()).isEqualTo(200);
        assertThat(http().get("/actuator/info").status()).isEqualTo(200);
        assertThat(http().get("/actuator/metrics/tributary.log.append").status()).isEqualTo(200);
        for (String hidden : List.of("/actuator/prometheus", "/actuator/env", "/actuator/beans",
                "/actuator/heapdump", "/actuator/loggers", "/actuator/threaddump", "/actuator/shutdown", "/h2-console")) {
            var r = http().get(hidden);
            assertThat(r.status()).as(hidden).isEqualTo(404);
            assertThat(r.errorCode()).isEqualTo(404);
        }
    }

    @Test
    void aConnectionThatSendsNothingIsClosedAfterTheConnectionTimeout() throws IOException {
        try (Socket socket = connect()) {
            long start = System.nanoTime();
            assertThat(readUntilClosed(socket, CONNECTION_TIMEOUT.plus(SLACK))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(CONNECTION_TIMEOUT.minusMillis(100));
        }
    }

    @Test
    void aClientTricklingItsHeadersIsCutAtTheHeaderTimeoutThoughEachByteCameInTime() throws IOException {
        try (Socket socket = connect()) {
            OutputStream out = socket.getOutputStream();
            out.write("GET /topics HTTP/1.1\r\nHost: localhost\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            socket.setSoTimeout(300); // a byte every 300 ms: well within the 1 s per-read connection timeout
            boolean closed = false;
            int sent = 0;
            while (!closed && Duration.ofNanos(System.nanoTime() - start).compareTo(HEADER_TIMEOUT.plus(SLACK)) < 0) {
                try {
                    out.write('X');
                    out.flush();
                    sent++;
                    closed = socket.getInputStream().read() == -1;
                } catch (SocketTimeoutException stillOpen) {
                    // the server is still waiting for the rest of the head
                } catch (IOException reset) {
                    closed = true;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(closed).as("disconnected within %s (sent %d bytes)", HEADER_TIMEOUT.plus(SLACK), sent).isTrue();
            assertThat(took).isGreaterThanOrEqualTo(HEADER_TIMEOUT.minusMillis(100));
            assertThat(took).as("longer than the per-read timeout: the deadline is on the whole head")
                    .isGreaterThan(CONNECTION_TIMEOUT);
        }
    }

    @Test
    void aStalledBodyIsCutAtTheConnectionTimeoutAndWritesNothing() throws IOException {
        String topic = topic("stalled");
        long end = endOffset(topic);
        try (Socket socket = connect()) {
            String head = "POST /topics/" + topic + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + Http.JSON_V2
                    + "\r\nContent-Length: 100\r\n\r\n{\"records\":[{\"value\":";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            // the server stops waiting for the rest of the body; it may answer with an error before it closes
            String answer = readUntilClosed(socket, CONNECTION_TIMEOUT.plus(SLACK));
            assertThat(answer).doesNotStartWith("HTTP/1.1 200");
        }
        assertThat(endOffset(topic)).isEqualTo(end);
    }

    @Test
    void requestsWhoseHeadArrivedAreNotCutLongPollsIncluded() {
        String topic = topic("long-poll");
        long start = System.nanoTime();
        var poll = http().get("/topics/" + topic + "/partitions/0/records?offset=0&timeout=3500");
        assertThat(poll.status()).as(poll.toString()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(HEADER_TIMEOUT);
    }

    @Test
    void headersLargerThanTheLimitAre400() throws IOException {
        try (Socket socket = connect()) {
            String request = "GET /topics HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "x".repeat(9 * 1024) + "\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertThat(readUntilClosed(socket, SLACK)).startsWith("HTTP/1.1 400");
        }
        // and a header just under it is fine
        var ok = http().withHeader("X-Padding", "x".repeat(6 * 1024)).get("/topics");
        assertThat(ok.status()).isEqualTo(200);
    }

    @Test
    void moreRecordsThanAllowedInOneRequestAre413AndWriteNothing() {
        String topic = topic("records");
        var r = http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1},{\"value\":2},{\"value\":3},{\"value\":4}]}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.errorCode()).isEqualTo(413);
        assertThat(r.json().get("message").asString()).contains("tributary.produce.max-records-per-request");
        assertThat(endOffset(topic)).isZero();
    }

    @Test
    void consumerPollsAndPartitionReadsShareTheWaitingFetchLimit() throws Exception {
        String topic = topic("waiting");
        List<String> instances = new ArrayList<>();
        for (String group : List.of("waiting-a", "waiting-b")) {
            var created = http().post("/consumers/" + group, Http.V2, "{\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
            assertThat(created.status()).as(created.toString()).isEqualTo(200);
            String base = "/consumers/" + group + "/instances/" + created.json().get("instance_id").asString();
            assertThat(http().post(base + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}").status()).isEqualTo(204);
            instances.add(base);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> waitingFetches.waiting() == 0); // earlier tests' fetches ended
        // a thread per poll and a common start: both wait at once, whatever the shared pools do
        ExecutorService pollers = Executors.newFixedThreadPool(instances.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Http.Response>> polls = new ArrayList<>();
            for (String base : instances) {
                polls.add(pollers.submit(() -> {
                    start.await();
                    return http().get(base + "/records?timeout=20000", Http.JSON_V2);
                }));
            }
            start.countDown();
            // the two consumer polls hold both places (the limit is 2)...
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingFetches.waiting() == 2);
            // ...so a waiting partition read is refused
            var refused = http().get("/topics/" + topic + "/partitions/0/records?offset=0&timeout=20000");
            assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
            assertThat(refused.errorCode()).isEqualTo(42901);
            assertThat(refused.json().get("message").asString()).contains("tributary.fetch.max-waiting-fetches");
            // and a read that does not wait still works
            assertThat(http().get("/topics/" + topic + "/partitions/0/records?offset=0").status()).isEqualTo(200);
            assertThat(waitingFetches.waiting()).as("the polls still wait").isEqualTo(2);

            http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1}]}");
            for (Future<Http.Response> poll : polls) {
                var answer = poll.get(20, TimeUnit.SECONDS);
                assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
                assertThat(answer.json()).hasSize(1);
            }
            // the places are given back: a waiting fetch is accepted again
            await().atMost(Duration.ofSeconds(20)).until(() -> waitingFetches.waiting() == 0);
            var again = http().get(instances.get(0) + "/records?timeout=1", Http.JSON_V2);
            assertThat(again.status()).as(again.toString()).isEqualTo(200);
        } finally {
            pollers.shutdownNow();
            instances.forEach(base -> http().delete(base));
        }
    }

    @Test
    void consumerInstancesAreLimitedPerGroupAndOnTheNode() {
        List<String> created = new ArrayList<>();
        try {
            created.add(instance("limited-a"));
            created.add(instance("limited-a"));
            var thirdInGroup = http().post("/consumers/limited-a", Http.V2, "{}");
            assertThat(thirdInGroup.status()).isEqualTo(429);
            assertThat(thirdInGroup.errorCode()).isEqualTo(42901);
            assertThat(thirdInGroup.json().get("message").asString()).contains("max-instances-per-group");

            created.add(instance("limited-b"));
            var fourthOnNode = http().post("/consumers/limited-c", Http.V2, "{}");
            assertThat(fourthOnNode.errorCode()).isEqualTo(42901);
            assertThat(fourthOnNode.json().get("message").asString()).contains("tributary.consumer.max-instances");
        } finally {
            created.forEach(base -> http().delete(base));
        }
        assertThat(http().delete(instance("limited-c")).status()).isEqualTo(204);
    }

    private String instance(String group) {
        var r = http().post("/consumers/" + group, Http.V2, "{}");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return "/consumers/" + group + "/instances/" + r.json().get("instance_id").asString();
    }

    private String topic(String prefix) {
        String name = prefix + "-" + System.nanoTime() % 1_000_000;
        String cluster = http().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        var r = http().post("/v3/clusters/" + cluster + "/topics", Http.JSON, "{\"topic_name\":\"" + name + "\",\"partitions_count\":1}");
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return name;
    }

    private long endOffset(String topic) {
        return http().get("/topics/" + topic + "/partitions/0/offsets").json().get("end_offset").asLong();
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        return socket;
    }

    /**
     * Everything the server sends until it closes the connection.
     *
     * @throws AssertionError when it is still open after {@code within}
     */
    private static String readUntilClosed(Socket socket, Duration within) throws IOException {
        long deadline = System.nanoTime() + within.toNanos();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    return received.toString(StandardCharsets.ISO_8859_1);
                }
                received.write(buffer, 0, n);
            } catch (SocketTimeoutException open) {
                break;
            } catch (IOException reset) {
                return received.toString(StandardCharsets.ISO_8859_1);
            }
        }
        throw new AssertionError("the connection is still open after " + within + "; received: " + received);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tributary-hardening-it-").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

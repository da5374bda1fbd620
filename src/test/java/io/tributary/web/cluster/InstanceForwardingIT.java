package io.tributary.web.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.consume.InstanceDirectory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Forwarding of instance requests to the node that holds the instance, with a stub owner (the JDK's HTTP server) and
 * a directory that says which group lives where: {@code remote-*} at the stub, {@code dead} at a closed port,
 * everything else here.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tributary.public-url=https://tributary.example.com/api")
class InstanceForwardingIT {

    private static final HttpServer OWNER = owner();
    private static final URI CLOSED = URI.create("http://127.0.0.1:" + closedPort());
    private static final ConcurrentLinkedQueue<Arrived> ARRIVED = new ConcurrentLinkedQueue<>();
    private static volatile CountDownLatch streamMayEnd = new CountDownLatch(1);

    private record Arrived(String method, URI uri, Map<String, List<String>> headers, String body) {
    }

    @LocalServerPort
    int port;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestConfiguration
    static class Directory {
        @Bean
        InstanceDirectory testDirectory() {
            URI owner = URI.create("http://127.0.0.1:" + OWNER.getAddress().getPort());
            return (group, instance) -> group.startsWith("remote") ? new InstanceDirectory.Location.Elsewhere(owner)
                    : group.equals("dead") ? new InstanceDirectory.Location.Elsewhere(CLOSED)
                    : InstanceDirectory.Location.HERE;
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path dir = Files.createTempDirectory("forwarding-it");
        registry.add("tributary.data-dir", dir::toString);
    }

    @BeforeEach
    void clear() {
        ARRIVED.clear();
    }

    @AfterAll
    static void stopOwner() {
        OWNER.stop(0);
    }

    private static HttpServer owner() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", InstanceForwardingIT::answer);
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Echoes what arrived; {@code .../records} streams two events with a pause the test ends. */
    private static void answer(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        ARRIVED.add(new Arrived(exchange.getRequestMethod(), exchange.getRequestURI(), exchange.getRequestHeaders(), body));
        if (exchange.getRequestURI().getPath().endsWith("/records")) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                streamMayEnd.await(60, TimeUnit.SECONDS);
                out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        byte[] answer = ("{\"echo\":\"" + body.length() + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.kafka.v2+json");
        exchange.getResponseHeaders().add("X-Owner", "stub");
        exchange.sendResponseHeaders(207, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
    }

    @Test
    void aRequestForAnInstanceElsewhereArrivesThereWholeAndItsAnswerComesBack() throws Exception {
        String body = "{\"offsets\":[{\"topic\":\"t\",\"partition\":0,\"offset\":5}]}";
        HttpResponse<String> response = client.send(request("/consumers/remote-g%2Fx/instances/c1/offsets?x=1&y=a%20b")
                .header("Content-Type", "application/vnd.kafka.v2+json")
                .header("Accept", "application/vnd.kafka.v2+json")
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(207);
        assertThat(response.headers().firstValue("X-Owner")).contains("stub");
        assertThat(response.headers().firstValue("Content-Type")).contains("application/vnd.kafka.v2+json");
        assertThat(response.body()).isEqualTo("{\"echo\":\"" + body.length() + "\"}");
        assertThat(ARRIVED).hasSize(1);
        Arrived arrived = ARRIVED.peek();
        assertThat(arrived.method()).isEqualTo("POST");
        assertThat(arrived.uri().getRawPath()).isEqualTo("/consumers/remote-g%2Fx/instances/c1/offsets");
        assertThat(arrived.uri().getRawQuery()).isEqualTo("x=1&y=a%20b");
        assertThat(arrived.body()).isEqualTo(body);
        assertThat(arrived.headers().get("Authorization")).containsExactly("Basic YWxpY2U6c2VjcmV0");
        assertThat(arrived.headers().get("Accept")).containsExactly("application/vnd.kafka.v2+json");
        assertThat(arrived.headers().get("Content-type")).containsExactly("application/vnd.kafka.v2+json");
        assertThat(arrived.headers().get(RequestForwarder.HOP_HEADER)).hasSize(1);
    }

    @Test
    void deletesAndGetsAreForwardedToo() throws Exception {
        HttpResponse<String> deleted = client.send(request("/consumers/remote/instances/c1").DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> got = client.send(request("/consumers/remote/instances/c1/assignments").GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(deleted.statusCode()).isEqualTo(207);
        assertThat(got.statusCode()).isEqualTo(207);
        assertThat(ARRIVED).extracting(Arrived::method).containsExactly("DELETE", "GET");
    }

    @Test
    void aStreamedAnswerIsPassedOnAsItComes() throws Exception {
        streamMayEnd = new CountDownLatch(1);
        HttpResponse<InputStream> response = client.send(request("/consumers/remote/instances/c1/records")
                .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    type -> assertThat(type).startsWith("text/event-stream"));
            assertThat(events.readLine()).isEqualTo("data: first");
            assertThat(streamMayEnd.getCount()).as("the owner has not finished yet").isEqualTo(1);
            streamMayEnd.countDown();
            assertThat(events.readLine()).isEmpty();
            assertThat(events.readLine()).isEqualTo("data: second");
        }
    }

    @Test
    void aForwardedRequestIsServedWhereItLandsWhateverTheDirectorySays() throws Exception {
        HttpResponse<String> response = client.send(request("/consumers/remote/instances/c1/assignments")
                .header("Accept", "application/vnd.kafka.v2+json")
                .header(RequestForwarder.HOP_HEADER, "other-node:8080").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(404); // this node's own answer: it holds no such instance
        assertThat(response.body()).contains("40403");
        assertThat(ARRIVED).isEmpty();
    }

    @Test
    void anOwnerThatCannotBeReachedIsA503WithTheKafkaRestErrorBody() throws Exception {
        HttpResponse<String> response = client.send(request("/consumers/dead/instances/c1/records")
                .header("Accept", "application/vnd.kafka.v2+json").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("\"error_code\":50003").contains(CLOSED.toString());
    }

    @Test
    void requestsForInstancesHereAndOtherPathsAreServedHere() throws Exception {
        HttpResponse<String> created = client.send(request("/consumers/local-group")
                .header("Content-Type", "application/vnd.kafka.v2+json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"c1\"}")).build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> assignments = client.send(request("/consumers/local-group/instances/c1/assignments")
                .header("Accept", "application/vnd.kafka.v2+json").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.body()).contains("\"base_uri\":\"https://tributary.example.com/api/consumers/local-group/instances/c1\"");
        assertThat(assignments.statusCode()).isEqualTo(200);
        assertThat(ARRIVED).isEmpty();
        client.send(request("/consumers/local-group/instances/c1").DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }
}

package io.tributary.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP to the application under test (JDK client), with JSON helpers. */
public final class Http {

    public static final String JSON = "application/json";
    public static final String V2 = "application/vnd.kafka.v2+json";
    public static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    public static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final String base;
    private final Map<String, String> headers;

    public Http(int port) {
        this("http://127.0.0.1:" + port, Map.of());
    }

    private Http(String base, Map<String, String> headers) {
        this.base = base;
        this.headers = headers;
    }

    /** The same client, sending this header with every request too (credentials). */
    public Http withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(base, more);
    }

    /** The same client, sending HTTP Basic credentials with every request. */
    public Http withBasic(String user, String password) {
        return withHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    public String base() {
        return base;
    }

    /** A response with its body as text; {@link #json()} parses it. */
    public record Response(int status, String contentType, String body, HttpResponse<String> raw) {
        public JsonNode json() {
            return MAPPER.readTree(body);
        }

        public int errorCode() {
            return json().get("error_code").asInt();
        }

        @Override
        public String toString() {
            return status + " " + contentType + " " + body;
        }
    }

    public Response get(String path) {
        return get(path, null);
    }

    public Response get(String path, String accept) {
        HttpRequest.Builder b = request(path).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        return send(b.build());
    }

    public CompletableFuture<Response> getAsync(String path, String accept) {
        HttpRequest.Builder b = request(path).GET();
        if (accept != null) {
            b.header("Accept", accept);
        }
        return CLIENT.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).thenApply(Http::wrap);
    }

    public Response post(String path, String contentType, String body) {
        return send(withBody(request(path), "POST", contentType, body).build());
    }

    public Response put(String path, String contentType, String body) {
        return send(withBody(request(path), "PUT", contentType, body).build());
    }

    public Response patch(String path, String contentType, String body) {
        return send(withBody(request(path), "PATCH", contentType, body).build());
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Sends exactly these bytes; {@code publisher} decides whether a Content-Length is sent. */
    public Response send(String method, String path, String contentType, HttpRequest.BodyPublisher publisher) {
        HttpRequest.Builder b = request(path).method(method, publisher);
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return send(b.build());
    }

    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(b::header);
        return b;
    }

    public Response send(HttpRequest request) {
        try {
            return wrap(CLIENT.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder withBody(HttpRequest.Builder b, String method, String contentType, String body) {
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b.method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private static Response wrap(HttpResponse<String> r) {
        return new Response(r.statusCode(), r.headers().firstValue("Content-Type").orElse(null), r.body(), r);
    }

    public static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    public static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }
}

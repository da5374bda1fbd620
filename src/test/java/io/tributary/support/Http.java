package io.tributary.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tests' HTTP client: real requests to a running service (the JDK client), bodies as text, JSON helpers. A path
 * is either a path on the service ({@code /topics}) or an absolute URL the service answered with (a {@code base_uri}).
 * Requests carry only the headers given: the ones of {@link #withHeader}, plus Accept or Content-Type where a method
 * takes them. Requests no HTTP client would send (malformed, trickled) go through {@link RawHttp}. Every answer to a
 * {@code /v3/...} request is validated against Confluent's OpenAPI document ({@link ConfluentSpec}) before the test
 * sees it.
 */
public final class Http {

    public static final String JSON = "application/json";
    public static final String V2 = "application/vnd.kafka.v2+json";
    public static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    public static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String base;
    private final Map<String, String> headers;
    private final Duration timeout;

    public Http(int port) {
        this("http://127.0.0.1:" + port, Map.of(), TIMEOUT);
    }

    private Http(String base, Map<String, String> headers, Duration timeout) {
        this.base = base;
        this.headers = headers;
        this.timeout = timeout;
    }

    /** The same client, sending this header with every request too (credentials). */
    public Http withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Http(base, more, timeout);
    }

    /** The same client, giving up on an answer after {@code timeout} (60 s by default): pause tests want short ones. */
    public Http withTimeout(Duration timeout) {
        return new Http(base, headers, timeout);
    }

    /** The same client, sending HTTP Basic credentials with every request. */
    public Http withBasic(String user, String password) {
        return withHeader("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    /** {@code http://127.0.0.1:port}, as the service's own links start. */
    public String base() {
        return base;
    }

    /** An answer: status, body as text, headers, the URL it answers; {@link #json()} parses the body. */
    public record Response(int status, String body, HttpHeaders headers, URI uri) {

        /** Whether it answers a request to the v3 API, whose errors are application/json. */
        public boolean ofV3() {
            return uri.getRawPath().startsWith("/v3/");
        }

        /** The Content-Type header, or null. */
        public String contentType() {
            return headers.firstValue("Content-Type").orElse(null);
        }

        public JsonNode json() {
            return MAPPER.readTree(body);
        }

        /** The {@code error_code} of an api.md error body; fails when the body has none. */
        public int errorCode() {
            JsonNode code = json().get("error_code");
            if (code == null || !code.isInt()) {
                throw new AssertionError("no error_code in " + this);
            }
            return code.asInt();
        }

        @Override
        public String toString() {
            return status + " " + contentType() + " " + body;
        }
    }

    public Response get(String path) {
        return get(path, null);
    }

    /** A GET with this Accept header (null: none). */
    public Response get(String path, String accept) {
        return send(getRequest(path, accept));
    }

    /** A GET answered later: for long polls, while the test does what ends them. */
    public CompletableFuture<Response> getAsync(String path, String accept) {
        return CLIENT.sendAsync(getRequest(path, accept), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .thenApply(Http::wrap);
    }

    /** A POST of {@code body} as {@code contentType}; a null body sends no body and no Content-Type. */
    public Response post(String path, String contentType, String body) {
        return withBody("POST", path, contentType, body);
    }

    public Response put(String path, String contentType, String body) {
        return withBody("PUT", path, contentType, body);
    }

    public Response patch(String path, String contentType, String body) {
        return withBody("PATCH", path, contentType, body);
    }

    public Response delete(String path) {
        return send(request(path).DELETE().build());
    }

    /** Any method with exactly these bytes; {@code body} decides whether a Content-Length is sent (chunked if not). */
    public Response send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
        HttpRequest.Builder b = request(path).method(method, body);
        if (contentType != null) {
            b.setHeader("Content-Type", contentType);
        }
        return send(b.build());
    }

    /** A request to {@code path} with this client's headers, for what the methods above do not cover (streams). */
    public HttpRequest.Builder request(String path) {
        boolean absolute = path.startsWith("http://") || path.startsWith("https://");
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(absolute ? path : base + path)).timeout(timeout);
        headers.forEach(b::header);
        return b;
    }

    /**
     * Sends {@code request} and returns once the headers arrived; the body's lines come as the service writes them
     * (server-sent events, v3 produce streams). Close the stream when done. These answers are not checked against
     * Confluent's document: the crash tests read them while the service is killed, so a last line may be cut off
     * (a v3 produce stream sent with {@link #post} is checked, object by object).
     */
    public HttpResponse<Stream<String>> stream(HttpRequest request) {
        return send(request, HttpResponse.BodyHandlers.ofLines());
    }

    /**
     * Sends {@code request} and leaves the answer's check to the caller: the API fuzzer and the authorization matrix
     * check every answer against Tributary's own document ({@link OpenApiDocument}), whose deliberate differences from
     * Confluent's would trip {@link ConfluentSpec}.
     */
    public Response sendUnchecked(HttpRequest request) {
        HttpResponse<String> r = send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Response(r.statusCode(), r.body(), r.headers(), r.uri());
    }

    /** A JSON value as text, for request bodies. */
    public static String toJson(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    public static JsonNode parse(String json) {
        return MAPPER.readTree(json);
    }

    private HttpRequest getRequest(String path, String accept) {
        HttpRequest.Builder b = request(path).GET();
        if (accept != null) {
            b.setHeader("Accept", accept);
        }
        return b.build();
    }

    private Response withBody(String method, String path, String contentType, String body) {
        return body == null ? send(method, path, null, HttpRequest.BodyPublishers.noBody())
                : send(method, path, contentType, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    }

    private static Response send(HttpRequest request) {
        return wrap(send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    }

    private static <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body) {
        try {
            return CLIENT.send(request, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every answer to a v3 request is checked against Confluent's document first: a test meeting a wrong one fails. */
    private static Response wrap(HttpResponse<String> r) {
        Response response = new Response(r.statusCode(), r.body(), r.headers(), r.uri());
        ConfluentSpec.check(r.request().method(), r.uri(), response.status(), response.contentType(), response.body());
        return response;
    }
}

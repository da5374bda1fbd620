package io.tributary.consume;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for integration tests: real requests to the service on its random port. */
final class Rest {

    static final String V2 = "application/vnd.kafka.v2+json";
    static final String JSON_V2 = "application/vnd.kafka.json.v2+json";
    static final String BINARY_V2 = "application/vnd.kafka.binary.v2+json";
    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Response(int status, String body, java.net.http.HttpHeaders headers) {

        JsonNode json() {
            return MAPPER.readTree(body);
        }

        int errorCode() {
            return json().path("error_code").asInt();
        }
    }

    private final String base;

    Rest(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    String url(String path) {
        return path.startsWith("http") ? path : base + path;
    }

    Response get(String path) {
        return get(path, V2);
    }

    Response get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Accept", accept).GET());
    }

    CompletableFuture<Response> getAsync(String path, String accept) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url(path))).header("Accept", accept).GET()
                .timeout(Duration.ofSeconds(60)).build();
        return CLIENT.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Response(r.statusCode(), r.body(), r.headers()));
    }

    Response post(String path, String body) {
        return post(path, V2, body);
    }

    Response post(String path, String contentType, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
        if (body == null) {
            b.POST(HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        }
        // v2 endpoints answer application/vnd.kafka.v2+json, v3 ones application/json
        return send(b.header("Accept", contentType.equals("application/json") ? contentType : V2 + ", application/json"));
    }

    Response delete(String path) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Accept", V2).DELETE());
    }

    static String json(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private static Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = CLIENT.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

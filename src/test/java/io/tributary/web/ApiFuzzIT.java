package io.tributary.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;
import io.tributary.support.OpenApiDocument;
import io.tributary.support.OpenApiDocument.Operation;
import io.tributary.support.OpenApiDocument.Violation;
import io.tributary.support.OpenApiRequests;
import io.tributary.support.OpenApiRequests.Request;

import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * Spec-driven API fuzzing: random requests for every operation of the document Tributary serves itself
 * ({@code /v3/api-docs}), made by {@link OpenApiRequests} from the operation's parameters and request-body schemas
 * (path parameters naming existing topics, partitions, brokers, groups and consumer instances, or hostile values;
 * valid, boundary and invalid query values and bodies; wrong media types; empty and huge bodies), against the service
 * with topics, records and a consumer group in place so that valid requests reach deep code. Every answer must be
 * below 500, have a status the document declares for that operation, and a body valid against the schema declared
 * for that status ({@link OpenApiDocument}).
 *
 * <p>{@code verify} sends {@value #DEFAULT_REQUESTS} requests; the long run is
 * {@code -Dtributary.fuzz.requests=100000} (docs/reliability.md). {@code -Dtributary.fuzz.seed=<n>} replays a run:
 * a failure names its seed.
 *
 * <p>A data directory and a context of its own ({@code tributary.test.data-dir-name}): the fuzzer creates topics,
 * consumer instances and ACLs and changes broker configs, which the shared context's other tests would see.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "tributary.test.data-dir-name=api-fuzz")
class ApiFuzzIT extends HttpTestSupport {

    static final int DEFAULT_REQUESTS = 3000;
    private static final int REQUESTS = Integer.getInteger("tributary.fuzz.requests", DEFAULT_REQUESTS);
    private static final long SEED = Long.getLong("tributary.fuzz.seed", System.nanoTime());
    /** Fixtures are put back this often: the fuzzer deletes topics and consumer instances, and fills groups. */
    private static final int REFRESH_EVERY = 50;
    private static final int REPORTED = 40;

    private final String topic = unique("fuzz");
    /** Replaced when the fuzzer filled it with consumer instances up to the limit. */
    private String group = unique("fuzz-group");
    private String instance;
    /** Refreshes that could not put every fixture back. */
    private int unrestored;

    @Test
    void everyAnswerToGeneratedRequestsIsDeclaredAndValidAndNoneIs5xx() {
        Http http = http();
        OpenApiDocument document = OpenApiDocument.servedBy(http);
        OpenApiRequests requests = null;
        List<Operation> operations = document.operations();
        Random random = new Random(SEED);
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, String> failures = new LinkedHashMap<>();
        int failed = 0;
        long started = System.nanoTime();
        for (int i = 0; i < REQUESTS; i++) {
            if (i % REFRESH_EVERY == 0) {
                requests = new OpenApiRequests(document, fixtures(), MAX_REQUEST_SIZE);
            }
            Operation op = operations.get(random.nextInt(operations.size()));
            Request request = requests.fuzzed(op, random);
            Http.Response r = http.sendUnchecked(toHttp(http, request));
            statuses.merge(Integer.toString(r.status()), 1, Integer::sum);
            String rawPath = r.uri().getRawPath();
            List<String> problems = new ArrayList<>();
            if (r.status() >= 500) {
                problems.add("status " + r.status());
            }
            document.violations(request.method(), rawPath, r.status(), r.contentType(), r.body()).stream()
                    .filter(v -> !headTooLarge(r, v))
                    .map(Violation::toString).forEach(problems::add);
            if (!problems.isEmpty()) {
                failed++;
                String key = op.method() + " " + op.path() + " " + r.status() + " " + problems.get(0).replaceAll("'[^']*'", "");
                failures.putIfAbsent(key, request + "\n    -> " + r.status() + " " + r.contentType() + " "
                        + abbreviate(r.body()) + "\n    " + String.join("\n    ", problems));
            }
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("ApiFuzzIT: seed %d, %d requests over %d operations in %d ms, %d failed (%d kinds), %d of %d "
                        + "fixture refreshes incomplete; statuses %s%n", SEED, REQUESTS, operations.size(), millis, failed,
                failures.size(), unrestored, REQUESTS / REFRESH_EVERY, statuses);
        assertThat(failures).as("answers breaking Tributary's OpenAPI document or 5xx (seed %d, %d of %d requests)"
                        + "; first of each kind:\n%s", SEED, failed, REQUESTS,
                String.join("\n", failures.values().stream().limit(REPORTED).toList())).isEmpty();
        assertThat(unrestored).as("fixture refreshes that failed: the requests reached less deep code")
                .isLessThan(REQUESTS / REFRESH_EVERY / 10 + 1);
    }

    /**
     * The one answer let through: Tomcat refuses a request line or headers past {@code max-http-request-header-size}
     * before it has parsed the path, so the error valve cannot tell a v3 request and answers the v2 error type (a
     * 400 with the Error body all the same). docs/reliability.md, "Spec-driven API fuzzing".
     */
    private static boolean headTooLarge(Http.Response r, Violation v) {
        return r.status() == 400 && v.rule() == OpenApiDocument.Rule.CONTENT_TYPE
                && r.body().contains("the request line, URI or headers are malformed or too large");
    }

    /** What earlier runs found, each kept as a fixed request: the answer declared, valid, and no 5xx. */
    @Test
    void answersTheFuzzerFoundWrongStayRight() {
        Http http = http();
        OpenApiDocument document = OpenApiDocument.servedBy(http);
        fixtures();
        String instancePath = "/consumers/" + group + "/instances/" + instance;
        // a commit entry without its partition: was a NullPointerException (500)
        Http.Response commit = http.post(instancePath + "/offsets", Http.JSON,
                "{\"offsets\":[{\"topic\":\"" + topic + "\",\"offset\":1}]}");
        assertThat(commit.status()).as(commit.toString()).isEqualTo(400);
        assertValid(document, "POST", commit);
        // a wildcard request Content-Type on an operation that takes any: was Spring's assertion (500)
        Http.Response wildcard = http.sendUnchecked(http.request(instancePath + "/offsets")
                .method("GET", HttpRequest.BodyPublishers.ofString("{\"partitions\":[]}"))
                .setHeader("Content-Type", "application/*").build());
        assertThat(wildcard.status()).as(wildcard.toString()).isEqualTo(415);
        assertThat(wildcard.errorCode()).isEqualTo(415);
        assertValid(document, "GET", wildcard);
        // a list's last page ("next": null), a broker without a rack: nulls the document did not allow
        String cluster = clusterId();
        assertValid(document, "GET", http.get("/v3/clusters/" + cluster + "/topics"));
        assertValid(document, "GET", http.get("/v3/clusters/" + cluster + "/brokers"));
        // statuses the document did not declare: 406, 413, 415, 422, and 409 of a consumer instance
        assertValid(document, "GET", http.get("/v3/clusters/" + cluster + "/topics", "text/html"));
        assertValid(document, "POST", http.post(instancePath + "/positions", "text/plain", "x"));
        assertValid(document, "POST", http.post(instancePath + "/positions", Http.JSON, "[1]"));
        assertValid(document, "POST", http.post(instancePath + "/positions", Http.JSON,
                "{\"offsets\":[{\"topic\":\"" + "x".repeat((int) MAX_REQUEST_SIZE) + "\"}]}"));
        Http.Response notOwned = http.post(instancePath + "/positions/beginning", Http.JSON,
                "{\"partitions\":[{\"topic\":\"" + topic + "\",\"partition\":9}]}");
        assertThat(notOwned.status()).as(notOwned.toString()).isEqualTo(409);
        assertValid(document, "POST", notOwned);
    }

    private static void assertValid(OpenApiDocument document, String method, Http.Response r) {
        assertThat(r.status()).as(r.toString()).isLessThan(500);
        assertThat(document.violations(method, r.uri().getRawPath(), r.status(), r.contentType(), r.body()))
                .as("%s %s -> %s", method, r.uri(), r).isEmpty();
    }

    /** Topics with records, a consumer instance in a group: the values path parameters name. */
    private Map<String, List<String>> fixtures() {
        Http http = http();
        String cluster = clusterId();
        List<String> brokers = new ArrayList<>();
        http.get("/v3/clusters/" + cluster + "/brokers").json().get("data")
                .forEach(b -> brokers.add(b.get("broker_id").asString()));
        if (!refreshFixtures()) {
            unrestored++;
        }
        List<String> consumers = new ArrayList<>();
        http.get("/v3/clusters/" + cluster + "/consumer-groups/" + group + "/consumers").json().path("data")
                .forEach(c -> consumers.add(c.get("consumer_id").asString()));
        if (instance != null && !consumers.contains(instance)) {
            consumers.add(instance);
        }
        return OpenApiRequests.names(cluster, brokers, topic, List.of("0", "1", "2"), group, consumers,
                List.of("retention.ms", "cleanup.policy", "segment.bytes", "max.message.bytes", "log.retention.ms"));
    }

    /**
     * The topic (3 partitions, a few records) and the consumer instance, back if the fuzzer deleted them. False when
     * the service refused to put one back (the fuzzer may have reached a topic, partition or instance limit, or set the
     * topic's configs so that the records no longer fit): the run goes on with what is there, and reports how often.
     */
    private boolean refreshFixtures() {
        Http http = http();
        boolean restored = true;
        if (http.get("/topics/" + topic).status() == 404) {
            Http.Response t = http.post("/v3/clusters/" + clusterId() + "/topics", Http.JSON,
                    "{\"topic_name\":\"" + topic + "\",\"partitions_count\":3}");
            Http.Response p = http.post("/topics/" + topic, Http.JSON_V2,
                    "{\"records\":[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":2},{\"key\":\"c\",\"value\":3}]}");
            restored = t.status() == 201 && p.status() == 200;
        }
        String name = "fuzz-instance";
        if (instance == null || http.get("/consumers/" + group + "/instances/" + instance + "/subscription").status() == 404) {
            Http.Response c = http.post("/consumers/" + group, Http.V2, "{\"name\":\"" + name + "\",\"format\":\"json\"}");
            if (c.status() == 409) {
                http.delete("/consumers/" + group + "/instances/" + name);
                c = http.post("/consumers/" + group, Http.V2, "{\"name\":\"" + name + "\",\"format\":\"json\"}");
            }
            if (c.status() == 429) {
                group = unique("fuzz-group"); // the fuzzer created instances up to the group's limit
                c = http.post("/consumers/" + group, Http.V2, "{\"name\":\"" + name + "\",\"format\":\"json\"}");
            }
            if (c.status() != 200) {
                return false;
            }
            instance = c.json().get("instance_id").asString();
            Http.Response s = http.post("/consumers/" + group + "/instances/" + instance + "/subscription", Http.V2,
                    "{\"topics\":[\"" + topic + "\"]}");
            http.get("/consumers/" + group + "/instances/" + instance + "/records?timeout=0", Http.JSON_V2);
            restored &= s.status() == 204;
        }
        return restored;
    }

    private static HttpRequest toHttp(Http http, Request request) {
        HttpRequest.Builder b = http.request(request.pathAndQuery()).method(request.method(), request.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(b::setHeader);
        return b.build();
    }

    private static String abbreviate(String body) {
        return body == null || body.length() <= 400 ? body : body.substring(0, 400) + "...";
    }
}

package io.tributary.web.security;

import io.tributary.support.Http;
import io.tributary.support.OpenApiDocument;
import io.tributary.support.OpenApiDocument.Operation;
import io.tributary.support.OpenApiRequests;
import io.tributary.support.OpenApiRequests.Request;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The authorization matrix, with security on: every operation of the document Tributary serves ({@code /v3/api-docs})
 * x anonymous, a non-admin principal ({@code alice}, ACLs on {@code alice-*} topics and groups only) and an admin,
 * each with a valid request ({@link OpenApiRequests}) naming the principal's own or the other's topic, group or
 * consumer instance. What each must get follows from the operation's path and method ({@link #classify}): anonymous
 * 401/40101 except the public operations; alice refused with 403/40301 on the admin's topics, groups and consumer
 * instances (also an admin's instance in alice's own group: OWASP API1/API3/API5), on ACL and broker-config changes
 * and on creating a topic outside her ACLs, allowed on her own; the admin allowed. "Allowed" is any answer but 401,
 * 403 and 5xx (a valid request can still be 404 or 409). An operation the matrix cannot classify fails the test, so a
 * new route is classified before it ships.
 *
 * <p>An application of its own (not HttpTestSupport's): with security on, every request of the other tests would be
 * refused with 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "management.endpoints.web.exposure.include=health,info,metrics,prometheus")
class AuthorizationMatrixIT {

    private static final Path DATA_DIR = tempDir();
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String ALICE_PASSWORD = "alice-secret";
    private static final String OWN_TOPIC = "alice-topic";
    private static final String OWN_GROUP = "alice-group";
    private static final String OTHER_TOPIC = "admin-topic";
    private static final String OTHER_GROUP = "admin-group";
    /** alice's instance in her group; the admin's in alice's group and in its own. */
    private static final String OWN_INSTANCE = "alice-instance";
    private static final String ADMIN_INSTANCE = "admin-instance";
    /** Entries without their topic and partition, for any body of the v2 instance operations. */
    private static final String INVALID_BODY = "{\"partitions\":[{}],\"offsets\":[{}],\"topics\":[\"\"]}";

    /** What an operation needs, decided from its path and method alone. */
    enum Access {
        /** anyone, without credentials (health, info) */
        PUBLIC,
        /** the admin or monitor role (the other actuator endpoints) */
        MONITOR,
        /** any authenticated principal: cluster-level reads and lists (filtered to what it may describe) */
        AUTHENTICATED,
        /** DESCRIBE on the cluster, which alice has not: listing ACLs */
        CLUSTER_DESCRIBE,
        /** admins only, whatever the ACLs: ACL changes, broker config changes */
        ADMIN_ONLY,
        /** an ACL on the topic the path names */
        TOPIC,
        /** an ACL on the group the path names */
        GROUP,
        /** an ACL on the topic the body names (creating a topic) */
        TOPIC_IN_BODY,
        /** the principal that created the consumer instance, and an ACL on its group */
        INSTANCE
    }

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4); // cost 4 keeps the test fast
        String p = "tributary.security.principals.";
        registry.add("tributary.security.enabled", () -> "true");
        registry.add("tributary.data-dir", DATA_DIR::toString);
        registry.add("tributary.log.min-free-space", () -> "1MB");
        registry.add(p + "admin.password", () -> "{bcrypt}" + bcrypt.encode(ADMIN_PASSWORD));
        registry.add(p + "admin.roles", () -> "admin");
        registry.add(p + "alice.password", () -> "{bcrypt}" + bcrypt.encode(ALICE_PASSWORD));
        registry.add(p + "alice.acls[0].topic", () -> "alice-*");
        registry.add(p + "alice.acls[0].operations", () -> "admin");
        registry.add(p + "alice.acls[1].group", () -> "alice-*");
        registry.add(p + "alice.acls[1].operations", () -> "consume,describe");
    }

    private Http anonymous() {
        return new Http(port);
    }

    private Http admin() {
        return anonymous().withBasic("admin", ADMIN_PASSWORD);
    }

    private Http alice() {
        return anonymous().withBasic("alice", ALICE_PASSWORD);
    }

    @Test
    void everyRouteAndMethodAnswersEachPrincipalAsItsAccessRuleSays() {
        OpenApiDocument document = OpenApiDocument.servedBy(admin());
        List<String> failures = new ArrayList<>();
        List<String> unclassified = new ArrayList<>();
        Map<Access, Integer> counted = new LinkedHashMap<>();
        int checks = 0;
        for (Operation op : document.operations()) {
            Access access = classify(op);
            if (access == null) {
                unclassified.add(op.method() + " " + op.path() + " (" + op.name() + ")");
                continue;
            }
            counted.merge(access, 1, Integer::sum);
            checks += check(document, op, access, failures);
        }
        System.out.printf("AuthorizationMatrixIT: %d operations, %d checks, by access %s%n",
                document.operations().size(), checks, counted);
        if (!unclassified.isEmpty()) {
            throw new AssertionError("The authorization matrix cannot classify these operations of /v3/api-docs: "
                    + "decide who may call each and add it to AuthorizationMatrixIT.classify (and EndpointPermissions):\n  "
                    + String.join("\n  ", unclassified));
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " answers break the authorization matrix:\n"
                    + String.join("\n", failures));
        }
    }

    /**
     * Who may call the operation, from its path and method alone (not from the service's own permission table, which
     * this test checks); null when no rule fits.
     */
    static Access classify(Operation op) {
        String path = op.path();
        String method = op.method();
        boolean read = method.equals("GET");
        if (path.startsWith("/actuator")) {
            return path.startsWith("/actuator/health") || path.startsWith("/actuator/info") ? Access.PUBLIC : Access.MONITOR;
        }
        if (path.endsWith("/acls") || path.endsWith("/acls:batch")) {
            return read ? Access.CLUSTER_DESCRIBE : Access.ADMIN_ONLY;
        }
        if (path.contains("/broker-configs") || path.matches(".*/brokers/[^/]+/configs.*")) {
            return read ? Access.AUTHENTICATED : Access.ADMIN_ONLY;
        }
        if (path.contains("{instance}")) {
            return Access.INSTANCE;
        }
        int topic = firstOf(path, "{topic_name}", "{topic}");
        int group = firstOf(path, "{consumer_group_id}", "{group}");
        if (topic >= 0 || group >= 0) {
            return group >= 0 && (topic < 0 || group < topic) ? Access.GROUP : Access.TOPIC;
        }
        if (method.equals("POST") && path.equals("/v3/clusters/{cluster_id}/topics")) {
            return Access.TOPIC_IN_BODY;
        }
        return read ? Access.AUTHENTICATED : null;
    }

    private static int firstOf(String path, String... parameters) {
        int first = -1;
        for (String p : parameters) {
            int at = path.indexOf(p);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    /** The answers the operation gives each principal; returns how many requests it sent. */
    private int check(OpenApiDocument document, Operation op, Access access, List<String> failures) {
        Fixtures fixtures = fixtures();
        Random random = new Random(op.path().hashCode() * 31L + op.method().hashCode());
        String what = op.method() + " " + op.path() + " [" + access + "]";
        int sent = 0;
        // refusals first: they change nothing, so the allowed requests after them find everything in place
        Expect anonymousExpect = access == Access.PUBLIC ? Expect.ALLOWED : Expect.UNAUTHENTICATED;
        sent += expect(document, failures, what + " anonymous, own names", anonymous(), op, fixtures.own(), anonymousExpect, random);
        switch (access) {
            case PUBLIC, AUTHENTICATED -> {
                sent += expect(document, failures, what + " alice", alice(), op, fixtures.own(), Expect.ALLOWED, random);
                sent += expect(document, failures, what + " admin", admin(), op, fixtures.other(), Expect.ALLOWED, random);
            }
            case MONITOR, CLUSTER_DESCRIBE, ADMIN_ONLY -> {
                sent += expect(document, failures, what + " alice", alice(), op, fixtures.own(), Expect.FORBIDDEN, random);
                sent += expect(document, failures, what + " admin", admin(), op, fixtures.other(), Expect.ALLOWED, random);
            }
            case TOPIC, GROUP, TOPIC_IN_BODY -> {
                sent += expect(document, failures, what + " alice on the admin's", alice(), op, fixtures.other(), Expect.FORBIDDEN, random);
                sent += expect(document, failures, what + " alice on her own", alice(), op, fixtures.own(), Expect.ALLOWED, random);
                fixtures = fixtures();
                sent += expect(document, failures, what + " admin on its own", admin(), op, fixtures.other(), Expect.ALLOWED, random);
            }
            case INSTANCE -> {
                sent += expect(document, failures, what + " alice on the admin's instance in alice's group", alice(), op,
                        fixtures.adminInAliceGroup(), Expect.FORBIDDEN, random);
                sent += expect(document, failures, what + " alice on the admin's instance in its group", alice(), op,
                        fixtures.other(), Expect.FORBIDDEN, random);
                if (hasBody(document, op)) {
                    // another's instance is refused before its body is judged: an invalid one tells nothing either
                    sent += expect(document, failures, what + " alice on the admin's instance, an invalid body", alice(),
                            op, fixtures.adminInAliceGroup(), Expect.FORBIDDEN, random, INVALID_BODY);
                }
                sent += expect(document, failures, what + " alice on her own instance", alice(), op, fixtures.own(),
                        Expect.ALLOWED, random);
                fixtures = fixtures();
                sent += expect(document, failures, what + " admin on its own instance", admin(), op, fixtures.other(),
                        Expect.ALLOWED, random);
            }
        }
        return sent;
    }

    private enum Expect {
        UNAUTHENTICATED, FORBIDDEN, ALLOWED
    }

    private int expect(OpenApiDocument document, List<String> failures, String what, Http http, Operation op,
                       Map<String, List<String>> names, Expect expect, Random random) {
        return expect(document, failures, what, http, op, names, expect, random, null);
    }

    /** @param body null: the valid body made from the operation's schema */
    private int expect(OpenApiDocument document, List<String> failures, String what, Http http, Operation op,
                       Map<String, List<String>> names, Expect expect, Random random, String body) {
        Map<String, String> path = new LinkedHashMap<>();
        names.forEach((name, values) -> path.put(name, values.get(0)));
        Request request = new OpenApiRequests(document, names, 256 * 1024).valid(op, path, random);
        if (body != null) {
            request = new Request(request.method(), request.pathAndQuery(), request.headers(),
                    body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = http.request(request.pathAndQuery()).method(request.method(), request.body() == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach(b::setHeader);
        Http.Response r = http.sendUnchecked(b.build());
        String problem = switch (expect) {
            case UNAUTHENTICATED -> r.status() == 401 && code(r) == 40101 ? null : "expected 401/40101";
            case FORBIDDEN -> r.status() == 403 && code(r) == 40301 ? null : "expected 403/40301";
            case ALLOWED -> r.status() != 401 && r.status() != 403 && r.status() < 500 ? null : "expected to be allowed";
        };
        if (problem == null && expect != Expect.ALLOWED) {
            var violations = document.violations(request.method(), r.uri().getRawPath(), r.status(), r.contentType(), r.body());
            problem = violations.isEmpty() ? null : "the refusal breaks the document: " + violations;
        }
        if (problem != null) {
            failures.add(what + ": " + problem + "\n    " + request + "\n    -> " + r.status() + " " + r.contentType() + " "
                    + (r.body().length() > 300 ? r.body().substring(0, 300) : r.body()));
        }
        return 1;
    }

    private static boolean hasBody(OpenApiDocument document, Operation op) {
        return document.json().at(op.pointer()).has("requestBody");
    }

    private static int code(Http.Response r) {
        try {
            return r.json().path("error_code").asInt(-1);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    /** The names a request uses, for alice's own resources and for the admin's, with their consumer instances. */
    private record Fixtures(Map<String, List<String>> own, Map<String, List<String>> other,
                            Map<String, List<String>> adminInAliceGroup) {
    }

    /** Topics, groups and consumer instances in place (an allowed DELETE before took some away). */
    private Fixtures fixtures() {
        String cluster = admin().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        String broker = admin().get("/v3/clusters/" + cluster + "/brokers").json().get("data").get(0).get("broker_id").asString();
        for (String topic : List.of(OWN_TOPIC, OTHER_TOPIC)) {
            if (admin().get("/topics/" + topic).status() == 404) {
                Http.Response r = admin().post("/v3/clusters/" + cluster + "/topics", Http.JSON,
                        "{\"topic_name\":\"" + topic + "\",\"partitions_count\":1}");
                require(r, 201);
            }
        }
        instance(alice(), OWN_GROUP, OWN_INSTANCE, OWN_TOPIC);
        instance(admin(), OWN_GROUP, ADMIN_INSTANCE, OWN_TOPIC);
        instance(admin(), OTHER_GROUP, ADMIN_INSTANCE, OTHER_TOPIC);
        return new Fixtures(names(cluster, broker, OWN_TOPIC, OWN_GROUP, OWN_INSTANCE),
                names(cluster, broker, OTHER_TOPIC, OTHER_GROUP, ADMIN_INSTANCE),
                names(cluster, broker, OWN_TOPIC, OWN_GROUP, ADMIN_INSTANCE));
    }

    private static Map<String, List<String>> names(String cluster, String broker, String topic, String group,
                                                   String instance) {
        Map<String, List<String>> names = OpenApiRequests.names(cluster, List.of(broker), topic, List.of("0"), group,
                List.of(instance), List.of("retention.ms"));
        // ACL bodies and filters name a principal no one is, so the admin's allowed changes touch no real ACL
        names.put("principal", List.of("User:nobody"));
        return names;
    }

    /** The consumer instance, created by {@code owner} and subscribed, unless it is there. */
    private static void instance(Http owner, String group, String name, String topic) {
        String base = "/consumers/" + group + "/instances/" + name;
        if (owner.get(base + "/subscription").status() == 200) {
            return;
        }
        require(owner.post("/consumers/" + group, Http.V2, "{\"name\":\"" + name + "\",\"format\":\"json\"}"), 200);
        require(owner.post(base + "/subscription", Http.V2, "{\"topics\":[\"" + topic + "\"]}"), 204);
    }

    private static void require(Http.Response r, int status) {
        if (r.status() != status) {
            throw new AssertionError("fixture: expected " + status + ", got " + r);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tributary-authz-").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.tributary.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.embedded.offset.OffsetStore;
import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;
import io.tributary.web.security.EndpointPermissions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.Pbkdf2PasswordEncoder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The service with security on: principals with different ACLs, over real HTTP. Unauthenticated and wrongly
 * authenticated requests get 401/40101 with challenges, requests beyond a principal's ACLs 403/40301, and neither
 * writes anything.
 *
 * <p>An application of its own (not HttpTestSupport's): with security on, every request of the other tests would be
 * refused with 401.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"tributary.security.enabled=true", "tributary.topics.auto-create=true",
                "management.endpoints.web.exposure.include=health,info,metrics,prometheus"}) // the default, and prometheus
class SecurityIT {

    private static final Path DATA_DIR = tempDir();
    private static final String PRODUCER_PASSWORD = "producer-secret";
    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String CONSUMER_KEY = "consumer.k3y-0f-the-consumer";
    private static final String MONITOR_KEY = "monitor.m0nitor-key";
    private static final String TEAM_ADMIN_PASSWORD = "team-secret";
    private static final String INTRUDER_PASSWORD = "intruder-secret";

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    OffsetStore offsets;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // cost 4 keeps the test fast; real hashes use 10 or more (docs/security.md)
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        String p = "tributary.security.principals.";
        registry.add("tributary.data-dir", DATA_DIR::toString);
        registry.add("tributary.log.min-free-space", () -> "1MB");
        registry.add(p + "producer.password", () -> "{bcrypt}" + bcrypt.encode(PRODUCER_PASSWORD));
        registry.add(p + "producer.acls[0].topic", () -> "payment-*");
        registry.add(p + "producer.acls[0].operations", () -> "produce");
        registry.add(p + "producer.acls[1].topic", () -> "audit");
        registry.add(p + "producer.acls[1].operations", () -> "produce");
        registry.add(p + "consumer.api-keys[0]", () -> "{bcrypt}" + bcrypt.encode(CONSUMER_KEY));
        registry.add(p + "consumer.acls[0].topic", () -> "payment-*");
        registry.add(p + "consumer.acls[0].operations", () -> "consume");
        registry.add(p + "consumer.acls[1].group", () -> "billing");
        registry.add(p + "consumer.acls[1].operations", () -> "consume");
        registry.add(p + "consumer.acls[2].topic", () -> "payment-secret");
        registry.add(p + "consumer.acls[2].operations", () -> "consume,describe");
        registry.add(p + "consumer.acls[2].permission", () -> "deny");
        registry.add(p + "team-admin.password", () -> Pbkdf2PasswordEncoder.defaultsForSpringSecurity_v5_8()
                .encode(TEAM_ADMIN_PASSWORD).transform(h -> "{pbkdf2@SpringSecurity_v5_8}" + h));
        registry.add(p + "team-admin.acls[0].topic", () -> "team-*");
        registry.add(p + "team-admin.acls[0].operations", () -> "admin,produce");
        registry.add(p + "admin.password", () -> "{bcrypt}" + bcrypt.encode(ADMIN_PASSWORD));
        registry.add(p + "admin.roles", () -> "admin");
        registry.add(p + "intruder.password", () -> "{bcrypt}" + bcrypt.encode(INTRUDER_PASSWORD));
        registry.add(p + "intruder.acls[0].group", () -> "billing");
        registry.add(p + "intruder.acls[0].operations", () -> "consume");
        registry.add(p + "monitor.api-keys[0]", () -> "{bcrypt}" + bcrypt.encode(MONITOR_KEY));
        registry.add(p + "monitor.roles", () -> "monitor");
        // a costly hash, so that concurrent guesses overlap
        registry.add(p + "slow.password", () -> "{bcrypt}" + new BCryptPasswordEncoder(12).encode("slow-secret"));
        registry.add("tributary.security.max-concurrent-credential-checks", () -> "1");
    }

    private Http anonymous() {
        return new Http(port);
    }

    private Http admin() {
        return anonymous().withBasic("admin", ADMIN_PASSWORD);
    }

    private Http producer() {
        return anonymous().withBasic("producer", PRODUCER_PASSWORD);
    }

    private Http consumer() {
        return anonymous().withHeader("X-API-Key", CONSUMER_KEY);
    }

    private Http teamAdmin() {
        return anonymous().withBasic("team-admin", TEAM_ADMIN_PASSWORD);
    }

    private String clusterId() {
        return admin().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
    }

    @BeforeEach
    void topics() {
        for (String topic : List.of("payment-eu", "payment-us", "payment-secret", "paymentx", "orders", "audit")) {
            if (admin().get("/topics/" + topic).status() == 404) {
                var r = admin().post("/v3/clusters/" + clusterId() + "/topics", Http.JSON,
                        "{\"topic_name\":\"" + topic + "\",\"partitions_count\":1}");
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
            }
        }
    }

    @Test
    void withoutCredentialsEveryApiEndpointIs401WithChallengesAndTheErrorBody() {
        List<Supplier<Http.Response>> calls = List.of(
                () -> anonymous().get("/topics"),
                () -> anonymous().get("/topics/payment-eu"),
                () -> anonymous().get("/v3/clusters"),
                () -> anonymous().get("/no/such/endpoint"),
                () -> anonymous().get("/actuator/prometheus"),
                () -> anonymous().get("/actuator/metrics"),
                () -> anonymous().post("/topics/payment-eu", Http.JSON_V2, "{\"records\":[{\"value\":1}]}"),
                () -> anonymous().post("/v3/clusters/x/topics", Http.JSON, "{\"topic_name\":\"new-one\"}"),
                () -> anonymous().delete("/v3/clusters/x/topics/payment-eu"),
                () -> anonymous().post("/consumers/billing", Http.V2, "{}"));
        for (var call : calls) {
            var r = assertNothingWritten(call);
            assertUnauthenticated(r);
            assertThat(r.json().get("message").asString()).contains("Authentication required");
        }
    }

    @Test
    void wrongCredentialsAre401() {
        List<Http> wrong = List.of(
                anonymous().withBasic("producer", "wrong"),
                anonymous().withBasic("nobody", PRODUCER_PASSWORD),
                anonymous().withBasic("consumer", CONSUMER_KEY), // a principal without a password
                anonymous().withHeader("X-API-Key", "consumer.wrong"),
                anonymous().withHeader("X-API-Key", "no-dot-at-all"),
                anonymous().withHeader("X-API-Key", "producer." + PRODUCER_PASSWORD), // a password is not a key
                anonymous().withHeader("Authorization", "Bearer consumer.wrong"),
                anonymous().withHeader("Authorization", "Basic !!!not-base64"));
        for (Http http : wrong) {
            var r = assertNothingWritten(() -> http.post("/topics/payment-eu", Http.JSON_V2, "{\"records\":[{\"value\":1}]}"));
            assertUnauthenticated(r);
        }
        assertUnauthenticated(anonymous().withBasic("producer", "wrong").get("/actuator/health"));
    }

    @Test
    void concurrentGuessesBeyondTheCheckLimitAre429AndAKnownClientIsNotAffected() throws Exception {
        Http known = anonymous().withBasic("slow", "slow-secret");
        assertThat(known.get("/topics").status()).isEqualTo(200); // remembered now
        int concurrentGuesses = 6;
        // a thread per guess and a common start: the guesses overlap the one check slot even on 2 cores
        ExecutorService guessers = Executors.newFixedThreadPool(concurrentGuesses);
        try {
            List<Http.Response> answers = new ArrayList<>();
            // A burst whose threads a busy machine happened to run one after another proves nothing either way: up to
            // three bursts, until one overlapped the check slot.
            for (int burst = 0; burst < 3 && answers.stream().noneMatch(r -> r.status() == 429); burst++) {
                answers.addAll(guessBurst(guessers, known, concurrentGuesses));
            }
            assertThat(answers).as(answers.toString()).allMatch(r -> r.status() == 401 || r.status() == 429);
            // the one check slot was taken (401 after the check) while others asked (429, with no check)
            assertThat(answers).as(answers.toString()).anyMatch(r -> r.status() == 401);
            Http.Response busy = answers.stream().filter(r -> r.status() == 429).findFirst()
                    .orElseThrow(() -> new AssertionError("no guess beyond the check limit was refused: " + answers));
            assertThat(busy.errorCode()).isEqualTo(42901);
            assertThat(busy.headers().firstValue("Retry-After")).contains("1");
            assertThat(busy.json().get("message").asString()).contains("credential checks");
        } finally {
            guessers.shutdownNow();
        }
    }

    /** Wrong passwords for a principal with a slow hash, all at once; the known client is answered 200 meanwhile. */
    private List<Http.Response> guessBurst(ExecutorService guessers, Http known, int guesses) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Http.Response>> pending = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            Http guess = anonymous().withBasic("slow", "guess-" + i);
            pending.add(guessers.submit(() -> {
                start.await();
                return guess.get("/topics");
            }));
        }
        start.countDown();
        // the known client, again and again while the guesses run: never held up by the busy check slot
        do {
            var r = known.get("/topics");
            assertThat(r.status()).as(r.toString()).isEqualTo(200);
        } while (!pending.stream().allMatch(Future::isDone));
        List<Http.Response> answers = new ArrayList<>();
        for (var guess : pending) {
            answers.add(guess.get(60, TimeUnit.SECONDS));
        }
        return answers;
    }

    @Test
    void apiKeysWorkInEitherHeader() {
        assertThat(consumer().get("/topics/payment-eu/partitions/0/offsets").status()).isEqualTo(200);
        assertThat(anonymous().withHeader("Authorization", "Bearer " + CONSUMER_KEY)
                .get("/topics/payment-eu/partitions/0/offsets").status()).isEqualTo(200);
    }

    @Test
    void producingNeedsAProduceAclAndAPrefixedAclCoversItsPrefixOnly() {
        String record = "{\"records\":[{\"value\":{\"amount\":1}}]}";
        assertThat(producer().post("/topics/payment-eu", Http.JSON_V2, record).status()).isEqualTo(200);
        assertThat(producer().post("/topics/payment-us/partitions/0", Http.JSON_V2, record).status()).isEqualTo(200);
        assertThat(producer().post("/topics/audit", Http.JSON_V2, record).status()).isEqualTo(200);
        assertThat(producer().post("/v3/clusters/" + clusterId() + "/topics/payment-eu/records", Http.JSON,
                "{\"value\":{\"type\":\"JSON\",\"data\":1}}").status()).isEqualTo(200);

        for (String topic : List.of("orders", "paymentx", "payment", "no-such-topic")) {
            assertForbidden(assertNothingWritten(() -> producer().post("/topics/" + topic, Http.JSON_V2, record)));
            assertForbidden(assertNothingWritten(() -> producer().post("/v3/clusters/" + clusterId() + "/topics/" + topic
                    + "/records", Http.JSON, "{\"value\":{\"type\":\"JSON\",\"data\":1}}")));
        }
        // auto-creating a topic is administration: produce on the prefix is not enough
        assertForbidden(assertNothingWritten(() -> producer().post("/topics/payment-new", Http.JSON_V2, record)));
        assertThat(admin().get("/topics/payment-new").status()).isEqualTo(404);
        assertThat(teamAdmin().post("/topics/team-auto", Http.JSON_V2, record).status()).isEqualTo(200);
        // consume-only principals cannot produce
        assertForbidden(assertNothingWritten(() -> consumer().post("/topics/payment-eu", Http.JSON_V2, record)));
    }

    @Test
    void readingAPartitionNeedsConsume() {
        producer().post("/topics/payment-eu", Http.JSON_V2, "{\"records\":[{\"value\":\"r\"}]}");
        var read = consumer().get("/topics/payment-eu/partitions/0/records?offset=0&timeout=0");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.json().size()).isPositive();
        assertForbidden(producer().get("/topics/payment-eu/partitions/0/records?offset=0&timeout=0"));
        assertForbidden(consumer().get("/topics/orders/partitions/0/records?offset=0&timeout=0"));
    }

    @Test
    void describingNeedsAnyAclAndListsShowOnlyWhatTheCallerMaySee() {
        assertThat(producer().get("/topics/payment-eu").status()).isEqualTo(200);
        assertThat(consumer().get("/v3/clusters/" + clusterId() + "/topics/payment-eu/configs").status()).isEqualTo(200);
        assertForbidden(producer().get("/topics/orders"));
        assertForbidden(producer().get("/v3/clusters/" + clusterId() + "/topics/orders/partitions"));

        // (other tests may add payment-* and team-* topics)
        assertThat(names(producer().get("/topics").json())).contains("audit", "payment-eu", "payment-us", "payment-secret")
                .allMatch(t -> t.equals("audit") || t.startsWith("payment-"));
        assertThat(consumer().get("/v3/clusters/" + clusterId() + "/topics").json().get("data").valueStream()
                .map(t -> t.get("topic_name").asString()).toList()).contains("payment-eu", "payment-us")
                .doesNotContain("payment-secret").allMatch(t -> t.startsWith("payment-"));
        assertForbidden(consumer().get("/topics/payment-secret"));
        assertThat(names(admin().get("/topics").json())).contains("orders", "paymentx", "audit");
    }

    @Test
    void authorizedOperationsAreTheKafkaOperationsTheAclsAllowWhenAskedFor() {
        String c = "/v3/clusters/" + clusterId();
        String ask = "?include_authorized_operations=true";
        assertThat(operations(producer().get(c + "/topics/payment-eu" + ask).json()))
                .containsExactly("WRITE", "DESCRIBE", "DESCRIBE_CONFIGS");
        assertThat(operations(consumer().get(c + "/topics/payment-eu" + ask).json()))
                .containsExactly("READ", "DESCRIBE", "DESCRIBE_CONFIGS");
        assertThat(operations(admin().get(c + "/topics/orders" + ask).json()))
                .containsExactly("READ", "WRITE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS");
        var created = teamAdmin().post(c + "/topics", Http.JSON, "{\"topic_name\":\"team-operations\",\"partitions_count\":1}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        // configured admin is Kafka's ALL: it includes READ (docs/security.md)
        assertThat(operations(teamAdmin().get(c + "/topics/team-operations" + ask).json()))
                .containsExactly("READ", "WRITE", "DELETE", "ALTER", "DESCRIBE", "DESCRIBE_CONFIGS", "ALTER_CONFIGS");
        assertThat(operations(producer().get(c + "/topics/payment-eu").json())).as("not asked for").isEmpty();

        // lists: each topic the caller sees, with its own operations
        for (String query : List.of(ask, "?includeAuthorizedOperations=true")) {
            JsonNode topics = producer().get(c + "/topics" + query).json().get("data");
            assertThat(topics.valueStream().filter(t -> t.get("topic_name").asString().equals("audit")).map(SecurityIT::operations))
                    .as(query).containsExactly(List.of("WRITE", "DESCRIBE", "DESCRIBE_CONFIGS"));
        }
        assertThat(consumer().get(c + "/topics" + ask).json().get("data").valueStream().map(SecurityIT::operations))
                .isNotEmpty().allMatch(ops -> ops.equals(List.of("READ", "DESCRIBE", "DESCRIBE_CONFIGS")));
        assertThat(admin().get(c + "/topics").json().get("data").valueStream().map(SecurityIT::operations)).allMatch(List::isEmpty);

        // the cluster: everyone describes it; CREATE for whoever may create some topic
        assertThat(operations(teamAdmin().get(c + ask).json())).containsExactly("CREATE", "DESCRIBE");
        assertThat(operations(admin().get(c + ask).json())).containsExactly("CREATE", "DESCRIBE");
        assertThat(operations(producer().get(c + ask).json())).containsExactly("DESCRIBE");
        assertThat(operations(anonymous().withHeader("X-API-Key", MONITOR_KEY).get(c + ask).json())).containsExactly("DESCRIBE");
        assertThat(operations(producer().get("/v3/clusters" + ask).json().get("data").get(0))).containsExactly("DESCRIBE");
        assertThat(operations(teamAdmin().get(c).json())).isEmpty();
    }

    @Test
    void topicStatisticsShowOnlyTopicsTheCallerMayDescribe() {
        String stats = "/v3/clusters/" + clusterId() + "/topic-stats";
        producer().post("/topics/payment-eu", Http.JSON_V2, "{\"records\":[{\"value\":\"counted\"}]}");
        List<String> seen = consumer().get(stats).json().get("data").valueStream().map(t -> t.get("topic_name").asString()).toList();
        assertThat(seen).contains("payment-eu", "payment-us").doesNotContain("payment-secret")
                .allMatch(t -> t.startsWith("payment-"));
        assertThat(admin().get(stats).json().get("data").valueStream().map(t -> t.get("topic_name").asString()))
                .contains("orders", "payment-secret", "audit");

        var one = consumer().get(stats + "/payment-eu");
        assertThat(one.status()).as(one.toString()).isEqualTo(200);
        assertThat(one.json().get("records").asLong()).isPositive();
        assertForbidden(consumer().get(stats + "/payment-secret"));
        assertForbidden(producer().get(stats + "/orders"));
        // an unknown name is 404 only to whoever may describe such a name; others learn nothing about it
        assertThat(producer().get(stats + "/payment-none").errorCode()).isEqualTo(40401);
        assertForbidden(producer().get(stats + "/none"));
        assertUnauthenticated(anonymous().get(stats));
        assertUnauthenticated(anonymous().get(stats + "/payment-eu"));
    }

    @Test
    void theConfigsOfAllTopicsShowOnlyTopicsTheCallerMayDescribe() {
        String configs = "/v3/clusters/" + clusterId() + "/topics/-/configs";
        assertThat(consumer().get(configs).json().get("data").valueStream().map(c -> c.get("topic_name").asString()).distinct())
                .contains("payment-eu", "payment-us").doesNotContain("payment-secret").allMatch(t -> t.startsWith("payment-"));
        assertThat(admin().get(configs).json().get("data").valueStream().map(c -> c.get("topic_name").asString()).distinct())
                .contains("orders", "payment-secret", "audit");
        assertUnauthenticated(anonymous().get(configs));
    }

    private static List<String> operations(JsonNode resource) {
        return resource.get("authorized_operations").valueStream().map(JsonNode::asString).toList();
    }

    @Test
    void topicAdministrationNeedsAdmin() {
        String topics = "/v3/clusters/" + clusterId() + "/topics";
        assertForbidden(assertNothingWritten(() -> producer().post(topics, Http.JSON, "{\"topic_name\":\"payment-new\"}")));
        assertForbidden(assertNothingWritten(() -> teamAdmin().post(topics, Http.JSON, "{\"topic_name\":\"payment-new\"}")));
        assertForbidden(assertNothingWritten(() -> producer().delete(topics + "/payment-eu")));
        assertForbidden(assertNothingWritten(() -> producer().patch(topics + "/payment-eu", Http.JSON, "{\"partitions_count\":4}")));
        assertForbidden(assertNothingWritten(() -> producer().put(topics + "/payment-eu/configs/retention.ms", Http.JSON,
                "{\"value\":\"1000\"}")));
        assertForbidden(assertNothingWritten(() -> producer().post(topics + "/payment-eu/configs:alter", Http.JSON,
                "{\"data\":[{\"name\":\"retention.ms\",\"value\":\"1000\"}]}")));
        assertForbidden(assertNothingWritten(() -> producer().delete(topics + "/payment-eu/configs/retention.ms")));

        var created = teamAdmin().post(topics, Http.JSON, "{\"topic_name\":\"team-events\",\"partitions_count\":1}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(teamAdmin().patch(topics + "/team-events", Http.JSON, "{\"partitions_count\":2}").status()).isEqualTo(200);
        assertThat(teamAdmin().put(topics + "/team-events/configs/retention.ms", Http.JSON, "{\"value\":\"60000\"}").status())
                .isEqualTo(204);
        assertThat(teamAdmin().delete(topics + "/team-events").status()).isEqualTo(204);
        assertThat(admin().get("/topics/team-events").status()).isEqualTo(404);
    }

    @Test
    void consumerGroupsNeedConsumeOnTheGroupAndOnEveryTopicRead() {
        producer().post("/topics/payment-eu", Http.JSON_V2, "{\"records\":[{\"value\":\"g\"}]}");
        String base = "/consumers/billing/instances/c-" + System.nanoTime();
        var created = consumer().post("/consumers/billing", Http.V2,
                "{\"name\":\"" + base.substring(base.lastIndexOf('/') + 1) + "\",\"format\":\"json\",\"auto.offset.reset\":\"earliest\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        assertForbidden(assertNothingWritten(() -> consumer().post("/consumers/other-group", Http.V2, "{\"format\":\"json\"}")));
        assertForbidden(assertNothingWritten(() -> producer().post("/consumers/billing", Http.V2, "{\"format\":\"json\"}")));

        // topics named in the body: by name (a deny wins over the prefixed allow), by manual assignment
        assertForbidden(consumer().post(base + "/subscription", Http.V2, "{\"topics\":[\"payment-eu\",\"orders\"]}"));
        assertForbidden(consumer().post(base + "/subscription", Http.V2, "{\"topics\":[\"payment-secret\"]}"));
        assertForbidden(consumer().post(base + "/assignments", Http.V2, "{\"partitions\":[{\"topic\":\"orders\",\"partition\":0}]}"));
        assertForbidden(consumer().post(base + "/assignments", Http.V2,
                "{\"partitions\":[{\"topic\":\"payment-secret\",\"partition\":0}]}"));
        assertThat(consumer().get(base + "/subscription").json().get("topics")).isEmpty();

        // a pattern only ever yields the topics the principal may consume
        assertThat(consumer().post(base + "/subscription", Http.V2, "{\"topic_pattern\":\".*\"}").status()).isEqualTo(204);
        assertThat(assignedTopics(base)).containsExactlyInAnyOrder("payment-eu", "payment-us");
        var later = teamAdmin().post("/topics/team-later", Http.JSON_V2, "{\"records\":[{\"value\":1}]}"); // auto-created
        assertThat(later.status()).as(later.toString()).isEqualTo(200);
        var payLater = admin().post("/v3/clusters/" + clusterId() + "/topics", Http.JSON, "{\"topic_name\":\"payment-later\"}");
        assertThat(payLater.status()).isEqualTo(201);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> assignedTopics(base).contains("payment-later"));
        assertThat(assignedTopics(base)).containsExactlyInAnyOrder("payment-eu", "payment-us", "payment-later");
        assertThat(consumer().post(base + "/subscription", Http.V2, "{\"topics\":[\"payment-eu\"]}").status()).isEqualTo(204);

        producer().post("/topics/payment-eu", Http.JSON_V2, "{\"records\":[{\"value\":\"after the pattern polls\"}]}");
        var polled = consumer().get(base + "/records?timeout=5000", Http.JSON_V2);
        assertThat(polled.status()).as(polled.toString()).isEqualTo(200);
        assertThat(polled.json().size()).isPositive();

        // the instance belongs to its creator, even for another principal allowed to consume in the group
        for (Supplier<Http.Response> call : List.<Supplier<Http.Response>>of(
                () -> anonymous().withBasic("intruder", INTRUDER_PASSWORD).get(base + "/records?timeout=0", Http.JSON_V2),
                () -> anonymous().withBasic("intruder", INTRUDER_PASSWORD).get(base + "/records", "text/event-stream"),
                () -> anonymous().withBasic("intruder", INTRUDER_PASSWORD).get(base + "/offsets?topic=payment-eu&partition=0"),
                () -> anonymous().withBasic("intruder", INTRUDER_PASSWORD).post(base + "/offsets", Http.V2, ""),
                () -> anonymous().withBasic("intruder", INTRUDER_PASSWORD).post(base + "/positions/beginning", Http.V2, ""),
                () -> anonymous().withBasic("intruder", INTRUDER_PASSWORD).delete(base),
                () -> producer().get(base + "/records?timeout=0", Http.JSON_V2),
                () -> anonymous().get(base + "/records?timeout=0", Http.JSON_V2))) {
            var r = assertNothingWritten(call);
            assertThat(r.status()).as(r.toString()).isIn(401, 403);
        }
        assertThat(consumer().post(base + "/offsets", Http.V2, "").status()).isEqualTo(204);
        assertThat(offsets.committed("billing")).isNotEmpty();

        // the v3 views: groups the caller may describe
        String groups = "/v3/clusters/" + clusterId() + "/consumer-groups";
        assertThat(consumer().get(groups).json().get("data").valueStream().map(g -> g.get("consumer_group_id").asString()))
                .containsExactly("billing");
        assertThat(producer().get(groups).json().get("data")).isEmpty();
        assertThat(consumer().get(groups + "/billing/lag-summary").status()).isEqualTo(200);
        assertForbidden(producer().get(groups + "/billing"));
        assertForbidden(producer().get(groups + "/billing/lags"));
        assertThat(consumer().delete(base).status()).isEqualTo(204);
    }

    @Test
    void healthIsPublicButItsDetailsAndMetricsOnlyForAdminsAndMonitors() {
        var open = anonymous().get("/actuator/health");
        assertThat(open.status()).isEqualTo(200);
        assertThat(open.json().get("status").asString()).isEqualTo("UP");
        assertThat(open.json().has("components")).isFalse();
        assertThat(producer().get("/actuator/health").json().has("components")).isFalse();
        assertThat(anonymous().get("/actuator/info").status()).isEqualTo(200);

        var detailed = admin().get("/actuator/health");
        assertThat(detailed.json().get("components").get("logDirectory").get("details").has("freeBytes")).isTrue();
        assertThat(anonymous().withHeader("X-API-Key", MONITOR_KEY).get("/actuator/health").json().has("components")).isTrue();

        for (String metrics : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/tributary.log.append")) {
            assertForbidden(producer().get(metrics));
            assertThat(anonymous().withHeader("X-API-Key", MONITOR_KEY).get(metrics).status()).as(metrics).isEqualTo(200);
            assertThat(admin().get(metrics).status()).as(metrics).isEqualTo(200);
        }
        for (String hidden : List.of("/actuator/env", "/actuator/beans", "/actuator/heapdump", "/h2-console")) {
            assertThat(admin().get(hidden).status()).as(hidden).isEqualTo(404);
        }
    }

    @Test
    void theApiDocumentationIsPublicAndDescribesTheSchemes() {
        var docs = anonymous().get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().get("components").get("securitySchemes").propertyNames())
                .contains("basic", "apiKey", "bearer");
        var produce = docs.json().get("paths").get("/topics/{topic}").get("post").get("responses");
        assertThat(produce.get("401").get("$ref").asString()).endsWith("/Unauthenticated");
        assertThat(produce.get("403").get("$ref").asString()).endsWith("/Forbidden");
        assertThat(docs.json().get("components").get("responses").get("Forbidden").toString()).contains("40301");
        assertThat(anonymous().get("/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void brokersAreForAnyoneAuthenticatedReplicasAndReassignmentsNeedDescribeOnTheTopic() {
        String c = "/v3/clusters/" + clusterId();
        for (String cluster : List.of("/brokers", "/brokers/0", "/brokers/0/configs", "/brokers/0/configs/num.partitions",
                "/brokers/-/configs", "/broker-configs", "/topics/-/partitions/-/reassignment")) {
            assertThat(producer().get(c + cluster).status()).as(cluster).isEqualTo(200);
            assertUnauthenticated(anonymous().get(c + cluster));
        }
        assertThat(producer().get(c + "/brokers/0/partition-replicas").json().get("data").valueStream()
                .map(r -> r.get("topic_name").asString()).distinct().toList())
                .contains("audit", "payment-eu").allMatch(t -> t.equals("audit") || t.startsWith("payment-"));
        for (String partition : List.of("/replicas", "/replicas/0", "/reassignment")) {
            assertThat(producer().get(c + "/topics/payment-eu/partitions/0" + partition).status()).as(partition).isEqualTo(200);
            assertForbidden(producer().get(c + "/topics/orders/partitions/0" + partition));
        }
        assertThat(producer().get(c + "/topics/payment-eu/partitions/-/reassignment").status()).isEqualTo(200);
        assertForbidden(producer().get(c + "/topics/orders/partitions/-/reassignment"));
        assertForbidden(producer().get(c + "/consumer-groups/billing/consumers/c/assignments/payment-eu/partitions/0"));
        assertThat(consumer().get(c + "/consumer-groups/billing/consumers/c/assignments/payment-eu/partitions/0").status())
                .as("allowed, then not found").isEqualTo(404);
    }

    @Test
    void changingBrokerConfigsIsForAdminsOnly() {
        String c = "/v3/clusters/" + clusterId();
        for (Http notAdmin : List.of(producer(), consumer(), teamAdmin())) {
            assertForbidden(notAdmin.put(c + "/broker-configs/num.partitions", Http.JSON, "{\"value\":\"3\"}"));
            assertForbidden(notAdmin.post(c + "/broker-configs:alter", Http.JSON, "{\"data\":[]}"));
            assertForbidden(notAdmin.delete(c + "/brokers/0/configs/num.partitions"));
            assertForbidden(notAdmin.post(c + "/brokers/0/configs:alter", Http.JSON, "{\"data\":[]}"));
        }
        assertUnauthenticated(anonymous().put(c + "/brokers/0/configs/num.partitions", Http.JSON, "{\"value\":\"3\"}"));
        // an admin gets the broker's answer: read-only, set at start
        assertThat(admin().put(c + "/brokers/0/configs/num.partitions", Http.JSON, "{\"value\":\"3\"}").errorCode())
                .isEqualTo(40002);
        assertThat(admin().post(c + "/brokers/0/configs:alter", Http.JSON, "{\"data\":[]}").status()).isEqualTo(204);
    }

    @Test
    void everyEndpointHasAnAccessRule() {
        EndpointPermissions permissions = new EndpointPermissions();
        List<String> missing = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mappings.getHandlerMethods().entrySet()) {
            Class<?> bean = e.getValue().getBeanType();
            if (!bean.getName().startsWith("io.tributary.") || bean.getSimpleName().equals("ApiErrorController")) {
                continue;
            }
            for (String pattern : e.getKey().getPatternValues()) {
                for (var method : e.getKey().getMethodsCondition().getMethods()) {
                    if (permissions.rule(method.name(), pattern).isEmpty()) {
                        missing.add(method + " " + pattern);
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    private List<String> assignedTopics(String base) {
        consumer().get(base + "/records?timeout=0", Http.JSON_V2); // a poll takes up what the group assigned
        return consumer().get(base + "/assignments").json().get("partitions").valueStream()
                .map(p -> p.get("topic").asString()).distinct().toList();
    }

    private static List<String> names(tools.jackson.databind.JsonNode array) {
        return array.valueStream().map(tools.jackson.databind.JsonNode::asString).toList();
    }

    private static void assertUnauthenticated(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.errorCode()).isEqualTo(40101);
        assertThat(r.contentType()).as(r.uri().toString()).startsWith(r.ofV3() ? Http.JSON : Http.V2);
        assertThat(r.headers().allValues("WWW-Authenticate"))
                .anyMatch(v -> v.startsWith("Basic realm=\"tributary\""))
                .anyMatch(v -> v.startsWith("Bearer realm=\"tributary\""));
    }

    private static void assertForbidden(Http.Response r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(403);
        assertThat(r.errorCode()).isEqualTo(40301);
        assertThat(r.contentType()).as(r.uri().toString()).startsWith(r.ofV3() ? Http.JSON : Http.V2);
        assertThat(r.json().get("message").asString()).isNotBlank();
    }

    /**
     * Runs the call and checks that no file under the log directory appeared, vanished or changed size, and that no
     * committed offset changed.
     */
    private Http.Response assertNothingWritten(Supplier<Http.Response> call) {
        Map<String, Long> before = files();
        var committed = offsets.all();
        Http.Response r = call.get();
        assertThat(files()).as("data directory after " + r).isEqualTo(before);
        assertThat(offsets.all()).as("committed offsets after " + r).isEqualTo(committed);
        return r;
    }

    private static Map<String, Long> files() {
        return HttpTestSupport.filesUnder(DATA_DIR.resolve("log"));
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("tributary-security-it-").resolve("data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.tributary.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Confluent's v3 ACL operations over HTTP, on both backends (embedded: Tributary's own ACLs; Kafka: the cluster's, whose
 * test cluster has an authorizer): bodies and status codes as Confluent's REST Proxy answers, Kafka's filter semantics,
 * and bad requests that change nothing. Each test uses principals of its own: the ACLs outlive it.
 */
class AclsIT extends HttpTestSupport {

    private String acls() {
        return "/v3/clusters/" + clusterId() + "/acls";
    }

    private static String acl(String type, String name, String pattern, String principal, String operation, String permission) {
        return """
                {"resource_type":"%s","resource_name":"%s","pattern_type":"%s","principal":"%s","host":"*",\
                "operation":"%s","permission":"%s"}""".formatted(type, name, pattern, principal, operation, permission);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private List<String> listed(String query) {
        Http.Response r = http().get(acls() + "?" + query, Http.JSON);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("data").valueStream()
                .map(a -> a.get("resource_type").asString() + ":" + a.get("resource_name").asString() + ":"
                        + a.get("pattern_type").asString() + ":" + a.get("operation").asString() + ":" + a.get("permission").asString())
                .toList();
    }

    @Test
    void anAclIsCreatedListedAndDeletedWithConfluentsShapes() {
        String principal = "User:" + unique("alice");
        Http.Response created = http().post(acls(), Http.JSON, acl("TOPIC", "orders-", "PREFIXED", principal, "WRITE", "ALLOW"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.body()).isEmpty();
        String self = http().base() + acls() + "?resource_type=TOPIC&resource_name=orders-&pattern_type=PREFIXED&principal="
                + q(principal) + "&host=*&operation=WRITE&permission=ALLOW";
        assertThat(created.headers().firstValue("Location")).contains(self);

        Http.Response list = http().get(acls() + "?principal=" + q(principal), Http.JSON);
        assertThat(list.status()).isEqualTo(200);
        JsonNode body = list.json();
        assertThat(body.get("kind").asString()).isEqualTo("KafkaAclList");
        assertThat(body.get("metadata").get("self").asString()).isEqualTo(http().base() + acls() + "?principal=" + q(principal));
        JsonNode data = body.get("data").get(0);
        assertThat(data.get("kind").asString()).isEqualTo("KafkaAcl");
        assertThat(data.get("metadata").get("self").asString()).isEqualTo(self);
        assertThat(data.get("cluster_id").asString()).isEqualTo(clusterId());
        assertThat(data.get("principal").asString()).isEqualTo(principal);
        assertThat(data.get("host").asString()).isEqualTo("*");
        assertThat(listed("principal=" + q(principal))).containsExactly("TOPIC:orders-:PREFIXED:WRITE:ALLOW");
        // the self link lists exactly this ACL
        assertThat(http().get(self, Http.JSON).json().get("data")).hasSize(1);

        // creating it again changes nothing
        assertThat(http().post(acls(), Http.JSON, acl("TOPIC", "orders-", "PREFIXED", principal, "WRITE", "ALLOW")).status()).isEqualTo(201);
        assertThat(listed("principal=" + q(principal))).hasSize(1);

        Http.Response deleted = http().delete(acls() + "?resource_type=TOPIC&pattern_type=ANY&operation=ANY&permission=ANY&principal=" + q(principal));
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("data")).hasSize(1);
        assertThat(deleted.json().get("data").get(0).get("resource_name").asString()).isEqualTo("orders-");
        assertThat(deleted.json().has("kind")).as("Confluent's DeleteAclsResponse has data only").isFalse();
        assertThat(listed("principal=" + q(principal))).isEmpty();
    }

    @Test
    void aBatchIsCreatedAndFiltersWorkAsKafkasAndDeleteAnswersWhatItDeleted() {
        String principal = "User:" + unique("bob");
        Http.Response batch = http().post(acls() + ":batch", Http.JSON, "{\"data\":["
                + acl("TOPIC", "orders", "LITERAL", principal, "READ", "ALLOW") + ","
                + acl("TOPIC", "ord", "PREFIXED", principal, "READ", "ALLOW") + ","
                + acl("TOPIC", "*", "LITERAL", principal, "DESCRIBE", "ALLOW") + ","
                + acl("TOPIC", "orders-secret", "LITERAL", principal, "READ", "DENY") + ","
                + acl("GROUP", "billing", "LITERAL", principal, "READ", "ALLOW") + "]}");
        assertThat(batch.status()).as(batch.body()).isEqualTo(201);

        String p = "principal=" + q(principal);
        assertThat(listed(p)).as("Confluent's order: type, name, pattern, ..., permission").containsExactly(
                "TOPIC:*:LITERAL:DESCRIBE:ALLOW", "TOPIC:ord:PREFIXED:READ:ALLOW", "TOPIC:orders:LITERAL:READ:ALLOW",
                "TOPIC:orders-secret:LITERAL:READ:DENY", "GROUP:billing:LITERAL:READ:ALLOW");
        assertThat(listed(p + "&resource_type=topic&resource_name=orders&pattern_type=match")).as("in any case, MATCH")
                .containsExactly("TOPIC:*:LITERAL:DESCRIBE:ALLOW", "TOPIC:ord:PREFIXED:READ:ALLOW", "TOPIC:orders:LITERAL:READ:ALLOW");
        assertThat(listed(p + "&resource_name=orders")).containsExactly("TOPIC:orders:LITERAL:READ:ALLOW");
        assertThat(listed(p + "&permission=DENY")).containsExactly("TOPIC:orders-secret:LITERAL:READ:DENY");
        assertThat(listed(p + "&resource_type=GROUP&operation=READ")).containsExactly("GROUP:billing:LITERAL:READ:ALLOW");
        assertThat(listed(p + "&host=1.2.3.4")).isEmpty();

        Http.Response deleted = http().delete(acls() + "?" + p
                + "&resource_type=TOPIC&resource_name=orders-secret&pattern_type=MATCH&operation=READ&permission=ANY");
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json().get("data").valueStream().map(a -> a.get("resource_name").asString() + ":"
                + a.get("permission").asString())).containsExactly("ord:ALLOW", "orders-secret:DENY");
        assertThat(listed(p)).containsExactly("TOPIC:*:LITERAL:DESCRIBE:ALLOW", "TOPIC:orders:LITERAL:READ:ALLOW",
                "GROUP:billing:LITERAL:READ:ALLOW");
        assertThat(http().delete(acls() + "?" + p + "&resource_type=ANY&pattern_type=ANY&operation=ANY&permission=ANY")
                .json().get("data")).hasSize(3);
        assertThat(listed(p)).isEmpty();
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() {
        String principal = "User:" + unique("carol");
        String p = "principal=" + q(principal);
        http().post(acls(), Http.JSON, acl("TOPIC", "kept", "LITERAL", principal, "READ", "ALLOW"));

        // a bare DELETE would remove every ACL: Confluent refuses it
        Http.Response bare = http().delete(acls());
        assertThat(bare.status()).isEqualTo(400);
        assertThat(bare.errorCode()).isEqualTo(400);
        assertThat(bare.json().get("message").asString()).isEqualTo("resource_type cannot be unspecified or UNKNOWN");
        assertThat(http().delete(acls() + "?resource_type=TOPIC&pattern_type=ANY&operation=ANY").errorCode()).isEqualTo(400);
        assertThat(http().delete(acls() + "?resource_type=teapot&pattern_type=ANY&operation=ANY&permission=ANY").errorCode()).isEqualTo(400);
        assertThat(http().get(acls() + "?resource_type=UNKNOWN", Http.JSON).errorCode()).isEqualTo(400);
        assertThat(http().get(acls() + "?operation=teapot", Http.JSON).errorCode()).isEqualTo(400);

        for (String bad : List.of(
                acl("ANY", "t", "LITERAL", principal, "READ", "ALLOW"),
                acl("TOPIC", "t", "MATCH", principal, "READ", "ALLOW"),
                acl("TOPIC", "t", "LITERAL", principal, "ANY", "ALLOW"),
                acl("TOPIC", "t", "LITERAL", principal, "READ", "ANY"),
                acl("TOPIC", "t", "LITERAL", "alice", "READ", "ALLOW"),
                acl("TOPIC", "t", "LITERAL", principal, "teapot", "ALLOW"),
                "{\"resource_type\":\"TOPIC\"}")) {
            Http.Response r = http().post(acls(), Http.JSON, bad);
            assertThat(r.status()).as(bad + " -> " + r.body()).isEqualTo(400);
            assertThat(r.errorCode()).as(bad).isEqualTo(400);
        }
        // a batch is all or nothing: one bad entry, nothing stored
        Http.Response batch = http().post(acls() + ":batch", Http.JSON, "{\"data\":["
                + acl("TOPIC", "new", "LITERAL", principal, "READ", "ALLOW") + ",{\"resource_type\":\"TOPIC\"}]}");
        assertThat(batch.status()).isEqualTo(400);
        assertThat(http().post(acls(), Http.JSON, "").status()).isEqualTo(422);
        assertThat(http().post(acls() + ":batch", Http.JSON, "").status()).isEqualTo(422);
        // the one valid name of the cluster, as Kafka answers it
        Http.Response cluster = http().post(acls(), Http.JSON, acl("CLUSTER", "other", "LITERAL", principal, "CREATE", "ALLOW"));
        assertThat(cluster.errorCode()).as(cluster.body()).isEqualTo(40002);
        assertThat(cluster.json().get("message").asString()).contains("kafka-cluster");
        assertThat(http().get("/v3/clusters/no-such-cluster/acls", Http.JSON).status()).isEqualTo(404);

        assertThat(listed(p)).containsExactly("TOPIC:kept:LITERAL:READ:ALLOW");
    }

    @Test
    void aclsTributaryWouldNotEnforceAreRefusedOnTheEmbeddedBackend() {
        String principal = "User:" + unique("dave");
        for (String ignored : List.of(acl("TRANSACTIONAL_ID", "tx", "LITERAL", principal, "WRITE", "ALLOW"),
                acl("GROUP", "g", "LITERAL", principal, "WRITE", "ALLOW"),
                acl("TOPIC", "t", "LITERAL", "Group:admins", "READ", "ALLOW"),
                acl("TOPIC", "t", "LITERAL", principal, "IDEMPOTENT_WRITE", "ALLOW"))) {
            Http.Response r = http().post(acls() + ":batch", Http.JSON, "{\"data\":["
                    + acl("TOPIC", "fine", "LITERAL", principal, "READ", "ALLOW") + "," + ignored + "]}");
            if (isKafka()) {
                // the cluster keeps what Kafka enforces for its own clients; Tributary's authorizer uses what it understands
                assertThat(r.status()).as(ignored + " -> " + r.body()).isIn(204, 400);
            } else {
                assertThat(r.status()).as(ignored + " -> " + r.body()).isEqualTo(400);
                assertThat(r.errorCode()).isEqualTo(40002);
                assertThat(listed("principal=" + q(principal))).as("nothing stored").isEmpty();
            }
        }
        Http.Response host = http().post(acls(), Http.JSON, acl("TOPIC", "t", "LITERAL", principal, "READ", "ALLOW")
                .replace("\"host\":\"*\"", "\"host\":\"localhost\""));
        if (!isKafka()) {
            assertThat(host.errorCode()).as(host.body()).isEqualTo(40002);
        }
        http().delete(acls() + "?resource_type=ANY&pattern_type=ANY&operation=ANY&permission=ANY&principal=" + q(principal));
        http().delete(acls() + "?resource_type=ANY&pattern_type=ANY&operation=ANY&permission=ANY&principal=Group%3Aadmins");
    }

    @Test
    void theClustersAclsLinkLeadsToTheList() {
        String link = http().get("/v3/clusters/" + clusterId(), Http.JSON).json().get("acls").get("related").asString();
        Http.Response r = http().get(link, Http.JSON);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("kind").asString()).isEqualTo("KafkaAclList");
        assertThat(URI.create(r.json().get("metadata").get("self").asString())).isEqualTo(URI.create(link));
    }
}

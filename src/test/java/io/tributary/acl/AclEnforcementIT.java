package io.tributary.acl;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.TributaryApplication;
import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;
import io.tributary.support.KafkaCluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * With security on, ACLs created and deleted through the v3 API decide the very next request of a non-admin principal,
 * only admins change them, and they survive a restart; the configured ACLs are added once, so one deleted through the
 * API stays deleted after a restart. Against the Kafka backend too, where they are the cluster's own ACLs.
 */
class AclEnforcementIT {

    private static final BCryptPasswordEncoder BCRYPT = new BCryptPasswordEncoder(4);
    private static final String ADMIN_HASH = "{bcrypt}" + BCRYPT.encode("admin-secret");
    private static final String READER_HASH = "{bcrypt}" + BCRYPT.encode("reader-secret");

    @TempDir
    Path dataDir;

    private final String reader = "reader" + System.nanoTime();
    private final String topic = "guarded-" + System.nanoTime();

    private ConfigurableApplicationContext start() {
        String p = "--tributary.security.principals.";
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--tributary.data-dir=" + dataDir,
                "--spring.main.banner-mode=off", "--tributary.log.min-free-space=1MB", "--tributary.security.enabled=true",
                p + "admin.password=" + ADMIN_HASH, p + "admin.roles=admin",
                p + reader + ".password=" + READER_HASH,
                // configured: describe the guarded topic (seeded once)
                p + reader + ".acls[0].topic=" + topic, p + reader + ".acls[0].operations=describe"));
        if (HttpTestSupport.isKafka()) {
            args.add("--tributary.backend=kafka");
            args.add("--tributary.kafka.bootstrap-servers=" + KafkaCluster.shared().bootstrapServers());
        }
        return new SpringApplicationBuilder(TributaryApplication.class).run(args.toArray(String[]::new));
    }

    private static Http http(ConfigurableApplicationContext app) {
        return new Http(((WebServerApplicationContext) app).getWebServer().getPort());
    }

    @Test
    void aclsChangedThroughTheApiDecideTheNextRequestAndSurviveARestart() {
        String acls;
        String readAcl = """
                {"resource_type":"TOPIC","resource_name":"%s","pattern_type":"LITERAL","principal":"User:%s","host":"*",\
                "operation":"READ","permission":"ALLOW"}""".formatted(topic, reader);
        try (ConfigurableApplicationContext app = start()) {
            Http admin = http(app).withBasic("admin", "admin-secret");
            Http readerHttp = http(app).withBasic(reader, "reader-secret");
            String cluster = admin.get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
            acls = "/v3/clusters/" + cluster + "/acls";
            assertThat(admin.post("/v3/clusters/" + cluster + "/topics", Http.JSON,
                    "{\"topic_name\":\"" + topic + "\",\"partitions_count\":1}").status()).isEqualTo(201);
            admin.post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1}]}");
            String read = "/topics/" + topic + "/partitions/0/records?offset=0";

            // only admins change ACLs; listing needs DESCRIBE on the cluster
            assertThat(readerHttp.post(acls, Http.JSON, readAcl).status()).isEqualTo(403);
            assertThat(readerHttp.get(acls, Http.JSON).status()).isEqualTo(403);
            assertThat(readerHttp.delete(acls + "?resource_type=ANY&pattern_type=ANY&operation=ANY&permission=ANY").status())
                    .isEqualTo(403);
            assertThat(readerHttp.get("/topics/" + topic).status()).as("configured describe").isEqualTo(200);
            assertThat(readerHttp.get(read).status()).isEqualTo(403);

            assertThat(admin.post(acls, Http.JSON, readAcl).status()).isEqualTo(201);
            assertThat(readerHttp.get(read).status()).as("the very next request").isEqualTo(200);

            // a deny wins over the allow at once; deleting it restores the allow
            String deny = readAcl.replace("ALLOW", "DENY");
            assertThat(admin.post(acls, Http.JSON, deny).status()).isEqualTo(201);
            assertThat(readerHttp.get(read).status()).isEqualTo(403);
            assertThat(admin.delete(acls + "?resource_type=TOPIC&pattern_type=LITERAL&operation=READ&permission=DENY"
                    + "&principal=User%3A" + reader).json().get("data")).hasSize(1);
            assertThat(readerHttp.get(read).status()).isEqualTo(200);

            // DESCRIBE on the cluster lets the reader list ACLs (not change them)
            assertThat(admin.post(acls, Http.JSON, """
                    {"resource_type":"CLUSTER","resource_name":"kafka-cluster","pattern_type":"LITERAL","principal":"User:%s",\
                    "host":"*","operation":"DESCRIBE","permission":"ALLOW"}""".formatted(reader)).status()).isEqualTo(201);
            assertThat(readerHttp.get(acls + "?principal=User%3A" + reader, Http.JSON).status()).isEqualTo(200);
            assertThat(readerHttp.post(acls, Http.JSON, readAcl).status()).isEqualTo(403);

            if (!HttpTestSupport.isKafka()) {
                // the configured describe ACL was seeded: it can be listed and deleted like any other
                assertThat(admin.delete(acls + "?resource_type=TOPIC&pattern_type=LITERAL&operation=DESCRIBE&permission=ALLOW"
                        + "&principal=User%3A" + reader).json().get("data")).hasSize(1);
                assertThat(readerHttp.get("/topics/" + topic).status()).as("read still implies describe").isEqualTo(200);
            }
        }

        try (ConfigurableApplicationContext app = start()) {
            Http admin = http(app).withBasic("admin", "admin-secret");
            Http readerHttp = http(app).withBasic(reader, "reader-secret");
            assertThat(readerHttp.get("/topics/" + topic + "/partitions/0/records?offset=0").status()).as("after a restart")
                    .isEqualTo(200);
            List<String> operations = admin.get(acls + "?resource_type=TOPIC&principal=User%3A" + reader, Http.JSON).json()
                    .get("data").valueStream().map(a -> a.get("operation").asString()).toList();
            if (!HttpTestSupport.isKafka()) {
                assertThat(operations).as("the deleted configured ACL stays deleted").containsExactly("READ");
            }
            assertThat(admin.delete(acls + "?resource_type=ANY&pattern_type=ANY&operation=ANY&permission=ANY&principal=User%3A"
                    + reader).status()).isEqualTo(200);
            assertThat(readerHttp.get("/topics/" + topic + "/partitions/0/records?offset=0").status()).isEqualTo(403);
        }
    }
}

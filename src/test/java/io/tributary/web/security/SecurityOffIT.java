package io.tributary.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import jakarta.servlet.ServletContext;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.context.WebApplicationContext;

/**
 * Security off, the default: no credentials asked, no security filter in the servlet chain at all (a request costs
 * no security work), health details for everyone, and the OpenAPI document without security schemes.
 */
class SecurityOffIT extends HttpTestSupport {

    @Autowired
    WebApplicationContext context;

    @Test
    void noSecurityFilterIsRegistered() {
        ServletContext servlet = context.getServletContext();
        assertThat(servlet.getFilterRegistrations().keySet())
                .contains("requestSizeLimitFilter")
                .doesNotContain("springSecurityFilterChain");
    }

    @Test
    void everythingWorksWithoutCredentials() {
        String topic = unique("open");
        createTopic(topic, 1);
        assertThat(http().post("/topics/" + topic, Http.JSON_V2, "{\"records\":[{\"value\":1}]}").status()).isEqualTo(200);
        var created = http().post("/consumers/open-group", Http.V2, "{\"format\":\"json\"}");
        assertThat(created.status()).isEqualTo(200);
        String base = "/consumers/open-group/instances/" + created.json().get("instance_id").asString();
        assertThat(http().post(base + "/subscription", Http.V2, "{\"topic_pattern\":\"open-.*\"}").status()).isEqualTo(204);
        assertThat(http().delete(base).status()).isEqualTo(204);
        // credentials sent anyway are ignored
        assertThat(http().withBasic("nobody", "nothing").get("/topics/" + topic).status()).isEqualTo(200);

        var health = http().get("/actuator/health");
        assertThat(health.json().get("components").get("logDirectory").get("details").has("freeBytes")).isTrue();
        assertThat(http().get("/v3/api-docs").json().path("components").has("securitySchemes")).isFalse();
    }
}

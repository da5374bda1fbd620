package io.tributary.web.console;

import io.tributary.support.Http;
import io.tributary.support.HttpTestSupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** How the console's files are served: where, with which headers, and nothing beside them. */
class ConsoleResourcesIT extends HttpTestSupport {

    /** A script element without src: inline code, which the Content-Security-Policy would refuse to run. */
    private static final Pattern INLINE_SCRIPT = Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>", Pattern.CASE_INSENSITIVE);

    @Test
    void theRootAndTheBarePathRedirectToTheConsole() {
        for (String path : new String[] {"/", "/console"}) {
            Http.Response response = http().get(path, "text/html");
            assertThat(response.status()).as(path).isEqualTo(302);
            assertThat(response.headers().firstValue("Location")).as(path).hasValueSatisfying(
                    location -> assertThat(location).endsWith("/console/"));
        }
    }

    @Test
    void pagesAndScriptsComeWithAContentSecurityPolicyWithoutInlineScripts() {
        Http.Response page = http().get("/console/", "text/html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.body()).contains("<script type=\"module\" src=\"js/app.js\"></script>");
        assertThat(INLINE_SCRIPT.matcher(page.body()).find()).as("an inline script").isFalse();
        assertThat(page.body()).doesNotContain(" onclick=", " onload=", " style=");

        Http.Response script = http().get("/console/js/views/topic.js", "*/*");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).contains("javascript");
        for (Http.Response response : new Http.Response[] {page, script}) {
            assertThat(response.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleHeaders.CONTENT_SECURITY_POLICY);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-cache");
        }
        assertThat(ConsoleHeaders.CONTENT_SECURITY_POLICY).contains("script-src 'self';").doesNotContain("unsafe");
    }

    @Test
    void onlyTheConsoleFilesAreServed() {
        assertThat(http().get("/console/application.yml", "*/*").status()).isEqualTo(404);
        assertThat(http().get("/console/../application.yml", "*/*").status()).isIn(400, 404);
        assertThat(http().get("/console/js/%2e%2e/%2e%2e/application.yml", "*/*").status()).isIn(400, 404);
        assertThat(http().get("/console/missing.js", "*/*").status()).isEqualTo(404);
    }
}

package io.tributary.console;

import io.tributary.support.Http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * The console with authentication on: it asks for credentials (no browser dialog), sends them as API clients do, and
 * offers only what the principal's ACLs allow; what it does not offer is refused when forced.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleSecurityIT extends ConsoleBrowserTestBase {

    private static final String ADMIN_PASSWORD = "admin-secret";
    private static final String READER_PASSWORD = "reader-secret";

    @Override
    protected List<String> serviceArgs() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder(4);
        String p = "--tributary.security.principals.";
        return List.of("--tributary.security.enabled=true",
                p + "admin.password={bcrypt}" + bcrypt.encode(ADMIN_PASSWORD),
                p + "admin.roles=admin",
                p + "reader.password={bcrypt}" + bcrypt.encode(READER_PASSWORD),
                p + "reader.acls[0].topic=*",
                p + "reader.acls[0].operations=describe,consume",
                p + "reader.acls[1].group=tributary-console-*",
                p + "reader.acls[1].operations=consume");
    }

    private Http admin() {
        return http().withBasic("admin", ADMIN_PASSWORD);
    }

    @Test
    @Order(1)
    void asksForCredentialsAndRefusesWrongOnes() {
        ConsolePages pages = new ConsolePages(browser(), baseUrl());
        pages.open("#/topics");
        pages.waitForText("h1", "Sign in");
        assertThat(browser().consoleErrors()).as("only the refused call that asks for credentials")
                .isNotEmpty().allMatch(error -> error.contains("status of 401"));
        pages.check("sign-in");

        pages.type("input[name='username']", "reader");
        pages.type("input[name='password']", "wrong");
        pages.press("Sign in");
        pages.waitForText("[role='alert']", "Invalid credentials. (error code 40101)");
        browser().consoleErrors(); // the refused calls (401) are logged by the browser
    }

    @Test
    @Order(2)
    void aReadOnlyPrincipalIsOfferedNoChangeAndAForcedDeleteIsRefused() {
        String cluster = admin().get("/v3/clusters").json().get("data").get(0).get("cluster_id").asString();
        assertThat(admin().post("/v3/clusters/" + cluster + "/topics", Http.JSON,
                "{\"topic_name\":\"ledger\",\"partitions_count\":2}").status()).isEqualTo(201);

        ConsolePages pages = new ConsolePages(browser(), baseUrl());
        signIn(pages, "reader", READER_PASSWORD);
        pages.open("#/topics");
        assertThat(pages.rows("#topics-table").get(0).get(0)).isEqualTo("ledger");
        assertThat(pages.all("form[aria-label='Create a topic']")).as("no create form for a reader").isEmpty();

        pages.open("#/topics/ledger");
        pages.waitForText("h1", "ledger");
        assertThat(pages.hasButton("Delete topic")).isFalse();
        pages.tab("Produce");
        pages.waitForText("#panel-produce", "Your principal may not write on this topic.");
        pages.tab("Configs");
        pages.waitFor("#panel-configs table");
        assertThat(pages.all("#panel-configs button")).as("no Edit buttons").isEmpty();
        pages.tab("Records");
        pages.waitForText("#panel-records", "no records from offset 0");
        pages.check("topic-read-only");

        // forced: the same call the admin's button makes, with the reader's credentials, from the page
        Object status = ((JavascriptExecutor) browser().driver()).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/v3/clusters/%s/topics/ledger', {method: 'DELETE', headers: {
                    Authorization: 'Basic ' + btoa('reader:%s'), 'X-Requested-With': 'XMLHttpRequest'}})
                  .then(r => r.json().then(body => done(r.status + ' ' + body.error_code)));""".formatted(cluster, READER_PASSWORD));
        assertThat(status).isEqualTo("403 40301");
        assertThat(admin().get("/topics/ledger").status()).isEqualTo(200);
        browser().consoleErrors(); // the refused call is logged by the browser

        // the admin is offered deletion
        pages.press("Sign out");
        signIn(pages, "admin", ADMIN_PASSWORD);
        pages.open("#/topics/ledger");
        pages.waitForText("h1", "ledger");
        assertThat(pages.hasButton("Delete topic")).isTrue();
    }

    /** Signs in on the topics page (the overview would ask for metrics, which a reader may not see). */
    private void signIn(ConsolePages pages, String user, String password) {
        pages.open("#/topics");
        pages.waitForText("h1", "Sign in");
        pages.type("input[name='username']", user);
        pages.type("input[name='password']", password);
        pages.press("Sign in");
        pages.waitForText("#session", "Signed in as " + user);
        assertThat(browser().consoleErrors()).as("only the refused call that asked for credentials")
                .allMatch(error -> error.contains("status of 401"));
    }
}

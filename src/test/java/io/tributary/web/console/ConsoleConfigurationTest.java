package io.tributary.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** {@code tributary.console.enabled}: on unless turned off, and off means none of the console's web configuration. */
class ConsoleConfigurationTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withUserConfiguration(ConsoleConfiguration.class);

    @Test
    void onByDefault() {
        runner.run(context -> assertThat(context).hasSingleBean(ConsoleConfiguration.class).hasBean("consoleHeaders"));
    }

    @Test
    void offRemovesTheResourcesTheRedirectAndTheHeaders() {
        runner.withPropertyValues("tributary.console.enabled=false").run(context -> assertThat(context)
                .doesNotHaveBean(ConsoleConfiguration.class).doesNotHaveBean("consoleHeaders"));
    }
}

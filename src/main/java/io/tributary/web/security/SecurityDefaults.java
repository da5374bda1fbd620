package io.tributary.web.security;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Health details follow {@code tributary.security.enabled}: shown to everyone when it is off (as before), only to
 * principals with the admin or monitor role when it is on. Lowest precedence, so an explicit
 * {@code management.endpoint.health.show-details} still wins.
 */
public class SecurityDefaults implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "tributarySecurityDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        boolean secured = environment.getProperty("tributary.security.enabled", Boolean.class, false);
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, Map.of(
                "management.endpoint.health.show-details", secured ? "when-authorized" : "always",
                "management.endpoint.health.roles", "ADMIN,MONITOR")));
    }

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}

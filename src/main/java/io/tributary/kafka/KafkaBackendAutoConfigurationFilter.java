package io.tributary.kafka;

import java.util.Set;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * With {@code tributary.backend=kafka} the node keeps nothing on disk: no H2 database of offsets (Kafka keeps them in
 * {@code __consumer_offsets}), so the JDBC and Flyway auto-configurations are left out. A filter rather than
 * {@code spring.autoconfigure.exclude}: it reads the backend when the auto-configurations are chosen, after every
 * property source (tests' dynamic properties too) is in place.
 */
public class KafkaBackendAutoConfigurationFilter implements AutoConfigurationImportFilter, EnvironmentAware {

    static final Set<String> EXCLUDED = Set.of(
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceInitializationAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration",
            "org.springframework.boot.flyway.autoconfigure.FlywayEndpointAutoConfiguration");

    private boolean kafka;

    @Override
    public void setEnvironment(Environment environment) {
        kafka = "kafka".equalsIgnoreCase(environment.getProperty("tributary.backend", "embedded").trim());
    }

    @Override
    public boolean[] match(String[] candidates, AutoConfigurationMetadata metadata) {
        boolean[] matches = new boolean[candidates.length];
        for (int i = 0; i < candidates.length; i++) {
            matches[i] = !kafka || candidates[i] == null || !EXCLUDED.contains(candidates[i]);
        }
        return matches;
    }
}

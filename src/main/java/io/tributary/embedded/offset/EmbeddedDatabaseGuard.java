package io.tributary.embedded.offset;

import io.tributary.embedded.ConditionalOnEmbeddedBackend;

import java.util.Locale;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The offsets database is H2 embedded in this process, its file inside the data directory: nothing else can reach
 * it. Refuses to start, before any bean (the data source, Flyway) exists, with a setting that would let others in:
 * the H2 web console ({@code spring.h2.console.enabled}), H2's automatic mixed mode ({@code AUTO_SERVER}, which
 * opens a TCP port to the database), or a URL to a database server ({@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}).
 */
@Component
@ConditionalOnEmbeddedBackend
public class EmbeddedDatabaseGuard implements BeanFactoryPostProcessor, EnvironmentAware {

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        check(environment.getProperty("spring.datasource.url", ""),
                environment.getProperty("spring.h2.console.enabled", Boolean.class, false));
    }

    /** @throws IllegalStateException saying which setting opens the database and what to do instead */
    static void check(String url, boolean consoleEnabled) {
        if (consoleEnabled) {
            throw new IllegalStateException("spring.h2.console.enabled=true is not allowed: the H2 web console would give "
                    + "anyone who reaches the port full access to the offsets database. Remove the setting; inspect a copy "
                    + "of <data-dir>/offsets.mv.db offline with H2's own tools instead.");
        }
        String u = url.strip().toLowerCase(Locale.ROOT);
        if (!u.startsWith("jdbc:h2:")) {
            return;
        }
        if (u.startsWith("jdbc:h2:tcp:") || u.startsWith("jdbc:h2:ssl:")) {
            throw new IllegalStateException("spring.datasource.url must be an embedded H2 database (jdbc:h2:file:...), "
                    + "not an H2 server: " + url);
        }
        String[] settings = u.split(";");
        for (int i = 1; i < settings.length; i++) {
            int eq = settings[i].indexOf('=');
            String key = (eq < 0 ? settings[i] : settings[i].substring(0, eq)).strip();
            String value = eq < 0 ? "" : settings[i].substring(eq + 1).strip();
            if (key.startsWith("auto_server") && !(value.equals("false") || value.equals("no") || value.equals("0"))) {
                throw new IllegalStateException("spring.datasource.url must not set " + key.toUpperCase(Locale.ROOT)
                        + ": H2's mixed mode opens a TCP port to the offsets database. Remove it from: " + url);
            }
        }
    }
}

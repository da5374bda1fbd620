package io.tributary.config;

import java.util.Locale;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The offsets database is H2 in file mode inside the data directory, reachable only through this process. Refuses
 * to start with a URL that would let others in: H2's automatic mixed mode ({@code AUTO_SERVER=TRUE}) opens a TCP
 * port, and {@code jdbc:h2:tcp:}/{@code ssl:} talk to a database server. (The H2 web console is not on the
 * classpath at all: Spring Boot 4 needs a separate module for it.)
 */
@Component
public class EmbeddedDatabaseGuard {

    public EmbeddedDatabaseGuard(@Value("${spring.datasource.url:}") String url) {
        check(url);
    }

    static void check(String url) {
        String u = url.toLowerCase(Locale.ROOT).replace(" ", "");
        if (u.startsWith("jdbc:h2:") && !(u.startsWith("jdbc:h2:file:") || u.startsWith("jdbc:h2:mem:"))) {
            throw new IllegalStateException("spring.datasource.url must be an embedded H2 database (jdbc:h2:file:...), "
                    + "not a server: " + url);
        }
        if (u.contains(";auto_server=true")) {
            throw new IllegalStateException("spring.datasource.url must not set AUTO_SERVER=TRUE: it opens a TCP port to "
                    + "the offsets database.");
        }
    }
}

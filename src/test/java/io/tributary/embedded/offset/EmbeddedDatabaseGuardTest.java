package io.tributary.embedded.offset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.TributaryApplication;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.builder.SpringApplicationBuilder;

class EmbeddedDatabaseGuardTest {

    @TempDir
    Path dataDir;

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/offsets;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "jdbc:h2:mem:test",
            "jdbc:h2:./data/offsets", "jdbc:h2:file:./x;AUTO_SERVER=FALSE", "", "jdbc:postgresql://db/offsets"})
    void embeddedDatabasesAreFine(String url) {
        assertThatCode(() -> EmbeddedDatabaseGuard.check(url, false)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/offsets;AUTO_SERVER=TRUE", "jdbc:h2:file:./x;auto_server = true;X=1",
            "jdbc:h2:./x;AUTO_SERVER=yes", "jdbc:h2:./x;AUTO_SERVER=1", "jdbc:h2:./x;AUTO_SERVER_PORT=9090;AUTO_SERVER=TRUE",
            "jdbc:h2:tcp://localhost/~/offsets", "JDBC:H2:TCP://localhost/~/offsets", " jdbc:h2:ssl://host/db"})
    void urlsThatOpenTheDatabaseToOthersAreRefused(String url) {
        assertThatThrownBy(() -> EmbeddedDatabaseGuard.check(url, false)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("spring.datasource.url");
    }

    @Test
    void theServiceDoesNotStartWithTheH2ConsoleEnabled() {
        assertThatThrownBy(() -> start("--spring.h2.console.enabled=true"))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("spring.h2.console.enabled=true is not allowed"));
    }

    @Test
    void theServiceDoesNotStartWithAnH2ServerUrlAndOpensNoDatabase() {
        assertThatThrownBy(() -> start("--spring.datasource.url=jdbc:h2:file:" + dataDir + "/offsets;AUTO_SERVER=TRUE"))
                .satisfies(e -> assertThat(rootCause(e)).hasMessageContaining("AUTO_SERVER"));
        assertThat(dataDir.resolve("offsets.mv.db")).doesNotExist();
        assertThat(dataDir.resolve("offsets.lock.db")).doesNotExist();
    }

    private void start(String setting) {
        new SpringApplicationBuilder(TributaryApplication.class).run("--server.port=0", "--spring.main.banner-mode=off",
                "--tributary.data-dir=" + dataDir, setting).close();
    }

    private static Throwable rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}

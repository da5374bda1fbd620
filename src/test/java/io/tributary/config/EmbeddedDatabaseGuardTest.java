package io.tributary.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmbeddedDatabaseGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/offsets;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0", "jdbc:h2:mem:test", ""})
    void embeddedDatabasesAreFine(String url) {
        assertThatCode(() -> EmbeddedDatabaseGuard.check(url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:h2:file:./data/offsets;AUTO_SERVER=TRUE", "jdbc:h2:file:./x;auto_server = true;X=1",
            "jdbc:h2:tcp://localhost/~/offsets", "jdbc:h2:ssl://host/db", "jdbc:h2:./data/offsets"})
    void urlsThatOpenTheDatabaseToOthersAreRefused(String url) {
        assertThatThrownBy(() -> EmbeddedDatabaseGuard.check(url)).isInstanceOf(IllegalStateException.class);
    }
}

package io.tributary.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalClusterIdentityTest {

    @Test
    void generatesOnceAndKeepsTheId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("nested/data/cluster.id");
        String id = LocalClusterIdentity.loadOrCreate(file);
        assertThat(id).matches("[A-Za-z0-9_-]{22}");
        assertThat(Files.readString(file).trim()).isEqualTo(id);
        assertThat(LocalClusterIdentity.loadOrCreate(file)).isEqualTo(id);
        assertThat(Files.list(file.getParent())).as("no temp file left").containsExactly(file);
    }

    @Test
    void anEmptyFileGetsAnId(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cluster.id");
        Files.writeString(file, "");
        assertThat(LocalClusterIdentity.loadOrCreate(file)).hasSize(22);
    }
}

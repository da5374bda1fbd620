package io.tributary.embedded;

import io.tributary.settings.TributaryProperties;
import io.tributary.topic.ClusterIdentity;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

import org.apache.kafka.common.Uuid;
import org.springframework.stereotype.Component;

/**
 * The single node's identity: a cluster id generated once (Kafka's format, 22 base64url characters) and kept in
 * {@code <data-dir>/cluster.id}, so v3 URLs stay valid across restarts; broker id 0.
 */
@Component
@ConditionalOnEmbeddedBackend
class LocalClusterIdentity implements ClusterIdentity {

    static final String FILE_NAME = "cluster.id";

    private final String clusterId;

    LocalClusterIdentity(TributaryProperties properties) {
        this.clusterId = loadOrCreate(properties.dataDir().resolve(FILE_NAME));
    }

    @Override
    public String clusterId() {
        return clusterId;
    }

    static String loadOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
                if (!id.isEmpty()) {
                    return id;
                }
            }
            String id = Uuid.randomUuid().toString();
            writeAtomically(file, id);
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or write the cluster id in " + file, e);
        }
    }

    /** Temp file, fsync, rename, fsync the directory: a crash leaves either no id or the whole id. */
    private static void writeAtomically(Path file, String content) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap((content + "\n").getBytes(StandardCharsets.US_ASCII)));
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}

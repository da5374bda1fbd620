package io.tributary.log;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Owns the log directory: every topic's metadata and every partition's log. Opening it recovers what a crash left
 * behind; closing it flushes everything and writes the clean-shutdown marker.
 *
 * <p>Layout: {@code <dir>/<topic>-<partition>/<20-digit base offset>.log|.index|.timeindex}, topic metadata in
 * {@code <dir>/<topic>.properties} (written atomically). Thread-safe.
 */
public final class LogManager implements AutoCloseable {

    /** Opens (creating if needed) the log directory, loading and recovering every topic found there. */
    public static LogManager open(Path dir, LogSettings settings) {
        throw new UnsupportedOperationException("engine not implemented yet");
    }

    /** Creates a topic with {@code partitions} empty partitions. @throws TopicExistsException */
    public TopicLog createTopic(String name, int partitions, TopicConfig config) {
        throw new UnsupportedOperationException();
    }

    public Optional<TopicLog> topic(String name) {
        throw new UnsupportedOperationException();
    }

    /** @throws UnknownTopicException */
    public TopicLog requireTopic(String name) {
        return topic(name).orElseThrow(() -> new UnknownTopicException("Topic '" + name + "' not found."));
    }

    /** All topics, sorted by name. */
    public List<TopicLog> topics() {
        throw new UnsupportedOperationException();
    }

    /** Deletes a topic and all its data; readers and writers of it fail afterwards. @throws UnknownTopicException */
    public void deleteTopic(String name) {
        throw new UnsupportedOperationException();
    }

    /** Rolls segments past segment.ms and deletes closed segments past retention.ms / retention.bytes, all topics. */
    public RetentionReport enforceRetention() {
        throw new UnsupportedOperationException();
    }

    /** What recovery found and repaired when this manager was opened (empty after a clean shutdown). */
    public RecoveryReport recoveryReport() {
        throw new UnsupportedOperationException();
    }

    public Path directory() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
        throw new UnsupportedOperationException();
    }
}

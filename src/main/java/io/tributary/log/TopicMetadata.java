package io.tributary.log;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * What the engine persists per topic, in {@code <dir>/<topic>.properties}: its id, partition count and configs.
 * Replaced atomically, so the file is always either the old or the new version; its existence is what makes a
 * topic exist (created last on create, deleted first on delete). A checksum over all entries tells a complete file
 * from one damaged outside the engine's control (a truncated value would otherwise still parse, e.g. a partition
 * count of 12 cut to 1).
 */
record TopicMetadata(String name, UUID topicId, int partitions, TopicConfig config) {

    private static final int MAX_FILE_NAME = 255;
    private static final String TOPIC_NAME = "topic.name";
    private static final String TOPIC_ID = "topic.id";
    private static final String PARTITIONS = "partition.count";
    private static final String CONFIG_PREFIX = "config.";
    private static final String CHECKSUM = "checksum";

    /** Kafka's defaults; only used for configs missing from a metadata file. */
    private static final TopicConfig FALLBACK =
            new TopicConfig(604_800_000L, -1, 1 << 30, 604_800_000L, 1_048_588, "CreateTime", "delete");
    /** The configs of a topic whose metadata had to be rebuilt: none of its data is deleted until they are set again. */
    static final TopicConfig REBUILT_CONFIG =
            FALLBACK.with(Map.of(TopicConfig.RETENTION_MS, "-1", TopicConfig.RETENTION_BYTES, "-1"));

    /**
     * {@code <topic>.properties}; names too long for that within the 255-byte file name limit get a shortened file name
     * with a hash (using '~', which no topic name contains). The file always records the full topic name.
     */
    static Path file(Path logDir, String topic) {
        if (topic.length() + LogFiles.METADATA_SUFFIX.length() <= MAX_FILE_NAME) {
            return logDir.resolve(topic + LogFiles.METADATA_SUFFIX);
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(topic.getBytes(StandardCharsets.UTF_8));
            return logDir.resolve(topic.substring(0, 200) + "~" + HexFormat.of().formatHex(hash, 0, 8) + LogFiles.METADATA_SUFFIX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static boolean isMetadataFile(Path file) {
        return file.getFileName().toString().endsWith(LogFiles.METADATA_SUFFIX);
    }

    TopicMetadata withPartitions(int count) {
        return new TopicMetadata(name, topicId, count, config);
    }

    TopicMetadata withConfig(TopicConfig newConfig) {
        return new TopicMetadata(name, topicId, partitions, newConfig);
    }

    void write(StorageIo io, Path logDir) throws IOException {
        Properties props = new Properties();
        props.setProperty(TOPIC_NAME, name);
        props.setProperty(TOPIC_ID, topicId.toString());
        props.setProperty(PARTITIONS, Integer.toString(partitions));
        config.toMap().forEach((k, v) -> props.setProperty(CONFIG_PREFIX + k, v));
        props.setProperty(CHECKSUM, checksum(props));
        StringWriter out = new StringWriter();
        props.store(out, "Tributary topic metadata");
        LogFiles.writeAtomically(io, file(logDir, name), out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IOException when the file is unreadable or malformed */
    static TopicMetadata read(Path file) throws IOException {
        Properties props = new Properties();
        props.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        try {
            if (!checksum(props).equals(props.getProperty(CHECKSUM))) {
                throw new IllegalArgumentException("checksum mismatch, the file is damaged or incomplete");
            }
            String name = LogFiles.requireSafeTopicName(required(props, TOPIC_NAME));
            if (!file(file.getParent(), name).getFileName().equals(file.getFileName())) {
                throw new IllegalArgumentException("file name does not match topic '" + name + "'");
            }
            UUID id = UUID.fromString(required(props, TOPIC_ID));
            int partitions = Integer.parseInt(required(props, PARTITIONS));
            if (partitions < 1) {
                throw new IllegalArgumentException("partition count " + partitions);
            }
            Map<String, String> configs = new LinkedHashMap<>();
            for (String key : props.stringPropertyNames()) {
                if (key.startsWith(CONFIG_PREFIX)) {
                    configs.put(key.substring(CONFIG_PREFIX.length()), props.getProperty(key));
                }
            }
            return new TopicMetadata(name, id, partitions, FALLBACK.with(configs));
        } catch (IllegalArgumentException e) {
            throw new IOException("Malformed topic metadata " + file + ": " + e.getMessage(), e);
        }
    }

    /** CRC32C of every entry but the checksum, in key order (Properties files keep no order). */
    private static String checksum(Properties props) {
        CRC32C crc = new CRC32C();
        new TreeMap<>(props).forEach((k, v) -> {
            if (!CHECKSUM.equals(k)) {
                crc.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8));
            }
        });
        return Long.toHexString(crc.getValue());
    }

    private static String required(Properties props, String key) {
        String value = props.getProperty(key);
        if (value == null) {
            throw new IllegalArgumentException("missing " + key);
        }
        return value;
    }
}

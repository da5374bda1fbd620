package io.tributary.kafka.registry;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.TopicPartition;
import io.tributary.consume.AssignmentStrategy;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetReset;
import io.tributary.consume.Subscription;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.TreeSet;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registry's records as small JSON documents, readable with kafka-console-consumer. An instance's settings use
 * the names of the create-instance request ({@code auto.offset.reset}, ...), so an operator recognises them.
 */
final class RegistryCodec {

    /** A node as its heartbeat says. */
    record NodeRecord(URI url, Instant startedAt) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RegistryCodec() {
    }

    static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    static String key(byte[] key) {
        return new String(key, StandardCharsets.UTF_8);
    }

    static byte[] encode(Claim claim) {
        InstanceEntry e = claim.entry();
        ObjectNode root = JSON.createObjectNode();
        root.put("node", e.node());
        root.put("epoch", e.epoch());
        root.put("claim", claim.id());
        root.put("revision", claim.revision());
        root.put("owner", e.owner());
        root.put("client_host", e.clientHost());
        InstanceConfig c = e.config();
        ObjectNode config = root.putObject("config");
        config.put(InstanceConfig.FORMAT, c.format().externalName());
        config.put(InstanceConfig.AUTO_OFFSET_RESET, c.autoOffsetReset().externalName());
        config.put(InstanceConfig.ENABLE_AUTO_COMMIT, c.autoCommit());
        config.put(InstanceConfig.FETCH_MIN_BYTES, c.fetchMinBytes());
        config.put(InstanceConfig.REQUEST_TIMEOUT, c.requestTimeout().toMillis());
        config.put(InstanceConfig.INSTANCE_TIMEOUT, c.instanceTimeout().toMillis());
        if (c.assignmentStrategy() != null) {
            config.put(InstanceConfig.ASSIGNMENT_STRATEGY, c.assignmentStrategy().externalName());
        }
        Subscription s = e.subscription();
        if (s instanceof Subscription.Topics topics) {
            ArrayNode names = root.putArray("topics");
            topics.names().forEach(names::add);
        } else if (s instanceof Subscription.Pattern pattern) {
            root.put("topic_pattern", pattern.regex().pattern());
        } else if (s instanceof Subscription.Manual manual) {
            ArrayNode partitions = root.putArray("partitions");
            manual.partitions().forEach(tp -> partitions.addObject().put("topic", tp.topic()).put("partition", tp.partition()));
        }
        return JSON.writeValueAsBytes(root);
    }

    static Claim decodeClaim(String key, byte[] value) {
        JsonNode root = JSON.readTree(value);
        int slash = key.lastIndexOf('/');
        JsonNode c = root.path("config");
        JsonNode strategy = c.path(InstanceConfig.ASSIGNMENT_STRATEGY);
        InstanceConfig config = new InstanceConfig(
                EmbeddedFormat.fromName(c.path(InstanceConfig.FORMAT).asString()),
                OffsetReset.fromName(c.path(InstanceConfig.AUTO_OFFSET_RESET).asString()),
                c.path(InstanceConfig.ENABLE_AUTO_COMMIT).asBoolean(),
                c.path(InstanceConfig.FETCH_MIN_BYTES).asInt(),
                Duration.ofMillis(c.path(InstanceConfig.REQUEST_TIMEOUT).asLong()),
                Duration.ofMillis(c.path(InstanceConfig.INSTANCE_TIMEOUT).asLong()),
                strategy.isMissingNode() ? null : AssignmentStrategy.named(strategy.asString()));
        InstanceEntry entry = new InstanceEntry(key.substring(0, slash), key.substring(slash + 1),
                root.path("node").asString(), root.path("epoch").asLong(), config, text(root, "owner"),
                text(root, "client_host"), subscription(root));
        return new Claim(entry, root.path("claim").asString(), root.path("revision").asLong());
    }

    private static Subscription subscription(JsonNode root) {
        if (root.has("topics")) {
            TreeSet<String> names = new TreeSet<>();
            root.get("topics").forEach(name -> names.add(name.asString()));
            return new Subscription.Topics(names);
        }
        if (root.has("topic_pattern")) {
            return new Subscription.Pattern(Pattern.compile(root.get("topic_pattern").asString()), InstanceEntry.UNBOUND);
        }
        if (root.has("partitions")) {
            TreeSet<TopicPartition> partitions = new TreeSet<>(TopicPartition.ORDER);
            root.get("partitions").forEach(p -> partitions.add(new TopicPartition(p.path("topic").asString(),
                    p.path("partition").asInt())));
            return new Subscription.Manual(partitions);
        }
        return new Subscription.None();
    }

    private static String text(JsonNode root, String field) {
        JsonNode node = root.path(field);
        return node.isNull() || node.isMissingNode() ? null : node.asString();
    }

    static byte[] encode(NodeRecord node) {
        ObjectNode root = JSON.createObjectNode();
        root.put("url", node.url().toString());
        root.put("started_at", node.startedAt().toString());
        return JSON.writeValueAsBytes(root);
    }

    static NodeRecord decodeNode(byte[] value) {
        JsonNode root = JSON.readTree(value);
        return new NodeRecord(URI.create(root.path("url").asString()), Instant.parse(root.path("started_at").asString()));
    }
}

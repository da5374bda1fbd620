package io.tributary.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.springframework.util.FileSystemUtils;

/**
 * A real Apache Kafka cluster for tests, with no Docker: KRaft nodes (each a combined broker and controller) started
 * as child processes from the Kafka jars on the test classpath (Maven Central's {@code kafka_2.13} and
 * {@code kafka-server}), listening on 127.0.0.1 only. A node can be killed with SIGKILL, as a crash would, and started
 * again on the same ports and data. Small heaps and few threads, so three nodes fit a 2-core machine next to the test.
 *
 * <p>{@link #shared()} is the one cluster of a test JVM: started on first use (about 5 s), stopped when the JVM
 * exits. Tests keep out of each other's way with names of their own. Each node also ends itself when the test JVM is
 * gone ({@link KafkaBrokerMain}).
 */
public final class KafkaCluster implements AutoCloseable {

    /** The broker session timeout of these clusters: a crashed broker is fenced after this (Kafka's default is 9 s). */
    public static final Duration BROKER_SESSION_TIMEOUT = Duration.ofSeconds(3);

    private static KafkaCluster shared;

    private final Path dir;
    private final List<Node> nodes = new ArrayList<>();
    private final String bootstrapServers;
    private final String proxiedBootstrapServers;

    /**
     * @param proxiedPort the broker's PROXIED listener, which advertises {@code proxy}'s port instead of its own: a
     *                    client bootstrapped through the proxies talks to every broker through them only
     */
    private record Node(int id, int brokerPort, int controllerPort, int proxiedPort, TcpProxy proxy, Path dir,
                       Process[] process) {
        Path config() {
            return dir.resolve("server.properties");
        }
    }

    private KafkaCluster(Path dir, int size, Map<String, String> extraConfig) {
        this.dir = dir;
        for (int id = 1; id <= size; id++) {
            int proxiedPort = freePort();
            nodes.add(new Node(id, freePort(), freePort(), proxiedPort, TcpProxy.start("broker" + id, proxiedPort),
                    dir.resolve("node" + id), new Process[1]));
        }
        this.bootstrapServers = nodes.stream().map(n -> "127.0.0.1:" + n.brokerPort()).collect(Collectors.joining(","));
        this.proxiedBootstrapServers = nodes.stream().map(n -> "127.0.0.1:" + n.proxy().port())
                .collect(Collectors.joining(","));
        String voters = nodes.stream().map(n -> n.id() + "@127.0.0.1:" + n.controllerPort()).collect(Collectors.joining(","));
        int replication = Math.min(3, size);
        for (Node node : nodes) {
            Map<String, String> config = new LinkedHashMap<>();
            config.put("process.roles", "broker,controller");
            config.put("node.id", String.valueOf(node.id()));
            config.put("controller.quorum.voters", voters);
            // Kafka answers metadata with the advertised endpoints of the listener the client came in on: so a client
            // bootstrapped at the proxies (PROXIED) reaches every broker through them, and cutting them partitions it
            config.put("listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",PROXIED://127.0.0.1:"
                    + node.proxiedPort() + ",CONTROLLER://127.0.0.1:" + node.controllerPort());
            config.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + node.brokerPort() + ",PROXIED://127.0.0.1:"
                    + node.proxy().port());
            config.put("controller.listener.names", "CONTROLLER");
            config.put("inter.broker.listener.name", "PLAINTEXT");
            config.put("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,PROXIED:PLAINTEXT");
            config.put("log.dirs", node.dir().resolve("data").toString());
            config.put("num.partitions", "1");
            config.put("default.replication.factor", String.valueOf(replication));
            config.put("min.insync.replicas", String.valueOf(Math.min(2, size)));
            config.put("offsets.topic.replication.factor", String.valueOf(replication));
            config.put("offsets.topic.num.partitions", "6");
            config.put("transaction.state.log.replication.factor", String.valueOf(replication));
            config.put("transaction.state.log.min.isr", String.valueOf(Math.min(2, size)));
            config.put("share.coordinator.state.topic.replication.factor", String.valueOf(replication));
            config.put("share.coordinator.state.topic.min.isr", String.valueOf(Math.min(2, size)));
            config.put("group.initial.rebalance.delay.ms", "0");
            config.put("auto.create.topics.enable", "false");
            config.put("broker.session.timeout.ms", String.valueOf(BROKER_SESSION_TIMEOUT.toMillis()));
            config.put("broker.heartbeat.interval.ms", "500");
            // a 2-core machine: few threads, an 8 MiB cleaner buffer instead of 128 MiB
            config.put("num.network.threads", "2");
            config.put("num.io.threads", "2");
            config.put("num.replica.fetchers", "1");
            config.put("background.threads", "2");
            config.put("log.cleaner.dedupe.buffer.size", "8388608");
            config.putAll(extraConfig);
            write(node.config(), config);
        }
    }

    /**
     * The cluster of this test JVM: three nodes, started on first use. With Kafka's authorizer, so that the v3 ACL
     * endpoints have ACLs to keep; PLAINTEXT clients are {@code User:ANONYMOUS}, a super user, so nothing else changes.
     */
    public static synchronized KafkaCluster shared() {
        if (shared == null) {
            shared = start(3, Map.of("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                    "super.users", "User:ANONYMOUS"));
            KafkaCluster cluster = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                awaitClientsClosed();
                cluster.close();
            }, "kafka-cluster-stop"));
        }
        return shared;
    }

    /**
     * Shutdown hooks run at once: the test's Spring contexts close (and say goodbye to the cluster) while this one stops
     * it. So the brokers stay until the Kafka clients of this JVM are closed, for 20 s at most.
     */
    private static void awaitClientsClosed() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() - deadline < 0 && Thread.getAllStackTraces().keySet().stream()
                .anyMatch(t -> t.isAlive() && (t.getName().startsWith("kafka-producer-network-thread")
                        || t.getName().startsWith("kafka-admin-client-thread")))) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Formats and starts a cluster of {@code size} nodes with these broker settings on top of the defaults. */
    public static KafkaCluster start(int size, Map<String, String> extraConfig) {
        KafkaCluster cluster;
        try {
            cluster = new KafkaCluster(Files.createTempDirectory("tributary-kafka-"), size, extraConfig);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            cluster.format();
            cluster.nodes.forEach(cluster::launch);
            cluster.awaitBrokers(size);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /**
     * Bootstrap servers through which a client reaches every broker only over this cluster's proxies (one per broker,
     * in this JVM): {@link #partitionProxiedClients} cuts such clients off the cluster, while clients of
     * {@link #bootstrapServers()} and the brokers among themselves go on as before.
     */
    public String proxiedBootstrapServers() {
        return proxiedBootstrapServers;
    }

    /** Cuts every client of {@link #proxiedBootstrapServers()} off from every broker, as {@code how} says. */
    public void partitionProxiedClients(TcpProxy.Cut how) {
        nodes.forEach(n -> n.proxy().cut(how));
    }

    /** Ends {@link #partitionProxiedClients}. */
    public void healProxiedClients() {
        nodes.forEach(n -> n.proxy().heal());
    }

    /** The node ids, 1 to the size of the cluster. */
    public List<Integer> nodeIds() {
        return nodes.stream().map(Node::id).toList();
    }

    /** An admin client of this cluster; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000"));
    }

    /** Kills the node with SIGKILL, as a crash would, and waits until it is gone. */
    public void kill(int nodeId) {
        Process process = node(nodeId).process()[0];
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the node gracefully (SIGTERM: a controlled shutdown that moves its leaderships first) and waits until it is gone. */
    public void stop(int nodeId) {
        Process process = node(nodeId).process()[0];
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Node " + nodeId + " did not stop within 60 s.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts a killed node again, on its ports and data, and waits until the cluster has all its brokers. */
    public void restart(int nodeId) {
        if (node(nodeId).process()[0].isAlive()) {
            throw new IllegalStateException("Node " + nodeId + " is running.");
        }
        launch(node(nodeId));
        awaitBrokers(nodes.size());
    }

    /** Starts every node that is not running, and waits until the cluster has all its brokers. */
    public void restartStopped() {
        nodes.stream().filter(n -> !isRunning(n.id())).forEach(this::launch);
        awaitBrokers(nodes.size());
    }

    /** The node that leads the partition now. */
    public int leaderOf(String topic, int partition) {
        try (Admin admin = admin()) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic)
                    .partitions().get(partition).leader().id();
        } catch (Exception e) {
            throw new IllegalStateException("No leader of " + topic + "-" + partition, e);
        }
    }

    public boolean isRunning(int nodeId) {
        Process process = node(nodeId).process()[0];
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.proxy().close());
        for (Node node : nodes) {
            Process process = node.process()[0];
            if (process != null && process.isAlive()) {
                process.destroy();
            }
        }
        for (Node node : nodes) {
            Process process = node.process()[0];
            if (process == null) {
                continue;
            }
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly(); // no quorum left for a controlled shutdown
                    process.waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            FileSystemUtils.deleteRecursively(dir);
        } catch (IOException e) {
            // a temp dir left behind is no failure of the test
        }
    }

    private Node node(int nodeId) {
        return nodes.stream().filter(n -> n.id() == nodeId).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No node " + nodeId));
    }

    private void format() {
        String clusterId = Uuid.randomUuid().toString();
        List<Process> formats = new ArrayList<>();
        for (Node node : nodes) {
            formats.add(java(node, "128m", "kafka.tools.StorageTool", "format", "-t", clusterId, "-c",
                    node.config().toString()));
        }
        for (int i = 0; i < formats.size(); i++) {
            try {
                if (!formats.get(i).waitFor(120, TimeUnit.SECONDS) || formats.get(i).exitValue() != 0) {
                    throw new IllegalStateException("Formatting node " + nodes.get(i).id() + " failed: see "
                            + nodes.get(i).dir().resolve("server.out"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void launch(Node node) {
        node.process()[0] = java(node, "256m", KafkaBrokerMain.class.getName(), node.config().toString());
    }

    private Process java(Node node, String heap, String mainClass, String... args) {
        try {
            Files.createDirectories(node.dir());
            Path logback = node.dir().resolve("logback.xml");
            if (!Files.exists(logback)) {
                Files.writeString(logback, """
                        <configuration>
                          <appender name="FILE" class="ch.qos.logback.core.FileAppender">
                            <file>%s</file>
                            <encoder><pattern>[%%d] %%level %%msg \\(%%logger\\)%%n</pattern></encoder>
                          </appender>
                          <root level="INFO"><appender-ref ref="FILE"/></root>
                        </configuration>
                        """.formatted(node.dir().resolve("server.log")));
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                    "-Djava.awt.headless=true", "-Dlogback.configurationFile=" + logback,
                    "-cp", System.getProperty("java.class.path"), mainClass));
            command.addAll(List.of(args));
            return new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(node.dir().resolve("server.out").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitBrokers(int count) {
        try (Admin admin = admin()) {
            await("a Kafka cluster of " + count + " brokers at " + bootstrapServers)
                    .atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> {
                        for (Node node : nodes) {
                            Process process = node.process()[0];
                            if (process != null && !process.isAlive() && process.exitValue() != 137) {
                                throw new AssertionError("Kafka node " + node.id() + " exited; see " + node.dir());
                            }
                        }
                        return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size() == count;
                    });
        }
    }

    private static void write(Path file, Map<String, String> config) {
        Properties properties = new Properties();
        properties.putAll(config);
        try {
            Files.createDirectories(file.getParent());
            try (var out = Files.newBufferedWriter(file)) {
                properties.store(out, "written by KafkaCluster");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port free now; the brief window until the broker binds it is a race the tests accept. */
    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

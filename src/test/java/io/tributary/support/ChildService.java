package io.tributary.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Tributary as a child process on a free port with its own data dir: the real thing a crash can hit (a SIGKILL ends the
 * JVM without shutdown hooks, as {@code kill -9} or the OOM killer would). Output is appended to {@code outputFile}.
 * Runs the packaged jar when system property {@code tributary.jar} names one (Failsafe sets it), else the test's class path.
 */
public final class ChildService implements AutoCloseable {

    // C1 only, serial GC, small heap: starts fast and leaves the CPUs to the workload on a small CI machine.
    private static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k");

    private final Process process;
    private final Http http;

    private ChildService(Process process, int port) {
        this.process = process;
        this.http = new Http(port);
    }

    /** Starts the service and waits until {@code /actuator/health} is UP; fails if the process exits first. */
    public static ChildService start(Path dataDir, Path outputFile, Duration startTimeout, String... extraArgs) {
        ChildService child = launch(dataDir, outputFile, extraArgs);
        try {
            await().atMost(startTimeout).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
                if (!child.process.isAlive()) {
                    throw new IllegalStateException("exited with " + child.process.exitValue() + ", see " + outputFile);
                }
                return child.http.get("/actuator/health").status() == 200;
            });
        } catch (RuntimeException | Error e) {
            child.kill();
            throw e;
        }
        return child;
    }

    /** Starts the process without waiting for it: for starts that are expected to fail. */
    public static ChildService launch(Path dataDir, Path outputFile, String... extraArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JVM_FLAGS);
        String jar = System.getProperty("tributary.jar");
        if (jar != null && Files.isRegularFile(Path.of(jar))) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tributary.TributaryApplication"));
        }
        int port = freePort();
        command.addAll(List.of("--server.port=" + port, "--tributary.data-dir=" + dataDir.toAbsolutePath(),
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(outputFile.getParent());
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile())).start();
            return new ChildService(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Http http() {
        return http;
    }

    public Process process() {
        return process;
    }

    /** SIGKILL, and waits until the process is gone (its files and port are free again). */
    public void kill() {
        process.destroyForcibly();
        waitFor(Duration.ofSeconds(30));
    }

    /** SIGTERM (a graceful stop); returns the exit code, or throws when the process outlives {@code timeout}. */
    public int terminate(Duration timeout) {
        process.destroy();
        return waitFor(timeout);
    }

    /** Waits for the process to exit on its own; returns its exit code. */
    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("process " + process.pid() + " still running after " + timeout);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.tributary.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged service as a child process on a free port with its own data dir: the real thing a crash can hit. A
 * SIGKILL ends the JVM without shutdown hooks, as {@code kill -9}, the OOM killer or a power cut would (for the
 * process); a SIGTERM is what an orchestrator sends to stop it. Output is appended to {@code outputFile}.
 */
public final class ChildService implements AutoCloseable {

    /** Exit codes of a JVM ended by a signal: 128 + the signal's number. */
    public static final int SIGKILL_EXIT = 128 + 9;
    public static final int SIGTERM_EXIT = 128 + 15;
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final Http http;
    private final Path outputFile;
    private final long outputStart;

    private ChildService(Process process, int port, Path outputFile, long outputStart) {
        this.process = process;
        this.http = new Http(port);
        this.outputFile = outputFile;
        this.outputStart = outputStart;
    }

    /** Starts the service and waits until its health is UP; fails if it exits first. */
    public static ChildService start(Path dataDir, Path outputFile, String... extraArgs) {
        ChildService child = launch(dataDir, outputFile, extraArgs);
        try {
            child.awaitHealthy();
        } catch (RuntimeException | Error e) {
            child.close();
            throw e;
        }
        return child;
    }

    /** Starts the process without waiting for it: for starts that are expected to fail or to be cut short. */
    public static ChildService launch(Path dataDir, Path outputFile, String... extraArgs) {
        List<String> command = new ArrayList<>(PackagedService.command());
        int port = freePort();
        command.addAll(List.of("--server.port=" + port, "--tributary.data-dir=" + dataDir.toAbsolutePath(),
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(extraArgs));
        try {
            Files.createDirectories(outputFile.toAbsolutePath().getParent());
            long outputStart = Files.exists(outputFile) ? Files.size(outputFile) : 0;
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile())).start();
            return new ChildService(process, port, outputFile, outputStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code /actuator/health} answers UP (it answers 503 for a moment after the web server is up, until
     * the application reports itself live and ready); fails when the process exits first or the start takes too long.
     */
    public void awaitHealthy() {
        AtomicReference<Http.Response> last = new AtomicReference<>();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreException(UncheckedIOException.class)
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("The service exited with " + process.exitValue()
                                    + " while starting:\n" + output());
                        }
                        last.set(http.get("/actuator/health"));
                        return last.get().status() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Not healthy after " + START_TIMEOUT + "; last health answer: " + last.get(), e);
        }
    }

    public Http http() {
        return http;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** What this process printed so far (its part of the output file). */
    public String output() {
        try {
            byte[] all = Files.readAllBytes(outputFile);
            return new String(all, (int) outputStart, all.length - (int) outputStart, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGKILL; waits until the process is gone (files and port free) and checks it really died of that signal. */
    public void kill() {
        process.destroyForcibly(); // on Linux and macOS: kill(pid, SIGKILL)
        int exit = waitFor(Duration.ofSeconds(30));
        if (exit != SIGKILL_EXIT) {
            throw new IllegalStateException("Expected death by SIGKILL (exit " + SIGKILL_EXIT + "), got exit " + exit
                    + "; its output:\n" + output());
        }
    }

    /** SIGTERM, a graceful stop; returns the exit code, or throws when the process outlives {@code timeout}. */
    public int terminate(Duration timeout) {
        process.destroy(); // kill(pid, SIGTERM)
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
            process.destroyForcibly();
            waitFor(Duration.ofSeconds(30));
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

package io.tributary.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.core.ConditionTimeoutException;

/**
 * The packaged service as a child process with its own data dir: the real thing a crash can hit. It binds a port of
 * the kernel's choosing ({@code --server.port=0}, so no other process can take it first) and reports it in a port
 * file, written by Spring Boot's {@code WebServerPortFileWriter} once the web server is up. A
 * SIGKILL ends the JVM without shutdown hooks, as {@code kill -9}, the OOM killer or a power cut would (for the
 * process); a SIGTERM is what an orchestrator sends to stop it. Output is appended to {@code outputFile}.
 */
public final class ChildService implements AutoCloseable {

    /** Exit codes of a JVM ended by a signal: 128 + the signal's number. */
    public static final int SIGKILL_EXIT = 128 + 9;
    public static final int SIGTERM_EXIT = 128 + 15;
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    /**
     * Registers Spring Boot's port file writer as a bean of the child, which writes the port to the file named by the
     * environment variable {@code PORTFILE}. Boot enables the writer only from {@code META-INF/spring.factories} or
     * {@code SpringApplication.addListeners} (the {@code context.listener.classes} property is gone since 3.4), but any
     * class can be added as a source of the application with {@code spring.main.sources}.
     */
    private static final String PORT_FILE_WRITER = "--spring.main.sources="
            + "org.springframework.boot.web.server.context.WebServerPortFileWriter";

    private final Process process;
    private final Path portFile;
    private final Path outputFile;
    private final long outputStart;
    private Http http;

    private ChildService(Process process, Path portFile, Path outputFile, long outputStart) {
        this.process = process;
        this.portFile = portFile;
        this.outputFile = outputFile;
        this.outputStart = outputStart;
    }

    /** Starts the service and waits until its health is UP; fails if it exits first. */
    public static ChildService start(Path dataDir, Path outputFile, String... extraArgs) {
        return start(Map.of(), dataDir, outputFile, extraArgs);
    }

    /** {@link #start(Path, Path, String...)} with these environment variables on top of this JVM's. */
    public static ChildService start(Map<String, String> environment, Path dataDir, Path outputFile, String... extraArgs) {
        ChildService child = launch(environment, dataDir, outputFile, extraArgs);
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
        return launch(Map.of(), dataDir, outputFile, extraArgs);
    }

    private static ChildService launch(Map<String, String> environment, Path dataDir, Path outputFile, String... extraArgs) {
        List<String> command = new ArrayList<>(PackagedService.command());
        command.addAll(List.of("--server.port=0", PORT_FILE_WRITER, "--tributary.data-dir=" + dataDir.toAbsolutePath(),
                "--spring.main.banner-mode=off"));
        command.addAll(List.of(extraArgs));
        try {
            Path outputDir = Files.createDirectories(outputFile.toAbsolutePath().getParent());
            long outputStart = Files.exists(outputFile) ? Files.size(outputFile) : 0;
            Path portFile = Files.createTempFile(outputDir, "child-", ".port"); // empty until the child writes its port
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(outputFile.toFile()));
            builder.environment().putAll(environment);
            builder.environment().put("PORTFILE", portFile.toString());
            return new ChildService(builder.start(), portFile, outputFile, outputStart);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code /actuator/health} answers UP (it answers 503 for a moment after the web server is up, until
     * the application reports itself live and ready); fails when the process exits first or the start takes too long.
     */
    public void awaitHealthy() {
        Http client = http();
        AtomicReference<Http.Response> last = new AtomicReference<>();
        try {
            await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50)).ignoreException(UncheckedIOException.class)
                    .until(() -> {
                        failIfExited();
                        last.set(client.get("/actuator/health"));
                        return last.get().status() == 200;
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("Not healthy after " + START_TIMEOUT + "; last health answer: " + last.get(), e);
        }
    }

    /** A client of the service; the first call waits until the child reported its port (its web server is up). */
    public synchronized Http http() {
        if (http == null) {
            http = new Http(awaitPort());
        }
        return http;
    }

    private int awaitPort() {
        try {
            String port = await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        failIfExited();
                        return Files.readString(portFile).trim();
                    }, text -> !text.isEmpty());
            deletePortFile();
            return Integer.parseInt(port);
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("No port reported in " + portFile + " after " + START_TIMEOUT, e);
        }
    }

    private void failIfExited() {
        if (!process.isAlive()) {
            throw new IllegalStateException("The service exited with " + process.exitValue() + " while starting:\n" + output());
        }
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

    public boolean isAlive() {
        return process.isAlive();
    }

    /** SIGSTOP: the process freezes (every thread, the JVM's timers too) until {@link #resume()}, as a long GC or VM pause. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT: a paused process runs on. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
            deletePortFile();
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
        deletePortFile();
    }

    private void deletePortFile() {
        try {
            Files.deleteIfExists(portFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

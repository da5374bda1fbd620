package io.tributary.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.springframework.util.FileSystemUtils;

/**
 * The command line that runs the packaged service (system property {@code tributary.jar}, set by Failsafe to the jar
 * {@code package} built) as tests' child processes, made cheap to start because crash tests start it dozens of times:
 * the jar is extracted once ({@code -Djarmode=tools extract}, Spring Boot's layout for fast starts) and a class data
 * sharing archive is recorded once from a start of it; the JVM runs C1 only with the serial collector and a small heap.
 * Without the property (a run from an IDE) the test class path is used instead.
 */
final class PackagedService {

    static final List<String> JVM_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-Xss512k");

    private static final Path WORK = Path.of("target", "child-service");
    private static List<String> command;

    private PackagedService() {
    }

    /** {@code java <flags> -jar <extracted jar>} (or {@code -cp <test class path> <main class>}), prepared once. */
    static synchronized List<String> command() {
        if (command == null) {
            command = prepare();
        }
        return command;
    }

    private static List<String> prepare() {
        List<String> base = new ArrayList<>();
        base.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        base.addAll(JVM_FLAGS);
        String jarProperty = System.getProperty("tributary.jar");
        if (jarProperty == null) {
            base.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tributary.TributaryApplication"));
            return List.copyOf(base);
        }
        Path jar = Path.of(jarProperty);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("tributary.jar=" + jar + " does not exist: run the package phase first");
        }
        try {
            Path dir = WORK.toAbsolutePath();
            FileSystemUtils.deleteRecursively(dir);
            Files.createDirectories(dir);
            run(List.of(base.get(0), "-Djarmode=tools", "-jar", jar.toAbsolutePath().toString(), "extract", "--destination",
                    dir.resolve("app").toString()), dir.resolve("extract.log"));
            Path extracted = dir.resolve("app").resolve(jar.getFileName());
            Path archive = dir.resolve("app.jsa");
            List<String> training = new ArrayList<>(base);
            training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
                    extracted.toString(), "--server.port=0", "--tributary.data-dir=" + dir.resolve("training-data"),
                    "--spring.main.banner-mode=off"));
            run(training, dir.resolve("training.log"));
            if (Files.isRegularFile(archive)) {
                base.add("-XX:SharedArchiveFile=" + archive);
            } else {
                System.out.println("PackagedService: no class data sharing archive was written, see " + dir.resolve("training.log"));
            }
            base.addAll(List.of("-jar", extracted.toString()));
            return List.copyOf(base);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(List<String> command, Path output) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command + ", see " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("Exit code " + process.exitValue() + ": " + command + ", see " + output);
        }
    }
}

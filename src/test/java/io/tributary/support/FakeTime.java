package io.tributary.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A child JVM's wall clock moved at run time by Debian's libfaketime ({@code apt-get install faketime}): the library
 * is preloaded ({@code LD_PRELOAD}) and reads the offset from a file the test rewrites ({@link #set}), so the process's
 * {@code gettimeofday}/{@code clock_gettime(CLOCK_REALTIME)} — {@code System.currentTimeMillis()},
 * {@code Instant.now()} — jump while it runs. {@code FAKETIME_DONT_FAKE_MONOTONIC=1} keeps {@code CLOCK_MONOTONIC}
 * ({@code System.nanoTime()}) real, as it is on a machine whose clock is stepped. Three more settings keep a JVM
 * at its normal speed (measured with libfaketime 0.9.10 on JDK 17; without them a Spring Boot start took 2 min
 * instead of 15 s):
 * <ul>
 *   <li>{@code FAKETIME_CACHE_DURATION=1}: the file is read again at most once a second; with
 *       {@code FAKETIME_NO_CACHE=1} it is read at every call, about 80 µs per {@code currentTimeMillis()};</li>
 *   <li>{@code FAKETIME_FORCE_MONOTONIC_FIX=0}: otherwise libfaketime rewrites the deadlines of
 *       {@code pthread_cond_timedwait} on the monotonic clock, and the JVM's timed waits return at once (2,000 waits
 *       of 1 ms took 26 ms), so idle threads spin;</li>
 *   <li>{@code NO_FAKE_STAT=1}: file times are not shifted ({@code stat} 25 times slower otherwise); files keep the
 *       kernel's real times, so a file written after a jump does not carry the jumped time as it would on a machine
 *       whose clock jumped (the engine reads file times only for the idempotency memory at start).</li>
 * </ul>
 */
public final class FakeTime {

    /** Where Debian's package puts the library (amd64 and arm64). */
    private static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"));

    private final Path library;
    private final Path offsetFile;

    private FakeTime(Path library, Path offsetFile) {
        this.library = library;
        this.offsetFile = offsetFile;
    }

    /** The installed libfaketime, if any. */
    public static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isRegularFile).findFirst();
    }

    /** A clock at the real time (offset {@code +0}) whose offset file lives in {@code dir}. */
    public static FakeTime in(Path dir) {
        Path library = library().orElseThrow(() -> new IllegalStateException(
                "libfaketime is not installed (apt-get install faketime)"));
        FakeTime time = new FakeTime(library, dir.resolve("faketime-offset"));
        time.set("+0");
        return time;
    }

    /**
     * Moves the clock to the real time plus {@code offset}, in libfaketime's notation ({@code +1h}, {@code -24h},
     * {@code +30}: seconds); the child sees it within a second. Written by rename, so it never reads half a line.
     */
    public void set(String offset) {
        try {
            Path next = Files.writeString(offsetFile.resolveSibling(offsetFile.getFileName() + ".next"), offset + "\n");
            Files.move(next, offsetFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment of a child process that runs on this clock. */
    public Map<String, String> environment() {
        return Map.of("LD_PRELOAD", library.toString(),
                "FAKETIME_TIMESTAMP_FILE", offsetFile.toAbsolutePath().toString(),
                "FAKETIME_CACHE_DURATION", "1",
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "FAKETIME_FORCE_MONOTONIC_FIX", "0",
                "NO_FAKE_STAT", "1");
    }
}

package io.tributary.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Where a workload puts its figures: one {@code key<TAB>value<TAB>unit} line each, appended to the run's results file
 * (read back by {@link Report}) and echoed to stdout.
 */
final class Results {
    private final String prefix;
    private final Path file;

    Results(String prefix, Path file) {
        this.prefix = prefix;
        this.file = file;
    }

    static Results from(Options options) {
        String out = options.string("out", "");
        return new Results(options.required("label"), out.isEmpty() ? null : Path.of(out));
    }

    void put(String metric, double value, String unit) {
        String line = String.format(Locale.ROOT, "%s.%s\t%.3f\t%s%n", prefix, metric, value, unit);
        System.out.print(line);
        if (file != null) {
            try {
                Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("cannot write " + file, e);
            }
        }
    }

    void note(String text) {
        System.out.println("# " + prefix + ": " + text);
    }
}

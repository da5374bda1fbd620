package io.tributary.bench;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Command-line options as {@code --name=value}; every read marks the option as known so typos fail loudly. */
final class Options {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> read = new HashSet<>();

    Options(String[] args, int from) {
        for (int i = from; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + arg);
            }
            int eq = arg.indexOf('=');
            values.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
    }

    String string(String name, String defaultValue) {
        read.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    String required(String name) {
        String value = string(name, null);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("missing --" + name + "=...");
        }
        return value;
    }

    int integer(String name, int defaultValue) {
        return Integer.parseInt(string(name, Integer.toString(defaultValue)));
    }

    long longValue(String name, long defaultValue) {
        return Long.parseLong(string(name, Long.toString(defaultValue)));
    }

    double decimal(String name, double defaultValue) {
        return Double.parseDouble(string(name, Double.toString(defaultValue)));
    }

    boolean flag(String name, boolean defaultValue) {
        return Boolean.parseBoolean(string(name, Boolean.toString(defaultValue)));
    }

    /** Call after all options were read: an option nobody asked for is a typo. */
    void rejectUnknown() {
        Set<String> unknown = new HashSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown option(s): " + unknown);
        }
    }
}

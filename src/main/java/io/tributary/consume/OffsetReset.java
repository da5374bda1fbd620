package io.tributary.consume;

import java.util.Locale;

/** Kafka's {@code auto.offset.reset}: where to start when there is no valid committed offset. */
public enum OffsetReset {
    EARLIEST, LATEST, NONE;

    /** Also accepts Kafka's old names {@code smallest} and {@code largest}. @throws IllegalArgumentException */
    public static OffsetReset fromName(String name) {
        return switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
            case "earliest", "smallest" -> EARLIEST;
            case "latest", "largest" -> LATEST;
            case "none" -> NONE;
            default -> throw new IllegalArgumentException("Invalid auto.offset.reset '" + name
                    + "': expected earliest, latest or none");
        };
    }

    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.tributary.embedded.offset;

import java.nio.file.Path;

/** The offsets database cannot be opened and {@code tributary.offsets.damaged-database} is {@code fail}. */
public class DamagedOffsetDatabaseException extends IllegalStateException {

    private final transient Path file;
    private final String damage;

    public DamagedOffsetDatabaseException(Path file, String damage) {
        super("The offsets database " + file + " is damaged: " + damage);
        this.file = file;
        this.damage = damage;
    }

    public Path file() {
        return file;
    }

    public String damage() {
        return damage;
    }
}

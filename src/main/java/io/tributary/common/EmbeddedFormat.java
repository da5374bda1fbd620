package io.tributary.common;

import java.util.Locale;

/**
 * How keys and values travel in JSON bodies: {@code json} embeds them as JSON (stored as their UTF-8 JSON text),
 * {@code binary} as base64 of the stored bytes. A consumer instance has one format for its whole life. (Each format's
 * media type is the web layer's business: {@code MediaTypes.of}.)
 */
public enum EmbeddedFormat {
    JSON,
    BINARY;

    public String externalName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for anything but "json" or "binary" (case-insensitive) */
    public static EmbeddedFormat fromName(String name) {
        if (name != null) {
            for (EmbeddedFormat f : values()) {
                if (f.externalName().equalsIgnoreCase(name.trim())) {
                    return f;
                }
            }
        }
        throw new IllegalArgumentException("Invalid format '" + name + "': expected 'json' or 'binary'");
    }
}

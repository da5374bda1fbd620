package io.tributary.web;

import java.util.Locale;

import org.springframework.http.MediaType;

/**
 * How keys and values travel in JSON bodies: {@code json} embeds them as JSON (stored as their UTF-8 JSON text),
 * {@code binary} as base64 of the stored bytes. A consumer instance has one format for its whole life.
 */
public enum EmbeddedFormat {
    JSON(MediaTypes.JSON_V2_JSON),
    BINARY(MediaTypes.BINARY_V2_JSON);

    private final MediaType mediaType;

    EmbeddedFormat(String mediaType) {
        this.mediaType = MediaType.parseMediaType(mediaType);
    }

    public MediaType mediaType() {
        return mediaType;
    }

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

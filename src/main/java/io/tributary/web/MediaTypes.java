package io.tributary.web;

import io.tributary.common.EmbeddedFormat;

import org.springframework.http.MediaType;

/** The Kafka REST media types (see api.md). */
public final class MediaTypes {

    public static final String V2_JSON = "application/vnd.kafka.v2+json";
    public static final String JSON_V2_JSON = "application/vnd.kafka.json.v2+json";
    public static final String BINARY_V2_JSON = "application/vnd.kafka.binary.v2+json";

    public static final MediaType V2 = MediaType.parseMediaType(V2_JSON);
    public static final MediaType JSON_V2 = MediaType.parseMediaType(JSON_V2_JSON);
    public static final MediaType BINARY_V2 = MediaType.parseMediaType(BINARY_V2_JSON);

    private MediaTypes() {
    }

    /** The media type a body of records in {@code format} is served as. */
    public static MediaType of(EmbeddedFormat format) {
        return format == EmbeddedFormat.JSON ? JSON_V2 : BINARY_V2;
    }
}

package io.tributary.web;

import org.springframework.http.MediaType;

/** The Kafka REST media types (see api.md). */
public final class MediaTypes {

    public static final String V2_JSON = "application/vnd.kafka.v2+json";
    public static final String JSON_V2_JSON = "application/vnd.kafka.json.v2+json";
    public static final String BINARY_V2_JSON = "application/vnd.kafka.binary.v2+json";

    public static final MediaType V2 = MediaType.parseMediaType(V2_JSON);

    private MediaTypes() {
    }
}

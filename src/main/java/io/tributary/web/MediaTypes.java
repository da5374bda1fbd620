package io.tributary.web;

import io.tributary.common.EmbeddedFormat;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;

import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import org.springframework.http.InvalidMediaTypeException;
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

    /**
     * The media type of an error answer, decided here for every error Tributary answers: {@code application/json}
     * for the v3 API (as Confluent's v3 answers) and for a client whose Accept names nothing else; else the v2 type,
     * as Confluent's v2 answers. An error dispatch is judged by the request it reports on.
     */
    public static MediaType ofError(HttpServletRequest request) {
        return isV3(path(request)) || acceptsOnlyJson(request) ? MediaType.APPLICATION_JSON : V2;
    }

    private static String path(HttpServletRequest request) {
        String uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) instanceof String reported
                ? reported : request.getRequestURI();
        String context = request.getContextPath(); // null for a request Tomcat refused before mapping it
        if (uri == null) {
            return "";
        }
        return context != null && uri.startsWith(context) ? uri.substring(context.length()) : uri;
    }

    private static boolean isV3(String path) {
        return path.equals("/v3") || path.startsWith("/v3/");
    }

    private static boolean acceptsOnlyJson(HttpServletRequest request) {
        Enumeration<String> headers = request.getHeaders("Accept");
        if (headers == null) {
            return false;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(Collections.list(headers)).stream()
                    .filter(type -> type.getQualityValue() > 0).toList();
        } catch (InvalidMediaTypeException e) {
            return false; // the answer is 400 or 406 in the v2 type
        }
        return !accepted.isEmpty() && accepted.stream().allMatch(type -> type.getType().equals("application")
                && type.getSubtype().equals("json"));
    }
}

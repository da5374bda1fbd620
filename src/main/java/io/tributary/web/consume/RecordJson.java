package io.tributary.web.consume;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.web.Json;
import io.tributary.web.RecordsBodyConverter;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonGenerator;

/**
 * One record as the JSON object of a records response, written by the shared records writer (for SSE events). To
 * bytes, not a {@code Writer}: the writer puts base64 in as raw UTF-8, which a character generator cannot take.
 */
final class RecordJson {

    private RecordJson() {
    }

    static String write(FetchedRecord record, EmbeddedFormat format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            RecordsBodyConverter.writeRecord(g, record, format);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}

package io.tributary.web.consume;

import io.tributary.common.EmbeddedFormat;
import io.tributary.common.FetchedRecord;
import io.tributary.web.Json;
import io.tributary.web.RecordsBodyConverter;

import java.io.StringWriter;

import tools.jackson.core.JsonGenerator;

/** One record as the JSON object of a records response, written by the shared records writer (for SSE events). */
final class RecordJson {

    private RecordJson() {
    }

    static String write(FetchedRecord record, EmbeddedFormat format) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            RecordsBodyConverter.writeRecord(g, record, format);
        }
        return out.toString();
    }
}

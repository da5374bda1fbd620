package io.tributary.web.produce;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import io.tributary.web.ErrorTranslator;
import io.tributary.common.EmbeddedFormat;

import java.io.ByteArrayInputStream;

/**
 * The produce body readers on arbitrary bytes: they return records or fail with an error the one error handler
 * answers with a 4xx, never anything it would call internal (a 5xx). Seeds in {@code ProduceRequestFuzzTestInputs/};
 * {@code JAZZER_FUZZ=1} fuzzes (see docs/reliability.md).
 */
class ProduceRequestFuzzTest {

    private static final int MAX_RECORDS = 50;

    @FuzzTest(maxDuration = "5m")
    void v2BodiesAreReadOrRefusedAsClientErrors(FuzzedDataProvider data) {
        EmbeddedFormat format = data.consumeBoolean() ? EmbeddedFormat.JSON : EmbeddedFormat.BINARY;
        byte[] body = data.consumeRemainingAsBytes();
        try {
            V2ProduceRequestReader.read(new ByteArrayInputStream(body), format, MAX_RECORDS);
        } catch (RuntimeException e) {
            requireClientError(e);
        }
    }

    @FuzzTest(maxDuration = "5m")
    void v3StreamsAreReadOrRefusedAsClientErrors(byte[] body) {
        try (V3ProduceRequestReader reader = new V3ProduceRequestReader(new ByteArrayInputStream(body))) {
            for (int records = 0; records <= MAX_RECORDS && !reader.broken(); records++) {
                try {
                    if (!reader.hasNext()) {
                        return;
                    }
                    reader.next();
                } catch (RuntimeException e) {
                    requireClientError(e); // a bad record fails alone; malformed JSON breaks the stream
                }
            }
        }
    }

    /** Rethrows what the error handler would answer with a 5xx, so the fuzzer reports it. */
    static void requireClientError(RuntimeException e) {
        int code = ErrorTranslator.toBody(e).errorCode();
        int status = code < 1000 ? code : code / 100;
        if (status < 400 || status >= 500) {
            throw e;
        }
    }
}

package io.tributary.web.produce;

import io.tributary.common.EmbeddedFormat;
import io.tributary.web.ErrorTranslator;

import java.io.ByteArrayInputStream;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

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

    /**
     * The error codes api.md's table answers with a 4xx status (and the plain 4xx codes where no finer one fits),
     * written out rather than derived from a code's digits: 50003, for one, is a 503.
     */
    private static final Set<Integer> CLIENT_ERROR_CODES = Set.of(400, 40002, 40101, 40301, 404, 40401, 40402, 40403,
            40405, 405, 40601, 40901, 40902, 40903, 413, 415, 42203, 42204, 42206, 42901);

    /** Rethrows what the error handler would answer with anything but a 4xx, so the fuzzer reports it. */
    static void requireClientError(RuntimeException e) {
        if (!CLIENT_ERROR_CODES.contains(ErrorTranslator.toBody(e).errorCode())) {
            throw e;
        }
    }
}

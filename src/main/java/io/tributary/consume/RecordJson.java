package io.tributary.consume;

import io.tributary.web.EmbeddedFormat;
import io.tributary.web.FetchedRecord;

/** One record as the JSON object of a records response (the shared writer of the web package). */
final class RecordJson {

    private RecordJson() {
    }

    static String write(FetchedRecord record, EmbeddedFormat format) {
        throw new UnsupportedOperationException("wired to the shared records writer once it is on main");
    }
}

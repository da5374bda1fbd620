package io.tributary.produce;

import java.util.List;

/**
 * The answer to a produce request.
 *
 * @param results  one per record, in request order
 * @param replayed true when the request carried an Idempotency-Key the log already had: some or all of the answer is
 *                 the first request's, and those records were not appended again
 */
public record Produced(List<RecordResult> results, boolean replayed) {
}

package io.tributary.web.produce;

import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.Json;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.databind.JsonNode;

/**
 * Confluent's ProduceBatchRequest, {@code {"entries":[{"id", "partition_id"?, "headers"?, "key"?, "value"?,
 * "timestamp"?}, ...]}}: each entry a v3 record with an id. The batch is checked as a whole, as Confluent checks it
 * (42208: empty, too many entries, ids not distinct strings of 1 to 80 characters); each entry's record is read on
 * its own later, so that a bad record fails alone ({@link V3ProduceRequestReader#record}).
 *
 * @param entries the entries as JSON, in request order
 * @param ids     their ids, in the same order
 */
record V3ProduceBatchRequest(List<JsonNode> entries, List<String> ids) {

    static final int MIN_ID_LENGTH = 1;
    static final int MAX_ID_LENGTH = 80;

    /**
     * @param maxEntries tributary.produce.max-records-per-request
     * @throws ApiException 42208 for a batch Confluent refuses as a whole, 400 for a body of another shape
     */
    static V3ProduceBatchRequest read(InputStream body, int maxEntries) {
        JsonNode root;
        try (JsonParser parser = Json.STRICT_FACTORY.createParser(ObjectReadContext.empty(), body)) {
            root = V3ProduceRequestReader.MAPPER.readTree(parser);
            if (root != null && parser.nextToken() != null) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Malformed request body: a batch is one JSON object; "
                        + "something follows it.");
            }
        }
        if (root == null || root.isMissingNode()) {
            throw batch("Request body is empty. Data is required.");
        }
        if (!root.isObject()) {
            throw shape("the body");
        }
        JsonNode entries = root.get("entries");
        if (entries == null || entries.isNull() || entries.isArray() && entries.isEmpty()) {
            throw batch("Empty batch.");
        }
        if (!entries.isArray()) {
            throw shape("entries");
        }
        if (entries.size() > maxEntries) {
            throw batch("Too many entries in batch: " + entries.size() + "; at most " + maxEntries
                    + " are accepted (tributary.produce.max-records-per-request).");
        }
        List<JsonNode> list = new ArrayList<>(entries.size());
        List<String> ids = new ArrayList<>(entries.size());
        Set<String> distinct = new HashSet<>();
        for (JsonNode entry : entries) {
            if (!entry.isObject()) {
                throw shape("entries[" + list.size() + "]");
            }
            JsonNode id = entry.get("id");
            if (id == null || !id.isString() || id.stringValue().length() < MIN_ID_LENGTH
                    || id.stringValue().length() > MAX_ID_LENGTH) {
                throw batch("Batch entry identifier is not a valid string: entries[" + list.size() + "].id must be a "
                        + "string of " + MIN_ID_LENGTH + " to " + MAX_ID_LENGTH + " characters.");
            }
            if (!distinct.add(id.stringValue())) {
                throw batch("Batch entry IDs are not distinct: '" + id.stringValue() + "' is given twice.");
            }
            list.add(entry);
            ids.add(id.stringValue());
        }
        return new V3ProduceBatchRequest(List.copyOf(list), List.copyOf(ids));
    }

    private static ApiException batch(String message) {
        return new ApiException(ErrorCode.INVALID_BATCH, message);
    }

    private static ApiException shape(String what) {
        return new ApiException(ErrorCode.BAD_REQUEST, "Malformed request body: " + what + " is not what a batch "
                + "has; send {\"entries\":[{\"id\":\"1\",\"value\":{\"type\":\"STRING\",\"data\":\"...\"}}, ...]}.");
    }
}

package io.tributary.web.consume;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.EmbeddedFormat;
import io.tributary.consume.PartitionReader;
import io.tributary.settings.TributaryProperties;
import io.tributary.web.ApiDocs;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.MediaTypes;
import io.tributary.web.RecordsBody;
import io.tributary.web.TributaryExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reading a partition directly, without a consumer group (a Tributary extension: the console consumer's
 * {@code --from-beginning}, or a replay from a point in time).
 */
@RestController
@Tag(name = "Records (extension)")
@TributaryExtension
class PartitionRecordsController {

    private static final List<MediaType> FORMATS = List.of(MediaTypes.of(EmbeddedFormat.JSON),
            MediaTypes.of(EmbeddedFormat.BINARY), MediaType.APPLICATION_JSON);

    private final PartitionReader reader;
    private final TributaryProperties.Fetch limits;

    PartitionRecordsController(PartitionReader reader, TributaryProperties properties) {
        this.reader = reader;
        this.limits = properties.fetch();
    }

    @GetMapping(path = "/topics/{topic}/partitions/{partition}/records",
            produces = {MediaTypes.JSON_V2_JSON, MediaTypes.BINARY_V2_JSON, MediaType.APPLICATION_JSON_VALUE})
    @Operation(operationId = "readPartitionRecords", summary = "Read a partition's records", description = """
            Reads from `offset` (default: the log start, the oldest record still stored), or from the first record \
            whose timestamp is at or after `timestamp` (epoch ms; the end of the log when there is none). An offset \
            below the log start (removed by retention) reads from the log start, as Kafka's \
            auto.offset.reset=earliest; an offset past the end offset is a 400 whose message gives the valid range; \
            the end offset itself waits for the next record. \
            When nothing is there yet the request waits up to `timeout` ms (default 0: answer at once; capped at \
            tributary.fetch.max-timeout) and returns as soon as a record is appended; an empty array after the \
            timeout. No server thread is held while waiting; beyond tributary.fetch.max-waiting-fetches waiting \
            reads the answer is 429. \
            The format follows `Accept`: application/vnd.kafka.binary.v2+json gives keys and values in base64; \
            application/vnd.kafka.json.v2+json, application/json or */* give them as JSON (a record that is not \
            valid JSON is then a 422 with error_code 42203: read it in the binary format). Header values are \
            always base64. The response's Content-Type is the format's media type.""")
    @ApiResponse(responseCode = "200", content = {
            @Content(mediaType = MediaTypes.JSON_V2_JSON, array = @ArraySchema(schema =
                    @Schema(implementation = RecordsBody.Item.class)), examples = @ExampleObject(value = """
                    [{"topic":"quickstart-events","key":null,"value":"hi there","partition":0,"offset":0,\
                    "timestamp":1718009600123,"headers":[]}]""")),
            @Content(mediaType = MediaTypes.BINARY_V2_JSON, array = @ArraySchema(schema =
                    @Schema(implementation = RecordsBody.Item.class)), examples = @ExampleObject(value = """
                    [{"topic":"payment-done","key":"dXNlcjE=","value":"eyJhbW91bnQiOjQyLjV9","partition":2,"offset":0,\
                    "timestamp":1718009600123,"headers":[{"key":"source","value":"d2Vi"}]}]"""))})
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    @ApiResponse(responseCode = "406", ref = ApiDocs.REF_NOT_ACCEPTABLE)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    @ApiResponse(responseCode = "429", ref = ApiDocs.REF_TOO_MANY_REQUESTS)
    CompletableFuture<ResponseEntity<RecordsBody>> records(
            @PathVariable @Parameter(example = "quickstart-events") String topic,
            @PathVariable @Parameter(example = "0") int partition,
            @RequestParam(required = false) @Parameter(description = "first offset to read (default: the log start)") Long offset,
            @RequestParam(required = false) @Parameter(description = "read from the first record at or after this epoch ms") Long timestamp,
            @RequestParam(name = "max_records", required = false) @Parameter(description = "at most this many records "
                    + "(default tributary.fetch.default-max-records, capped at tributary.fetch.max-records)") Integer maxRecords,
            @RequestParam(name = "max_bytes", required = false) @Parameter(description = "stop after about this many bytes "
                    + "of record data, but return at least one record (capped at tributary.fetch.max-bytes)") Integer maxBytes,
            @RequestParam(required = false) @Parameter(description = "ms to wait when there is nothing to read (default 0)") Long timeout,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) throws HttpMediaTypeNotAcceptableException {
        EmbeddedFormat format = formatFor(accept);
        requireNonNegative("offset", offset);
        requireNonNegative("timestamp", timestamp);
        requireNonNegative("timeout", timeout);
        if (offset != null && timestamp != null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Give either offset or timestamp, not both.");
        }
        int records = bounded("max_records", maxRecords, limits.defaultMaxRecords(), limits.maxRecords());
        int bytes = bounded("max_bytes", maxBytes, (int) limits.maxBytes().toBytes(), (int) limits.maxBytes().toBytes());
        Duration wait = timeout == null ? Duration.ZERO : Duration.ofMillis(Math.min(timeout, limits.maxTimeout().toMillis()));

        PartitionReader.StartPosition start = offset != null ? new PartitionReader.StartPosition.Offset(offset)
                : timestamp != null ? new PartitionReader.StartPosition.Timestamp(timestamp)
                : new PartitionReader.StartPosition.LogStart();
        return reader.read(topic, partition, start, records, bytes, wait).thenApply(result -> ResponseEntity.ok()
                .contentType(MediaTypes.of(format))
                .body(new RecordsBody(format, result)));
    }

    /** The format the client prefers among those it accepts; json for a wildcard. */
    static EmbeddedFormat formatFor(String accept) throws HttpMediaTypeNotAcceptableException {
        if (accept == null || accept.isBlank()) {
            return EmbeddedFormat.JSON;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (IllegalArgumentException e) {
            throw new HttpMediaTypeNotAcceptableException(FORMATS);
        }
        accepted = new ArrayList<>(accepted);
        MimeTypeUtils.sortBySpecificity(accepted);
        accepted.sort(Comparator.comparingDouble(MediaType::getQualityValue).reversed());
        for (MediaType m : accepted) {
            if (m.getQualityValue() == 0) {
                continue;
            }
            if (m.isCompatibleWith(MediaTypes.of(EmbeddedFormat.BINARY)) && !m.isWildcardSubtype() && !m.isWildcardType()) {
                return EmbeddedFormat.BINARY;
            }
            if (m.isCompatibleWith(MediaTypes.of(EmbeddedFormat.JSON)) || m.isCompatibleWith(MediaType.APPLICATION_JSON)) {
                return EmbeddedFormat.JSON;
            }
        }
        throw new HttpMediaTypeNotAcceptableException(FORMATS);
    }

    private static void requireNonNegative(String name, Long value) {
        if (value != null && value < 0) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Invalid " + name + " " + value + ": must not be negative.");
        }
    }

    private static int bounded(String name, Integer value, int defaultValue, int max) {
        if (value == null) {
            return Math.min(defaultValue, max);
        }
        if (value < 1) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Invalid " + name + " " + value + ": must be at least 1.");
        }
        return Math.min(value, max);
    }
}

package io.tributary.web.produce;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.common.EmbeddedFormat;
import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.RecordProducer;
import io.tributary.settings.TributaryProperties;
import io.tributary.web.ApiDocs;
import io.tributary.web.MediaTypes;
import io.tributary.web.TributaryExtension;

import java.io.InputStream;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * v2 produce: {@code POST /topics/{topic}} and {@code POST /topics/{topic}/partitions/{partition}} in the json format
 * ({@code application/vnd.kafka.json.v2+json} or plain {@code application/json}) or the binary format. A content
 * type without embedded format ({@code application/vnd.kafka.v2+json}) is answered 415, as Confluent does.
 */
@RestController
@Tag(name = "Produce (v2)")
@ApiResponse(responseCode = "200", description = "One offset entry per record, in request order. A record whose "
        + "partition could not be written (disk failure) has partition and offset null and an error_code (50003 "
        + "retriable, 50002 other); the others are written.", content = {@Content(mediaType = MediaTypes.V2_JSON,
        schema = @Schema(implementation = V2ProduceResponse.class), examples = @ExampleObject(value = V2ProduceController.ANSWER)),
        @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = V2ProduceResponse.class),
                examples = @ExampleObject(value = V2ProduceController.ANSWER))})
@ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
@ApiResponse(responseCode = "413", ref = ApiDocs.REF_TOO_LARGE)
@ApiResponse(responseCode = "415", ref = ApiDocs.REF_UNSUPPORTED_MEDIA_TYPE)
@ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
@ApiResponse(responseCode = "503", ref = ApiDocs.REF_UNAVAILABLE)
class V2ProduceController {

    static final String ANSWER = """
            {"key_schema_id":null,"value_schema_id":null,"offsets":[{"partition":2,"offset":0,"error_code":null,"error":null},\
            {"partition":2,"offset":1,"error_code":null,"error":null}]}""";
    /** What Tributary's v2 produce accepts beyond Confluent's (its Idempotency-Key header is marked as a parameter). */
    private static final String TIMESTAMP = "records[].timestamp (epoch ms or ISO-8601)";
    private static final String HEADERS = "records[].headers";

    private static final String JSON_FORMAT = MediaTypes.JSON_V2_JSON;
    private static final String BINARY_FORMAT = MediaTypes.BINARY_V2_JSON;
    private static final String PLAIN_JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String DESCRIPTION = """
            Body `{"records":[{"key"?, "value", "partition"?, "headers"?, "timestamp"?}]}`. In the json format keys and \
            values are any JSON and are stored as their compact UTF-8 JSON text (a null value is a tombstone); in the \
            binary format they are base64 and stored decoded. `headers` is `[{"key" (or "name"), "value": base64 or \
            null}]`, `timestamp` epoch milliseconds (or an ISO-8601 instant), default the append time. \
            Partitioning: an explicit partition wins; a keyed record goes to `toPositive(murmur2(key bytes)) % \
            partitions`, Kafka's default partitioner, over the stored key bytes (a json key "user1" is hashed as the 7 \
            bytes `"user1"` with its quotes, as Confluent's json format does; send the key in the binary format to \
            match a Kafka client's StringSerializer); records with neither go round robin across the partitions, \
            continuing from request to request. \
            All records are validated before any is written: a request that fails validation writes nothing. The \
            records of one request that go to one partition are appended as one batch, durable (fsynced) before \
            the answer.""";
    private static final String JSON_EXAMPLE = """
            {"records":[{"key":"user1","value":{"amount":42.5,"currency":"EUR"}},\
            {"key":"user1","value":{"amount":7,"currency":"EUR"},"headers":[{"key":"source","value":"d2Vi"}],\
            "timestamp":1718000000000}]}""";
    private static final String PARTITION_DESCRIPTION = "As POST /topics/{topic}; the partition in the path overrides "
            + "any partition in the records.";
    private static final String PARTITION_JSON_EXAMPLE = "{\"records\":[{\"value\":\"hi there\"}]}";
    private static final String PARTITION_BINARY_EXAMPLE = "{\"records\":[{\"value\":\"aGkgdGhlcmU=\"}]}";
    private static final String BINARY_EXAMPLE = """
            {"records":[{"key":"dXNlcjE=","value":"aGkgdGhlcmU="},{"value":"c2Vjb25k","partition":0}]}""";

    private final RecordProducer producer;
    private final AccessControl access;
    private final int maxRecordsPerRequest;

    V2ProduceController(RecordProducer producer, AccessControl access, TributaryProperties properties) {
        this.producer = producer;
        this.access = access;
        this.maxRecordsPerRequest = properties.produce().maxRecordsPerRequest();
    }

    @PostMapping(path = "/topics/{topic}", consumes = {JSON_FORMAT, PLAIN_JSON}, produces = {MediaTypes.V2_JSON, PLAIN_JSON})
    @TributaryExtension(additions = {TIMESTAMP, HEADERS})
    @Operation(operationId = "produceToTopicV2", summary = "Produce records", description = DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = JSON_FORMAT, examples = @ExampleObject(value = JSON_EXAMPLE)),
            @Content(mediaType = PLAIN_JSON, examples = @ExampleObject(value = JSON_EXAMPLE)),
            @Content(mediaType = BINARY_FORMAT, examples = @ExampleObject(value = BINARY_EXAMPLE))})
    CompletableFuture<ResponseEntity<V2ProduceResponse>> produceJson(@PathVariable @Parameter(example = "payment-done") String topic,
                                         @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                                         @Parameter(description = ProduceDocs.IDEMPOTENCY_KEY_V2) String idempotencyKey,
                                         @Parameter(hidden = true) InputStream body) {
        return produce(topic, null, idempotencyKey, body, EmbeddedFormat.JSON);
    }

    /** The binary format; documented with {@link #produceJson}, the two are one operation in OpenAPI. */
    @PostMapping(path = "/topics/{topic}", consumes = BINARY_FORMAT, produces = {MediaTypes.V2_JSON, PLAIN_JSON})
    @Operation(hidden = true)
    CompletableFuture<ResponseEntity<V2ProduceResponse>> produceBinary(@PathVariable @Parameter(example = "payment-done") String topic,
                                           @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
                                           @Parameter(hidden = true) InputStream body) {
        return produce(topic, null, idempotencyKey, body, EmbeddedFormat.BINARY);
    }

    @PostMapping(path = "/topics/{topic}/partitions/{partition}", consumes = {JSON_FORMAT, PLAIN_JSON},
            produces = {MediaTypes.V2_JSON, PLAIN_JSON})
    @TributaryExtension(additions = {TIMESTAMP, HEADERS})
    @Operation(operationId = "produceToPartitionV2", summary = "Produce records to one partition", description = PARTITION_DESCRIPTION)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = {
            @Content(mediaType = JSON_FORMAT, examples = @ExampleObject(value = PARTITION_JSON_EXAMPLE)),
            @Content(mediaType = PLAIN_JSON, examples = @ExampleObject(value = PARTITION_JSON_EXAMPLE)),
            @Content(mediaType = BINARY_FORMAT, examples = @ExampleObject(value = PARTITION_BINARY_EXAMPLE))})
    CompletableFuture<ResponseEntity<V2ProduceResponse>> produceJsonToPartition(@PathVariable @Parameter(example = "payment-done") String topic,
                                                    @PathVariable @Parameter(example = "0") int partition,
                                                    @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                                                    @Parameter(description = ProduceDocs.IDEMPOTENCY_KEY_V2) String idempotencyKey,
                                                    @Parameter(hidden = true) InputStream body) {
        return produce(topic, partition, idempotencyKey, body, EmbeddedFormat.JSON);
    }

    /** The binary format; documented with {@link #produceJsonToPartition}, the two are one operation in OpenAPI. */
    @PostMapping(path = "/topics/{topic}/partitions/{partition}", consumes = BINARY_FORMAT,
            produces = {MediaTypes.V2_JSON, PLAIN_JSON})
    @Operation(hidden = true)
    CompletableFuture<ResponseEntity<V2ProduceResponse>> produceBinaryToPartition(@PathVariable @Parameter(example = "payment-done") String topic,
                                                      @PathVariable @Parameter(example = "0") int partition,
                                                      @RequestHeader(name = IdempotencyKey.HEADER, required = false) String idempotencyKey,
                                                      @Parameter(hidden = true) InputStream body) {
        return produce(topic, partition, idempotencyKey, body, EmbeddedFormat.BINARY);
    }

    private CompletableFuture<ResponseEntity<V2ProduceResponse>> produce(String topic, Integer partition, String idempotencyKey,
                                                                         InputStream body, EmbeddedFormat format) {
        ProduceAccess.check(producer, access, topic);
        IdempotencyKey key = IdempotencyKey.fromHeader(idempotencyKey);
        var records = V2ProduceRequestReader.read(body, format, maxRecordsPerRequest);
        return producer.produce(topic, partition, records, key).thenApply(produced -> {
            var answer = ResponseEntity.ok();
            if (produced.replayed()) {
                answer.header(ProduceDocs.REPLAYED_HEADER, "true");
            }
            return answer.body(V2ProduceResponse.of(produced.results()));
        });
    }
}

package io.tributary.web.produce;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.RecordProducer;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.ClusterIdentity;
import io.tributary.web.ApiDocs;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JsonGenerator;

/**
 * v3 produce: one record per JSON object; a body of several concatenated objects is a stream, answered record by
 * record as Confluent does (each answer flushed as soon as its record is durable; see {@link V3ProduceStream}).
 */
@RestController
@Tag(name = "Produce (v3)")
class V3ProduceController {

    private final ClusterIdentity cluster;
    private final RecordProducer producer;
    private final AccessControl access;
    private final int maxRecordsPerRequest;

    V3ProduceController(ClusterIdentity cluster, RecordProducer producer, AccessControl access,
                        TributaryProperties properties) {
        this.cluster = cluster;
        this.producer = producer;
        this.access = access;
        this.maxRecordsPerRequest = properties.produce().maxRecordsPerRequest();
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/records", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "produceRecord", summary = "Produce records (one, or a stream)", description = """
            A record is `{"partition_id"?, "headers"?: [{"name", "value": base64}], "key"?: {"type", "data"}, \
            "value"?: {"type", "data"}, "timestamp"?}`. `type` is JSON (the default: data is any JSON, stored as its \
            compact UTF-8 text), STRING (stored as UTF-8 bytes, hashed like a Kafka StringSerializer key) or BINARY \
            (base64, stored decoded). `timestamp` is an ISO-8601 instant or epoch milliseconds. \
            Several records may be sent as concatenated JSON objects in one body (streaming): records are appended as \
            they arrive (those already received together, as one batch per partition) and each is answered by one \
            JSON object (newline-separated) with `error_code` 200, or the record's error code and message, as \
            Confluent answers: the status is 200 once the request is accepted, even when its only record fails, and a \
            record that fails does not stop the others. A record that cannot be read (a wrong type, invalid base64, \
            an unsupported format) is answered `error_code` 400; one the topic refuses keeps its code (40402 for an \
            unknown partition, 42207 for a keyless record to a compacted topic, 50003 when storage fails). Malformed \
            JSON ends the stream with a last answer of 400. The request fails as a whole, with the HTTP status, only \
            before a record is read: an unknown cluster or topic (404), no permission (403), an empty body (422) or \
            one past the size limit (413).""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = V3ProduceSchemas.ProduceRequest.class), examples = {
            @ExampleObject(name = "one record", value = """
                    {"key":{"type":"STRING","data":"user1"},"value":{"type":"JSON","data":{"amount":42.5}},\
                    "headers":[{"name":"source","value":"d2Vi"}]}"""),
            @ExampleObject(name = "a stream of records", value = """
                    {"value":{"type":"STRING","data":"hi there"}}
                    {"partition_id":0,"value":{"type":"BINARY","data":"aGkgYWdhaW4="}}""")}))
    @ApiResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = V3ProduceResult.class), examples = {@ExampleObject(name = "appended", value = """
            {"error_code":200,"cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done","partition_id":2,\
            "offset":7,"timestamp":"2024-06-10T08:53:20.123Z","key":{"type":"STRING","size":5},\
            "value":{"type":"JSON","size":15}}"""),
            @ExampleObject(name = "a record that cannot be read", value = """
            {"error_code":400,"message":"Cannot convert value.data from base64: Illegal base64 character 2a. Binary \
            data must be standard base64 (RFC 4648)."}""")}))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    @ApiResponse(responseCode = "413", ref = ApiDocs.REF_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.REF_UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    void produce(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                        @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
                        @RequestHeader(name = IdempotencyKey.HEADER, required = false)
                        @Parameter(description = ProduceDocs.IDEMPOTENCY_KEY_V3) String idempotencyKey,
                        @Parameter(hidden = true) HttpServletRequest request,
                        @Parameter(hidden = true) HttpServletResponse response) throws IOException {
        cluster.requireCluster(clusterId);
        IdempotencyKey key = ProduceAccess.check(producer, access, topicName, idempotencyKey);
        try (V3ProduceRequestReader reader = new V3ProduceRequestReader(request.getInputStream())) {
            V3ProduceStream stream = new V3ProduceStream(producer, reader, clusterId, topicName, maxRecordsPerRequest, key);
            List<V3ProduceResult> batch = stream.nextBatch();
            if (batch.isEmpty()) {
                throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Request body is empty. Data is required.");
            }
            if (batch.size() == 1 && reader.broken() && batch.get(0).errorCode() == ErrorCode.REQUEST_TOO_LARGE.code()) {
                // the body is past the size limit before a first record was read: the request fails as a whole
                throw new ApiException(ErrorCode.REQUEST_TOO_LARGE, batch.get(0).message());
            }
            if (stream.replayed()) {
                response.setHeader(ProduceDocs.REPLAYED_HEADER, "true"); // of the first records: later ones follow the status
            }
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            try (JsonGenerator out = V3ProduceRequestReader.MAPPER.createGenerator(response.getOutputStream())) {
                while (!batch.isEmpty()) {
                    batch.forEach(result -> write(out, result));
                    out.flush();
                    batch = reader.broken() ? List.of() : stream.nextBatch();
                }
            }
        }
    }

    private static void write(JsonGenerator out, V3ProduceResult result) {
        V3ProduceRequestReader.MAPPER.writeValue(out, result);
        out.writeRaw('\n');
    }
}

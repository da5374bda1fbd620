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

import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * v3 batch produce: the records of one JSON body, each with an id, appended together and answered 207 with a report
 * per id, as Confluent's Produce Records Batch. Records are read, appended and answered as in a v3 stream
 * ({@link V3RecordAppender}): a record that cannot be read fails alone with 400, nothing of it appended.
 */
@RestController
@Tag(name = "Produce (v3)")
class V3ProduceBatchController {

    private static final int MULTI_STATUS = 207;

    private final ClusterIdentity cluster;
    private final RecordProducer producer;
    private final AccessControl access;
    private final int maxRecordsPerRequest;

    V3ProduceBatchController(ClusterIdentity cluster, RecordProducer producer, AccessControl access,
                             TributaryProperties properties) {
        this.cluster = cluster;
        this.producer = producer;
        this.access = access;
        this.maxRecordsPerRequest = properties.produce().maxRecordsPerRequest();
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/topics/{topic_name}/records:batch",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "produceRecordsBatch", summary = "Produce Records Batch", description = """
            `{"entries":[{"id", "partition_id"?, "headers"?, "key"?, "value"?, "timestamp"?}, ...]}`: each entry is a \
            v3 record (as for `.../records`) with an `id`, a string of 1 to 80 characters, distinct within the batch. \
            The entries are appended together (one batch per partition) and answered 207 Multi-Status with a report \
            per id: `successes` (where the record went) and `failures` (`error_code` and `message`), each in request \
            order. An entry that cannot be read (a wrong type, invalid base64, an unsupported format) fails alone with \
            `error_code` 400; one the topic refuses keeps its code (40402 for an unknown partition, 42207 for a \
            keyless record to a compacted topic). The batch fails as a whole (nothing appended) when it is empty, has \
            more than tributary.produce.max-records-per-request entries, or its ids are not distinct valid strings \
            (422, error_code 42208, as Confluent), or when the body is not JSON of this shape (400) or larger than \
            tributary.produce.max-request-size (413).""")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
            schema = @Schema(implementation = V3ProduceSchemas.ProduceBatchRequest.class), examples = @ExampleObject(value = """
            {"entries":[{"id":"1","key":{"type":"STRING","data":"user1"},"value":{"type":"JSON","data":{"amount":42.5}}},\
            {"id":"2","value":{"type":"STRING","data":"My second message"}}]}""")))
    @ApiResponse(responseCode = "207", description = "A report per entry", content = @Content(examples = {
            @ExampleObject(name = "all appended", value = """
                    {"successes":[{"id":"1","cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done",\
                    "partition_id":1,"offset":0,"timestamp":"2024-06-10T08:53:20.123Z","key":{"type":"STRING","size":5},\
                    "value":{"type":"JSON","size":15}},{"id":"2","cluster_id":"MkU3OEVBNTcwNTJENDM2Qg",\
                    "topic_name":"payment-done","partition_id":0,"offset":4,"timestamp":"2024-06-10T08:53:20.123Z",\
                    "value":{"type":"STRING","size":17}}],"failures":[]}"""),
            @ExampleObject(name = "one appended, one failed", value = """
                    {"successes":[{"id":"1","cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","topic_name":"payment-done",\
                    "partition_id":1,"offset":0,"timestamp":"2024-06-10T08:53:20.123Z","key":{"type":"STRING","size":5},\
                    "value":{"type":"JSON","size":15}}],"failures":[{"id":"2","error_code":400,\
                    "message":"Cannot convert value.data from base64: Illegal base64 character 2a. Binary data must be \
                    standard base64 (RFC 4648)."}]}""")}))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    @ApiResponse(responseCode = "403", description = "The caller may not produce to the topic (40301).")
    @ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
    @ApiResponse(responseCode = "413", ref = ApiDocs.REF_TOO_LARGE)
    @ApiResponse(responseCode = "415", ref = ApiDocs.REF_UNSUPPORTED_MEDIA_TYPE)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    ResponseEntity<V3ProduceBatchResponse> produceBatch(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @PathVariable("topic_name") @Parameter(example = "payment-done") String topicName,
            @RequestHeader(name = IdempotencyKey.HEADER, required = false)
            @Parameter(description = ProduceDocs.IDEMPOTENCY_KEY_V3_BATCH) String idempotencyKey,
            @Parameter(hidden = true) HttpServletRequest request) throws IOException {
        cluster.requireCluster(clusterId);
        IdempotencyKey key = ProduceAccess.check(producer, access, topicName, idempotencyKey);
        V3ProduceBatchRequest batch = V3ProduceBatchRequest.read(request.getInputStream(), maxRecordsPerRequest);

        V3ProduceResult[] results = new V3ProduceResult[batch.entries().size()];
        List<V3ProduceRequestReader.V3Record> records = new ArrayList<>();
        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < results.length; i++) {
            try {
                records.add(V3ProduceRequestReader.record(batch.entries().get(i)));
                positions.add((long) i);
            } catch (RuntimeException e) {
                results[i] = V3ProduceResult.unreadable(e);
            }
        }
        V3RecordAppender appender = new V3RecordAppender(producer, clusterId, topicName, key);
        List<V3ProduceResult> appended = appender.append(records, positions);
        for (int i = 0; i < appended.size(); i++) {
            results[positions.get(i).intValue()] = appended.get(i);
        }
        var response = ResponseEntity.status(MULTI_STATUS);
        if (appender.replayed()) {
            response.header(ProduceDocs.REPLAYED_HEADER, "true");
        }
        return response.body(V3ProduceBatchResponse.of(batch.ids(), Arrays.asList(results)));
    }
}

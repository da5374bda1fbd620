package io.tributary.web.consume;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.common.AccessControl;
import io.tributary.common.EmbeddedFormat;
import io.tributary.common.TopicPartition;
import io.tributary.consume.ConsumerInstance;
import io.tributary.consume.ConsumerInstances;
import io.tributary.consume.ConsumerPoll;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetCommit;
import io.tributary.consume.Subscription;
import io.tributary.settings.TributaryProperties;
import io.tributary.topic.TopicNames;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.MediaTypes;
import io.tributary.web.RecordsBody;
import io.tributary.web.RecordsBodyConverter;
import io.tributary.web.TributaryExtension;
import io.tributary.web.consume.ConsumerBodies.CommittedOffsetBody;
import io.tributary.web.consume.ConsumerBodies.CommittedOffsetsBody;
import io.tributary.web.consume.ConsumerBodies.CreatedInstance;
import io.tributary.web.consume.ConsumerBodies.OffsetRef;
import io.tributary.web.consume.ConsumerBodies.OffsetsBody;
import io.tributary.web.consume.ConsumerBodies.PartitionRef;
import io.tributary.web.consume.ConsumerBodies.PartitionsBody;
import io.tributary.web.consume.ConsumerBodies.SubscriptionBody;

import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/** The v2 consumer instance API of Confluent's REST Proxy: instances, subscriptions, positions, polls, commits. */
@RestController
@Tag(name = "Consumers (v2)", description = "Consumer instances in consumer groups: subscribe, poll (long poll or "
        + "server-sent events), seek and commit, as in Confluent REST Proxy v2. Instances live in memory and expire "
        + "after consumer.instance.timeout.ms without a request.")
class V2ConsumerController {

    private static final String BASE = "/consumers/{group}/instances/{instance}";
    private static final String V2 = MediaTypes.V2_JSON;
    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;

    private final ConsumerInstances consumers;
    private final ConsumerStreams streams;
    private final TributaryProperties properties;
    private final AccessControl access;
    private final InstanceConfig.Limits instanceLimits;

    V2ConsumerController(ConsumerInstances consumers, ConsumerStreams streams, TributaryProperties properties,
                         AccessControl access) {
        this.consumers = consumers;
        this.streams = streams;
        this.properties = properties;
        this.access = access;
        this.instanceLimits = instanceLimits(properties);
    }

    static InstanceConfig.Limits instanceLimits(TributaryProperties properties) {
        var consumer = properties.consumer();
        return new InstanceConfig.Limits(properties.fetch().maxBytes().toBytes(), consumer.requestTimeout(),
                properties.fetch().maxTimeout(), consumer.minInstanceTimeout(), consumer.instanceTimeout());
    }

    @PostMapping(path = "/consumers/{group}", produces = {V2, JSON})
    @Operation(operationId = "createConsumerV2", summary = "Create a consumer instance in a group",
            description = "Settings as Confluent's: format (json|binary, default binary), auto.offset.reset "
                    + "(earliest|latest|none, default latest), auto.commit.enable (default true; enable.auto.commit "
                    + "accepted too), fetch.min.bytes, consumer.request.timeout.ms (default poll timeout). Tributary also "
                    + "accepts consumer.instance.timeout.ms (or session.timeout.ms) and partition.assignment.strategy "
                    + "(range|roundrobin|sticky; the group's first member fixes it).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = V2,
                    examples = @ExampleObject(value = "{\"name\": \"c1\", \"format\": \"json\", \"auto.offset.reset\": "
                            + "\"earliest\", \"auto.commit.enable\": \"false\", \"consumer.instance.timeout.ms\": 30000}"))),
            responses = {
                    @ApiResponse(responseCode = "200", content = @Content(mediaType = V2, examples = @ExampleObject(value =
                            "{\"instance_id\": \"c1\", \"base_uri\": \"http://localhost:8080/consumers/payments/instances/c1\"}"))),
                    @ApiResponse(responseCode = "409", description = "40902: an instance with that name exists"),
                    @ApiResponse(responseCode = "422", description = "42204: invalid setting"),
                    @ApiResponse(responseCode = "429", description = "42901: instance limit reached")})
    CreatedInstance create(@PathVariable String group, @RequestBody(required = false) Map<String, Object> body,
                           HttpServletRequest request) {
        Map<String, Object> settings = body == null ? Map.of() : body;
        InstanceConfig config = InstanceConfig.parse(settings, instanceLimits);
        Object name = settings.get("name") != null ? settings.get("name") : settings.get("id");
        ConsumerInstance consumer = consumers.create(group, name == null ? null : name.toString(), config,
                request.getRemoteAddr(), access.principalName());
        return new CreatedInstance(consumer.id(), baseUri(request, group, consumer.id()));
    }

    /**
     * The instance's URI under {@code tributary.public-url} when set (the load balancer's address: behind several
     * nodes the client must not learn one node's), else under the address this request came to.
     */
    private String baseUri(HttpServletRequest request, String group, String instance) {
        UriComponentsBuilder base = properties.publicUrl() != null
                ? UriComponentsBuilder.fromUri(properties.publicUrl())
                : ServletUriComponentsBuilder.fromContextPath(request);
        // encoded before expansion, so a '/' or '?' in a group id is escaped instead of changing the URI's structure
        return base.path(BASE).encode().buildAndExpand(group, instance).toUriString();
    }

    @DeleteMapping(path = BASE, produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "deleteConsumerV2", summary = "Delete a consumer instance",
            description = "The member leaves its group and the group rebalances at once; with auto-commit the "
                    + "positions of what it fetched are committed first.",
            responses = {@ApiResponse(responseCode = "204"), @ApiResponse(responseCode = "404", description = "40403")})
    void delete(@PathVariable String group, @PathVariable String instance) {
        consumer(group, instance).delete();
    }

    @PostMapping(path = BASE + "/subscription", produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "subscribeV2", summary = "Subscribe to topics by name or pattern",
            description = "The group assigns the partitions. Topics that do not exist yet are accepted, as Kafka does, "
                    + "and read once created; a topic_pattern (a Java regex matching whole names) also picks up topics "
                    + "created later. 40901 when the instance assigned partitions manually.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = V2,
                    examples = {@ExampleObject(name = "topics", value = "{\"topics\": [\"payment-done\"]}"),
                            @ExampleObject(name = "pattern", value = "{\"topic_pattern\": \"payment-.*\"}")})))
    void subscribe(@PathVariable String group, @PathVariable String instance, @RequestBody SubscriptionBody body) {
        ConsumerInstance consumer = consumer(group, instance);
        boolean hasTopics = body.topics() != null && !body.topics().isEmpty();
        boolean hasPattern = body.topicPattern() != null && !body.topicPattern().isEmpty();
        if (hasTopics == hasPattern) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Give either 'topics' (a non-empty list) or 'topic_pattern'.");
        }
        Subscription subscription;
        if (hasTopics) {
            if (body.topics().stream().anyMatch(t -> t == null || t.isBlank())) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "Topic names cannot be empty.");
            }
            body.topics().forEach(TopicNames::requireValid); // could never exist: refused now, as Kafka refuses them later
            body.topics().forEach(topic -> access.requireTopic(topic, AccessControl.Operation.CONSUME));
            subscription = new Subscription.Topics(new TreeSet<>(body.topics()));
        } else {
            try {
                subscription = Subscription.Pattern.compile(body.topicPattern(), access.topicsAllowed(AccessControl.Operation.CONSUME));
            } catch (IllegalArgumentException e) {
                throw new ApiException(ErrorCode.BAD_REQUEST, e.getMessage());
            }
        }
        consumer.subscribe(subscription);
    }

    @GetMapping(path = BASE + "/subscription", produces = {V2, JSON})
    @Operation(operationId = "getSubscriptionV2", summary = "The subscribed topics",
            description = "For a pattern subscription: the topics it matches now, and the pattern as topic_pattern.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = V2,
                    examples = @ExampleObject(value = "{\"topics\": [\"payment-done\"]}"))))
    SubscriptionBody subscription(@PathVariable String group, @PathVariable String instance) {
        ConsumerInstance consumer = consumer(group, instance);
        Subscription subscription = consumer.subscription();
        String pattern = subscription instanceof Subscription.Pattern p ? p.regex().pattern() : null;
        List<String> topics = subscription instanceof Subscription.Topics t ? List.copyOf(t.names())
                : List.copyOf(consumer.subscribedTopics());
        return new SubscriptionBody(topics, pattern);
    }

    @DeleteMapping(path = BASE + "/subscription", produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "unsubscribeV2", summary = "Unsubscribe (also drops manually assigned partitions)",
            description = "The instance gives up its partitions (auto-committing first when enabled) and the group rebalances.")
    void unsubscribe(@PathVariable String group, @PathVariable String instance) {
        consumer(group, instance).unsubscribe();
    }

    @PostMapping(path = BASE + "/assignments", produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "assignPartitionsV2", summary = "Assign partitions manually",
            description = "No group management: the instance reads exactly these partitions (other members may read "
                    + "them too, as with Kafka's assign()). 40901 when subscribed; 40401/40402 for unknown partitions.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = V2,
                    examples = @ExampleObject(value = "{\"partitions\": [{\"topic\": \"payment-done\", \"partition\": 0}]}"))))
    void assign(@PathVariable String group, @PathVariable String instance, @RequestBody PartitionsBody body) {
        // the instance first: another principal's request is refused (403) before its body is judged, as for every
        // other instance operation (AuthorizationMatrixIT found a 400 here)
        ConsumerInstance consumer = consumer(group, instance);
        List<TopicPartition> partitions = body.topicPartitions();
        partitions.forEach(tp -> access.requireTopic(tp.topic(), AccessControl.Operation.CONSUME));
        consumer.assign(partitions);
    }

    @GetMapping(path = BASE + "/assignments", produces = {V2, JSON})
    @Operation(operationId = "getAssignmentsV2", summary = "The partitions the instance reads now",
            description = "During a hand-over a newly assigned partition appears once its previous owner gave it up.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = V2, examples = @ExampleObject(
                    value = "{\"partitions\": [{\"topic\": \"payment-done\", \"partition\": 0}]}"))))
    PartitionsBody assignments(@PathVariable String group, @PathVariable String instance) {
        return new PartitionsBody(consumer(group, instance).assignment().stream().map(PartitionRef::of).toList());
    }

    @PostMapping(path = BASE + "/positions", produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "seekV2", summary = "Seek to offsets",
            description = "The next poll reads from these offsets. 40903 (and nothing changes) when a partition is "
                    + "not owned by the instance now.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = V2,
                    examples = @ExampleObject(value = "{\"offsets\": [{\"topic\": \"payment-done\", \"partition\": 0, \"offset\": 42}]}"))))
    void seek(@PathVariable String group, @PathVariable String instance, @RequestBody OffsetsBody body) {
        ConsumerInstance consumer = consumer(group, instance);
        Map<TopicPartition, Long> offsets = new LinkedHashMap<>();
        body.entries().forEach(o -> offsets.put(o.toTopicPartition(), o.requireOffset()));
        if (offsets.isEmpty()) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "Give the positions to seek to under 'offsets'.");
        }
        consumer.seek(offsets);
    }

    @PostMapping(path = BASE + "/positions/beginning", produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "seekToBeginningV2", summary = "Seek to the first available offset",
            description = "An empty list means every partition the instance owns. 40903 for partitions it does not own.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = V2,
                    examples = @ExampleObject(value = "{\"partitions\": [{\"topic\": \"payment-done\", \"partition\": 0}]}"))))
    void seekToBeginning(@PathVariable String group, @PathVariable String instance,
                         @RequestBody(required = false) PartitionsBody body) {
        consumer(group, instance).seekToBeginning(body == null ? List.of() : body.topicPartitions());
    }

    @PostMapping(path = BASE + "/positions/end", produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "seekToEndV2", summary = "Seek to the end (only records produced from now on)",
            description = "An empty list means every partition the instance owns. 40903 for partitions it does not own.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = V2,
                    examples = @ExampleObject(value = "{\"partitions\": [{\"topic\": \"payment-done\", \"partition\": 0}]}"))))
    void seekToEnd(@PathVariable String group, @PathVariable String instance,
                   @RequestBody(required = false) PartitionsBody body) {
        consumer(group, instance).seekToEnd(body == null ? List.of() : body.topicPartitions());
    }

    @GetMapping(path = BASE + "/records")
    @TributaryExtension(additions = {"Accept: text/event-stream streams the records as server-sent events",
            "each record's timestamp and headers"})
    @Operation(operationId = "consumeRecordsV2", summary = "Poll records (long poll), or stream them as server-sent events",
            description = "Returns as soon as the instance's partitions have records (fetch.min.bytes), or after "
                    + "'timeout' ms (default consumer.request.timeout.ms) with []; the first poll after subscribing waits "
                    + "for the assignment. At least one record even when larger than max_bytes. Accept must match the "
                    + "instance's format (application/vnd.kafka.json.v2+json, or application/json, for json; "
                    + "application/vnd.kafka.binary.v2+json for binary), else 406/40601; the answer's Content-Type is "
                    + "the format's media type. With auto-commit, each poll commits the positions of the previous one.\n\n"
                    + "With Accept: text/event-stream the records stream as server-sent events: each event is one record "
                    + "as JSON (in the instance's format), with id topic/partition/offset. Commits follow the instance's "
                    + "settings (auto-commit: each batch is committed when the next one is fetched). The stream ends when "
                    + "the instance is deleted or expires, or when another poll on the instance starts.",
            responses = {
                    @ApiResponse(responseCode = "200", content = {
                            @Content(mediaType = MediaTypes.JSON_V2_JSON, array = @ArraySchema(schema =
                                    @Schema(implementation = RecordsBody.Item.class)),
                                    examples = @ExampleObject(value = "[{\"topic\": \"payment-done\", \"key\": \"user1\", "
                                            + "\"value\": {\"amount\": 42}, \"partition\": 0, \"offset\": 7, \"timestamp\": "
                                            + "1735689600000, \"headers\": []}]")),
                            @Content(mediaType = MediaTypes.BINARY_V2_JSON, array = @ArraySchema(schema =
                                    @Schema(implementation = RecordsBody.Item.class)),
                                    examples = @ExampleObject(value = "[{\"topic\": \"payment-done\", \"key\": \"dXNlcjE=\", "
                                            + "\"value\": \"eyJhbW91bnQiOjQyfQ==\", \"partition\": 0, \"offset\": 7, "
                                            + "\"timestamp\": 1735689600000, \"headers\": [{\"key\": \"source\", \"value\": \"d2Vi\"}]}]")),
                            @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string"),
                                    examples = @ExampleObject(value = "id: payment-done/0/7\ndata: {\"topic\":\"payment-done\","
                                            + "\"key\":\"user1\",\"value\":{\"amount\":42},\"partition\":0,\"offset\":7,"
                                            + "\"timestamp\":1735689600000,\"headers\":[]}\n\n"))}),
                    @ApiResponse(responseCode = "406", description = "40601: Accept does not match the format"),
                    @ApiResponse(responseCode = "429", description = "42901: too many waiting polls")})
    CompletableFuture<ResponseEntity<RecordsBody>> records(
            @PathVariable String group, @PathVariable String instance,
            @Parameter(description = "Longest wait in ms") @RequestParam(required = false) Long timeout,
            @Parameter(description = "Most bytes of keys and values to return") @RequestParam(name = "max_bytes", required = false) Long maxBytes,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept) {
        ConsumerInstance consumer = consumer(group, instance);
        EmbeddedFormat format = consumer.config().format();
        requireAcceptable(accept, format);
        ConsumerPoll poll = consumer.poll(pollTimeout(consumer, timeout), pollMaxBytes(maxBytes),
                records -> RecordsBodyConverter.requireConvertible(records, format));
        // Usually complete already (records were there): then it is written without an async dispatch.
        return poll.result().thenApply(fetched -> ResponseEntity.ok().contentType(MediaTypes.of(format))
                .body(new RecordsBody(format, fetched.records())));
    }

    @GetMapping(path = BASE + "/records", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(hidden = true) // documented with the poll above: one operation, one path and method
    SseEmitter stream(@PathVariable String group, @PathVariable String instance,
                      @RequestParam(name = "max_bytes", required = false) Long maxBytes) {
        ConsumerInstance consumer = consumer(group, instance);
        return streams.open(consumer, pollMaxBytes(maxBytes));
    }

    @PostMapping(path = BASE + "/offsets", produces = {V2, JSON})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "commitOffsetsV2", summary = "Commit offsets",
            description = "A committed offset is the next offset to read (last processed + 1). Without a body (or an "
                    + "empty list) commits everything fetched so far. 40903 when any partition is not owned by the "
                    + "instance now: the whole commit is refused and nothing changes.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = false, content = @Content(mediaType = V2,
                    examples = @ExampleObject(value = "{\"offsets\": [{\"topic\": \"payment-done\", \"partition\": 0, \"offset\": 43}]}"))))
    void commit(@PathVariable String group, @PathVariable String instance, @RequestBody(required = false) OffsetsBody body) {
        ConsumerInstance consumer = consumer(group, instance);
        List<OffsetRef> entries = body == null ? List.of() : body.entries();
        List<OffsetCommit> commits = entries.isEmpty() ? null : entries.stream().map(OffsetRef::toCommit).toList();
        consumer.commit(commits);
    }

    @GetMapping(path = BASE + "/offsets", produces = {V2, JSON})
    @Operation(operationId = "getCommittedOffsetsV2", summary = "Committed offsets",
            description = "For the partitions in the body ({\"partitions\":[...]}, as Confluent), or the topic and "
                    + "partition query parameters, or else every partition the instance owns. Partitions without a "
                    + "committed offset are left out.",
            responses = @ApiResponse(responseCode = "200", content = @Content(mediaType = V2, examples = @ExampleObject(value =
                    "{\"offsets\": [{\"topic\": \"payment-done\", \"partition\": 0, \"offset\": 43, \"metadata\": \"\"}]}"))))
    CommittedOffsetsBody committed(@PathVariable String group, @PathVariable String instance,
                                   @RequestBody(required = false) PartitionsBody body,
                                   @RequestParam(required = false) String topic,
                                   @RequestParam(required = false) Integer partition) {
        ConsumerInstance consumer = consumer(group, instance);
        List<TopicPartition> partitions;
        if (body != null && body.partitions() != null && !body.partitions().isEmpty()) {
            partitions = body.topicPartitions();
        } else if (topic == null && partition != null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "The 'partition' parameter needs a 'topic' parameter.");
        } else if (topic != null) {
            partitions = partition != null ? List.of(new TopicPartition(topic, partition))
                    : consumer.assignment().stream().filter(tp -> tp.topic().equals(topic)).toList();
        } else {
            partitions = List.copyOf(consumer.assignment());
        }
        return new CommittedOffsetsBody(consumer.committed(partitions).stream()
                .filter(c -> access.mayTopic(c.topic(), AccessControl.Operation.DESCRIBE))
                .map(c -> new CommittedOffsetBody(c.topic(), c.partition(), c.offset(), c.metadata())).toList());
    }

    /** The instance, renewed by this request; only the principal that created it may use it. */
    private ConsumerInstance consumer(String group, String instance) {
        return consumers.instance(group, instance, access.principalName());
    }

    private Duration pollTimeout(ConsumerInstance consumer, Long timeout) {
        if (timeout == null) {
            return consumer.config().requestTimeout();
        }
        if (timeout < 0) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "timeout must not be negative.");
        }
        Duration asked = Duration.ofMillis(timeout);
        Duration max = properties.fetch().maxTimeout();
        return asked.compareTo(max) > 0 ? max : asked;
    }

    private int pollMaxBytes(Long maxBytes) {
        int max = (int) Math.min(Integer.MAX_VALUE, properties.fetch().maxBytes().toBytes());
        if (maxBytes == null) {
            return max;
        }
        if (maxBytes <= 0) {
            throw new ApiException(ErrorCode.BAD_REQUEST, "max_bytes must be positive.");
        }
        return (int) Math.min(maxBytes, max);
    }

    /** A missing Accept or a wildcard gets the instance's format; a specific type must be that format's. */
    static void requireAcceptable(String accept, EmbeddedFormat format) {
        if (accept == null || accept.isBlank()) {
            return;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        } catch (RuntimeException e) {
            throw new ApiException(ErrorCode.NOT_ACCEPTABLE, "Unreadable Accept header '" + accept + "'.");
        }
        boolean ok = accepted.stream().anyMatch(m -> m.includes(MediaTypes.of(format))
                || (format == EmbeddedFormat.JSON && m.isCompatibleWith(MediaType.APPLICATION_JSON)));
        if (!ok) {
            throw new ApiException(ErrorCode.NOT_ACCEPTABLE, "This consumer instance was created with format '"
                    + format.externalName() + "': its records are served as " + MediaTypes.of(format) + ", not " + accept + ".");
        }
    }
}

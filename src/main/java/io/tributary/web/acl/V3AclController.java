package io.tributary.web.acl;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.tributary.acl.AclBinding;
import io.tributary.acl.AclFilter;
import io.tributary.acl.Acls;
import io.tributary.topic.ClusterIdentity;
import io.tributary.web.ApiDocs;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.topic.V3Resources.ListMetadata;

import java.net.URI;
import java.util.List;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * v3 ACLs, as Confluent's REST Proxy serves them: list by filter, create one, create a batch, delete by filter. Backed by
 * the {@link Acls} port: Tributary's own ACLs (embedded) or the Kafka cluster's; either way they decide what the
 * principals may do from the next request on (docs/security.md).
 */
@RestController
@Tag(name = "ACL (v3)")
@ApiResponse(responseCode = "404", ref = ApiDocs.REF_NOT_FOUND)
class V3AclController {

    private static final String JSON = MediaType.APPLICATION_JSON_VALUE;
    private static final String ACL_EXAMPLE = """
            {"kind":"KafkaAcl","metadata":{"self":"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/acls?\
            resource_type=TOPIC&resource_name=payment-&pattern_type=PREFIXED&principal=User%3Apayments&host=*&operation=WRITE&permission=ALLOW"},\
            "cluster_id":"MkU3OEVBNTcwNTJENDM2Qg","resource_type":"TOPIC","resource_name":"payment-","pattern_type":"PREFIXED",\
            "principal":"User:payments","host":"*","operation":"WRITE","permission":"ALLOW"}""";
    private static final String CREATE_EXAMPLE = """
            {"resource_type":"TOPIC","resource_name":"payment-","pattern_type":"PREFIXED","principal":"User:payments",\
            "host":"*","operation":"WRITE","permission":"ALLOW"}""";
    private static final String FILTER_RULES = """
             Filters as Kafka's `AclBindingFilter`: `ANY` (or leaving out a name, principal or host) matches every value; \
            `pattern_type=MATCH` with a `resource_name` matches every ACL that applies to that name (literal, the `*` \
            wildcard, and prefixes of it). Enum values are accepted in any case.""";
    private static final String REFUSED = """
             Tributary enforces ACLs on TOPIC, GROUP and CLUSTER (`kafka-cluster`) for principals `User:<name>` and \
            `User:*` from host `*` or an IP address; with the embedded backend anything else (another resource type, \
            an operation that means nothing on the resource, such as WRITE on a GROUP) is refused with 40002 rather \
            than stored and ignored. With the Kafka backend the cluster checks the ACL; a cluster without an authorizer \
            answers 40002.""";

    private final ClusterIdentity cluster;
    private final Acls acls;

    V3AclController(ClusterIdentity cluster, Acls acls) {
        this.cluster = cluster;
        this.acls = acls;
    }

    @GetMapping(path = "/v3/clusters/{cluster_id}/acls", produces = JSON)
    @Operation(operationId = "getKafkaAcls", summary = "List ACLs", description = "The ACLs that match the filter, sorted "
            + "by resource type, name, pattern type, principal, host, operation and permission." + FILTER_RULES
            + " Needs the admin role or DESCRIBE on the cluster.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = "{\"kind\":\"KafkaAclList\","
            + "\"metadata\":{\"self\":\"http://localhost:8080/v3/clusters/MkU3OEVBNTcwNTJENDM2Qg/acls?principal=User%3Apayments\","
            + "\"next\":null},\"data\":[" + ACL_EXAMPLE + "]}")))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    AclBodies.AclDataList list(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @RequestParam(name = "resource_type", required = false) @Parameter(description = "TOPIC, GROUP, CLUSTER, ..., or ANY (the default)") String resourceType,
            @RequestParam(name = "resource_name", required = false) @Parameter(description = "the ACL resource name") String resourceName,
            @RequestParam(name = "pattern_type", required = false) @Parameter(description = "LITERAL, PREFIXED, MATCH or ANY (the default)") String patternType,
            @RequestParam(name = "principal", required = false) @Parameter(description = "e.g. User:alice", example = "User:payments") String principal,
            @RequestParam(name = "host", required = false) @Parameter(description = "* or an IP address") String host,
            @RequestParam(name = "operation", required = false) @Parameter(description = "Kafka's ACL operation, or ANY (the default)") String operation,
            @RequestParam(name = "permission", required = false) @Parameter(description = "ALLOW, DENY or ANY (the default)") String permission) {
        cluster.requireCluster(clusterId);
        AclFilter filter = new AclFilter(
                optional(AclBinding.ResourceType.class, "resource_type", resourceType, AclBinding.ResourceType.ANY),
                emptyToNull(resourceName),
                optional(AclBinding.PatternType.class, "pattern_type", patternType, AclBinding.PatternType.ANY),
                emptyToNull(principal), emptyToNull(host),
                optional(AclBinding.Operation.class, "operation", operation, AclBinding.Operation.ANY),
                optional(AclBinding.Permission.class, "permission", permission, AclBinding.Permission.ANY));
        return new AclBodies.AclDataList("KafkaAclList",
                new ListMetadata(ServletUriComponentsBuilder.fromCurrentRequest().build().toUriString(), null),
                data(clusterId, acls.list(filter)));
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/acls", consumes = JSON, produces = JSON)
    @Operation(operationId = "createKafkaAcls", summary = "Create an ACL", description = "201 with no body and "
            + "`Location`: the URL that lists exactly this ACL, as Confluent answers. Creating one that exists already "
            + "changes nothing. Needs the admin role." + REFUSED)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value = CREATE_EXAMPLE)))
    @ApiResponse(responseCode = "201", description = "Created; Location lists exactly this ACL")
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_ADMIN_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    ResponseEntity<Void> create(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                @RequestBody(required = false) AclBodies.CreateAclRequest request) {
        cluster.requireCluster(clusterId);
        if (request == null) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Request body is empty. Data is required.");
        }
        AclBinding binding = request.toBinding();
        acls.create(List.of(binding));
        return ResponseEntity.created(URI.create(AclBodies.self(clusterId, binding))).build();
    }

    @PostMapping(path = "/v3/clusters/{cluster_id}/acls:batch", consumes = JSON, produces = JSON)
    @Operation(operationId = "batchCreateKafkaAcls", summary = "Batch create ACLs", description = "All or none: every "
            + "ACL is checked before any is stored. 201 with no body, as Confluent's OpenAPI document says (its REST "
            + "Proxy answers 204). Needs the admin role." + REFUSED)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(value =
            "{\"data\":[" + CREATE_EXAMPLE + ",{\"resource_type\":\"GROUP\",\"resource_name\":\"payments-\","
                    + "\"pattern_type\":\"PREFIXED\",\"principal\":\"User:payments\",\"host\":\"*\",\"operation\":\"READ\","
                    + "\"permission\":\"ALLOW\"}]}")))
    @ApiResponse(responseCode = "201", description = "Created")
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_ADMIN_REQUEST)
    @ApiResponse(responseCode = "422", ref = ApiDocs.REF_UNPROCESSABLE)
    ResponseEntity<Void> batchCreate(@PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
                                     @RequestBody(required = false) AclBodies.BatchCreateAclRequest request) {
        cluster.requireCluster(clusterId);
        if (request == null || request.data() == null) {
            throw new ApiException(ErrorCode.INVALID_PAYLOAD, "Request body is empty. Data is required.");
        }
        List<AclBinding> bindings = request.data().stream().map(entry -> {
            if (entry == null) {
                throw new ApiException(ErrorCode.BAD_REQUEST, "data holds a null ACL.");
            }
            return entry.toBinding();
        }).toList();
        acls.create(bindings);
        return ResponseEntity.status(HttpStatus.CREATED).build();
    }

    @DeleteMapping(path = "/v3/clusters/{cluster_id}/acls", produces = JSON)
    @Operation(operationId = "deleteKafkaAcls", summary = "Delete ACLs", description = "Deletes the ACLs that match the "
            + "filter and answers them. `resource_type`, `pattern_type`, `operation` and `permission` are required "
            + "(ANY for all), so that a bare DELETE cannot remove every ACL." + FILTER_RULES + " Needs the admin role.")
    @ApiResponse(responseCode = "200", content = @Content(examples = @ExampleObject(value = "{\"data\":[" + ACL_EXAMPLE + "]}")))
    @ApiResponse(responseCode = "400", ref = ApiDocs.REF_BAD_REQUEST)
    AclBodies.DeleteAclsResponse delete(
            @PathVariable("cluster_id") @Parameter(example = "MkU3OEVBNTcwNTJENDM2Qg") String clusterId,
            @RequestParam(name = "resource_type", required = false) @Parameter(required = true, description = "TOPIC, GROUP, CLUSTER, ..., or ANY") String resourceType,
            @RequestParam(name = "resource_name", required = false) @Parameter(description = "the ACL resource name") String resourceName,
            @RequestParam(name = "pattern_type", required = false) @Parameter(required = true, description = "LITERAL, PREFIXED, MATCH or ANY") String patternType,
            @RequestParam(name = "principal", required = false) @Parameter(description = "e.g. User:alice") String principal,
            @RequestParam(name = "host", required = false) @Parameter(description = "* or an IP address") String host,
            @RequestParam(name = "operation", required = false) @Parameter(required = true, description = "Kafka's ACL operation, or ANY") String operation,
            @RequestParam(name = "permission", required = false) @Parameter(required = true, description = "ALLOW, DENY or ANY") String permission) {
        cluster.requireCluster(clusterId);
        AclFilter filter = new AclFilter(
                required(AclBinding.ResourceType.class, "resource_type", resourceType), emptyToNull(resourceName),
                required(AclBinding.PatternType.class, "pattern_type", patternType),
                emptyToNull(principal), emptyToNull(host),
                required(AclBinding.Operation.class, "operation", operation),
                required(AclBinding.Permission.class, "permission", permission));
        return new AclBodies.DeleteAclsResponse(data(clusterId, acls.delete(filter)));
    }

    private static List<AclBodies.AclData> data(String clusterId, List<AclBinding> bindings) {
        return bindings.stream().map(b -> AclBodies.AclData.of(clusterId, b)).toList();
    }

    /** Confluent: "resource_type cannot be UNKNOWN". */
    private static <E extends Enum<E>> E optional(Class<E> type, String parameter, String value, E absent) {
        if (value == null || value.isEmpty()) {
            return absent;
        }
        E parsed = AclBodies.parse(type, parameter, value);
        if (parsed.name().equals("UNKNOWN")) {
            throw new ApiException(ErrorCode.BAD_REQUEST, parameter + " cannot be UNKNOWN");
        }
        return parsed;
    }

    /** Confluent: "resource_type cannot be unspecified or UNKNOWN". */
    private static <E extends Enum<E>> E required(Class<E> type, String parameter, String value) {
        E parsed = value == null || value.isEmpty() ? null : AclBodies.parse(type, parameter, value);
        if (parsed == null || parsed.name().equals("UNKNOWN")) {
            throw new ApiException(ErrorCode.BAD_REQUEST, parameter + " cannot be unspecified or UNKNOWN");
        }
        return parsed;
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}

package io.tributary.web.acl;

import io.tributary.acl.AclBinding;
import io.tributary.web.ApiException;
import io.tributary.web.ErrorCode;
import io.tributary.web.V3Links;
import io.tributary.web.topic.V3Resources.ListMetadata;
import io.tributary.web.topic.V3Resources.Metadata;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Request and response bodies of Confluent's v3 ACL operations, as its OpenAPI document shapes them. */
final class AclBodies {

    private AclBodies() {
    }

    /** {@code CreateAclRequestData}: every field required; enum names in any case, as Confluent accepts them. */
    record CreateAclRequest(@JsonProperty("resource_type") String resourceType,
                            @JsonProperty("resource_name") String resourceName,
                            @JsonProperty("pattern_type") String patternType, String principal, String host,
                            String operation, String permission) {

        /** @throws ApiException 400 for a missing field or a value that is not one of the enum's names */
        AclBinding toBinding() {
            return new AclBinding(
                    parse(AclBinding.ResourceType.class, "resource_type", required("resource_type", resourceType)),
                    required("resource_name", resourceName),
                    parse(AclBinding.PatternType.class, "pattern_type", required("pattern_type", patternType)),
                    required("principal", principal), required("host", host),
                    parse(AclBinding.Operation.class, "operation", required("operation", operation)),
                    parse(AclBinding.Permission.class, "permission", required("permission", permission)));
        }
    }

    /** {@code CreateAclRequestDataList}. */
    record BatchCreateAclRequest(List<CreateAclRequest> data) {
    }

    /** {@code AclData}. */
    record AclData(String kind, Metadata metadata, @JsonProperty("cluster_id") String clusterId,
                   @JsonProperty("resource_type") String resourceType, @JsonProperty("resource_name") String resourceName,
                   @JsonProperty("pattern_type") String patternType, String principal, String host, String operation,
                   String permission) {

        static AclData of(String clusterId, AclBinding b) {
            return new AclData("KafkaAcl", new Metadata(self(clusterId, b), null), clusterId, resourceTypeName(b.resourceType()),
                    b.resourceName(), b.patternType().name(), b.principal(), b.host(), b.operation().name(),
                    b.permission().name());
        }
    }

    /** {@code AclDataList}. */
    record AclDataList(String kind, ListMetadata metadata, List<AclData> data) {
    }

    /** {@code DeleteAclsResponse}: the deleted ACLs. */
    record DeleteAclsResponse(List<AclData> data) {
    }

    /**
     * The URL that lists exactly this ACL, as Confluent's {@code metadata.self} and {@code Location}: the ACLs URL with
     * every field as a query parameter, form-encoded ({@code User%3Aalice}).
     */
    static String self(String clusterId, AclBinding b) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("resource_type", resourceTypeName(b.resourceType()));
        query.put("resource_name", b.resourceName());
        query.put("pattern_type", b.patternType().name());
        query.put("principal", b.principal());
        query.put("host", b.host());
        query.put("operation", b.operation().name());
        query.put("permission", b.permission().name());
        return V3Links.cluster(clusterId, "acls") + "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Confluent's resource types stop at DELEGATION_TOKEN; newer Kafka ones (USER) it shows as UNKNOWN. */
    private static String resourceTypeName(AclBinding.ResourceType type) {
        return type == AclBinding.ResourceType.USER ? AclBinding.ResourceType.UNKNOWN.name() : type.name();
    }

    static <E extends Enum<E>> E parse(Class<E> type, String parameter, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ApiException(ErrorCode.BAD_REQUEST, parameter + " '" + value + "' is not one of "
                    + List.of(type.getEnumConstants()) + ".");
        }
    }

    private static String required(String field, String value) {
        if (value == null) {
            throw new ApiException(ErrorCode.BAD_REQUEST, field + " is required.");
        }
        return value;
    }
}

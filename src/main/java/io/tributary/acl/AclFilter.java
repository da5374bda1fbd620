package io.tributary.acl;

import io.tributary.acl.AclBinding.Operation;
import io.tributary.acl.AclBinding.PatternType;
import io.tributary.acl.AclBinding.Permission;
import io.tributary.acl.AclBinding.ResourceType;

/**
 * Which ACLs a list or a delete means, with Kafka's {@code AclBindingFilter} semantics: {@code ANY} (or a null name,
 * principal or host) matches every value; pattern type {@code MATCH} with a name matches every binding that applies to
 * that name (the literal name, the wildcard {@code *}, and every prefix of it); any other pattern type with a name
 * matches that name exactly.
 */
public record AclFilter(ResourceType resourceType, String resourceName, PatternType patternType, String principal,
                        String host, Operation operation, Permission permission) {

    public static final AclFilter ANY = new AclFilter(ResourceType.ANY, null, PatternType.ANY, null, null,
            Operation.ANY, Permission.ANY);

    public AclFilter {
        resourceType = resourceType == null ? ResourceType.ANY : resourceType;
        patternType = patternType == null ? PatternType.ANY : patternType;
        operation = operation == null ? Operation.ANY : operation;
        permission = permission == null ? Permission.ANY : permission;
    }

    /** The filter that matches exactly {@code binding}. */
    public static AclFilter of(AclBinding binding) {
        return new AclFilter(binding.resourceType(), binding.resourceName(), binding.patternType(), binding.principal(),
                binding.host(), binding.operation(), binding.permission());
    }

    public boolean matches(AclBinding binding) {
        return matchesPattern(binding)
                && (principal == null || principal.equals(binding.principal()))
                && (host == null || host.equals(binding.host()))
                && (operation == Operation.ANY || operation == binding.operation())
                && (permission == Permission.ANY || permission == binding.permission());
    }

    private boolean matchesPattern(AclBinding binding) {
        if (resourceType != ResourceType.ANY && resourceType != binding.resourceType()) {
            return false;
        }
        if (patternType != PatternType.ANY && patternType != PatternType.MATCH && patternType != binding.patternType()) {
            return false;
        }
        if (resourceName == null) {
            return true;
        }
        if (patternType != PatternType.MATCH) {
            return resourceName.equals(binding.resourceName());
        }
        return binding.matchesResource(binding.resourceType(), resourceName);
    }
}

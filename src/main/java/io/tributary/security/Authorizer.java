package io.tributary.security;

import io.tributary.web.AccessControl.Operation;

/**
 * The one place where authorization is decided: may this principal do this operation on this topic or group? An
 * admin may do everything; anyone else needs an ACL whose name matches and which lists the operation (any ACL on a
 * resource lets its principal describe it). Who asks: {@link EndpointAuthorizationInterceptor} for resources named
 * in the request path, {@link SecurityContextAccessControl} for resources named in a body and for filtered lists.
 */
final class Authorizer {

    private Authorizer() {
    }

    static boolean allowed(TributaryPrincipal principal, ResourceType type, String name, Operation operation) {
        if (principal.isAdmin()) {
            return true;
        }
        for (AclRule acl : principal.acls()) {
            if (acl.type() == type && acl.allows(operation) && acl.matches(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether every topic name the regular expression can match, now or later, is allowed: the principal needs the
     * operation on {@code *}, or on a prefix that the expression's fixed leading text starts with.
     */
    static boolean allowedPattern(TributaryPrincipal principal, String regex, Operation operation) {
        if (principal.isAdmin()) {
            return true;
        }
        String fixed = literalPrefix(regex);
        for (AclRule acl : principal.acls()) {
            if (acl.type() == ResourceType.TOPIC && acl.allows(operation) && acl.isPrefixed() && fixed.startsWith(acl.prefix())) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text every match of {@code regex} starts with; conservative: stops at the first construct that is not a
     * plain or escaped character, leaves out a quantified character, and is empty for any alternation.
     */
    static String literalPrefix(String regex) {
        if (regex.indexOf('|') >= 0) {
            return "";
        }
        StringBuilder prefix = new StringBuilder();
        int i = regex.startsWith("^") ? 1 : 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            char literal;
            int next;
            if (c == '\\' && i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                literal = regex.charAt(i + 1);
                next = i + 2;
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                literal = c;
                next = i + 1;
            } else {
                break;
            }
            if (next < regex.length() && "?*+{".indexOf(regex.charAt(next)) >= 0) {
                break; // optional or repeated: not certain to be there once
            }
            prefix.append(literal);
            i = next;
        }
        return prefix.toString();
    }
}

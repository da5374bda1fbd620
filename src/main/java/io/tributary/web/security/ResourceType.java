package io.tributary.web.security;

/** What an ACL protects. */
public enum ResourceType {
    TOPIC, GROUP;

    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}

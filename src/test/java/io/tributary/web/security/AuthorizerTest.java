package io.tributary.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.common.AccessControl.Operation;
import io.tributary.settings.TributaryProperties;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** ACL decisions and the checks on configured credentials. */
class AuthorizerTest {

    private static final TributaryPrincipal PAYMENTS = new TributaryPrincipal("payments", Set.of(), List.of(
            AclRule.allow(ResourceType.TOPIC, "payment-*", Set.of(Operation.PRODUCE, Operation.CONSUME)),
            AclRule.allow(ResourceType.TOPIC, "audit", Set.of(Operation.PRODUCE)),
            AclRule.allow(ResourceType.GROUP, "billing", Set.of(Operation.CONSUME)),
            AclRule.deny(ResourceType.TOPIC, "payment-secret", Set.of(Operation.CONSUME)),
            AclRule.deny(ResourceType.TOPIC, "payment-hidden*", Set.of(Operation.values()))));

    @ParameterizedTest
    @CsvSource({
            "TOPIC, payment-eu, PRODUCE, true", "TOPIC, payment-, CONSUME, true", "TOPIC, payment-eu, ADMIN, false",
            "TOPIC, payment, PRODUCE, false", "TOPIC, paymentx, DESCRIBE, false", "TOPIC, audit, PRODUCE, true",
            "TOPIC, audit, CONSUME, false", "TOPIC, audit, DESCRIBE, true", "TOPIC, audit2, DESCRIBE, false",
            "GROUP, billing, CONSUME, true", "GROUP, billing2, CONSUME, false", "TOPIC, billing, CONSUME, false",
            "GROUP, payment-eu, CONSUME, false"})
    void aclsMatchByTypeNameAndOperation(ResourceType type, String name, Operation operation, boolean allowed) {
        assertThat(Authorizer.allowed(PAYMENTS, type, name, operation)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
            "payment-secret, CONSUME, false", "payment-secret, PRODUCE, true", "payment-secret, DESCRIBE, true",
            "payment-secrets, CONSUME, true", "payment-hidden, DESCRIBE, false", "payment-hidden-2, PRODUCE, false",
            "payment-hidde, PRODUCE, true"})
    void aDenyWinsOverEveryAllowForExactlyTheOperationsItLists(String topic, Operation operation, boolean allowed) {
        assertThat(Authorizer.allowed(PAYMENTS, ResourceType.TOPIC, topic, operation)).isEqualTo(allowed);
    }

    @Test
    void adminsMayDoEverythingAndAWildcardCoversAllNames() {
        var admin = new TributaryPrincipal("root", Set.of(TributaryProperties.Role.ADMIN),
                List.of(AclRule.deny(ResourceType.TOPIC, "*", Set.of(Operation.ADMIN))));
        assertThat(Authorizer.allowed(admin, ResourceType.TOPIC, "anything", Operation.ADMIN)).isTrue();
        var reader = new TributaryPrincipal("reader", Set.of(), List.of(AclRule.allow(ResourceType.TOPIC, "*", Set.of(Operation.CONSUME))));
        assertThat(Authorizer.allowed(reader, ResourceType.TOPIC, "anything", Operation.CONSUME)).isTrue();
        assertThat(Authorizer.allowed(reader, ResourceType.TOPIC, "anything", Operation.PRODUCE)).isFalse();
        assertThat(Authorizer.allowed(reader, ResourceType.GROUP, "anything", Operation.CONSUME)).isFalse();
    }

    @Test
    void nobodyIsAllowedAnythingWithoutAnAcl() {
        var nobody = new TributaryPrincipal("nobody", Set.of(TributaryProperties.Role.MONITOR), List.of());
        for (Operation operation : Operation.values()) {
            assertThat(Authorizer.allowed(nobody, ResourceType.TOPIC, "t", operation)).isFalse();
            assertThat(Authorizer.allowed(nobody, ResourceType.GROUP, "g", operation)).isFalse();
        }
    }

    @Test
    void someTopicIsAllowedUnlessOneDenyRefusesEveryNameOfEachAllow() {
        assertThat(Authorizer.allowedOnSome(PAYMENTS, ResourceType.TOPIC, Operation.PRODUCE)).isTrue();
        assertThat(Authorizer.allowedOnSome(PAYMENTS, ResourceType.TOPIC, Operation.DESCRIBE)).as("implied").isTrue();
        assertThat(Authorizer.allowedOnSome(PAYMENTS, ResourceType.TOPIC, Operation.ADMIN)).isFalse();
        assertThat(Authorizer.allowedOnSome(PAYMENTS, ResourceType.GROUP, Operation.PRODUCE)).as("by type").isFalse();

        var creators = List.of(
                AclRule.allow(ResourceType.TOPIC, "team-*", Set.of(Operation.ADMIN)),
                AclRule.allow(ResourceType.TOPIC, "orders", Set.of(Operation.ADMIN)));
        assertThat(Authorizer.allowedOnSome(principal(creators), ResourceType.TOPIC, Operation.ADMIN)).isTrue();
        for (String denied : List.of("*", "team-*", "te*")) {
            var rules = new ArrayList<>(creators);
            rules.add(AclRule.deny(ResourceType.TOPIC, denied, Set.of(Operation.ADMIN)));
            assertThat(Authorizer.allowedOnSome(principal(rules), ResourceType.TOPIC, Operation.ADMIN)).as(denied)
                    .isEqualTo(!denied.equals("*")); // "orders" is left
            rules.add(AclRule.deny(ResourceType.TOPIC, "orders", Set.of(Operation.ADMIN)));
            assertThat(Authorizer.allowedOnSome(principal(rules), ResourceType.TOPIC, Operation.ADMIN)).as(denied + ", orders")
                    .isFalse();
        }
        var partlyDenied = List.of(creators.get(0), AclRule.deny(ResourceType.TOPIC, "team-x*", Set.of(Operation.ADMIN)),
                AclRule.deny(ResourceType.TOPIC, "team-*", Set.of(Operation.CONSUME)), AclRule.deny(ResourceType.GROUP, "*",
                        Set.of(Operation.ADMIN)));
        assertThat(Authorizer.allowedOnSome(principal(partlyDenied), ResourceType.TOPIC, Operation.ADMIN)).isTrue();
        var admin = new TributaryPrincipal("root", Set.of(TributaryProperties.Role.ADMIN), List.of());
        assertThat(Authorizer.allowedOnSome(admin, ResourceType.TOPIC, Operation.ADMIN)).isTrue();
    }

    private static TributaryPrincipal principal(List<AclRule> acls) {
        return new TributaryPrincipal("p", Set.of(), acls);
    }

    @Test
    void configuredDenyAclsBecomeDenyRules() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("x");
        var store = new CredentialStore(Map.of("p", new TributaryProperties.Principal(hash, null, null, List.of(
                new TributaryProperties.Acl("t-*", null, Set.of(Operation.CONSUME), null),
                new TributaryProperties.Acl("t-x", null, Set.of(Operation.CONSUME), TributaryProperties.Permission.DENY)))), 1);
        TributaryPrincipal p = store.basic("p", "x").orElseThrow();
        assertThat(Authorizer.allowed(p, ResourceType.TOPIC, "t-y", Operation.CONSUME)).isTrue();
        assertThat(Authorizer.allowed(p, ResourceType.TOPIC, "t-x", Operation.CONSUME)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{noop}secret", "secret", "{MD5}abc", "{sha256}abc", "{SHA-1}abc", "", "{bcrypt"})
    void clearTextAndWeakHashesAreRefusedAtStartup(String hash) {
        var principal = new TributaryProperties.Principal(hash, List.of(), Set.of(), List.of());
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", principal), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tributary.security.principals.p");
    }

    @Test
    void invalidPrincipalsAreRefusedAtStartup() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("x");
        assertThatThrownBy(() -> new CredentialStore(Map.of(), 1)).hasMessageContaining("no principals");
        assertThatThrownBy(() -> new CredentialStore(Map.of("a.b", new TributaryProperties.Principal(hash, null, null, null)), 1))
                .hasMessageContaining("principal name");
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(null, null, null, null)), 1))
                .hasMessageContaining("password");
        var both = new TributaryProperties.Acl("t", "g", Set.of(Operation.CONSUME), null);
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(hash, null, null, List.of(both))), 1))
                .hasMessageContaining("exactly one");
        var noOps = new TributaryProperties.Acl("t", null, Set.of(), null);
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(hash, null, null, List.of(noOps))), 1))
                .hasMessageContaining("no operations");
        var midStar = new TributaryProperties.Acl("a*b", null, Set.of(Operation.CONSUME), null);
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(hash, null, null, List.of(midStar))), 1))
                .hasMessageContaining("Invalid ACL name");
    }

    @Test
    void credentialsAreCheckedAgainstTheirHashesAndApiKeysByTheirPrincipalPrefix() {
        var encoder = new BCryptPasswordEncoder(4);
        var store = new CredentialStore(Map.of(
                "alice", new TributaryProperties.Principal("{bcrypt}" + encoder.encode("pw"), List.of("{bcrypt}" + encoder.encode("alice.key")), null, null),
                "bob", new TributaryProperties.Principal(null, List.of("{bcrypt}" + encoder.encode("bob.key")), null, null)), 1);
        assertThat(store.basic("alice", "pw")).map(TributaryPrincipal::name).contains("alice");
        assertThat(store.basic("alice", "pw")).isPresent(); // remembered
        assertThat(store.basic("alice", "PW")).isEmpty();
        assertThat(store.basic("bob", "bob.key")).isEmpty();
        assertThat(store.basic("carol", "pw")).isEmpty();
        assertThat(store.apiKey("alice.key")).map(TributaryPrincipal::name).contains("alice");
        assertThat(store.apiKey("bob.key")).map(TributaryPrincipal::name).contains("bob");
        assertThat(store.apiKey("bob.key2")).isEmpty();
        assertThat(store.apiKey("alice.key".replace("alice", "bob"))).isPresent();
        assertThat(store.apiKey("key")).isEmpty();
        assertThat(store.apiKey("carol.key")).isEmpty();
    }
}

package io.tributary.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.acl.AclBinding;
import io.tributary.acl.AclSnapshot;
import io.tributary.acl.ConfiguredAcls;
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

/** ACL decisions, under Kafka's semantics, from configured and run-time ACLs; and the checks on configured credentials. */
class AuthorizerTest {

    private static final TributaryPrincipal PAYMENTS = new TributaryPrincipal("payments", Set.of());
    private static final String HOST = "10.0.0.7";

    /** The configuration of docs/security.md's example, as Kafka bindings. */
    private static final AclSnapshot CONFIGURED = new AclSnapshot(ConfiguredAcls.of(Map.of("payments", principal(List.of(
            acl("payment-*", null, Set.of(Operation.PRODUCE, Operation.CONSUME), null),
            acl("audit", null, Set.of(Operation.PRODUCE), null),
            acl(null, "billing", Set.of(Operation.CONSUME), null),
            acl("payment-secret", null, Set.of(Operation.CONSUME), TributaryProperties.Permission.DENY),
            acl("payment-hidden*", null, Set.of(Operation.values()), TributaryProperties.Permission.DENY))))));

    private static boolean allowed(AclSnapshot acls, ResourceType type, String name, Operation operation) {
        return Authorizer.allowed(PAYMENTS, acls, HOST, type, name, operation);
    }

    @ParameterizedTest
    @CsvSource({
            "TOPIC, payment-eu, PRODUCE, true", "TOPIC, payment-, CONSUME, true", "TOPIC, payment-eu, ADMIN, false",
            "TOPIC, payment, PRODUCE, false", "TOPIC, paymentx, DESCRIBE, false", "TOPIC, audit, PRODUCE, true",
            "TOPIC, audit, CONSUME, false", "TOPIC, audit, DESCRIBE, true", "TOPIC, audit2, DESCRIBE, false",
            "GROUP, billing, CONSUME, true", "GROUP, billing2, CONSUME, false", "TOPIC, billing, CONSUME, false",
            "GROUP, payment-eu, CONSUME, false", "GROUP, billing, DESCRIBE, true", "CLUSTER, kafka-cluster, DESCRIBE, false"})
    void configuredAclsMatchByTypeNameAndOperation(ResourceType type, String name, Operation operation, boolean allowed) {
        assertThat(allowed(CONFIGURED, type, name, operation)).isEqualTo(allowed);
    }

    @ParameterizedTest
    @CsvSource({
            "payment-secret, CONSUME, false", "payment-secret, PRODUCE, true", "payment-secret, DESCRIBE, true",
            "payment-secrets, CONSUME, true", "payment-hidden, DESCRIBE, false", "payment-hidden-2, PRODUCE, false",
            "payment-hidde, PRODUCE, true"})
    void aDenyWinsOverEveryAllow(String topic, Operation operation, boolean allowed) {
        assertThat(allowed(CONFIGURED, ResourceType.TOPIC, topic, operation)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "{0} allows {1}: {2}")
    @CsvSource({
            // Kafka's implications: any topic operation but CREATE lets one describe it
            "READ, DESCRIBE, true", "WRITE, DESCRIBE, true", "DELETE, DESCRIBE, true", "ALTER, DESCRIBE, true",
            "DESCRIBE_CONFIGS, DESCRIBE, true", "ALTER_CONFIGS, DESCRIBE, true", "ALL, DESCRIBE, true", "CREATE, DESCRIBE, false",
            "WRITE, PRODUCE, true", "ALL, PRODUCE, true", "READ, PRODUCE, false",
            "READ, CONSUME, true", "ALL, CONSUME, true", "WRITE, CONSUME, false",
            // admin (create, delete, alter, configure) only with ALL: one part never grants the others
            "ALL, ADMIN, true", "DELETE, ADMIN, false", "ALTER, ADMIN, false", "ALTER_CONFIGS, ADMIN, false", "CREATE, ADMIN, false"})
    void tributaryOperationsMapOntoKafkaOperationsConservatively(AclBinding.Operation kafka, Operation tributary, boolean allowed) {
        var acls = snapshot(binding(AclBinding.ResourceType.TOPIC, "t", AclBinding.PatternType.LITERAL, "User:payments", "*", kafka, ALLOW));
        assertThat(allowed(acls, ResourceType.TOPIC, "t", tributary)).isEqualTo(allowed);
    }

    @ParameterizedTest(name = "deny {0} refuses {1}: {2}")
    @CsvSource({
            "CREATE, ADMIN, true", "DELETE, ADMIN, true", "ALTER, ADMIN, true", "ALTER_CONFIGS, ADMIN, true", "ALL, ADMIN, true",
            "ALL, CONSUME, true", "READ, CONSUME, true", "READ, DESCRIBE, false", "DESCRIBE, DESCRIBE, true",
            "WRITE, PRODUCE, true", "DESCRIBE, PRODUCE, false"})
    void aDenyOfAnyPartOfAnOperationRefusesIt(AclBinding.Operation kafka, Operation tributary, boolean refused) {
        var acls = snapshot(
                binding(AclBinding.ResourceType.TOPIC, "*", AclBinding.PatternType.LITERAL, "User:*", "*", AclBinding.Operation.ALL, ALLOW),
                binding(AclBinding.ResourceType.TOPIC, "t", AclBinding.PatternType.LITERAL, "User:payments", "*", kafka, DENY));
        assertThat(allowed(acls, ResourceType.TOPIC, "t", tributary)).isEqualTo(!refused);
        assertThat(allowed(acls, ResourceType.TOPIC, "u", tributary)).as("another topic").isTrue();
    }

    @Test
    void principalsHostsAndPatternsMatchAsKafkasAuthorizerMatchesThem() {
        var acls = snapshot(
                binding(AclBinding.ResourceType.TOPIC, "orders", AclBinding.PatternType.PREFIXED, "User:*", "*", AclBinding.Operation.READ, ALLOW),
                binding(AclBinding.ResourceType.TOPIC, "logs", AclBinding.PatternType.LITERAL, "User:payments", HOST, AclBinding.Operation.WRITE, ALLOW),
                binding(AclBinding.ResourceType.TOPIC, "orders-x", AclBinding.PatternType.LITERAL, "User:payments", "::1", AclBinding.Operation.READ, DENY),
                binding(AclBinding.ResourceType.GROUP, "*", AclBinding.PatternType.LITERAL, "User:other", "*", AclBinding.Operation.READ, ALLOW));
        assertThat(allowed(acls, ResourceType.TOPIC, "orders-eu", Operation.CONSUME)).as("User:* and a prefix").isTrue();
        assertThat(allowed(acls, ResourceType.TOPIC, "order", Operation.CONSUME)).isFalse();
        assertThat(allowed(acls, ResourceType.TOPIC, "logs", Operation.PRODUCE)).as("from its host").isTrue();
        assertThat(Authorizer.allowed(PAYMENTS, acls, "10.0.0.8", ResourceType.TOPIC, "logs", Operation.PRODUCE)).isFalse();
        assertThat(Authorizer.allowed(PAYMENTS, acls, null, ResourceType.TOPIC, "logs", Operation.PRODUCE)).as("no address").isFalse();
        assertThat(Authorizer.allowed(PAYMENTS, acls, "0:0:0:0:0:0:0:1", ResourceType.TOPIC, "orders-x", Operation.CONSUME))
                .as("the deny's host, written otherwise").isFalse();
        assertThat(allowed(acls, ResourceType.TOPIC, "orders-x", Operation.CONSUME)).as("from elsewhere").isTrue();
        assertThat(allowed(acls, ResourceType.GROUP, "g", Operation.CONSUME)).as("another principal's").isFalse();
    }

    @Test
    void creatingATopicNeedsCreateOnTheTopicOrTheCluster() {
        var onCluster = snapshot(binding(AclBinding.ResourceType.CLUSTER, AclBinding.CLUSTER_NAME, AclBinding.PatternType.LITERAL,
                "User:payments", "*", AclBinding.Operation.CREATE, ALLOW));
        assertThat(Authorizer.mayCreateTopic(PAYMENTS, onCluster, HOST, "anything")).isTrue();
        assertThat(allowed(onCluster, ResourceType.TOPIC, "anything", Operation.ADMIN)).as("create only").isFalse();
        assertThat(Authorizer.allowedOnSome(PAYMENTS, onCluster, HOST, ResourceType.TOPIC, Operation.ADMIN)).isTrue();
        var onTopic = snapshot(binding(AclBinding.ResourceType.TOPIC, "team-", AclBinding.PatternType.PREFIXED,
                "User:payments", "*", AclBinding.Operation.CREATE, ALLOW));
        assertThat(Authorizer.mayCreateTopic(PAYMENTS, onTopic, HOST, "team-a")).isTrue();
        assertThat(Authorizer.mayCreateTopic(PAYMENTS, onTopic, HOST, "other")).isFalse();
        var denied = snapshot(onCluster.applicableTo("User:payments").get(0), binding(AclBinding.ResourceType.TOPIC, "secret",
                AclBinding.PatternType.LITERAL, "User:payments", "*", AclBinding.Operation.CREATE, DENY));
        assertThat(Authorizer.mayCreateTopic(PAYMENTS, denied, HOST, "secret")).isFalse();
        assertThat(Authorizer.mayCreateTopic(PAYMENTS, CONFIGURED, HOST, "payment-new")).isFalse();
        assertThat(Authorizer.mayCreateTopic(PAYMENTS, snapshot(), HOST, "x")).isFalse();
    }

    @Test
    void adminsMayDoEverythingAndNobodyElseAnythingWithoutAnAcl() {
        var admin = new TributaryPrincipal("root", Set.of(TributaryProperties.Role.ADMIN));
        var denyAll = snapshot(binding(AclBinding.ResourceType.TOPIC, "*", AclBinding.PatternType.LITERAL, "User:root", "*",
                AclBinding.Operation.ALL, DENY));
        assertThat(Authorizer.allowed(admin, denyAll, HOST, ResourceType.TOPIC, "anything", Operation.ADMIN)).isTrue();
        assertThat(Authorizer.allowed(admin, denyAll, HOST, ResourceType.CLUSTER, AclBinding.CLUSTER_NAME, Operation.ADMIN)).isTrue();
        var nobody = new TributaryPrincipal("nobody", Set.of(TributaryProperties.Role.MONITOR));
        for (Operation operation : Operation.values()) {
            for (ResourceType type : ResourceType.values()) {
                assertThat(Authorizer.allowed(nobody, CONFIGURED, HOST, type, "payment-eu", operation)).isFalse();
            }
        }
    }

    @Test
    void describingTheClusterNeedsDescribeOrAllOnIt() {
        var describe = snapshot(binding(AclBinding.ResourceType.CLUSTER, AclBinding.CLUSTER_NAME, AclBinding.PatternType.LITERAL,
                "User:payments", "*", AclBinding.Operation.DESCRIBE, ALLOW));
        assertThat(allowed(describe, ResourceType.CLUSTER, AclBinding.CLUSTER_NAME, Operation.DESCRIBE)).isTrue();
        assertThat(allowed(describe, ResourceType.CLUSTER, AclBinding.CLUSTER_NAME, Operation.ADMIN)).as("ACL changes: admins").isFalse();
    }

    @Test
    void someTopicIsAllowedUnlessOneDenyRefusesEveryNameOfEachAllow() {
        assertThat(Authorizer.allowedOnSome(PAYMENTS, CONFIGURED, HOST, ResourceType.TOPIC, Operation.PRODUCE)).isTrue();
        assertThat(Authorizer.allowedOnSome(PAYMENTS, CONFIGURED, HOST, ResourceType.TOPIC, Operation.DESCRIBE)).as("implied").isTrue();
        assertThat(Authorizer.allowedOnSome(PAYMENTS, CONFIGURED, HOST, ResourceType.TOPIC, Operation.ADMIN)).isFalse();
        assertThat(Authorizer.allowedOnSome(PAYMENTS, CONFIGURED, HOST, ResourceType.GROUP, Operation.PRODUCE)).as("by type").isFalse();

        var creators = List.of(acl("team-*", null, Set.of(Operation.ADMIN), null), acl("orders", null, Set.of(Operation.ADMIN), null));
        assertThat(someTopicCreatable(creators)).isTrue();
        for (String denied : List.of("*", "team-*", "te*")) {
            var rules = new ArrayList<>(creators);
            rules.add(acl(denied, null, Set.of(Operation.ADMIN), TributaryProperties.Permission.DENY));
            assertThat(someTopicCreatable(rules)).as(denied).isEqualTo(!denied.equals("*")); // "orders" is left
            rules.add(acl("orders", null, Set.of(Operation.ADMIN), TributaryProperties.Permission.DENY));
            assertThat(someTopicCreatable(rules)).as(denied + ", orders").isFalse();
        }
        var partlyDenied = List.of(creators.get(0), acl("team-x*", null, Set.of(Operation.ADMIN), TributaryProperties.Permission.DENY),
                acl("team-*", null, Set.of(Operation.CONSUME), TributaryProperties.Permission.DENY),
                acl(null, "*", Set.of(Operation.CONSUME), TributaryProperties.Permission.DENY));
        assertThat(someTopicCreatable(partlyDenied)).isTrue();
        var admin = new TributaryPrincipal("root", Set.of(TributaryProperties.Role.ADMIN));
        assertThat(Authorizer.allowedOnSome(admin, snapshot(), HOST, ResourceType.TOPIC, Operation.ADMIN)).isTrue();
    }

    private static boolean someTopicCreatable(List<TributaryProperties.Acl> acls) {
        var snapshot = new AclSnapshot(ConfiguredAcls.of(Map.of("payments", principal(acls))));
        return Authorizer.allowedOnSome(PAYMENTS, snapshot, HOST, ResourceType.TOPIC, Operation.ADMIN);
    }

    private static final AclBinding.Permission ALLOW = AclBinding.Permission.ALLOW;
    private static final AclBinding.Permission DENY = AclBinding.Permission.DENY;

    private static AclBinding binding(AclBinding.ResourceType type, String name, AclBinding.PatternType pattern, String principal,
                                      String host, AclBinding.Operation operation, AclBinding.Permission permission) {
        return new AclBinding(type, name, pattern, principal, host, operation, permission);
    }

    private static AclSnapshot snapshot(AclBinding... bindings) {
        return new AclSnapshot(List.of(bindings));
    }

    private static TributaryProperties.Acl acl(String topic, String group, Set<Operation> operations,
                                               TributaryProperties.Permission permission) {
        return new TributaryProperties.Acl(topic, group, operations, permission);
    }

    private static TributaryProperties.Principal principal(List<TributaryProperties.Acl> acls) {
        return new TributaryProperties.Principal("{bcrypt}x", null, null, acls);
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
    }

    @Test
    void configuredAclsThatCannotBeEnforcedAreRefusedAtStartup() {
        var both = new TributaryProperties.Acl("t", "g", Set.of(Operation.CONSUME), null);
        assertThatThrownBy(() -> ConfiguredAcls.of(Map.of("p", principal(List.of(both))))).hasMessageContaining("exactly one")
                .hasMessageContaining("tributary.security.principals.p");
        var noOps = new TributaryProperties.Acl("t", null, Set.of(), null);
        assertThatThrownBy(() -> ConfiguredAcls.of(Map.of("p", principal(List.of(noOps))))).hasMessageContaining("no operations");
        var midStar = new TributaryProperties.Acl("a*b", null, Set.of(Operation.CONSUME), null);
        assertThatThrownBy(() -> ConfiguredAcls.of(Map.of("p", principal(List.of(midStar))))).hasMessageContaining("invalid ACL name");
        var produceOnGroup = new TributaryProperties.Acl(null, "g", Set.of(Operation.PRODUCE), null);
        assertThatThrownBy(() -> ConfiguredAcls.of(Map.of("p", principal(List.of(produceOnGroup))))).hasMessageContaining("WRITE");
    }

    @Test
    void configuredAclsBecomeKafkaBindings() {
        var bindings = ConfiguredAcls.of(Map.of("p", principal(List.of(
                acl("t-*", null, Set.of(Operation.ADMIN), null), acl("*", null, Set.of(Operation.DESCRIBE), null),
                acl(null, "g", Set.of(Operation.CONSUME), TributaryProperties.Permission.DENY)))));
        assertThat(bindings).containsExactlyInAnyOrder(
                binding(AclBinding.ResourceType.TOPIC, "t-", AclBinding.PatternType.PREFIXED, "User:p", "*", AclBinding.Operation.ALL, ALLOW),
                binding(AclBinding.ResourceType.TOPIC, "*", AclBinding.PatternType.LITERAL, "User:p", "*", AclBinding.Operation.DESCRIBE, ALLOW),
                binding(AclBinding.ResourceType.GROUP, "g", AclBinding.PatternType.LITERAL, "User:p", "*", AclBinding.Operation.READ, DENY));
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

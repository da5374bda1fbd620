package io.tributary.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tributary.config.TributaryProperties;
import io.tributary.web.AccessControl.Operation;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/** ACL decisions, pattern subscriptions and the checks on configured credentials. */
class AuthorizerTest {

    private static final TributaryPrincipal PAYMENTS = new TributaryPrincipal("payments", Set.of(), List.of(
            new AclRule(ResourceType.TOPIC, "payment-*", Set.of(Operation.PRODUCE, Operation.CONSUME)),
            new AclRule(ResourceType.TOPIC, "audit", Set.of(Operation.PRODUCE)),
            new AclRule(ResourceType.GROUP, "billing", Set.of(Operation.CONSUME))));

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

    @Test
    void adminsMayDoEverythingAndAWildcardCoversAllNames() {
        var admin = new TributaryPrincipal("root", Set.of(TributaryProperties.Role.ADMIN), List.of());
        assertThat(Authorizer.allowed(admin, ResourceType.TOPIC, "anything", Operation.ADMIN)).isTrue();
        assertThat(Authorizer.allowedPattern(admin, ".*", Operation.CONSUME)).isTrue();
        var reader = new TributaryPrincipal("reader", Set.of(), List.of(new AclRule(ResourceType.TOPIC, "*", Set.of(Operation.CONSUME))));
        assertThat(Authorizer.allowed(reader, ResourceType.TOPIC, "anything", Operation.CONSUME)).isTrue();
        assertThat(Authorizer.allowed(reader, ResourceType.TOPIC, "anything", Operation.PRODUCE)).isFalse();
        assertThat(Authorizer.allowedPattern(reader, ".*", Operation.CONSUME)).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "payment-.*, payment-", "^payment-eu, payment-eu", "payment-eu-?x, payment-eu", "payment\\.eu\\..*, payment.eu.",
            "payments*, payment", "payment-x+, payment-", "payment-x{2}, payment-", "a|payment-.*, ''", "(payment-).*, ''",
            ".*, ''", "\\Qpayment-\\E.*, ''", "pay[m]ent-.*, pay", "payment-(?i)X, payment-"})
    void theLiteralPrefixIsWhatEveryMatchStartsWith(String regex, String prefix) {
        assertThat(Authorizer.literalPrefix(regex)).isEqualTo(prefix);
    }

    @ParameterizedTest
    @ValueSource(strings = {"payment-.*", "payment-eu", "payment-[eu]+", "payment-\\d+"})
    void aPatternIsAllowedWhenEveryMatchIsCoveredByAPrefixAcl(String regex) {
        assertThat(Authorizer.allowedPattern(PAYMENTS, regex, Operation.CONSUME)).isTrue();
        // and indeed every name it matches starts with the prefix
        for (String name : List.of("payment-eu", "payment-us", "payment-42", "paymentx", "audit", "xpayment-eu")) {
            if (Pattern.compile(regex).matcher(name).matches()) {
                assertThat(name).startsWith("payment-");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {".*", "payment.*", "payment-?x", "(payment-).*", "audit", "payment-.*|audit", "payments?-.*",
            "payment-(eu|us)" /* conservative: any alternation */})
    void aPatternThatMayMatchOtherTopicsIsRefused(String regex) {
        assertThat(Authorizer.allowedPattern(PAYMENTS, regex, Operation.CONSUME)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{noop}secret", "secret", "{MD5}abc", "{sha256}abc", "{SHA-1}abc", "", "{bcrypt"})
    void clearTextAndWeakHashesAreRefusedAtStartup(String hash) {
        var principal = new TributaryProperties.Principal(hash, List.of(), Set.of(), List.of());
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", principal)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tributary.security.principals.p");
    }

    @Test
    void invalidPrincipalsAreRefusedAtStartup() {
        String hash = "{bcrypt}" + new BCryptPasswordEncoder(4).encode("x");
        assertThatThrownBy(() -> new CredentialStore(Map.of())).hasMessageContaining("no principals");
        assertThatThrownBy(() -> new CredentialStore(Map.of("a.b", new TributaryProperties.Principal(hash, null, null, null))))
                .hasMessageContaining("principal name");
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(null, null, null, null))))
                .hasMessageContaining("password");
        var both = new TributaryProperties.Acl("t", "g", Set.of(Operation.CONSUME));
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(hash, null, null, List.of(both)))))
                .hasMessageContaining("exactly one");
        var noOps = new TributaryProperties.Acl("t", null, Set.of());
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(hash, null, null, List.of(noOps)))))
                .hasMessageContaining("no operations");
        var midStar = new TributaryProperties.Acl("a*b", null, Set.of(Operation.CONSUME));
        assertThatThrownBy(() -> new CredentialStore(Map.of("p", new TributaryProperties.Principal(hash, null, null, List.of(midStar)))))
                .hasMessageContaining("Invalid ACL name");
    }

    @Test
    void credentialsAreCheckedAgainstTheirHashesAndApiKeysByTheirPrincipalPrefix() {
        var encoder = new BCryptPasswordEncoder(4);
        var store = new CredentialStore(Map.of(
                "alice", new TributaryProperties.Principal("{bcrypt}" + encoder.encode("pw"), List.of("{bcrypt}" + encoder.encode("alice.key")), null, null),
                "bob", new TributaryProperties.Principal(null, List.of("{bcrypt}" + encoder.encode("bob.key")), null, null)));
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

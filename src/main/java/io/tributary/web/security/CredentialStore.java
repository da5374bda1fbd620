package io.tributary.web.security;

import io.tributary.settings.TributaryProperties;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.regex.Pattern;

import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.util.ClassUtils;

/**
 * The configured principals and their hashed credentials ({@code {bcrypt}...}, via Spring's
 * DelegatingPasswordEncoder). A hash check is deliberately slow, so a credential once verified is remembered by its
 * SHA-256 digest (memory only): later requests with it cost a map lookup. Unknown names cost a full hash check too,
 * so timing does not tell which principals exist. Only so many checks run at once: a client guessing credentials
 * gets {@link CredentialChecksBusy} rather than all the processors.
 */
final class CredentialStore {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern HASH_ID = Pattern.compile("\\{([^}]+)}.+");
    private static final int MAX_REMEMBERED = 10_000;

    private record Entry(TributaryPrincipal principal, String passwordHash, List<String> apiKeyHashes) {
    }

    private enum Kind { BASIC, API_KEY }

    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
    private final Map<String, Entry> principals;
    private final String dummyHash;
    private final Map<String, TributaryPrincipal> verified = new ConcurrentHashMap<>();
    private final Semaphore checks;

    /** @throws IllegalArgumentException for an invalid name or hash, naming the principal (ACLs: {@code acl.ConfiguredAcls}) */
    CredentialStore(Map<String, TributaryProperties.Principal> configured, int maxConcurrentChecks) {
        if (configured.isEmpty()) {
            throw new IllegalArgumentException("tributary.security.enabled is true but no principals are configured "
                    + "(tributary.security.principals); nobody could use the service.");
        }
        Map<String, Entry> entries = new LinkedHashMap<>();
        configured.forEach((name, p) -> {
            try {
                entries.put(name, entry(name, p));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tributary.security.principals." + name + ": " + e.getMessage(), e);
            }
        });
        this.principals = Map.copyOf(entries);
        this.checks = new Semaphore(maxConcurrentChecks);
        this.dummyHash = encoder.encode("not a credential");
    }

    private Entry entry(String name, TributaryProperties.Principal p) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a principal name is 1 to 64 of [A-Za-z0-9_-]");
        }
        if (p.password() == null && p.apiKeys().isEmpty()) {
            throw new IllegalArgumentException("give a password hash, api-keys hashes, or both");
        }
        if (p.password() != null) {
            requireSupportedHash(p.password());
        }
        p.apiKeys().forEach(CredentialStore::requireSupportedHash);
        return new Entry(new TributaryPrincipal(name, p.roles()), p.password(), p.apiKeys());
    }

    /** Only real password hashes: {noop} or an unprefixed value would be a clear-text secret in configuration. */
    static void requireSupportedHash(String hash) {
        var m = HASH_ID.matcher(hash);
        String id = m.matches() ? m.group(1) : "";
        boolean bouncyCastle = ClassUtils.isPresent("org.bouncycastle.crypto.params.Argon2Parameters", null);
        boolean supported = id.equals("bcrypt") || id.startsWith("pbkdf2")
                || (bouncyCastle && (id.startsWith("argon2") || id.startsWith("scrypt")));
        if (!supported) {
            throw new IllegalArgumentException("credentials must be hashes prefixed with {bcrypt} or {pbkdf2} ({argon2} "
                    + "and {scrypt} need BouncyCastle on the classpath); got '" + (id.isEmpty() ? "no {id} prefix" : "{" + id + "}")
                    + "'. See docs/security.md for generating one.");
        }
    }

    Set<String> names() {
        return principals.keySet();
    }

    /** HTTP Basic. */
    Optional<TributaryPrincipal> basic(String name, String password) {
        Entry entry = principals.get(name);
        String hash = entry == null ? null : entry.passwordHash();
        return verify(Kind.BASIC, name, password, entry, hash == null ? List.of() : List.of(hash));
    }

    /** An API key: {@code <principal name>.<secret>}, the whole key hashed in configuration. */
    Optional<TributaryPrincipal> apiKey(String key) {
        int dot = key.indexOf('.');
        String name = dot < 0 ? "" : key.substring(0, dot);
        Entry entry = principals.get(name);
        return verify(Kind.API_KEY, name, key, entry, entry == null ? List.of() : entry.apiKeyHashes());
    }

    private Optional<TributaryPrincipal> verify(Kind kind, String name, String secret, Entry entry, List<String> hashes) {
        String digest = digest(kind, name, secret);
        TributaryPrincipal known = verified.get(digest);
        if (known != null) {
            return Optional.of(known);
        }
        if (!checks.tryAcquire()) {
            throw new CredentialChecksBusy();
        }
        try {
            if (hashes.isEmpty()) {
                encoder.matches(secret, dummyHash); // as slow as a real check
                return Optional.empty();
            }
            for (String hash : hashes) {
                if (encoder.matches(secret, hash)) {
                    if (verified.size() >= MAX_REMEMBERED) {
                        verified.clear();
                    }
                    verified.put(digest, entry.principal());
                    return Optional.of(entry.principal());
                }
            }
            return Optional.empty();
        } finally {
            checks.release();
        }
    }

    private static String digest(Kind kind, String name, String secret) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(kind.name().getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            sha.update(name.getBytes(StandardCharsets.UTF_8));
            sha.update((byte) 0);
            return Base64.getEncoder().encodeToString(sha.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}

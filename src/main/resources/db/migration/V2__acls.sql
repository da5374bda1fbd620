-- ACLs in force (Confluent's v3 /acls, docs/security.md): one row per Kafka AclBinding.
CREATE TABLE acls (
    resource_type VARCHAR(32)   NOT NULL,
    resource_name VARCHAR(1024) NOT NULL,
    pattern_type  VARCHAR(16)   NOT NULL,
    principal     VARCHAR(1024) NOT NULL,
    host          VARCHAR(64)   NOT NULL,
    operation     VARCHAR(32)   NOT NULL,
    permission    VARCHAR(16)   NOT NULL,
    PRIMARY KEY (resource_type, resource_name, pattern_type, principal, host, operation, permission)
);

-- The configured ACLs (tributary.security.principals.*.acls) already added to acls once: each is added at the first
-- start that sees it only, so one deleted through the API stays deleted.
CREATE TABLE acls_seeded (
    resource_type VARCHAR(32)   NOT NULL,
    resource_name VARCHAR(1024) NOT NULL,
    pattern_type  VARCHAR(16)   NOT NULL,
    principal     VARCHAR(1024) NOT NULL,
    host          VARCHAR(64)   NOT NULL,
    operation     VARCHAR(32)   NOT NULL,
    permission    VARCHAR(16)   NOT NULL,
    PRIMARY KEY (resource_type, resource_name, pattern_type, principal, host, operation, permission)
);

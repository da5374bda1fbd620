package io.tributary.embedded.acl;

import io.tributary.acl.AclBinding;
import io.tributary.embedded.ConditionalOnEmbeddedBackend;

import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;
import javax.sql.DataSource;

import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * ACLs in the H2 file database ({@code acls}, and {@code acls_seeded}: the configured ACLs added once; created by
 * Flyway), next to the committed offsets. Each change is one transaction.
 */
@Repository
@ConditionalOnEmbeddedBackend
@DependsOnDatabaseInitialization // the Flyway migration creates the tables first
public class AclStore {

    private static final String COLUMNS = "resource_type, resource_name, pattern_type, principal, host, operation, permission";
    private static final String KEY = "resource_type = ? AND resource_name = ? AND pattern_type = ? AND principal = ?"
            + " AND host = ? AND operation = ? AND permission = ?";

    private static final RowMapper<AclBinding> ROW = (rs, i) -> new AclBinding(
            AclBinding.ResourceType.valueOf(rs.getString("resource_type")), rs.getString("resource_name"),
            AclBinding.PatternType.valueOf(rs.getString("pattern_type")), rs.getString("principal"), rs.getString("host"),
            AclBinding.Operation.valueOf(rs.getString("operation")), AclBinding.Permission.valueOf(rs.getString("permission")));

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final TransactionTemplate transaction;

    public AclStore(DataSource dataSource) {
        this.batch = new JdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(batch);
        this.transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    }

    /** Runs {@code work} in one transaction: all its changes are stored or none. */
    public <T> T inTransaction(Supplier<T> work) {
        return transaction.execute(status -> work.get());
    }

    public List<AclBinding> all() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM acls").query(ROW).list();
    }

    /** Adds those not there yet. */
    public void add(Collection<AclBinding> bindings) {
        batch.batchUpdate("MERGE INTO acls (" + COLUMNS + ") KEY (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                bindings.stream().map(AclStore::row).toList());
    }

    public void remove(Collection<AclBinding> bindings) {
        batch.batchUpdate("DELETE FROM acls WHERE " + KEY, bindings.stream().map(AclStore::row).toList());
    }

    /** The configured ACLs added once already. */
    public List<AclBinding> seeded() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM acls_seeded").query(ROW).list();
    }

    public void markSeeded(Collection<AclBinding> bindings) {
        batch.batchUpdate("MERGE INTO acls_seeded (" + COLUMNS + ") KEY (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)",
                bindings.stream().map(AclStore::row).toList());
    }

    private static Object[] row(AclBinding b) {
        return new Object[] {b.resourceType().name(), b.resourceName(), b.patternType().name(), b.principal(), b.host(),
                b.operation().name(), b.permission().name()};
    }
}

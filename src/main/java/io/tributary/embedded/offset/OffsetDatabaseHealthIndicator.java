package io.tributary.embedded.offset;

import io.tributary.embedded.ConditionalOnEmbeddedBackend;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * {@code offsetDatabase} health: the H2 file and whether this start found it damaged. After a recreate
 * ({@code tributary.offsets.damaged-database=recreate}) it stays UP, since the service works, but says for as long as
 * the process runs that the committed offsets were lost and where the damaged file went.
 */
@Component
@ConditionalOnEmbeddedBackend
public class OffsetDatabaseHealthIndicator extends AbstractHealthIndicator {

    private final OffsetDatabaseCheck check;

    public OffsetDatabaseHealthIndicator(OffsetDatabaseCheck check) {
        super("Offset database health check failed");
        this.check = check;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        OffsetDatabaseCheck.Outcome outcome = check.outcome();
        builder.up();
        if (outcome == null) {
            return;
        }
        builder.withDetail("path", outcome.file().toString()).withDetail("damagedAtStart", outcome.damaged());
        if (outcome.damaged()) {
            builder.withDetail("damage", outcome.damage())
                    .withDetail("movedTo", outcome.movedTo().toString())
                    .withDetail("committedOffsetsLost", true);
        }
    }
}

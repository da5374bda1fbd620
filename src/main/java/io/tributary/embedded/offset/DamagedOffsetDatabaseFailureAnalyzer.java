package io.tributary.embedded.offset;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused start over a damaged offsets database into Spring Boot's plain "what happened, what to do" report. */
class DamagedOffsetDatabaseFailureAnalyzer extends AbstractFailureAnalyzer<DamagedOffsetDatabaseException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, DamagedOffsetDatabaseException cause) {
        return new FailureAnalysis("""
                The offsets database %s is damaged and cannot be opened: %s
                It holds the consumer groups' committed offsets. The log (topics and records) is not affected."""
                .formatted(cause.file(), cause.damage()), """
                Either restore the file from a backup (with the service stopped), or start once with \
                tributary.offsets.damaged-database=recreate: the damaged file is then moved aside (kept as \
                %s.corrupt-<time>) and a new, empty database is created, so every consumer group resumes from its \
                auto.offset.reset position (latest: records produced meanwhile are skipped; earliest: everything \
                retained is read again). See docs/reliability.md.""".formatted(cause.file().getFileName()), cause);
    }
}

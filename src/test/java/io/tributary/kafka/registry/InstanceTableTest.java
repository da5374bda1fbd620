package io.tributary.kafka.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tributary.common.EmbeddedFormat;
import io.tributary.consume.InstanceConfig;
import io.tributary.consume.OffsetReset;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** The claim rules, record by record, including what a node reading a compacted log sees. */
class InstanceTableTest {

    private static final InstanceConfig CONFIG = new InstanceConfig(EmbeddedFormat.BINARY, OffsetReset.LATEST, true, 1,
            Duration.ofSeconds(1), Duration.ofMinutes(5), null);
    private static final String KEY = "g/i";

    private final InstanceTable table = new InstanceTable(Duration.ofDays(1));

    private static Claim claim(String node, long epoch, String id, long revision) {
        return new Claim(new InstanceEntry("g", "i", node, epoch, CONFIG, "o", "h", null), id, revision);
    }

    private String holder() {
        return table.current(KEY).map(c -> c.entry().node()).orElse(null);
    }

    @Test
    void theFirstClaimWinsAndTheHolderIsAskedToReassertAfterALosingOne() {
        assertThat(table.apply(KEY, claim("a", 0, "a1", 0), 0).applied()).isTrue();
        InstanceTable.Outcome losing = table.apply(KEY, claim("b", 0, "b1", 0), 0);
        assertThat(losing.ignored()).isTrue();
        assertThat(holder()).isEqualTo("a");
        assertThat(table.apply(KEY, claim("a", 0, "a1", 1), 0).applied()).isTrue();
    }

    @Test
    void twoClaimsOfOneNodeAreTwoClaims() {
        table.apply(KEY, claim("a", 0, "a1", 0), 0);
        assertThat(table.apply(KEY, claim("a", 0, "a2", 0), 0).ignored()).isTrue();
    }

    @Test
    void aCompactedLogThatKeptOnlyTheLosingClaimAndTheReassertionReadsTheWinner() {
        table.apply(KEY, claim("b", 0, "b1", 0), 0); // the oldest record left: the loser's
        assertThat(table.apply(KEY, claim("a", 0, "a1", 1), 0).applied()).isTrue();
        assertThat(holder()).isEqualTo("a");
        assertThat(table.apply(KEY, claim("b", 0, "b1", 0), 0).ignored()).isTrue();
    }

    @Test
    void aLiveHolderIsNotReplacedByAnotherClaimsRevisionAtTheSameEpoch() {
        table.apply(KEY, claim("a", 0, "a1", 0), 0);
        table.apply(KEY, null, 0);
        table.apply(KEY, claim("c", 0, "c1", 0), 0); // a new instance of the same name after the delete
        assertThat(table.apply(KEY, claim("a", 0, "a1", 5), 0).ignored()).as("a late write of the deleted one").isTrue();
        assertThat(holder()).isEqualTo("c");
    }

    @Test
    void ofTwoTakeoversOnlyTheFirstApplies() {
        table.apply(KEY, claim("a", 0, "a1", 0), 0);
        assertThat(table.apply(KEY, claim("b", 1, "b1", 0), 0).applied()).isTrue();
        assertThat(table.apply(KEY, claim("c", 1, "c1", 0), 0).ignored()).isTrue();
        assertThat(table.apply(KEY, claim("a", 0, "a1", 1), 0).ignored()).as("the old holder's late update").isTrue();
        assertThat(holder()).isEqualTo("b");
        assertThat(table.apply(KEY, claim("c", 2, "c2", 0), 0).applied()).as("the next takeover").isTrue();
    }

    @Test
    void aTombstoneDeletesAndOnlyANewClaimRevivesTheName() {
        table.apply(KEY, claim("a", 0, "a1", 0), 0);
        table.apply(KEY, null, 0);
        assertThat(table.apply(KEY, claim("b", 1, "b1", 0), 0).ignored()).as("a takeover of a deleted instance").isTrue();
        assertThat(table.current(KEY)).isEmpty();
        assertThat(table.apply(KEY, claim("b", 0, "b2", 0), 0).applied()).isTrue();
    }

    @Test
    void deletedNamesAreForgottenAsKafkaForgetsTombstones() {
        table.apply(KEY, null, 0);
        assertThat(table.apply(KEY, claim("b", 3, "b1", 2), Duration.ofDays(2).toMillis()).applied()).isTrue();
    }
}

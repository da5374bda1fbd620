package io.tributary.kafka.registry;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The instances as {@code _tributary-instances} says, record by record in log order. Every node applies the same
 * records in the same order with these rules, so all nodes agree on who holds what without talking to each other.
 *
 * <p>The rules, for a record of an instance (the current claim is the one applied last):
 * <ol>
 * <li>A tombstone deletes the instance, whoever holds it: it is a client's delete or an expiry.</li>
 * <li>No current claim: a first claim (epoch 0, revision 0) applies. If the name was never seen, any record applies:
 *     after compaction the oldest record left of a name can be any of its records.</li>
 * <li>The current claim's later revision (same claim id and epoch, higher revision) applies: the holder changed the
 *     subscription or re-asserted its claim.</li>
 * <li>A takeover (a new claim, revision 0, epoch one above the current) applies: the first of two takeovers wins,
 *     the second has an epoch that is no longer one above.</li>
 * <li>A later revision of a claim of a higher epoch applies (a node reading a compacted log may not see the takeover
 *     record itself, only what its new holder wrote after it).</li>
 * <li>Anything else is ignored: a second claim of a taken name (it lost the race), a takeover of an epoch already
 *     replaced, a late write of a holder that lost the instance.</li>
 * </ol>
 *
 * <p><b>Compaction.</b> Kafka keeps the last record of each name and drops older ones, so a record ignored here could
 * outlive the claim that beat it and be read as the truth by a node that starts later. Hence: whenever a record is
 * ignored, the holder (if alive) writes its claim again as a new revision ({@link Outcome#ignored()}), so the last
 * record of a name is always its holder's. Until that re-assertion is read, a node starting from a compacted log may
 * see the losing claim as the oldest record of the name (rule 2 applies it); the holder's re-assertion then replaces
 * it by rule 7:
 * <ol start="7">
 * <li>A later revision (above 0) of another claim of the same epoch replaces a current claim that was applied only
 *     because its name was never seen and that is still at revision 0: the loser of a race never writes a revision
 *     above 0 (it learnt it lost), so such a record can only come from the winner.</li>
 * </ol>
 * A holder that is dead cannot re-assert; nodes may then disagree about which dead node holds the instance, and
 * either way the next request takes it over (epoch + 1 applies for all of them). The topic's
 * {@code min.compaction.lag.ms} keeps records a minute before they can be compacted, far longer than a re-assertion
 * takes.
 *
 * <p>Deleted names are remembered as long as Kafka keeps tombstones ({@code delete.retention.ms}, one day), so rule 2
 * reads the same on every node.
 */
final class InstanceTable {

    /** What applying a record did; {@code current} is the claim in force afterwards, if any. */
    record Outcome(boolean applied, Optional<Claim> previous, Optional<Claim> current) {

        boolean ignored() {
            return !applied;
        }
    }

    private record Slot(Claim claim, boolean firstSeen) {
    }

    private final Map<String, Slot> slots = new ConcurrentHashMap<>();
    private final LinkedHashMap<String, Long> deleted = new LinkedHashMap<>();
    private final long deletionMemoryMillis;

    InstanceTable(Duration deletionMemory) {
        this.deletionMemoryMillis = deletionMemory.toMillis();
    }

    Optional<Claim> current(String key) {
        Slot slot = slots.get(key);
        return slot == null ? Optional.empty() : Optional.of(slot.claim());
    }

    Iterable<Claim> all() {
        return slots.values().stream().map(Slot::claim).toList();
    }

    /** Applies one record; {@code claim} null is a tombstone. Called by one thread, in log order. */
    Outcome apply(String key, Claim claim, long nowMillis) {
        forgetOldDeletions(nowMillis);
        Slot slot = slots.get(key);
        Optional<Claim> previous = slot == null ? Optional.empty() : Optional.of(slot.claim());
        if (claim == null) {
            slots.remove(key);
            deleted.remove(key);
            deleted.put(key, nowMillis);
            return new Outcome(true, previous, Optional.empty());
        }
        boolean applies;
        boolean firstSeen = false;
        if (slot == null) {
            firstSeen = !deleted.containsKey(key);
            applies = firstSeen || (claim.entry().epoch() == 0 && claim.revision() == 0);
        } else {
            Claim current = slot.claim();
            long epoch = current.entry().epoch();
            if (claim.sameClaim(current)) {
                applies = claim.revision() > current.revision();
            } else if (claim.revision() == 0) {
                applies = claim.entry().epoch() == epoch + 1;
            } else {
                applies = claim.entry().epoch() > epoch
                        || (claim.entry().epoch() == epoch && slot.firstSeen() && current.revision() == 0);
            }
        }
        if (!applies) {
            return new Outcome(false, previous, previous);
        }
        slots.put(key, new Slot(claim, firstSeen));
        deleted.remove(key);
        return new Outcome(true, previous, Optional.of(claim));
    }

    private void forgetOldDeletions(long nowMillis) {
        for (Iterator<Long> it = deleted.values().iterator(); it.hasNext(); ) {
            if (nowMillis - it.next() < deletionMemoryMillis) {
                return;
            }
            it.remove();
        }
    }
}

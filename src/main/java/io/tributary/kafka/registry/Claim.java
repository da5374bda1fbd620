package io.tributary.kafka.registry;

/**
 * One record of {@code _tributary-instances}: a node's claim on an instance name, as first written (revision 0) or as
 * written again by its holder (a later revision: a changed subscription, or the holder re-asserting it). {@code id}
 * tells two claims of one node apart (two requests creating one name at once).
 */
record Claim(InstanceEntry entry, String id, long revision) {

    Claim next(InstanceEntry changed) {
        return new Claim(changed, id, revision + 1);
    }

    boolean sameClaim(Claim other) {
        return id.equals(other.id) && entry.epoch() == other.entry.epoch();
    }
}

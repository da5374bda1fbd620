package io.tributary.consume;

/** Kafka's names for a group's state, as the v3 API shows them. */
public enum GroupState {
    /** No member takes part in group assignment (there may be instances that are not subscribed). */
    EMPTY,
    /** The assignment changed and some partitions are still waiting for their old owner to give them up. */
    PREPARING_REBALANCE,
    /** Every member owns exactly its assigned partitions. */
    STABLE
}

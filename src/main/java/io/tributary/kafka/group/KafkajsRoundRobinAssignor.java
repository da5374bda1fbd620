package io.tributary.kafka.group;

import org.apache.kafka.clients.consumer.RoundRobinAssignor;

/**
 * Kafka's round-robin assignment under the protocol name of kafkajs' default assigner ({@code RoundRobinAssigner}):
 * the members of a group must share a protocol name, so offering this one lets HTTP instances join a group of
 * unchanged kafkajs consumers (the seed article's). Both encode subscriptions and assignments in Kafka's consumer
 * protocol, so whichever member leads assigns for all.
 */
public class KafkajsRoundRobinAssignor extends RoundRobinAssignor {

    static final String PROTOCOL = "RoundRobinAssigner";

    @Override
    public String name() {
        return PROTOCOL;
    }
}

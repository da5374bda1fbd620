package io.tributary.kafka.group;

import org.apache.kafka.clients.admin.MemberDescription;

/**
 * The Kafka client id of an instance's consumer, {@code tributary:<group>/<instance>}, whichever node runs it: Kafka
 * reports it for each member of a group, so the v3 API names Tributary's members by their instance names, as in
 * embedded mode, and other members (native clients) by Kafka's member id.
 */
final class InstanceClientIds {

    private static final String PREFIX = "tributary:";

    private InstanceClientIds() {
    }

    static String of(String group, String instance) {
        return PREFIX + group + "/" + instance;
    }

    /** The instance name of a Tributary member, Kafka's member id for any other. */
    static String consumerId(String group, MemberDescription member) {
        String ours = PREFIX + group + "/";
        String clientId = member.clientId();
        return clientId != null && clientId.startsWith(ours) && clientId.length() > ours.length()
                ? clientId.substring(ours.length()) : member.consumerId();
    }
}

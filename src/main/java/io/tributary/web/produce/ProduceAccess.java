package io.tributary.web.produce;

import io.tributary.common.AccessControl;
import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.RecordProducer;

/** What a produce request needs besides the topic's produce permission (checked with the path, before this). */
final class ProduceAccess {

    private ProduceAccess() {
    }

    /**
     * Fails fast, before a body is read, for a topic that cannot be produced to: an invalid name (42206) or, unless
     * auto-create is on, an unknown topic (40401). Auto-creating a topic is administration: the caller needs admin on
     * it or CREATE on the topic or the cluster (Kafka's CREATE), produce is not enough (40301).
     */
    static void check(RecordProducer producer, AccessControl access, String topic) {
        if (producer.createsTopic(topic)) {
            access.requireCreateTopic(topic);
        }
    }

    /**
     * As {@link #check(RecordProducer, AccessControl, String)}, for a request that may carry an Idempotency-Key
     * header: an invalid key, or one the backend cannot honour, fails the request before its body is read (400).
     *
     * @return the key, null without the header
     */
    static IdempotencyKey check(RecordProducer producer, AccessControl access, String topic, String idempotencyKey) {
        check(producer, access, topic);
        IdempotencyKey key = IdempotencyKey.fromHeader(idempotencyKey);
        if (key != null) {
            producer.requireIdempotencySupport();
        }
        return key;
    }
}

package io.tributary.log;

/**
 * What an idempotent append writes into its batch header, in Kafka's producer id, producer epoch and base sequence
 * fields: the memory of which requests the log holds, rebuilt from the log itself after a restart (as Kafka rebuilds
 * producer state), so it cannot disagree with the data. The engine gives the fields no meaning beyond equality; the
 * produce path chooses them.
 *
 * @param producerId non-negative (Kafka's -1 means "no producer")
 */
public record ProducerIdentity(long producerId, short epoch, int baseSequence) {

    public ProducerIdentity {
        if (producerId < 0 || epoch < 0 || baseSequence < 0) {
            throw new IllegalArgumentException("producer id, epoch and sequence must not be negative: " + producerId + "/"
                    + epoch + "/" + baseSequence);
        }
    }
}

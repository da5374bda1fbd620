package io.tributary.embedded;

import io.tributary.common.RecordHeader;
import io.tributary.common.errors.IdempotencyKeyReusedException;
import io.tributary.common.errors.InvalidRecordsException;
import io.tributary.log.IdempotentBatch;
import io.tributary.log.ProducerIdentity;
import io.tributary.produce.IdempotencyKey;
import io.tributary.produce.ProduceRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * How a produce request with an Idempotency-Key is written into the log: each of its batches carries the key's
 * producer id (63 bits of SHA-256 of the key) and, in the epoch and sequence fields, 34 bits of a SHA-256 fingerprint
 * of the request's records with the batch's ordinal in its partition. So the log alone tells, after any crash, which
 * parts of which request it holds, and whether a repeated key comes with the same records (a different body matches
 * by chance with probability 2^-34).
 */
final class IdempotentRequest {

    static final int ORDINAL_BITS = 12;
    static final int MAX_BATCHES_PER_PARTITION = 1 << ORDINAL_BITS;
    private static final int FINGERPRINT_HIGH_BITS = 31 - ORDINAL_BITS;

    private final IdempotencyKey key;
    private final long producerId;
    private final int firstUnkeyed;
    private final short epoch;
    private final int fingerprintHigh;

    private IdempotentRequest(IdempotencyKey key, long producerId, int firstUnkeyed, long fingerprint) {
        this.key = key;
        this.producerId = producerId;
        this.firstUnkeyed = firstUnkeyed;
        this.epoch = (short) (fingerprint & 0x7fff);
        this.fingerprintHigh = (int) ((fingerprint >>> 15) & ((1L << FINGERPRINT_HIGH_BITS) - 1));
    }

    static IdempotentRequest of(IdempotencyKey key, Integer partition, List<ProduceRecord> records) {
        ByteBuffer keyDigest = ByteBuffer.wrap(sha256().digest(key.value().getBytes(StandardCharsets.UTF_8)));
        return new IdempotentRequest(key, keyDigest.getLong(0) & Long.MAX_VALUE, keyDigest.getInt(8),
                ByteBuffer.wrap(fingerprint(partition, records)).getLong(0));
    }

    long producerId() {
        return producerId;
    }

    /** Where records without key or partition start their round robin: a retry puts them where the first went. */
    int firstUnkeyed() {
        return firstUnkeyed;
    }

    /** The identity of the request's {@code ordinal}-th batch to one partition. */
    ProducerIdentity batch(int ordinal) {
        if (ordinal >= MAX_BATCHES_PER_PARTITION) {
            throw new InvalidRecordsException("A request with an " + IdempotencyKey.HEADER + " may make at most "
                    + MAX_BATCHES_PER_PARTITION + " batches per partition (max.message.bytes each): send fewer records.");
        }
        return new ProducerIdentity(producerId, epoch, (fingerprintHigh << ORDINAL_BITS) | ordinal);
    }

    /** @throws IdempotencyKeyReusedException when {@code earlier} is a batch of another request under the same key */
    void requireSameRequest(IdempotentBatch earlier, String topic, int partition) {
        ProducerIdentity identity = earlier.identity();
        if (identity.epoch() != epoch || identity.baseSequence() >>> ORDINAL_BITS != fingerprintHigh) {
            throw new IdempotencyKeyReusedException(IdempotencyKey.HEADER + " '" + key.value() + "' was already used for "
                    + "another request to topic '" + topic + "' (its records are at partition " + partition + ", offsets "
                    + earlier.baseOffset() + " to " + earlier.lastOffset() + "): nothing was appended. Use a new key for "
                    + "new records.");
        }
    }

    private static byte[] fingerprint(Integer partition, List<ProduceRecord> records) {
        MessageDigest digest = sha256();
        ByteBuffer number = ByteBuffer.allocate(Long.BYTES);
        update(digest, number, partition == null ? -1 : partition);
        update(digest, number, records.size());
        for (ProduceRecord r : records) {
            update(digest, number, r.partition() == null ? -1 : r.partition());
            bytes(digest, number, r.key());
            bytes(digest, number, r.value());
            update(digest, number, r.timestamp());
            update(digest, number, r.headers().size());
            for (RecordHeader h : r.headers()) {
                bytes(digest, number, h.key().getBytes(StandardCharsets.UTF_8));
                bytes(digest, number, h.value());
            }
        }
        return digest.digest();
    }

    /** Length-prefixed, so that no two different records hash the same bytes. */
    private static void bytes(MessageDigest digest, ByteBuffer number, byte[] data) {
        update(digest, number, data == null ? -1 : data.length);
        if (data != null) {
            digest.update(data);
        }
    }

    private static void update(MessageDigest digest, ByteBuffer number, long value) {
        digest.update(number.clear().putLong(value).array());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}

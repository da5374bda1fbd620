package io.tributary.bench;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/**
 * Produce request bodies in the binary embedded format, built once before the clock starts so the generator only
 * writes bytes while measuring. Values are random (incompressible); keys, when asked for, are drawn from a range.
 */
final class ProduceBodies {
    private final byte[][] bodies;

    ProduceBodies(int count, int recordsPerRequest, int recordSize, int keyRange, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        Base64.Encoder base64 = Base64.getEncoder();
        bodies = new byte[count][];
        byte[] value = new byte[recordSize];
        for (int b = 0; b < count; b++) {
            StringBuilder json = new StringBuilder(recordsPerRequest * (recordSize * 4 / 3 + 40) + 16).append("{\"records\":[");
            for (int r = 0; r < recordsPerRequest; r++) {
                if (r > 0) {
                    json.append(',');
                }
                json.append('{');
                if (keyRange > 0) {
                    byte[] key = ("key-" + random.nextInt(keyRange)).getBytes(StandardCharsets.UTF_8);
                    json.append("\"key\":\"").append(base64.encodeToString(key)).append("\",");
                }
                random.nextBytes(value);
                json.append("\"value\":\"").append(base64.encodeToString(value)).append("\"}");
            }
            bodies[b] = json.append("]}").toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    byte[] get(long i) {
        return bodies[(int) (i % bodies.length)];
    }

    /** The body of one record whose value starts with the 8-byte intended send time (for end-to-end latency). */
    static byte[] timestamped(long intendedNanos, byte[] padding) {
        byte[] value = padding.clone();
        for (int i = 0; i < 8; i++) {
            value[i] = (byte) (intendedNanos >>> (56 - 8 * i));
        }
        return ("{\"records\":[{\"value\":\"" + Base64.getEncoder().encodeToString(value) + "\"}]}")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads back the intended send time from the first 12 base64 characters of a value. */
    static long timestampOf(char[] base64, int offset, int length) {
        byte[] head = Base64.getDecoder().decode(new String(base64, offset, Math.min(12, length)));
        long t = 0;
        for (int i = 0; i < 8; i++) {
            t = (t << 8) | (head[i] & 0xFF);
        }
        return t;
    }
}

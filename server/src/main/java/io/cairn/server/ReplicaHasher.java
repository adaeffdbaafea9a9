package io.cairn.server;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.txn.RangeBatch;
import io.cairn.api.txn.TransactionBackend;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Hashes the user keys and values of a range of this replica at one version, so that replicas
 * can be compared: equal data at a version gives equal counts and SHA-256 hashes on every node.
 * Stateless and thread-safe; blocks while reading.
 */
final class ReplicaHasher {
    private static final int BATCH = 1000;

    private ReplicaHasher() {}

    /**
     * Hashes {@code [begin, end)} at {@code version} (system keys excluded). With {@code limit > 0}
     * it stops after {@code limit} keys or {@code maxMillis}, whichever comes first, and says where
     * (key {@code next}, exclusive end of what was hashed); otherwise it hashes the whole range.
     *
     * @return {@code version}, {@code count}, {@code bytes}, {@code hash} (hex), {@code next} (hex, empty when the range is done)
     * @throws CairnException {@code transaction_too_old} (1007) when {@code version} left the MVCC window
     */
    static Map<String, String> hash(TransactionBackend engine, long version, byte[] begin, byte[] end, int limit,
                                    long maxMillis) {
        byte[] stop = Bytes.compare(end, Range.SYSTEM_PREFIX) < 0 ? end : Range.SYSTEM_PREFIX;
        MessageDigest digest = sha256();
        long deadline = System.nanoTime() + maxMillis * 1_000_000;
        long count = 0;
        long bytes = 0;
        byte[] from = begin;
        byte[] next = null;
        while (Bytes.compare(from, stop) < 0) {
            RangeBatch b = engine.getRange(from, stop, BATCH, false, version);
            for (KeyValue kv : b.rows()) {
                update(digest, kv.key());
                update(digest, kv.value());
                count++;
                bytes += kv.key().length + kv.value().length;
            }
            if (!b.more() || b.rows().isEmpty()) {
                break;
            }
            from = successor(b.rows().get(b.rows().size() - 1).key());
            if (limit > 0 && (count >= limit || System.nanoTime() > deadline)) {
                next = from;
                break;
            }
        }
        Map<String, String> out = new LinkedHashMap<>();
        out.put("version", Long.toString(version));
        out.put("count", Long.toString(count));
        out.put("bytes", Long.toString(bytes));
        out.put("hash", HexFormat.of().formatHex(digest.digest()));
        out.put("next", next == null ? "" : HexFormat.of().formatHex(next));
        return out;
    }

    private static void update(MessageDigest d, byte[] b) {
        int n = b.length;
        d.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        d.update(b);
    }

    private static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new CairnException(ErrorCode.INTERNAL_ERROR, "this Java runtime has no SHA-256", e);
        }
    }
}

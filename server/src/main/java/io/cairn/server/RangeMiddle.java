package io.cairn.server;

import io.cairn.api.Bytes;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.txn.RangeBatch;
import io.cairn.api.txn.TransactionBackend;

/**
 * Finds the middle of a key range by size: the key past which about half the range's bytes (keys
 * and values) lie, read from this replica at one version. Two passes over the range; system keys
 * are left out. Stateless and thread-safe; blocks while reading.
 */
final class RangeMiddle {
    private static final int BATCH = 1000;
    /** How long finding a middle may take: well within a client's 10 s request timeout. */
    static final long MAX_MILLIS = 5_000;

    private RangeMiddle() {}

    /**
     * The middle of {@code [begin, end)} ({@code end} null: to the end of the user keys) at
     * {@code version}: a key strictly after {@code begin}, or {@code null} when the range holds
     * fewer than two keys.
     */
    static byte[] of(TransactionBackend engine, long version, byte[] begin, byte[] end) {
        return of(engine, version, begin, end, MAX_MILLIS);
    }

    /**
     * As {@link #of(TransactionBackend, long, byte[], byte[])}, within {@code maxMillis}: past it,
     * fails with {@code invalid_operation} (so that a client's request never times out while the
     * change it asked for is still to come).
     */
    static byte[] of(TransactionBackend engine, long version, byte[] begin, byte[] end, long maxMillis) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(maxMillis);
        byte[] stop = end != null && Bytes.compare(end, Range.SYSTEM_PREFIX) < 0 ? end : Range.SYSTEM_PREFIX;
        long[] total = {0, 0};
        scan(engine, version, begin, stop, deadline, maxMillis, kv -> {
            total[0] += kv.key().length + kv.value().length;
            total[1]++;
            return true;
        });
        if (total[1] < 2) {
            return null;
        }
        long half = total[0] / 2;
        long[] seen = {0, 0};
        byte[][] found = {null};
        scan(engine, version, begin, stop, deadline, maxMillis, kv -> {
            if (seen[1] >= 1 && seen[0] >= half) {
                found[0] = kv.key();
                return false;
            }
            seen[0] += kv.key().length + kv.value().length;
            seen[1]++;
            return true;
        });
        return found[0];
    }

    private interface Visitor {
        /** Sees one row; false stops the scan. */
        boolean row(KeyValue kv);
    }

    private static void scan(TransactionBackend engine, long version, byte[] from, byte[] stop, long deadline,
                             long maxMillis, Visitor visitor) {
        while (Bytes.compare(from, stop) < 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new io.cairn.api.CairnException(io.cairn.api.ErrorCode.INVALID_OPERATION, "the partition is too"
                        + " large to find the middle of its data within " + maxMillis + " ms; give the key to split at");
            }
            RangeBatch b = engine.getRange(from, stop, BATCH, false, version);
            for (KeyValue kv : b.rows()) {
                if (!visitor.row(kv)) {
                    return;
                }
            }
            if (!b.more() || b.rows().isEmpty()) {
                return;
            }
            from = Bytes.keyAfter(b.rows().get(b.rows().size() - 1).key());
        }
    }
}

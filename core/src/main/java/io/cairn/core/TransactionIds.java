package io.cairn.core;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The ids of recently committed transactions, so that a commit retried with the same id is
 * applied at most once. Ids are kept for {@link #RETENTION_MICROS} of version time, longer than
 * {@link io.cairn.api.txn.RetryLoop} retries a commit whose outcome is unknown, however long a
 * failover takes within that. Not thread-safe: only the apply thread uses it.
 */
final class TransactionIds {
    /** How long, in version microseconds, an id is remembered after its commit. */
    static final long RETENTION_MICROS =
            io.cairn.api.txn.RetryLoop.MAYBE_COMMITTED_RETRY_LIMIT.toNanos() / 1000 + 30_000_000L;

    private record Committed(long version, ByteBuffer id) {}

    private final Map<ByteBuffer, Long> versions = new HashMap<>();
    private final ArrayDeque<Committed> order = new ArrayDeque<>();

    /** Remembers that the transaction {@code id} (may be null) committed at {@code version}. */
    void remember(byte[] id, long version) {
        if (id == null) {
            return;
        }
        ByteBuffer key = ByteBuffer.wrap(id);
        versions.put(key, version);
        order.addLast(new Committed(version, key));
    }

    /** The version {@code id} committed at, or {@code null} when unknown or null. */
    Long committedVersion(byte[] id) {
        return id == null ? null : versions.get(ByteBuffer.wrap(id));
    }

    /** Forgets every id. */
    void clear() {
        versions.clear();
        order.clear();
    }

    /** Forgets ids committed more than {@link #RETENTION_MICROS} before {@code version}. */
    void expireBefore(long version) {
        expire(version - RETENTION_MICROS);
    }

    /** Forgets ids committed at or before {@code horizon}. */
    private void expire(long horizon) {
        while (!order.isEmpty() && order.peekFirst().version() <= horizon) {
            Committed c = order.removeFirst();
            versions.remove(c.id(), c.version());
        }
    }
}

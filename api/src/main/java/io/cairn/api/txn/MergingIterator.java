package io.cairn.api.txn;

import io.cairn.api.Bytes;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams a range as the transaction sees it: the database's rows at the read version, fetched in
 * growing batches, merged with the transaction's own writes and clears. Not thread-safe.
 */
final class MergingIterator implements KeyValueIterator {
    private static final int FIRST_BATCH = 64;
    private static final int MAX_BATCH = 4096;

    private final BufferedTransaction txn;
    private final WriteBuffer writes;
    private final byte[] begin;
    private final byte[] end;
    private final boolean reverse;
    /** The next remote batch reads {@code [remoteBegin, remoteEnd)}. */
    private byte[] remoteBegin;
    private byte[] remoteEnd;
    private int batchSize;
    private List<KeyValue> batch = List.of();
    private int batchPos;
    private boolean remoteMore = true;
    /** The last key handed out (or skipped), {@code null} before the first. */
    private byte[] lastKey;
    private KeyValue next;
    private boolean closed;

    MergingIterator(BufferedTransaction txn, WriteBuffer writes, byte[] begin, byte[] end, boolean reverse, int limit) {
        this.txn = txn;
        this.writes = writes;
        this.begin = begin;
        this.end = end;
        this.reverse = reverse;
        this.remoteBegin = begin;
        this.remoteEnd = end;
        this.batchSize = limit > 0 ? Math.min(limit, MAX_BATCH) : FIRST_BATCH;
        if (Bytes.compare(begin, end) >= 0) {
            remoteMore = false;
        }
    }

    @Override
    public boolean hasNext() {
        if (closed) {
            return false;
        }
        txn.checkUsable();
        while (next == null) {
            KeyValue remote = peekRemote();
            Map.Entry<byte[], WriteBuffer.Entry> local = peekLocal();
            if (remote == null && local == null) {
                return false;
            }
            int c = remote == null ? 1 : local == null ? -1 : Bytes.compare(remote.key(), local.getKey());
            if (reverse && remote != null && local != null) {
                c = -c;
            }
            if (c < 0) {
                batchPos++;
                lastKey = remote.key();
                if (!writes.isCleared(remote.key())) {
                    next = remote;
                }
            } else {
                byte[] stored = null;
                if (c == 0) {
                    batchPos++;
                    stored = remote.value();
                }
                lastKey = local.getKey();
                byte[] v = local.getValue().resolve(stored);
                if (v != null) {
                    next = new KeyValue(local.getKey(), v);
                }
            }
        }
        return true;
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more rows in the range");
        }
        KeyValue kv = next;
        next = null;
        return kv;
    }

    private KeyValue peekRemote() {
        while (batchPos >= batch.size()) {
            if (!remoteMore) {
                return null;
            }
            RangeBatch b = txn.fetch(remoteBegin, remoteEnd, batchSize, reverse);
            batch = b.rows();
            batchPos = 0;
            remoteMore = b.more() && !batch.isEmpty();
            if (!batch.isEmpty()) {
                byte[] last = batch.get(batch.size() - 1).key();
                if (reverse) {
                    remoteEnd = last;
                } else {
                    remoteBegin = Bytes.keyAfter(last);
                }
            }
            batchSize = Math.min(MAX_BATCH, batchSize * 2);
        }
        return batch.get(batchPos);
    }

    private Map.Entry<byte[], WriteBuffer.Entry> peekLocal() {
        Map.Entry<byte[], WriteBuffer.Entry> e;
        if (reverse) {
            e = writes.previous(lastKey == null ? end : lastKey);
            return e != null && Bytes.compare(e.getKey(), begin) >= 0 ? e : null;
        }
        e = lastKey == null ? writes.next(begin, true) : writes.next(lastKey, false);
        return e != null && Bytes.compare(e.getKey(), end) < 0 ? e : null;
    }

    @Override
    public void close() {
        closed = true;
        batch = List.of();
    }
}

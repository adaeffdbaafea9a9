package io.cairn.api.txn;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Limits;
import io.cairn.api.MutationType;
import io.cairn.api.Range;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Transaction} that buffers its writes in memory and sends them as one
 * {@link CommitRequest} to a {@link TransactionBackend}.
 *
 * <p>Reads see the database at one read version (taken at the first read) merged with the
 * transaction's own writes, clears and atomic operations. Reads outside {@link #snapshot()} and
 * writes record conflict ranges. Size limits, the timeout, cancellation and use after commit are
 * checked here, so every {@code Database} behaves alike. Not thread-safe; methods block on the
 * backend.
 *
 * <p>Snapshot reads add no conflict ranges: two transactions that each read both of two keys only
 * through {@link #snapshot()} and each write one of them may both commit (write skew). Read
 * normally, or add a read-conflict range, wherever that matters.
 *
 * <p>The read version is registered with the backend at the first read and released at commit,
 * cancel or close, so close every transaction.
 */
public final class BufferedTransaction implements Transaction {
    private enum State { ACTIVE, COMMITTED, FAILED, CANCELLED, CLOSED }

    private final TransactionBackend backend;
    private final byte[] transactionId;
    private final WriteBuffer writes = new WriteBuffer();
    private final List<Range> readConflicts = new ArrayList<>();
    private final List<Range> writeConflicts = new ArrayList<>();
    private final ReadTransaction snapshotView = new SnapshotView();
    private long conflictBytes;
    /** The read version sent by a commit that read nothing; no check uses it. */
    private static final long NO_READ_VERSION = 0;

    private long readVersion = -1;
    private boolean readVersionHeld;
    private long committedVersion = -1;
    private long deadlineNanos;
    private long timeoutMillis;
    private State state = State.ACTIVE;

    /** A transaction over {@code backend} without a transaction id. */
    public BufferedTransaction(TransactionBackend backend) {
        this(backend, null);
    }

    /**
     * A transaction over {@code backend} whose commit carries {@code transactionId}, so that the
     * backend applies a retried commit with the same id at most once.
     */
    public BufferedTransaction(TransactionBackend backend, byte[] transactionId) {
        this.backend = backend;
        this.transactionId = transactionId == null ? null : transactionId.clone();
    }

    @Override
    public long getReadVersion() {
        checkUsable();
        if (readVersion < 0) {
            readVersion = backend.readVersion();
            readVersionHeld = true;
        }
        return readVersion;
    }

    @Override
    public byte[] get(byte[] key) {
        return get(key, true);
    }

    private byte[] get(byte[] key, boolean conflict) {
        KeyChecks.checkKey(key);
        checkUsable();
        WriteBuffer.Entry e = writes.entry(key);
        if (e != null && e.known) {
            return copy(e.value);
        }
        if (e == null && writes.isCleared(key)) {
            return null;
        }
        byte[] stored;
        if (readVersion < 0) {
            // The first read takes the read version with it: one round to a cluster instead of two.
            TransactionBackend.VersionedValue first = backend.readVersionAndGet(key);
            readVersion = first.version();
            readVersionHeld = true;
            stored = first.value();
        } else {
            stored = backend.get(key, readVersion);
        }
        if (conflict) {
            addReadConflict(Range.single(key));
        }
        return copy(e == null ? stored : e.resolve(stored));
    }

    @Override
    public List<KeyValue> getRange(Range range, int limit, boolean reverse) {
        return getRange(range, limit, reverse, true);
    }

    private List<KeyValue> getRange(Range range, int limit, boolean reverse, boolean conflict) {
        KeyChecks.checkRange(range);
        KeyChecks.checkLimit(limit);
        checkUsable();
        List<KeyValue> out = new ArrayList<>();
        try (MergingIterator it = new MergingIterator(this, writes, range.begin(), range.end(), reverse, limit)) {
            while ((limit == 0 || out.size() < limit) && it.hasNext()) {
                out.add(it.next());
            }
        }
        if (conflict && !range.isEmpty()) {
            boolean full = limit == 0 || out.size() < limit;
            if (full) {
                addReadConflict(range);
            } else if (reverse) {
                addReadConflict(new Range(out.get(out.size() - 1).key(), range.end()));
            } else {
                addReadConflict(new Range(range.begin(), Bytes.keyAfter(out.get(out.size() - 1).key())));
            }
        }
        return out;
    }

    @Override
    public KeyValueIterator iterate(Range range, boolean reverse) {
        return iterate(range, reverse, true);
    }

    private KeyValueIterator iterate(Range range, boolean reverse, boolean conflict) {
        KeyChecks.checkRange(range);
        checkUsable();
        if (conflict && !range.isEmpty()) {
            addReadConflict(range);
        }
        return new MergingIterator(this, writes, range.begin(), range.end(), reverse, 0);
    }

    @Override
    public ReadTransaction snapshot() {
        return snapshotView;
    }

    @Override
    public void set(byte[] key, byte[] value) {
        KeyChecks.checkKey(key);
        KeyChecks.checkValue(key, value);
        checkUsable();
        byte[] k = key.clone();
        writes.set(k, value.clone());
        addWriteConflict(Range.single(k));
    }

    @Override
    public void clear(byte[] key) {
        KeyChecks.checkKey(key);
        checkUsable();
        byte[] k = key.clone();
        writes.clear(k);
        addWriteConflict(Range.single(k));
    }

    @Override
    public void clear(Range range) {
        KeyChecks.checkRange(range);
        checkUsable();
        if (range.isEmpty()) {
            return;
        }
        Range r = new Range(range.begin().clone(), range.end().clone());
        writes.clearRange(r.begin(), r.end());
        addWriteConflict(r);
    }

    @Override
    public void mutate(MutationType type, byte[] key, byte[] param) {
        if (type == null) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "mutation type must not be null");
        }
        KeyChecks.checkKey(key);
        KeyChecks.checkValue(key, param);
        checkUsable();
        byte[] k = key.clone();
        writes.mutate(Mutation.Kind.of(type), k, param.clone());
        addWriteConflict(Range.single(k));
    }

    @Override
    public void addReadConflictRange(Range range) {
        KeyChecks.checkRange(range);
        checkUsable();
        if (!range.isEmpty()) {
            addReadConflict(new Range(range.begin().clone(), range.end().clone()));
        }
    }

    @Override
    public void addWriteConflictRange(Range range) {
        KeyChecks.checkRange(range);
        checkUsable();
        if (!range.isEmpty()) {
            addWriteConflict(new Range(range.begin().clone(), range.end().clone()));
        }
    }

    @Override
    public void setTimeout(Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "timeout must be zero or positive, not " + timeout);
        }
        checkUsable();
        timeoutMillis = timeout.toMillis();
        deadlineNanos = timeout.isZero() ? 0 : System.nanoTime() + timeout.toNanos();
    }

    @Override
    public void commit() {
        checkUsable();
        if (writes.mutations().isEmpty() && writeConflicts.isEmpty()) {
            state = State.COMMITTED;
            releaseReadVersion();
            return;
        }
        // Only read conflicts are checked against the read version; a transaction that read nothing
        // (blind writes, atomic operations) commits without fetching one, which remotely saves a round.
        long rv = readVersion >= 0 || !readConflicts.isEmpty() ? getReadVersion() : NO_READ_VERSION;
        CommitRequest request = new CommitRequest(rv, readConflicts, writeConflicts, writes.mutations(), transactionId);
        checkSize(request.size());
        try {
            committedVersion = backend.commit(request);
            state = State.COMMITTED;
        } catch (RuntimeException e) {
            state = State.FAILED;
            throw e;
        } finally {
            releaseReadVersion();
        }
    }

    private void releaseReadVersion() {
        if (readVersionHeld) {
            readVersionHeld = false;
            backend.releaseReadVersion(readVersion);
        }
    }

    @Override
    public long getCommittedVersion() {
        return committedVersion;
    }

    @Override
    public void cancel() {
        if (state == State.ACTIVE || state == State.FAILED) {
            state = State.CANCELLED;
        }
        releaseReadVersion();
    }

    @Override
    public void close() {
        if (state == State.ACTIVE || state == State.FAILED) {
            state = State.CLOSED;
        }
        releaseReadVersion();
    }

    /** Throws unless the transaction may still be used: not committed, cancelled, closed or timed out. */
    void checkUsable() {
        switch (state) {
            case ACTIVE:
                break;
            case COMMITTED:
                throw new CairnException(ErrorCode.INVALID_OPERATION, "transaction was already committed");
            case FAILED:
                throw new CairnException(ErrorCode.INVALID_OPERATION,
                        "transaction's commit failed; start a new transaction to retry");
            case CANCELLED:
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "transaction was cancelled");
            default:
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "transaction was closed");
        }
        if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
            throw new CairnException(ErrorCode.TRANSACTION_TIMED_OUT,
                    "transaction ran longer than its timeout of " + timeoutMillis + " ms");
        }
    }

    /** Reads one batch of the database's rows for a {@link MergingIterator}. */
    RangeBatch fetch(byte[] begin, byte[] end, int limit, boolean reverse) {
        checkUsable();
        return backend.getRange(begin, end, limit, reverse, getReadVersion());
    }

    private void addReadConflict(Range r) {
        readConflicts.add(r);
        conflictBytes += r.begin().length + r.end().length;
    }

    private void addWriteConflict(Range r) {
        writeConflicts.add(r);
        conflictBytes += r.begin().length + r.end().length;
        checkSize(writes.bytes() + conflictBytes);
    }

    private static void checkSize(long size) {
        if (size > Limits.MAX_TRANSACTION_SIZE) {
            throw new CairnException(ErrorCode.TRANSACTION_TOO_LARGE, "transaction is " + size
                    + " bytes (keys, values and conflict ranges), more than the limit of "
                    + Limits.MAX_TRANSACTION_SIZE + " bytes");
        }
    }

    private static byte[] copy(byte[] v) {
        return v == null ? null : v.clone();
    }

    /** The read-only view whose reads add no conflict ranges. */
    private final class SnapshotView implements ReadTransaction {
        @Override
        public long getReadVersion() {
            return BufferedTransaction.this.getReadVersion();
        }

        @Override
        public byte[] get(byte[] key) {
            return BufferedTransaction.this.get(key, false);
        }

        @Override
        public List<KeyValue> getRange(Range range, int limit, boolean reverse) {
            return BufferedTransaction.this.getRange(range, limit, reverse, false);
        }

        @Override
        public KeyValueIterator iterate(Range range, boolean reverse) {
            return BufferedTransaction.this.iterate(range, reverse, false);
        }

        @Override
        public ReadTransaction snapshot() {
            return this;
        }
    }
}

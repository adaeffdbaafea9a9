package io.cairn.commands.testing;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.MutationType;
import io.cairn.api.Range;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A small in-memory model of a Cairn database for command tests: serializable optimistic
 * transactions over a sorted map, with conflicts that tests can force.
 *
 * <p>Thread-safe through one lock; not fast, not durable.
 */
public final class ModelDatabase implements Database {
    /** Attempts {@link #run} makes before giving up on a retryable error. */
    public static final int MAX_ATTEMPTS = 5;

    private final TreeMap<byte[], byte[]> data = new TreeMap<>(Bytes::compare);
    private final List<Write> log = new ArrayList<>();
    private final AtomicInteger forcedConflicts = new AtomicInteger();
    private final AtomicInteger lostReplies = new AtomicInteger();
    private final AtomicInteger commits = new AtomicInteger();
    private long version;
    private boolean closed;
    private volatile long readDelayMillis;

    private record Write(long version, Range range) {}

    /** Makes the next {@code n} commits that write fail with {@code not_committed}. */
    public void forceConflicts(int n) {
        forcedConflicts.set(n);
    }

    /**
     * Makes the next {@code n} commits that write apply and then fail with
     * {@code commit_unknown_result}, as when the reply to a commit that succeeded is lost.
     */
    public void loseCommitReplies(int n) {
        lostReplies.set(n);
    }

    /** How many commit replies {@link #loseCommitReplies} still has to lose. */
    public int commitRepliesToLose() {
        return lostReplies.get();
    }

    /** Makes every {@code get} take at least {@code millis}, like a slow disk. */
    public void slowReads(long millis) {
        readDelayMillis = millis;
    }

    /** How many write transactions committed. */
    public int commits() {
        return commits.get();
    }

    /** Whether {@link #close()} was called. */
    public synchronized boolean isClosed() {
        return closed;
    }

    /** A copy of the committed data. */
    public synchronized TreeMap<byte[], byte[]> snapshot() {
        TreeMap<byte[], byte[]> copy = new TreeMap<>(Bytes::compare);
        copy.putAll(data);
        return copy;
    }

    /** The latest committed version. */
    public synchronized long version() {
        return version;
    }

    /** Writes {@code key = value} directly, as another client would, at a new version. */
    public synchronized void putDirect(byte[] key, byte[] value) {
        data.put(key, value);
        version++;
        log.add(new Write(version, Range.single(key)));
    }

    @Override
    public synchronized Transaction createTransaction() {
        if (closed) {
            throw new CairnException(ErrorCode.DATABASE_CLOSED, "closed");
        }
        return new ModelTransaction(version, snapshot());
    }

    @Override
    public <T> T run(Function<? super Transaction, T> work) {
        for (int attempt = 1; ; attempt++) {
            try (Transaction tx = createTransaction()) {
                T result = work.apply(tx);
                tx.commit();
                return result;
            } catch (CairnException e) {
                if (!e.isRetryable() || attempt == MAX_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public <T> T read(Function<? super ReadTransaction, T> work) {
        return run(work::apply);
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private synchronized long commit(long readVersion, List<Range> reads, List<Runnable> ops, List<Range> writes) {
        if (closed) {
            throw new CairnException(ErrorCode.DATABASE_CLOSED, "closed");
        }
        if (forcedConflicts.get() > 0) {
            forcedConflicts.decrementAndGet();
            throw new CairnException(ErrorCode.NOT_COMMITTED, "conflict forced by the test");
        }
        for (Write w : log) {
            if (w.version > readVersion) {
                for (Range r : reads) {
                    if (Bytes.compare(r.begin(), w.range.end()) < 0 && Bytes.compare(w.range.begin(), r.end()) < 0) {
                        throw new CairnException(ErrorCode.NOT_COMMITTED, "read conflict on " + r);
                    }
                }
            }
        }
        version++;
        for (Runnable op : ops) {
            op.run();
        }
        for (Range w : writes) {
            log.add(new Write(version, w));
        }
        commits.incrementAndGet();
        if (lostReplies.get() > 0) {
            lostReplies.decrementAndGet();
            throw new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, "reply to a commit that was applied lost by the test");
        }
        return version;
    }

    private final class ModelTransaction implements Transaction {
        private final long readVersion;
        private final TreeMap<byte[], byte[]> view;
        private final List<Range> reads = new ArrayList<>();
        private final List<Range> writes = new ArrayList<>();
        private final List<Runnable> ops = new ArrayList<>();
        private volatile boolean cancelled;
        private boolean done;
        private long committed = -1;

        ModelTransaction(long readVersion, TreeMap<byte[], byte[]> view) {
            this.readVersion = readVersion;
            this.view = view;
        }

        private void check() {
            if (cancelled) {
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "cancelled");
            }
            if (done) {
                throw new CairnException(ErrorCode.INVALID_OPERATION, "used after commit or close");
            }
        }

        @Override
        public long getReadVersion() {
            return readVersion;
        }

        @Override
        public byte[] get(byte[] key) {
            check();
            if (readDelayMillis > 0) {
                try {
                    Thread.sleep(readDelayMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted");
                }
            }
            reads.add(Range.single(key));
            return view.get(key);
        }

        @Override
        public List<KeyValue> getRange(Range range, int limit, boolean reverse) {
            check();
            reads.add(range);
            List<KeyValue> out = new ArrayList<>();
            if (range.isEmpty()) {
                return out;
            }
            NavigableMap<byte[], byte[]> sub = view.subMap(range.begin(), true, range.end(), false);
            for (Map.Entry<byte[], byte[]> e : (reverse ? sub.descendingMap() : sub).entrySet()) {
                if (limit > 0 && out.size() == limit) {
                    break;
                }
                out.add(new KeyValue(e.getKey(), e.getValue()));
            }
            return out;
        }

        @Override
        public KeyValueIterator iterate(Range range, boolean reverse) {
            Iterator<KeyValue> it = getRange(range, 0, reverse).iterator();
            return new KeyValueIterator() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public KeyValue next() {
                    return it.next();
                }

                @Override
                public void close() {
                    // Nothing held.
                }
            };
        }

        @Override
        public ReadTransaction snapshot() {
            return this;
        }

        @Override
        public void set(byte[] key, byte[] value) {
            check();
            view.put(key, value);
            writes.add(Range.single(key));
            ops.add(() -> data.put(key, value));
        }

        @Override
        public void clear(byte[] key) {
            check();
            view.remove(key);
            writes.add(Range.single(key));
            ops.add(() -> data.remove(key));
        }

        @Override
        public void clear(Range range) {
            check();
            if (range.isEmpty()) {
                return;
            }
            view.subMap(range.begin(), true, range.end(), false).clear();
            writes.add(range);
            ops.add(() -> data.subMap(range.begin(), true, range.end(), false).clear());
        }

        @Override
        public void mutate(MutationType type, byte[] key, byte[] param) {
            throw new UnsupportedOperationException("not modelled");
        }

        @Override
        public void addReadConflictRange(Range range) {
            reads.add(range);
        }

        @Override
        public void addWriteConflictRange(Range range) {
            writes.add(range);
        }

        @Override
        public void setTimeout(Duration timeout) {
            check();
        }

        @Override
        public void commit() {
            check();
            done = true;
            if (!ops.isEmpty()) {
                committed = ModelDatabase.this.commit(readVersion, Collections.unmodifiableList(reads), ops, writes);
            }
        }

        @Override
        public long getCommittedVersion() {
            return committed;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public void close() {
            done = true;
        }
    }
}

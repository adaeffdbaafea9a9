package io.cairn.core;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.Range;
import io.cairn.api.txn.AtomicOps;
import io.cairn.api.txn.CommitRequest;
import io.cairn.api.txn.KeyChecks;
import io.cairn.api.txn.Mutation;
import io.cairn.api.txn.RangeBatch;
import io.cairn.api.txn.TransactionBackend;
import io.cairn.core.Log.Rejection;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The transactional engine: versions, the MVCC window, the conflict check and the apply of log
 * records to a {@link StorageEngine}; the {@link TransactionBackend} of an embedded database.
 *
 * <p>A commit becomes one log record. The log applies records in order on one thread through
 * {@link #apply}, which checks the record's reads against writes committed after its read
 * version and either applies its mutations at the record's version or rejects it. Apply depends
 * only on the log and the backend's state, so every engine fed the same log reaches the same
 * verdicts. A {@link Checkpointer} moves versions older than the MVCC window from memory to the
 * backend. Thread-safe; commits and reads block.
 */
final class Engine implements TransactionBackend, AutoCloseable, Log.StateMachine {
    private final StorageEngine backend;
    private final Log log;
    private final VersionedStore store;
    private final ConflictHistory history = new ConflictHistory();
    private final TransactionIds ids = new TransactionIds();
    private final ReadVersions readers = new ReadVersions();
    private final Checkpointer checkpointer;
    private final long memoryBudget;
    /** Bytes of copied pairs per backend batch during a restore. */
    private static final long RESTORE_BATCH_BYTES = 4L << 20;
    /**
     * Records at or below this version are already in the backend (it was durable there when the
     * engine opened or was restored): they only rebuild the conflict history and the transaction
     * ids. A replicated log may replay such records after {@link Log#start} returns, so this holds
     * until the first record above it; -1 after that. Only the apply thread uses it.
     */
    private long recoveredDurable;
    /** The versions at or below {@link #recoveredDurable} that were rejected; null with it. */
    private Set<Long> recoveredRejected;
    /** The running maximum of the horizons stamped in records; only the apply thread writes it. */
    private volatile long horizon;
    private volatile long lastApplied;
    private volatile boolean closed;
    /** Odd while {@link #restore} replaces the state (or after it failed midway); reads check it. */
    private volatile long restoreEpoch;

    private Engine(StorageEngine backend, Log log, long durable, long windowMicros, long memoryBudget) {
        this.backend = backend;
        this.log = log;
        this.store = new VersionedStore(backend, durable);
        this.memoryBudget = memoryBudget;
        this.checkpointer = new Checkpointer(this, backend, log, store, readers, windowMicros, memoryBudget);
        this.lastApplied = durable;
    }

    /**
     * Opens an engine over {@code backend}, replaying {@code log} from the backend's durable
     * version. Blocks until recovery is done.
     *
     * @param windowMicros how long versions stay readable, in microseconds
     * @param memoryBudget bytes of recent versions held before writers are slowed
     */
    static Engine open(StorageEngine backend, Log log, long windowMicros, long memoryBudget) {
        try {
            if (backend.get(SystemKeys.DURABLE_VERSION) == null) {
                // A new backend: mark it, durably, before any commit can enter a log for it.
                backend.write(new io.cairn.storage.WriteBatch().put(SystemKeys.DURABLE_VERSION,
                        SystemKeys.encodeVersion(0)), true);
            }
            long durable = SystemKeys.readDurableVersion(backend);
            Engine e = new Engine(backend, log, durable, windowMicros, memoryBudget);
            e.recoveredDurable = durable;
            e.recoveredRejected = new HashSet<>(SystemKeys.readRejected(backend));
            log.start(e, durable);
            e.checkpointer.start();
            return e;
        } catch (StorageException ex) {
            throw Errors.of(ex);
        }
    }

    /**
     * The newest committed version, registered so that it stays readable (within the MVCC
     * window) until {@link #releaseReadVersion} is called.
     */
    @Override
    public long readVersion() {
        checkOpen();
        long epoch = beginRead();
        long v = readers.acquire(this);
        endRead(epoch);
        return v;
    }

    @Override
    public void releaseReadVersion(long version) {
        readers.release(version);
    }

    @Override
    public byte[] get(byte[] key, long version) {
        checkOpen();
        checkVersion(version);
        long epoch = beginRead();
        try {
            byte[] value = store.get(key, version);
            endRead(epoch);
            return value;
        } catch (StorageException e) {
            throw Errors.of(e);
        }
    }

    @Override
    public RangeBatch getRange(byte[] begin, byte[] end, int limit, boolean reverse, long version) {
        checkOpen();
        if (limit < 1) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "batch limit must be at least 1, not " + limit);
        }
        checkVersion(version);
        long epoch = beginRead();
        try {
            RangeBatch batch = store.getRange(begin, end, limit, reverse, version);
            endRead(epoch);
            return batch;
        } catch (StorageException e) {
            throw Errors.of(e);
        }
    }

    @Override
    public long commit(CommitRequest request) {
        try {
            return commitAsync(request).get();
        } catch (ExecutionException | CompletionException e) {
            if (e.getCause() instanceof CairnException c) {
                throw new CairnException(c.error(), c.getMessage(), c);
            }
            throw new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, "commit failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.COMMIT_UNKNOWN_RESULT, "interrupted while waiting for the commit", e);
        }
    }

    /**
     * Like {@link #commit}, without holding a thread while the log makes the record durable: the
     * future completes with the commit version, or with the {@link CairnException} that
     * {@link #commit} would throw. Blocks only while the MVCC store is over its memory budget and
     * a checkpoint makes room. Thread-safe.
     */
    @Override
    public CompletableFuture<Long> commitAsync(CommitRequest request) {
        try {
            checkOpen();
            validate(request);
            if (store.bytes() > memoryBudget) {
                checkpointer.awaitRoom(memoryBudget);
                checkOpen();
            }
        } catch (CairnException e) {
            return CompletableFuture.failedFuture(e);
        }
        byte[] record = request.encode(8);
        ByteBuffer.wrap(record).putLong(store.oldestReadable());
        return log.append(record).thenApply(outcome -> {
            if (outcome instanceof Long v) {
                return v;
            }
            Rejection r = (Rejection) outcome;
            throw new CairnException(r.code(), r.message());
        });
    }

    private static void validate(CommitRequest request) {
        for (Mutation m : request.mutations()) {
            if (m.kind() == Mutation.Kind.CLEAR_RANGE) {
                KeyChecks.checkRange(new Range(m.key(), m.param()));
            } else {
                KeyChecks.checkKey(m.key());
                KeyChecks.checkValue(m.key(), m.param());
            }
        }
        for (Range r : request.readConflicts()) {
            KeyChecks.checkRange(r);
        }
        for (Range r : request.writeConflicts()) {
            KeyChecks.checkRange(r);
        }
    }

    /**
     * Applies one log record: checks it against the conflict history and applies or rejects it.
     * Deterministic; called by the log on one thread, in version order.
     *
     * @return the commit version ({@link Long}) or a {@link Rejection}
     */
    @Override
    public Object apply(long version, byte[] record) {
        long stamped = ByteBuffer.wrap(record).getLong();
        CommitRequest req = CommitRequest.decode(record, 8);
        long h = Math.max(horizon, stamped);
        horizon = h;
        history.prune(h);
        // Versions, not the horizon: a retry may come long after the conflict window, after a failover.
        ids.expireBefore(version);
        if (recoveredDurable >= 0) {
            if (version <= recoveredDurable) {
                // Already in the backend: only rebuild the history later records are checked against.
                if (!recoveredRejected.contains(version)) {
                    for (Range w : req.writeConflicts()) {
                        history.add(w, version);
                    }
                    ids.remember(req.transactionId(), version);
                }
                lastApplied = Math.max(lastApplied, version);
                return null;
            }
            recoveredDurable = -1; // Versions only grow: every record from here on is new to the backend.
            recoveredRejected = null;
        }
        Long earlier = ids.committedVersion(req.transactionId());
        if (earlier != null) {
            return reject(version, h, earlier);
        }
        if (req.readVersion() < h && !req.readConflicts().isEmpty()) {
            return reject(version, h, new Rejection(ErrorCode.TRANSACTION_TOO_OLD, "read version "
                    + req.readVersion() + " is older than the oldest version " + h
                    + " the engine can check conflicts against; the transaction ran too long"));
        }
        for (Range r : req.readConflicts()) {
            long written = history.newestWrite(r);
            if (written > req.readVersion()) {
                return reject(version, h, new Rejection(ErrorCode.NOT_COMMITTED, "conflict: range " + r
                        + " read at version " + req.readVersion() + " was written at version " + written));
            }
        }
        Effects effects = effects(req, version);
        synchronized (store.writeLock()) {
            store.apply(effects);
        }
        for (Range w : req.writeConflicts()) {
            history.add(w, version);
        }
        ids.remember(req.transactionId(), version);
        checkpointer.applied(version, h, effects);
        lastApplied = version;
        return version;
    }

    private Object reject(long version, long h, Object outcome) {
        checkpointer.applied(version, h, null);
        lastApplied = version;
        return outcome;
    }

    /** Resolves a request's mutations, atomic operations included, into the effects at {@code version}. */
    private Effects effects(CommitRequest req, long version) {
        if (req.mutations().size() == 1) {
            Mutation m = req.mutations().get(0);
            if (m.kind() == Mutation.Kind.SET || m.kind() == Mutation.Kind.CLEAR) {
                byte[] value = m.kind() == Mutation.Kind.SET ? m.param() : null;
                return new Effects(version, List.of(), new byte[][] {m.key()}, new byte[][] {value});
            }
        }
        TreeMap<byte[], byte[]> points = new TreeMap<>(Bytes::compare);
        List<Range> clears = new ArrayList<>(0);
        for (Mutation m : req.mutations()) {
            switch (m.kind()) {
                case SET -> points.put(m.key(), m.param());
                case CLEAR -> points.put(m.key(), TOMBSTONE);
                case CLEAR_RANGE -> {
                    if (Bytes.compare(m.key(), m.param()) < 0) {
                        points.subMap(m.key(), m.param()).clear();
                        clears.add(new Range(m.key(), m.param()));
                    }
                }
                default -> {
                    byte[] current;
                    if (points.containsKey(m.key())) {
                        current = unwrap(points.get(m.key()));
                    } else if (clearedBy(clears, m.key())) {
                        current = null;
                    } else {
                        current = store.get(m.key(), Long.MAX_VALUE);
                    }
                    byte[] next = AtomicOps.apply(m.kind(), current, m.param());
                    points.put(m.key(), next == null ? TOMBSTONE : next);
                }
            }
        }
        byte[][] keys = points.keySet().toArray(new byte[0][]);
        byte[][] values = new byte[keys.length][];
        int i = 0;
        for (byte[] v : points.values()) {
            values[i++] = unwrap(v);
        }
        return new Effects(version, clears, keys, values);
    }

    private static final byte[] TOMBSTONE = new byte[0];

    private static byte[] unwrap(byte[] v) {
        return v == TOMBSTONE ? null : v;
    }

    private static boolean clearedBy(List<Range> clears, byte[] key) {
        for (Range r : clears) {
            if (r.contains(key)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the engine's state with a copy of another replica's (see
     * {@link Log.StateMachine#restore}): marks the backend as being restored, durably, replaces its
     * keys, resets what memory holds, replays {@code entries} as recovery replays a log, and
     * clears the mark. Runs on the apply thread; no checkpoint runs meanwhile.
     */
    @Override
    public void restore(java.util.Iterator<io.cairn.api.KeyValue> pairs, java.util.Iterator<Log.VersionedRecord> entries) {
        synchronized (checkpointer) {
            if ((restoreEpoch & 1) == 0) {
                restoreEpoch++;
            }
            try {
                backend.write(new io.cairn.storage.WriteBatch().put(SystemKeys.RESTORING, new byte[0]), true);
                SystemKeys.clearAllButRestoring(backend, false);
                io.cairn.storage.WriteBatch batch = new io.cairn.storage.WriteBatch();
                long bytes = 0;
                while (pairs.hasNext()) {
                    io.cairn.api.KeyValue kv = pairs.next();
                    if (java.util.Arrays.equals(kv.key(), SystemKeys.RESTORING)) {
                        continue;
                    }
                    batch.put(kv.key(), kv.value());
                    bytes += kv.key().length + kv.value().length;
                    if (bytes >= RESTORE_BATCH_BYTES) {
                        backend.write(batch, false);
                        batch = new io.cairn.storage.WriteBatch();
                        bytes = 0;
                    }
                }
                backend.write(batch, false);
                long durable = SystemKeys.readDurableVersion(backend);
                synchronized (store.writeLock()) {
                    store.reset(durable);
                }
                history.clear();
                ids.clear();
                checkpointer.reset();
                horizon = 0;
                lastApplied = durable;
                recoveredDurable = durable;
                recoveredRejected = new HashSet<>(SystemKeys.readRejected(backend));
                while (entries.hasNext()) {
                    Log.VersionedRecord e = entries.next();
                    apply(e.version(), e.record());
                }
                // A synced batch also makes the unsynced batches written before it durable.
                backend.write(new io.cairn.storage.WriteBatch().delete(SystemKeys.RESTORING), true);
                restoreEpoch++;
            } catch (StorageException e) {
                throw Errors.of(e);
            }
        }
    }

    /**
     * Deletes everything in {@code backend} when a restore from a copy did not finish there, so
     * that it opens as a new, empty replica; whether it did. Blocks.
     */
    static boolean discardUnfinishedRestore(StorageEngine backend) {
        try {
            if (backend.get(SystemKeys.RESTORING) == null) {
                return false;
            }
            SystemKeys.clearAllButRestoring(backend, false);
            backend.write(new io.cairn.storage.WriteBatch().delete(SystemKeys.RESTORING), true);
            return true;
        } catch (StorageException e) {
            throw Errors.of(e);
        }
    }

    private long beginRead() {
        long epoch = restoreEpoch;
        if ((epoch & 1) != 0) {
            throw restoringError();
        }
        return epoch;
    }

    private void endRead(long epoch) {
        if (restoreEpoch != epoch) {
            throw restoringError();
        }
    }

    private static CairnException restoringError() {
        return new CairnException(ErrorCode.UNAVAILABLE, "this replica is being replaced by a copy of another"
                + " replica's data; read from another node or try again later");
    }

    /** Whether the state is being replaced by a copy, or a replacement failed midway. */
    boolean restoring() {
        return (restoreEpoch & 1) != 0;
    }

    /** The newest applied version. */
    long lastApplied() {
        return lastApplied;
    }

    /** The running horizon of applied records. */
    long horizon() {
        return horizon;
    }

    /** The version the backend holds all data at. */
    long durableVersion() {
        return store.durableVersion();
    }

    /** Bytes of recent versions held in memory. */
    long memoryBytes() {
        return store.bytes();
    }

    /** Moves every applied version into the backend now. Blocks. */
    void checkpointAll() {
        checkpointer.checkpoint(true);
    }

    /** Refuses versions not yet committed, whose data may be half-applied. */
    private void checkVersion(long version) {
        if (version > lastApplied) {
            throw new CairnException(ErrorCode.INVALID_ARGUMENT, "read version " + version
                    + " is newer than the newest committed version " + lastApplied);
        }
    }

    /** Throws {@code database_closed} (1600) once the engine is closed. */
    void checkOpen() {
        if (closed) {
            throw new CairnException(ErrorCode.DATABASE_CLOSED, "the database is closed");
        }
    }

    /**
     * Stops the engine's threads and closes the log without the final checkpoint, leaving the
     * files as a crash would. For recovery tests.
     */
    void halt() {
        closed = true;
        checkpointer.stop();
        log.close();
    }

    /** Stops the engine: closes the log, then moves every applied version into the backend. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        checkpointer.stop();
        log.close();
        try {
            checkpointer.checkpoint(true);
        } catch (RuntimeException e) {
            System.getLogger(Engine.class.getName()).log(System.Logger.Level.WARNING,
                    "final checkpoint failed; the log will be replayed at the next open: " + e);
        }
    }
}

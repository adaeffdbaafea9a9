package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageException;
import io.cairn.storage.WriteBatch;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Moves versions that leave the MVCC window from memory into the backend in batches, records the
 * backend's durable version with them, and lets the log drop records no longer needed.
 *
 * <p>Versions leave memory once no open transaction reads them, and at the latest when older than
 * the window's duration, or sooner when memory use passes half the budget (old readers then get
 * {@code transaction_too_old}); writers wait while it passes the whole budget. Runs on its own
 * thread; thread-safe.
 */
final class Checkpointer {
    private static final long INTERVAL_MILLIS = 50;

    /** One applied record in version order; {@code effects} is null when it was rejected. */
    private record Applied(long version, long horizon, Effects effects) {}

    private final Engine engine;
    private final StorageEngine backend;
    private final Log log;
    private final VersionedStore store;
    private final ReadVersions readers;
    private final long windowMicros;
    private final long memoryBudget;
    private final ConcurrentLinkedQueue<Applied> applied = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private volatile boolean stopped;
    private volatile CairnException failure;
    private Thread thread;

    Checkpointer(Engine engine, StorageEngine backend, Log log, VersionedStore store, ReadVersions readers,
            long windowMicros, long memoryBudget) {
        this.engine = engine;
        this.backend = backend;
        this.log = log;
        this.store = store;
        this.readers = readers;
        this.windowMicros = windowMicros;
        this.memoryBudget = memoryBudget;
    }

    void start() {
        thread = new Thread(this::run, "cairn-checkpointer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Records an applied record; called by the apply thread in version order. */
    void applied(long version, long horizon, Effects effects) {
        applied.add(new Applied(version, horizon, effects));
        if (effects != null && store.bytes() > memoryBudget / 2) {
            synchronized (signal) {
                signal.notifyAll();
            }
        }
    }

    /** Forgets the applied records not yet checkpointed, whose state a restore replaced. */
    void reset() {
        applied.clear();
    }

    private void run() {
        while (!stopped) {
            try {
                checkpoint(false);
                synchronized (signal) {
                    signal.notifyAll();
                    if (!stopped && store.bytes() <= memoryBudget / 2) {
                        signal.wait(INTERVAL_MILLIS);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                failure = e instanceof CairnException c ? c
                        : new CairnException(ErrorCode.IO_ERROR, "checkpoint failed: " + e.getMessage(), e);
                log().log(Level.ERROR, "checkpoint failed; writes stop once memory is full", e);
                synchronized (signal) {
                    signal.notifyAll();
                }
                return;
            }
        }
    }

    /** Blocks while memory use exceeds {@code budget}, so that writers cannot outrun the backend. */
    void awaitRoom(long budget) {
        synchronized (signal) {
            while (store.bytes() > budget && !stopped) {
                if (failure != null) {
                    throw new CairnException(failure.error(), "cannot make room for new writes: " + failure.getMessage(),
                            failure);
                }
                signal.notifyAll();
                try {
                    signal.wait(INTERVAL_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted while waiting for memory", e);
                }
            }
        }
    }

    /**
     * Writes applied versions to the backend: all of them when {@code all}, else those older than
     * the window (or all when memory is short). Blocks on the backend.
     */
    synchronized void checkpoint(boolean all) {
        if (engine.restoring()) {
            return; // A restore that failed midway left the backend marked incomplete: leave it so.
        }
        long target;
        synchronized (readers) {
            long last = engine.lastApplied();
            if (all || store.bytes() > memoryBudget / 2) {
                target = last;
            } else {
                // Keep what open transactions read, but nothing older than the window.
                target = Math.max(newestOlderThanWindow(), Math.min(last, readers.oldest()));
            }
            if (target <= store.durableVersion()) {
                return;
            }
            // Under the monitor, so no transaction is handed a version this checkpoint passes.
            store.raiseOldestReadable(target);
        }
        long horizon = engine.horizon();
        List<Effects> flushed = new ArrayList<>();
        WriteBatch batch = new WriteBatch();
        Applied a;
        while ((a = applied.peek()) != null && a.version() <= target) {
            applied.poll();
            if (a.effects() == null) {
                batch.put(SystemKeys.rejected(a.version()), new byte[0]);
                continue;
            }
            Effects e = a.effects();
            for (var r : e.clears()) {
                batch.deleteRange(r.begin(), r.end());
            }
            for (int i = 0; i < e.keys().length; i++) {
                if (e.values()[i] == null) {
                    batch.delete(e.keys()[i]);
                } else {
                    batch.put(e.keys()[i], e.values()[i]);
                }
            }
            flushed.add(e);
        }
        Applied next = applied.peek();
        long keepFrom = Math.min(target, next != null ? next.horizon() : horizon);
        if (log.keepsRecordsForRetries()) {
            keepFrom = Math.min(keepFrom, target - TransactionIds.RETENTION_MICROS);
        }
        batch.deleteRange(SystemKeys.REJECTED, SystemKeys.rejected(keepFrom));
        batch.put(SystemKeys.DURABLE_VERSION, SystemKeys.encodeVersion(target));
        try {
            backend.write(batch, true);
        } catch (StorageException e) {
            throw Errors.of(e);
        }
        synchronized (store.writeLock()) {
            store.trim(target, flushed);
        }
        log.release(keepFrom);
    }

    /**
     * The newest applied version older than the window, or the durable version when there is
     * none. Versions are wall-clock microseconds, but only versions of records count: a read
     * version taken after a quiet spell stays readable for a whole window after the next commit.
     */
    private long newestOlderThanWindow() {
        long cutoff = System.currentTimeMillis() * 1000 - windowMicros;
        long target = store.durableVersion();
        for (Applied a : applied) {
            if (a.version() > cutoff) {
                break;
            }
            target = a.version();
        }
        return target;
    }

    /** Stops the thread; a final {@link #checkpoint} may still be called. */
    void stop() {
        stopped = true;
        synchronized (signal) {
            signal.notifyAll();
        }
        Thread t = thread;
        if (t != null) {
            try {
                t.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The logger, looked up when something is to be logged: looking it up starts the JDK's logging,
     * which a one-shot command that logs nothing should not pay for.
     */
    private static System.Logger log() {
        return System.getLogger(Checkpointer.class.getName());
    }
}

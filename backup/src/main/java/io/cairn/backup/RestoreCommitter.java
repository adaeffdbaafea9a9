package io.cairn.backup;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * Commits restore transactions on worker threads, at most {@code parallelism} at once; a
 * transaction submitted {@code alone} commits after every earlier one and before any later one.
 * Used by one thread, the restore's.
 */
final class RestoreCommitter {
    private final Database db;
    private final BooleanSupplier cancelled;
    private final Progress progress;
    private final ExecutorService pool;
    private final Semaphore slots;
    private final List<Future<?>> pending = new ArrayList<>();
    /** The first failure of any transaction, kept even after its future is dropped from {@link #pending}. */
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private int committed;

    RestoreCommitter(Database db, int parallelism, BooleanSupplier cancelled, Progress progress) {
        this.db = db;
        this.cancelled = cancelled;
        this.progress = progress;
        this.pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "cairn-restore-commit");
            t.setDaemon(true);
            return t;
        });
        this.slots = new Semaphore(parallelism);
    }

    /** Queues one transaction; {@code alone} waits for every earlier one and for this one. */
    void submit(Range clear, List<KeyValue> batch, long raw, boolean alone) {
        if (cancelled.getAsBoolean()) {
            throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "restore cancelled; see the restore "
                    + "documentation for what a partial restore leaves behind");
        }
        if (alone || failure.get() != null) {
            drain();
        }
        try {
            slots.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "restore interrupted", e);
        }
        pending.add(pool.submit(() -> {
            try {
                commit(db, clear, batch);
                progress.advance(raw);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                throw e;
            } finally {
                slots.release();
            }
        }));
        committed++;
        if (alone) {
            drain();
        }
        pending.removeIf(Future::isDone);
    }

    /** Waits for every queued transaction; rethrows the first failure. */
    void drain() {
        RuntimeException first = null;
        for (Future<?> f : pending) {
            try {
                f.get();
            } catch (ExecutionException e) {
                if (first == null) {
                    first = e.getCause() instanceof RuntimeException r ? r
                            : new CairnException(ErrorCode.INTERNAL_ERROR, "restore failed: " + e.getCause(), e);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                first = new CairnException(ErrorCode.TRANSACTION_CANCELLED, "restore interrupted", e);
            }
        }
        pending.clear();
        if (first == null) {
            first = failure.get();
        }
        if (first != null) {
            throw first;
        }
    }

    /** How many transactions were queued. */
    int committed() {
        return committed;
    }

    /** Lets transactions already committing finish, so that each one is applied whole or not at all. */
    void shutdown() {
        pool.shutdown();
        try {
            pool.awaitTermination(2, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void commit(Database db, Range clear, List<KeyValue> batch) {
        db.run(tx -> {
            if (clear != null) {
                tx.clear(clear);
            }
            for (KeyValue kv : batch) {
                tx.set(kv.key(), kv.value());
            }
            return null;
        });
    }
}

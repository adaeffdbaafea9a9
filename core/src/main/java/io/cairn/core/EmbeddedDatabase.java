package io.cairn.core;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ReadTransaction;
import io.cairn.api.Transaction;
import io.cairn.api.txn.BufferedTransaction;
import io.cairn.api.txn.RetryLoop;
import io.cairn.storage.DirectoryLock;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import io.cairn.storage.StorageException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * A {@link Database} on local disk: a storage backend in {@code <directory>/data} and a
 * write-ahead log in {@code <directory>/wal}, driven by the transactional engine.
 *
 * <p>Only one process may open a directory at a time; a second gets {@code database_locked}
 * (1601). Thread-safe.
 */
public final class EmbeddedDatabase implements Database {
    private final DatabaseConfig config;
    private final DirectoryLock lock;
    private final StorageEngine backend;
    private final LocalLog log;
    private final Engine engine;

    private EmbeddedDatabase(DatabaseConfig config, DirectoryLock lock, StorageEngine backend, LocalLog log,
            Engine engine) {
        this.config = config;
        this.lock = lock;
        this.backend = backend;
        this.log = log;
        this.engine = engine;
    }

    /**
     * Opens (creating if needed) the database described by {@code config}, recovering committed
     * transactions from the log. Blocks until recovery is done.
     *
     * @throws CairnException 1601 when another process has the directory open, 1510 when it
     *     cannot be read or created, 2000 for an unknown backend or option
     */
    public static EmbeddedDatabase open(DatabaseConfig config) {
        Path dir = config.directory().toAbsolutePath();
        DirectoryLock lock;
        try {
            lock = DirectoryLock.acquire(dir);
        } catch (StorageException e) {
            throw Errors.of(e);
        }
        StorageEngine backend = null;
        LocalLog log = null;
        try {
            backend = StorageEngines.provider(config.backend()).open(dir.resolve("data"), config.backendOptions());
            String stale = SystemKeys.isNew(backend) ? LocalLog.discard(dir.resolve("wal")) : null;
            log = new LocalLog(dir.resolve("wal"), config.sync(), config.logSegmentBytes());
            log.addWarning(stale);
            Engine engine = Engine.open(backend, log, config.mvccWindow().toNanos() / 1000, config.mvccMemoryBytes());
            return new EmbeddedDatabase(config, lock, backend, log, engine);
        } catch (StorageException e) {
            closeQuietly(log, backend, lock);
            throw Errors.of(e);
        } catch (RuntimeException e) {
            closeQuietly(log, backend, lock);
            throw e;
        }
    }

    private static void closeQuietly(LocalLog log, StorageEngine backend, DirectoryLock lock) {
        if (log != null) {
            log.close();
        }
        if (backend != null) {
            try {
                backend.close();
            } catch (RuntimeException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
        lock.close();
    }

    /** Starts a new transaction; the caller closes it. Does not block. */
    @Override
    public Transaction createTransaction() {
        engine.checkOpen();
        return new BufferedTransaction(engine);
    }

    /**
     * Runs {@code work} in a transaction and commits it, retrying retryable errors with backoff
     * as the configured {@link io.cairn.api.txn.RetryPolicy} allows. The function may run more
     * than once, so it must not change state outside the transaction. Blocks.
     */
    @Override
    public <T> T run(Function<? super Transaction, T> work) {
        return RetryLoop.run(id -> new BufferedTransaction(engine, id), config.retryPolicy(), work);
    }

    /** Runs {@code work} in a read-only transaction, retrying like {@link #run}; it may run more than once. Blocks. */
    @Override
    public <T> T read(Function<? super ReadTransaction, T> work) {
        return RetryLoop.run(id -> new BufferedTransaction(engine), config.retryPolicy(), work::apply);
    }

    /**
     * Long-lived snapshots for backups: each includes every transaction committed before it was
     * opened; opening one waits at most about one MVCC window. Thread-safe.
     */
    @Override
    public Optional<Snapshots> snapshots() {
        return Optional.of(new EmbeddedSnapshots(engine, backend, config.directory().toAbsolutePath(),
                config.mvccWindow().toMillis()));
    }

    /** Online backend compaction and a check of the backend and the write-ahead log. Thread-safe. */
    @Override
    public Optional<Maintenance> maintenance() {
        return Optional.of(new EmbeddedMaintenance(backend, config.directory().toAbsolutePath().resolve("wal")));
    }

    /** The database's state: versions, sizes and what recovery found. Thread-safe. */
    public DatabaseStatus status() {
        long size;
        try {
            size = backend.approximateSize(new byte[0], null);
        } catch (StorageException e) {
            throw Errors.of(e);
        }
        return new DatabaseStatus(config.directory().toAbsolutePath(), config.backend(), engine.lastApplied(),
                engine.durableVersion(), size, log.sizeBytes(), log.recoveryWarning());
    }

    /** The configuration the database was opened with. */
    public DatabaseConfig config() {
        return config;
    }

    /** The engine, for tests and benchmarks in this module. */
    Engine engine() {
        return engine;
    }

    /**
     * Closes the database: stops accepting commits, writes committed data to the backend, and
     * releases the directory. Blocks; idempotent.
     */
    @Override
    public void close() {
        try {
            engine.close();
        } finally {
            try {
                backend.close();
            } finally {
                lock.close();
            }
        }
    }
}

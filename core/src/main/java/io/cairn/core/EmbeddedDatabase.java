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
    private final Log log;
    private final Engine engine;

    private EmbeddedDatabase(DatabaseConfig config, DirectoryLock lock, StorageEngine backend, Log log,
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
        return open(config, (walDir, newBackend) -> {
            String stale = newBackend ? LocalLog.discard(walDir) : null;
            LocalLog local = new LocalLog(walDir, config.sync(), config.logSegmentBytes());
            local.addWarning(stale);
            return local;
        });
    }

    /** Makes the log a database's engine is fed by. */
    @FunctionalInterface
    public interface LogFactory {
        /**
         * The log kept in {@code directory}; {@code newBackend} says the backend was just created,
         * so records left from an earlier backend must not be replayed into it.
         */
        Log create(Path directory, boolean newBackend);
    }

    /**
     * Opens (creating if needed) the database described by {@code config} over the log that
     * {@code logs} makes, e.g. a replicated log on a cluster node. Blocks until recovery is done.
     *
     * @throws CairnException as {@link #open(DatabaseConfig)}
     */
    public static EmbeddedDatabase open(DatabaseConfig config, LogFactory logs) {
        Path dir = config.directory().toAbsolutePath();
        DirectoryLock lock;
        try {
            lock = DirectoryLock.acquire(dir);
        } catch (StorageException e) {
            throw Errors.of(e);
        }
        StorageEngine backend = null;
        Log log = null;
        try {
            backend = StorageEngines.provider(config.backend()).open(dir.resolve("data"), config.backendOptions());
            Engine.discardUnfinishedRestore(backend);
            log = logs.create(dir.resolve("wal"), SystemKeys.isNew(backend));
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

    private static void closeQuietly(Log log, StorageEngine backend, DirectoryLock lock) {
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

    /**
     * Opens a snapshot of everything this replica's backend holds, the engine's bookkeeping keys
     * (durable version, rejected records) included, for copying this replica to another member
     * (see {@link Log.StateMachine#restore}). Its version is the durable version it holds, which
     * includes every transaction committed before the call. Blocks like {@link Snapshots#openSnapshot()}.
     *
     * @throws CairnException {@code unavailable} (1200) while this replica is itself being replaced
     */
    public LongSnapshot openReplicaCopy() {
        return new EmbeddedSnapshots(engine, backend, config.directory().toAbsolutePath(),
                config.mvccWindow().toMillis()).open(true);
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

    /**
     * The newest committed version, without registering a reader (unlike a transaction's read
     * version, nothing keeps it readable). Does not block.
     */
    public long lastCommittedVersion() {
        return engine.lastApplied();
    }

    /** The configuration the database was opened with. */
    public DatabaseConfig config() {
        return config;
    }

    /**
     * The engine as a {@link io.cairn.api.txn.TransactionBackend}: versioned reads and commits,
     * for a server that runs client transactions against this database.
     */
    public io.cairn.api.txn.TransactionBackend transactionBackend() {
        return engine;
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

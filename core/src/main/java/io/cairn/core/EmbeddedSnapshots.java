package io.cairn.core;

import io.cairn.api.Bytes;
import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageException;
import io.cairn.storage.StorageIterator;
import io.cairn.storage.StorageSnapshot;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.NoSuchElementException;
import java.util.UUID;

/**
 * Long-lived snapshots of an embedded database: a backend snapshot taken once every version
 * committed before the request has moved from memory to the backend, read at the durable
 * version recorded inside it. Taking one never disturbs running transactions. Thread-safe.
 */
final class EmbeddedSnapshots implements Database.Snapshots {
    /** The file in the database directory that names the database. */
    static final String ID_FILE = "database-id";
    private static final long POLL_MILLIS = 10;

    private final Engine engine;
    private final StorageEngine backend;
    private final Path directory;
    private final long windowMillis;

    EmbeddedSnapshots(Engine engine, StorageEngine backend, Path directory, long windowMillis) {
        this.engine = engine;
        this.backend = backend;
        this.directory = directory;
        this.windowMillis = windowMillis;
    }

    /**
     * Opens a snapshot that includes every transaction committed before the call. Blocks until the
     * checkpointer has made those durable, which takes at most about one MVCC window; after twice
     * the window it forces a checkpoint, which makes older running transactions retry.
     */
    @Override
    public Database.LongSnapshot openSnapshot() {
        return open(false);
    }

    /** Opens a snapshot as {@link #openSnapshot()} does; with {@code raw}, its reads include the engine's bookkeeping keys. */
    Database.LongSnapshot open(boolean raw) {
        if (engine.restoring()) {
            throw new CairnException(ErrorCode.UNAVAILABLE, "this replica is being replaced by a copy of another replica's"
                    + " data; it cannot give a snapshot now");
        }
        long wanted = engine.readVersion();
        long deadline = System.nanoTime() + (2 * windowMillis + 1000) * 1_000_000;
        while (engine.durableVersion() < wanted) {
            if (System.nanoTime() > deadline) {
                engine.checkpointAll();
                break;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CairnException(ErrorCode.TRANSACTION_CANCELLED, "interrupted while opening a snapshot", e);
            }
        }
        try {
            StorageSnapshot snap = backend.snapshot();
            byte[] v = snap.get(SystemKeys.DURABLE_VERSION);
            long version = v == null ? 0 : ByteBuffer.wrap(v).getLong();
            return new Snapshot(snap, version, databaseId(), raw);
        } catch (StorageException e) {
            throw Errors.of(e);
        }
    }

    /** The database's identifier, created on first use. */
    private String databaseId() {
        Path file = directory.resolve(ID_FILE);
        try {
            try {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            } catch (NoSuchFileException e) {
                Path tmp = directory.resolve(ID_FILE + ".tmp");
                Files.writeString(tmp, UUID.randomUUID() + "\n", StandardCharsets.US_ASCII);
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
        } catch (IOException e) {
            throw new CairnException(ErrorCode.IO_ERROR, "cannot read or create " + file + ": " + e, e);
        }
    }

    private final class Snapshot implements Database.LongSnapshot {
        private final StorageSnapshot snap;
        private final long version;
        private final String id;
        private final boolean raw;

        Snapshot(StorageSnapshot snap, long version, String id, boolean raw) {
            this.snap = snap;
            this.version = version;
            this.id = id;
            this.raw = raw;
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public String databaseId() {
            return id;
        }

        @Override
        public KeyValueIterator iterate(Range range) {
            byte[] end = raw || Bytes.compare(range.end(), Range.SYSTEM_PREFIX) < 0 ? range.end() : Range.SYSTEM_PREFIX;
            try {
                return new Iter(snap.iterator(range.begin(), end, false));
            } catch (StorageException e) {
                throw Errors.of(e);
            }
        }

        @Override
        public long estimateBytes(Range range) {
            try {
                return backend.approximateSize(range.begin(), range.end());
            } catch (StorageException e) {
                return -1;
            }
        }

        @Override
        public void close() {
            snap.close();
        }
    }

    private static final class Iter implements KeyValueIterator {
        private final StorageIterator it;

        Iter(StorageIterator it) {
            this.it = it;
        }

        @Override
        public boolean hasNext() {
            try {
                return it.hasNext();
            } catch (StorageException e) {
                throw Errors.of(e);
            }
        }

        @Override
        public KeyValue next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                StorageEntry e = it.next();
                return new KeyValue(e.key(), e.value());
            } catch (StorageException e) {
                throw Errors.of(e);
            }
        }

        @Override
        public void close() {
            it.close();
        }
    }
}

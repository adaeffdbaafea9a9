package io.cairn.backup;

import io.cairn.api.Database;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.api.Transaction;

/**
 * Opens the long-lived snapshot a backup reads: the database's own when it offers
 * {@link Database.Snapshots}, else a read transaction, which stays consistent only within the
 * database's MVCC window (a longer backup then fails with {@code transaction_too_old}, 1007).
 */
final class SnapshotSource {
    /** The database identifier recorded when the database does not name itself. */
    static final String UNKNOWN_ID = "unknown";

    private SnapshotSource() {}

    /** Opens a snapshot of {@code db}; blocks briefly. */
    static Database.LongSnapshot open(Database db) {
        return db.snapshots().map(Database.Snapshots::openSnapshot).orElseGet(() -> new TransactionSnapshot(db));
    }

    private static final class TransactionSnapshot implements Database.LongSnapshot {
        private final Transaction tx;
        private final long version;

        TransactionSnapshot(Database db) {
            tx = db.createTransaction();
            version = tx.getReadVersion();
        }

        @Override
        public long version() {
            return version;
        }

        @Override
        public String databaseId() {
            return UNKNOWN_ID;
        }

        @Override
        public KeyValueIterator iterate(Range range) {
            return tx.snapshot().iterate(range, false);
        }

        @Override
        public void close() {
            tx.close();
        }
    }
}

package io.cairn.server;

import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.core.Journal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A copy of this node's replica opened for a member that must catch up: a snapshot of the whole
 * backend and a reader of the journal, which holds journal segments back while open. Lives in the
 * {@link SnapshotRegistry} like a client's snapshot and expires like one. Journal reads are
 * serialized; backend reads may run concurrently.
 */
final class ReplicaCopy implements Database.LongSnapshot {
    private final Database.LongSnapshot backend;
    private final Journal.Reader journal;
    private final long journalEnd;

    /** A copy made of {@code backend} and {@code journal}, opened when the journal ended at {@code journalEnd}. */
    ReplicaCopy(Database.LongSnapshot backend, Journal.Reader journal, long journalEnd) {
        this.backend = backend;
        this.journal = journal;
        this.journalEnd = journalEnd;
    }

    @Override
    public long version() {
        return backend.version();
    }

    @Override
    public String databaseId() {
        return backend.databaseId();
    }

    /** The version of the journal's last record when the copy was opened. */
    long journalEnd() {
        return journalEnd;
    }

    @Override
    public KeyValueIterator iterate(Range range) {
        return backend.iterate(range);
    }

    @Override
    public long estimateBytes(Range range) {
        return backend.estimateBytes(range);
    }

    /** The next journal records, up to about {@code maxBytes}, as version/record pairs. Blocks. */
    synchronized NodeService.RangeResult readJournal(int maxBytes) {
        List<KeyValue> records = new ArrayList<>();
        boolean more = journal.read(maxBytes, (version, payload) ->
                records.add(new KeyValue(ByteBuffer.allocate(8).putLong(version).array(), payload)));
        return new NodeService.RangeResult(records, more);
    }

    @Override
    public void close() {
        try {
            journal.close();
        } finally {
            backend.close();
        }
    }
}

package io.cairn.replication;

import io.cairn.api.KeyValue;
import io.cairn.core.Log;
import java.util.Iterator;
import java.util.List;

/**
 * Where a member behind its group's snapshot copies a peer's replica from: a consistent copy of
 * the peer's backend and the records its journal holds, streamed in chunks.
 */
public interface ReplicaSource {
    /**
     * Opens a copy on one of {@code peers} (client addresses, {@code host:port}) whose journal
     * reaches at least {@code minVersion}, trying them in turn. Blocks.
     *
     * @throws io.cairn.api.CairnException {@code unavailable} (1200) when no peer can give one
     */
    Copy open(long minVersion, List<String> peers);

    /** One open copy of a peer's replica. Not thread-safe; close it when done. */
    interface Copy extends AutoCloseable {
        /** The version the copied backend holds the data at. */
        long version();

        /** The peer that gives the copy. */
        String peer();

        /** Every key of the peer's backend at {@link #version()}, bookkeeping keys included, in key order. */
        Iterator<KeyValue> pairs();

        /** The peer's journal records, oldest first; read after {@link #pairs()}. */
        Iterator<Log.VersionedRecord> entries();

        /** Releases the copy on the peer. */
        @Override
        void close();
    }
}

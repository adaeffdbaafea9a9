package io.cairn.server;

import io.cairn.api.CairnException;
import io.cairn.api.KeyValue;
import io.cairn.client.protocol.Messages.Consistency;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * What a node does for clients, independent of the wire: versions, reads, commits, status and
 * administration.
 *
 * <p>Implementations are thread-safe. Failures complete the future exceptionally with a
 * {@link CairnException}; a {@link NotLeaderException} tells the client where the leader is.
 */
public interface NodeService {
    /** A read version: confirmed with a majority when linearizable, the local one when serializable. */
    CompletableFuture<Long> readVersion(Consistency consistency);

    /** The value of {@code key} at {@code version}, or {@code null}. */
    CompletableFuture<byte[]> get(long version, byte[] key);

    /** Up to {@code limit} pairs of {@code [begin, end)} at {@code version}. */
    CompletableFuture<RangeResult> getRange(long version, byte[] begin, byte[] end, int limit, boolean reverse);

    /** Commits an encoded commit request; completes with the commit version. */
    CompletableFuture<Long> commit(byte[] encodedRequest);

    /** This node's status as ordered name/value pairs. */
    Map<String, String> status();

    /** Runs an administrative command (membership changes, ...); completes with its result. */
    CompletableFuture<Map<String, String>> admin(String command, List<String> args);

    /**
     * Opens a long-lived snapshot that includes every write acknowledged before the call; it
     * stays on this node until closed or idle for the node's expiry.
     */
    default CompletableFuture<SnapshotInfo> openSnapshot() {
        return CompletableFuture.failedFuture(notOffered("long-lived snapshots"));
    }

    /**
     * Up to {@code limit} pairs of {@code [begin, end)} from open snapshot {@code id}; fails with
     * {@code invalid_argument} (2000) when no snapshot has that id.
     */
    default CompletableFuture<RangeResult> snapshotRange(long id, byte[] begin, byte[] end, int limit) {
        return CompletableFuture.failedFuture(notOffered("long-lived snapshots"));
    }

    /** Closes open snapshot {@code id}; closing one already closed or expired is not an error. */
    default CompletableFuture<Void> closeSnapshot(long id) {
        return CompletableFuture.failedFuture(notOffered("long-lived snapshots"));
    }

    /**
     * Opens a copy of this node's replica for a member that must catch up: a snapshot of its whole
     * backend, read with {@link #snapshotRange} and closed with {@link #closeSnapshot}, and a
     * reader of its journal, read with {@link #replicaJournal}.
     */
    default CompletableFuture<ReplicaCopyInfo> openReplicaCopy() {
        return CompletableFuture.failedFuture(notOffered("replica copies"));
    }

    /**
     * The next records of open replica copy {@code id}'s journal, up to about {@code maxBytes},
     * each as a pair of its version (8 bytes, big-endian) and its bytes; {@code more} says
     * whether the journal held more then.
     */
    default CompletableFuture<RangeResult> replicaJournal(long id, int maxBytes) {
        return CompletableFuture.failedFuture(notOffered("replica copies"));
    }

    /** An open replica copy: its id, the version its backend snapshot holds, and the journal's last version then. */
    record ReplicaCopyInfo(long id, long version, long journalEnd) {}

    private static CairnException notOffered(String what) {
        return new CairnException(io.cairn.api.ErrorCode.INVALID_OPERATION, "this node does not offer " + what);
    }

    /** An open snapshot: its id on this node, its version, and the database it reads. */
    record SnapshotInfo(long id, long version, String databaseId) {}

    /** Pairs of a range read, and whether the range holds more. */
    record RangeResult(List<KeyValue> pairs, boolean more) {}
}

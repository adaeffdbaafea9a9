package io.cairn.replication;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What a {@link RaftGroup} replicates: a deterministic state machine fed by the group's log.
 *
 * <p>Methods are called by the group's single Raft thread, never concurrently, and must be short:
 * they hold up the whole group.
 */
public interface ReplicatedStateMachine {
    /**
     * Applies the committed entry with sequence number {@code seq} (1, 2, 3, ... over the group's
     * life, the same on every member) and returns the answer for the proposer.
     *
     * <p>Must be deterministic. Entries whose {@code seq} is not above {@link #durableSeq()} are
     * never passed here: the group skips them, since they are already in durable storage.
     */
    byte[] apply(long seq, byte[] entry);

    /** Answers a read-only query on the leader, once its leadership is confirmed by a majority. */
    byte[] query(byte[] query);

    /** The sequence number of the last entry whose effects are durable in this member's storage. */
    long durableSeq();

    /**
     * Makes every applied entry durable and writes a small descriptor of the state, so the log up
     * to here can be discarded. Called by the Raft thread when it takes a snapshot.
     */
    void checkpoint(DataOutput out) throws IOException;

    /**
     * Installs the state described by a descriptor that another member's {@link #checkpoint} wrote:
     * when it is ahead of this member's storage, the member fetches the data from a peer. Returns
     * the sequence number the state now stands at.
     */
    long install(DataInput in) throws IOException;
}

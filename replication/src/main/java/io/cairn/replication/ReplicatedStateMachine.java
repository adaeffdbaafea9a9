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
     * Applies a committed entry and returns the answer for the proposer.
     *
     * <p>Must be deterministic. After a restart the group replays its log from the last snapshot,
     * so entries whose effects storage already holds come again: recognise them (Cairn's records
     * carry their version) and skip them.
     */
    byte[] apply(byte[] entry);

    /** Answers a read-only query on the leader, once its leadership is confirmed by a majority. */
    byte[] query(byte[] query);

    /**
     * Makes every applied entry durable and writes a small descriptor of the state, so the log up
     * to here can be discarded. Called by the Raft thread when it takes a snapshot.
     */
    void checkpoint(DataOutput out) throws IOException;

    /**
     * Installs the state described by a descriptor that another member's {@link #checkpoint} wrote:
     * when it is ahead of this member's storage, the member fetches the data from a peer. Returns
     * once this member's storage holds at least the described state.
     */
    void install(DataInput in) throws IOException;
}

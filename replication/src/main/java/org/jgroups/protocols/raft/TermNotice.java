package org.jgroups.protocols.raft;

import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.Header;
import org.jgroups.Message;

/**
 * What a member answers to a vote request or AppendEntries of an earlier term than its own: that
 * term. The sender takes it (a leader steps down), so that the next voting round starts past it,
 * as Raft's answers carrying the receiver's term make a candidate or stale leader do. jgroups-raft
 * 1.1.4 drops such messages unanswered, so a coordinator needed one failed round per term of
 * difference, and a leader never learned that a follower had moved on. Handled by
 * {@code io.cairn.replication.WatchfulElection}, under ELECTION's protocol id.
 */
public final class TermNotice extends RaftHeader {
    /** The header's magic id. */
    public static final short MAGIC_ID = 3090;

    /** For deserialisation. */
    public TermNotice() {
    }

    private TermNotice(long term) {
        super(term);
    }

    /** A notice of {@code term} for {@code dest}, under the protocol id {@code electionId}. */
    public static Message to(Address dest, short electionId, long term) {
        return new EmptyMessage(dest).putHeader(electionId, new TermNotice(term)).setFlag(Message.Flag.OOB);
    }

    @Override
    public short getMagicId() {
        return MAGIC_ID;
    }

    @Override
    public Supplier<? extends Header> create() {
        return TermNotice::new;
    }
}

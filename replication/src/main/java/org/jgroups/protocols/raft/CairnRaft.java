package org.jgroups.protocols.raft;

import org.jgroups.conf.ClassConfigurator;

/**
 * jgroups-raft's {@link RAFT} with two safety fixes: followers commit only entries known to match
 * the leader's log (see {@link VerifyingFollower}), and a leader commits only entries a majority
 * holds.
 *
 * <p>jgroups-raft 1.1.4's leader commits every entry it has appended when a batch of requests
 * holds only read-only ones ({@code RAFT.process}: {@code commitLogTo(prev_index + 1)} with no new
 * entry), so a leader that then lost its followers (paused, cut off, killed) had acknowledged
 * writes no other member held, and the next leader overwrote them. Here a leader commits at most
 * up to the highest entry of its own term that a majority acknowledged; earlier entries commit
 * with it, as Raft requires.
 *
 * <p>It lives in jgroups-raft's package because the follower logic it replaces uses the
 * protocol's package-private state. It answers to RAFT's protocol id, so it interoperates with
 * members running plain RAFT, and reports roles by their usual names.
 */
public class CairnRaft extends RAFT {
    /** A RAFT protocol whose followers and learners verify before they commit. */
    public CairnRaft() {
        setId(ClassConfigurator.getProtocolId(RAFT.class));
        impl = new VerifyingFollower(this);
    }

    /** The index of the first entry appended in this member's current leadership. */
    private long firstIndexAsLeader = Long.MAX_VALUE;

    @Override
    protected RAFT commitLogTo(long index, boolean serializeResponse) {
        long to = index;
        if (impl instanceof Leader) {
            to = commit_index;
            var table = request_table;
            for (long i = Math.min(index, last_appended); table != null && i > commit_index && i >= firstIndexAsLeader; i--) {
                if (table.isCommitted(i)) {
                    to = i;
                    break;
                }
            }
        }
        return super.commitLogTo(to, serializeResponse);
    }

    @Override
    protected RAFT changeRole(Role role) {
        RaftImpl next = switch (role) {
            case Leader -> new Leader(this);
            case Follower -> new VerifyingFollower(this);
            case Learner -> new VerifyingFollower.AsLearner(this);
        };
        RaftImpl previous = impl;
        if (previous == null || !previous.getClass().equals(next.getClass())) {
            if (previous != null) {
                previous.destroy();
            }
            firstIndexAsLeader = role == Role.Leader ? last_appended + 1 : Long.MAX_VALUE;
            next.init();
            impl = next;
            log.trace("%s: changed role from %s -> %s", local_addr, previous == null ? "null" : role(previous), role);
            notifyRoleChangeListeners(role);
        }
        return this;
    }

    @Override
    public String role() {
        return role(impl);
    }

    private static String role(RaftImpl impl) {
        if (impl instanceof VerifyingFollower.AsLearner) {
            return Role.Learner.name();
        }
        return impl instanceof VerifyingFollower ? Role.Follower.name() : impl.getClass().getSimpleName();
    }
}

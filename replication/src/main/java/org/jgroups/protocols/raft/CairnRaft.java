package org.jgroups.protocols.raft;

import org.jgroups.conf.ClassConfigurator;

/**
 * jgroups-raft's {@link RAFT} with followers that commit only entries known to match the leader's
 * log (see {@link VerifyingFollower}).
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

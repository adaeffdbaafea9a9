package io.cairn.replication;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.RAFT;

/**
 * jgroups-raft's RAFT protocol, which on the leader also catches lagging members up while
 * requests keep arriving.
 *
 * <p>RAFT 1.1.4 resends missing entries (or a snapshot, once its log is truncated past what a
 * member holds) only when its queue has been idle for the resend interval; under a steady write
 * load that never happens, so a restarted or newly added member would never catch up. This
 * protocol also does it after processing requests, at most once per resend interval, on RAFT's
 * own thread. It keeps RAFT's protocol id, so members may run either.
 */
final class ResendingRaft extends RAFT {
    private long lastResend = System.nanoTime();

    ResendingRaft() {
        // Headers are tagged with the protocol's id; RAFT's own, so that every member reads them.
        this.id = ClassConfigurator.getProtocolId(RAFT.class);
    }

    @Override
    protected void process(List<Request> requests) {
        try {
            super.process(requests);
        } finally {
            long now = System.nanoTime();
            if (now - lastResend >= TimeUnit.MILLISECONDS.toNanos(resend_interval)) {
                lastResend = now;
                if (isLeader() && commit_table != null) {
                    commit_table.forEach(this::sendAppendEntriesMessage);
                }
            }
        }
    }
}

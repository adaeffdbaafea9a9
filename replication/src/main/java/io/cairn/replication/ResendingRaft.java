package io.cairn.replication;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jgroups.protocols.raft.CairnRaft;

/**
 * Cairn's RAFT protocol ({@link CairnRaft}), which on the leader also catches lagging members up while
 * requests keep arriving.
 *
 * <p>RAFT 1.1.4 resends missing entries (or a snapshot, once its log is truncated past what a
 * member holds) only when its queue has been idle for the resend interval; under a steady write
 * load that never happens, so a restarted or newly added member would never catch up. This
 * protocol also does it after processing requests, at most once per resend interval, on RAFT's
 * own thread.
 */
final class ResendingRaft extends CairnRaft {
    private long lastResend = System.nanoTime();

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

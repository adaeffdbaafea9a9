package io.cairn.replication;

import java.util.Objects;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.CairnRaft;
import org.jgroups.protocols.raft.ELECTION;

/**
 * jgroups-raft's {@link ELECTION} with a watchdog: while a majority is in its view and no voting
 * round runs, a view coordinator that has heard nothing from a leader for {@link #SILENCE_MILLIS}
 * (none is known, or the known one sends nothing) starts a voting round; and a leader that no
 * majority has answered for as long steps down, so that the coordinator it may be elects another.
 *
 * <p>ELECTION starts rounds only on view changes. A leader cut off or stalled long enough to
 * install a view of its own steps down, and when the others never excluded it, the merge that
 * follows changes nothing for them: they kept following a leader that no longer led, and no round
 * ever started (the robustness suite found a cluster left so for twenty minutes: two members named
 * the third as leader, the third named none). Leaders send heartbeats ({@link CairnRaft}), so
 * silence means the leader is gone; a round elects the member with the most complete log, as on a
 * view change. A leader left behind at an old term (the others moved on while it was cut off; they
 * drop its messages unanswered) is itself often the view coordinator, so it must step down for the
 * round to start. It answers to ELECTION's protocol id.
 */
final class WatchfulElection extends ELECTION {
    /** How long a coordinator waits for a leader to be heard from before it starts a voting round. */
    static final long SILENCE_MILLIS = 6_000;
    private static final long CHECK_MILLIS = 1_000;

    private Future<?> watchdog;
    /** The leader the last check saw, and since when (System.nanoTime). */
    private Address watched;
    private long watchedSince;
    private long lastCheck;

    WatchfulElection() {
        setId(ClassConfigurator.getProtocolId(ELECTION.class));
    }

    @Override
    public void start() throws Exception {
        super.start();
        lastCheck = System.nanoTime();
        watchedSince = lastCheck;
        watchdog = getTransport().getTimer().scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        super.stop();
    }

    private void check() {
        long now = System.nanoTime();
        boolean late = now - lastCheck > TimeUnit.MILLISECONDS.toNanos(3 * CHECK_MILLIS);
        lastCheck = now;
        if (!late && raft.isLeader() && raft instanceof CairnRaft cairn
                && cairn.millisSinceQuorumContact() >= SILENCE_MILLIS) {
            log.warn("%s: no majority answered for %d ms as leader of term %d; stepping down", local_addr,
                    cairn.millisSinceQuorumContact(), raft.currentTerm());
            raft.setLeaderAndTerm(null);
        }
        Address leader = raft.leader();
        if (late || view == null || !isViewCoordinator() || !isMajorityAvailable() || isVotingThreadRunning()
                || !Objects.equals(leader, watched)) {
            // Start watching afresh: after a stall of this very process (paused, starved), or a change.
            watched = leader;
            watchedSince = now;
            return;
        }
        if (leader != null && leader.equals(local_addr)) {
            return;
        }
        long silent = TimeUnit.NANOSECONDS.toMillis(now - watchedSince);
        if (leader != null && raft instanceof CairnRaft cairn) {
            silent = Math.min(silent, cairn.millisSinceLeaderContact());
        }
        if (silent >= SILENCE_MILLIS) {
            log.warn("%s: no leader heard from for %d ms (leader: %s) with a majority in view %s; starting a voting round",
                    local_addr, silent, leader, view);
            watched = null;
            startVotingThread();
        }
    }
}

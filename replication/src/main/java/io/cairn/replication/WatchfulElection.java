package io.cairn.replication;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.Message;
import org.jgroups.View;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.CairnRaft;
import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.RaftHeader;
import org.jgroups.protocols.raft.TermNotice;
import org.jgroups.protocols.raft.election.VoteRequest;
import org.jgroups.raft.util.Utils;

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
 * round to start.
 *
 * <p>Elections also converge when terms have drifted apart, which jgroups-raft 1.1.4 does not
 * ensure (found by a robustness run, seed 31, that ended with no leader for a minute while two
 * members climbed past term 100,000):
 * <ul>
 *   <li>A majority counts Raft members only. ELECTION's checks outside view changes (and this
 *       watchdog, before) counted the view's size, but votes come from Raft members alone: a view
 *       holding a member that is not (yet, or any more) in this one's configuration started rounds
 *       that could only fail, one after another with no pause, each at a new term. Here no round
 *       starts without a majority of Raft members in view.
 *   <li>A failed round is followed by a randomised pause, so terms grow by a few a second at most.
 *   <li>A member that drops a vote request (here) or an AppendEntries ({@link CairnRaft}) because
 *       its own term is later answers with a {@link TermNotice}, and the sender takes that term, as
 *       Raft's answers carrying the receiver's term make it do: a coordinator starts a round past
 *       it at once; a stale leader steps down and passes the term on to the coordinator. ELECTION
 *       drops such requests silently, so a coordinator needed one round per term of difference
 *       (600 ms each) to catch up with a member that had run rounds of its own, and a leader with
 *       a majority went on without a member that had moved on.
 * </ul>
 * It answers to ELECTION's protocol id.
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
    /** Whether ELECTION asked the voting thread to stop since it started (it stops only once it may). */
    private volatile boolean stopRequested;
    /** Whether a {@link TermNotice} moved this member to a later term while a round ran. */
    private final java.util.concurrent.atomic.AtomicBoolean noticeDuringRound =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closing;

    WatchfulElection() {
        setId(ClassConfigurator.getProtocolId(ELECTION.class));
    }

    @Override
    public void start() throws Exception {
        closing = false;
        super.start();
        lastCheck = System.nanoTime();
        watchedSince = lastCheck;
        watchdog = getTransport().getTimer().scheduleWithFixedDelay(this::check, CHECK_MILLIS, CHECK_MILLIS,
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        closing = true;
        if (watchdog != null) {
            watchdog.cancel(false);
        }
        stopVotingThread();
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
        if (late || view == null || !isViewCoordinator() || !majorityInView() || isVotingThreadRunning()
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

    /** Whether the view holds a majority of this member's Raft configuration (distinct Raft ids). */
    boolean majorityInView() {
        View v = view;
        if (v == null) {
            return false;
        }
        List<String> members = raft.members();
        Set<String> present = new HashSet<>();
        for (Address a : v.getMembersRaw()) {
            String id = Utils.extractRaftId(a);
            if (id != null && members.contains(id)) {
                present.add(id);
            }
        }
        return present.size() >= raft.majority();
    }

    @Override
    public synchronized org.jgroups.protocols.raft.election.BaseElection startVotingThread() {
        if (!isVotingThreadRunning()) {
            stopRequested = false;
        }
        return super.startVotingThread();
    }

    @Override
    public synchronized org.jgroups.protocols.raft.election.BaseElection stopVotingThread() {
        stopRequested = true;
        return super.stopVotingThread();
    }

    @Override
    protected void runVotingProcess() {
        if (closing || !majorityInView() && (stopRequested || !isViewCoordinator())) {
            // Let ELECTION end the thread: it stops at once when it finds the thread interrupted.
            Thread.currentThread().interrupt();
            super.runVotingProcess();
            return;
        }
        if (!majorityInView()) {
            // The round could only fail: wait for a view with a majority (or for a stop) at the same term.
            pause(vote_timeout);
            return;
        }
        super.runVotingProcess();
        boolean noticed = noticeDuringRound.getAndSet(false);
        if (isVotingThreadRunning() && raft.leader() == null) {
            pause(ThreadLocalRandom.current().nextLong(vote_timeout / 4, vote_timeout / 2 + 1));
        } else if (noticed && raft.leader() == null) {
            // The round elected a leader at the term this member had already left for a later one: the
            // thread stopped; start another round once it is gone (never two voting threads at once).
            getTransport().getTimer().schedule(() -> {
                if (!closing && view != null && isViewCoordinator() && majorityInView() && raft.leader() == null) {
                    startVotingThread();
                }
            }, 100, TimeUnit.MILLISECONDS);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping: the voting thread's loop ends
        }
    }

    @Override
    protected void handleMessage(Message msg, RaftHeader hdr) {
        Address sender = msg.src();
        String senderId = sender == null ? null : Utils.extractRaftId(sender);
        boolean fromMember = senderId != null && raft.members().contains(senderId);
        if (hdr instanceof TermNotice) {
            long term = hdr.currTerm();
            View v = view;
            if (fromMember && v != null && term > raft.currentTerm()) {
                log.debug("%s: %s is at term %d, later than %d; taking it", local_addr, sender, term, raft.currentTerm());
                raft.currentTerm(term); // a leader steps down
                if (isViewCoordinator()) {
                    if (majorityInView()) {
                        if (isVotingThreadRunning()) {
                            noticeDuringRound.set(true);
                        } else {
                            startVotingThread(); // now, not after a silence
                        }
                    }
                } else {
                    // Rounds start on the coordinator: pass the term on, so that it starts one now.
                    Address coordinator = v.getCoord();
                    String coordinatorId = coordinator == null ? null : Utils.extractRaftId(coordinator);
                    if (coordinatorId != null && raft.members().contains(coordinatorId)) {
                        down_prot.down(TermNotice.to(coordinator, id, term));
                    }
                }
            }
            return;
        }
        if (hdr instanceof VoteRequest && fromMember && hdr.currTerm() < raft.currentTerm()) {
            // ELECTION drops it unanswered; tell the candidate the term to start from.
            down_prot.down(TermNotice.to(sender, id, raft.currentTerm()));
            return;
        }
        super.handleMessage(msg, hdr);
    }
}

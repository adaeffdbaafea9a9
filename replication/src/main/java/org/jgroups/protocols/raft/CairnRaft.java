package org.jgroups.protocols.raft;

import org.jgroups.conf.ClassConfigurator;

/**
 * jgroups-raft's {@link RAFT} with safety fixes: followers commit only entries known to match the
 * leader's log (see {@link VerifyingFollower}); a leader commits only entries a majority holds; the
 * log is guarded against the threads that share it (see {@link GuardedLog}) and its current term
 * never goes back (see {@link MonotonicFileLog}); and a member that drops an AppendEntries of an
 * earlier term tells the sender its term (see {@link TermNotice}).
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
    static {
        ClassConfigurator.add(TermNotice.MAGIC_ID, TermNotice.class); // fails loudly if the id is taken
    }

    /** ELECTION's protocol id, under which {@link TermNotice}s travel (WatchfulElection answers to it). */
    private static final short ELECTION_ID = ELECTION.ELECTION_ID;
    /** When this member last sent a {@link TermNotice} for a stale AppendEntries (System.nanoTime). */
    private volatile long lastNoticeNanos = System.nanoTime() - java.util.concurrent.TimeUnit.SECONDS.toNanos(1);
    /** A RAFT protocol whose followers and learners verify before they commit, on a {@link MonotonicFileLog}. */
    public CairnRaft() {
        setId(ClassConfigurator.getProtocolId(RAFT.class));
        impl = new VerifyingFollower(this);
        logClass(MonotonicFileLog.class.getName());
    }

    /**
     * Starts RAFT, then guards its log (see {@link GuardedLog}): from here on, ELECTION's threads
     * and RAFT's share it safely, and the term and vote on disk are the latest pair, forced.
     */
    @Override
    public void start() throws Exception {
        super.start();
        if (!(log_impl instanceof GuardedLog)) {
            Log base = log_impl instanceof org.jgroups.raft.util.LogCache cache ? cache.log() : log_impl;
            java.nio.file.Path metadata = base instanceof FileBasedLog ? java.nio.file.Path.of(log_name, "metadata.raft")
                    : null;
            log_impl = new GuardedLog(log_impl, raft_state, metadata, _log_use_fsync);
        }
    }

    /** When this member last received an AppendEntries of its current term or a later one (System.nanoTime). */
    private volatile long lastAppendEntriesNanos = System.nanoTime();

    /**
     * Milliseconds since this member last heard from a leader of its current term (or a later
     * one): any AppendEntries, including the heartbeats an idle leader sends (see
     * {@link #sendAppendEntriesMessage}).
     */
    public long millisSinceLeaderContact() {
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lastAppendEntriesNanos);
    }

    /** On a leader: when each member last answered one of its AppendEntries (System.nanoTime), by Raft id. */
    private final java.util.Map<String, Long> lastAnswerNanos = new java.util.concurrent.ConcurrentHashMap<>();
    /** On a leader: whether {@code member} answered one of its AppendEntries after {@code nanos} (System.nanoTime). */
    public boolean answeredSince(String member, long nanos) {
        Long last = lastAnswerNanos.get(member);
        return isLeader() && last != null && last - nanos > 0;
    }

    /** When this member last became the leader (System.nanoTime). */
    private volatile long leaderSinceNanos = System.nanoTime();

    /**
     * On a leader, milliseconds since a majority (itself included) last answered it: the time
     * since the least recent answer among the most recent ones a majority needs, counting from
     * when it became leader; 0 on other members. A leader every other member ignores (they moved
     * to a later term, whose messages it never receives) hears nothing back, and steps down on it
     * (see {@code io.cairn.replication.WatchfulElection}), as etcd's CheckQuorum does.
     */
    public long millisSinceQuorumContact() {
        if (!isLeader()) {
            return 0;
        }
        long since = leaderSinceNanos;
        java.util.List<Long> times = new java.util.ArrayList<>();
        for (String member : members()) {
            if (!member.equals(raftId())) {
                times.add(Math.max(since, lastAnswerNanos.getOrDefault(member, since)));
            }
        }
        int others = majority() - 1;
        if (others <= 0 || times.size() < others) {
            return 0;
        }
        times.sort(java.util.Comparator.reverseOrder());
        return java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - times.get(others - 1));
    }

    @Override
    public void handleUpRequest(org.jgroups.Message msg, RaftHeader hdr) {
        if (hdr instanceof AppendEntriesRequest && hdr.currTerm() >= currentTerm()) {
            lastAppendEntriesNanos = System.nanoTime();
        } else if ((hdr instanceof AppendEntriesRequest || hdr instanceof InstallSnapshotRequest) && hdr.currTerm() < currentTerm()
                && msg.src() != null && isMember(msg.src())) {
            // RAFT drops it unanswered: the stale leader would go on leading without this member for good.
            long now = System.nanoTime();
            if (now - lastNoticeNanos > java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(200)) {
                lastNoticeNanos = now;
                down_prot.down(TermNotice.to(msg.src(), ELECTION_ID, currentTerm()));
            }
        } else if (hdr instanceof AppendEntriesResponse && hdr.currTerm() == currentTerm() && msg.src() != null) {
            lastAnswerNanos.put(org.jgroups.raft.util.Utils.extractRaftId(msg.src()), System.nanoTime());
        }
        super.handleUpRequest(msg, hdr);
    }

    private boolean isMember(org.jgroups.Address a) {
        String raftId = org.jgroups.raft.util.Utils.extractRaftId(a);
        return raftId != null && members().contains(raftId);
    }

    /**
     * Sends {@code member} what it misses, as RAFT does, and when it misses nothing an empty
     * AppendEntries as a heartbeat (RAFT calls this for every member once per resend interval
     * while idle). jgroups-raft 1.1.4 sends nothing to an up-to-date follower, so a follower
     * cannot tell an idle leader from one that stepped down without its knowing; with heartbeats,
     * silence means the leader is gone (see {@code io.cairn.replication.WatchfulElection}).
     */
    @Override
    protected void sendAppendEntriesMessage(org.jgroups.Address member, org.jgroups.raft.util.CommitTable.Entry e) {
        boolean upToDate = e.nextIndex() >= log().firstAppended() && last_appended < e.nextIndex()
                && last_appended <= e.matchIndex() && commit_index <= e.commitIndex() && commit_index >= last_appended;
        super.sendAppendEntriesMessage(member, e);
        if (upToDate) {
            long term = currentTerm();
            down_prot.down(new org.jgroups.ObjectMessage(member, null).putHeader(id,
                    new AppendEntriesRequest(local_addr, term, 0, 0, term, commit_index)));
        }
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
            if (role == Role.Leader) {
                lastAnswerNanos.clear();
                leaderSinceNanos = System.nanoTime();
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

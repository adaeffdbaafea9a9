package org.jgroups.protocols.raft;

import static org.jgroups.protocols.raft.AppendResult.Result.FAIL_CONFLICTING_PREV_TERM;
import static org.jgroups.protocols.raft.AppendResult.Result.FAIL_ENTRY_NOT_FOUND;
import static org.jgroups.protocols.raft.AppendResult.Result.OK;

import org.jgroups.Address;

/**
 * A follower that commits, and acknowledges to the leader, only the entries it has checked
 * against the current leader's log.
 *
 * <p>jgroups-raft 1.1.4's follower (in {@link RaftImpl#handleAppendEntriesRequest}) commits up to
 * {@code min(leaderCommit, lastAppended)} on an empty AppendEntries and acknowledges its whole
 * log with {@code lastAppended}. A member that appended entries as a leader and was deposed
 * before they were replicated (killed, paused or cut off) keeps them as an unreplicated suffix; the
 * new leader writes other entries at those indexes, and the old member then committed and applied
 * its own, so replicas diverged and acknowledged writes were lost. Raft's rule is
 * {@code commitIndex = min(leaderCommit, index of last new entry)}: here the follower tracks the
 * highest index known to match the current term's leader (its commit index, then the last entry of
 * each AppendEntries whose previous entry matched) and never commits or acknowledges past it.
 */
public class VerifyingFollower extends Follower {
    /** The highest index at which this log is known to equal the leader's of {@link #matchedTerm}. */
    private long matched;
    private long matchedTerm = -1;

    /** A follower of {@code raft}. */
    public VerifyingFollower(RAFT raft) {
        super(raft);
    }

    /** The same, for a member that does not vote (a learner). */
    public static final class AsLearner extends VerifyingFollower {
        /** A learner of {@code raft}. */
        public AsLearner(RAFT raft) {
            super(raft);
        }
    }

    /** The highest index known to match the current leader's log; for tests. */
    long matchedIndex() {
        return matched;
    }

    /**
     * Installs a leader's snapshot only when this log does not already hold the snapshot's last
     * entry. jgroups-raft 1.1.4 always replaces the whole log by the snapshot, dropping the entries
     * after it, which this member may have acknowledged (a leader sends a snapshot to an up-to-date
     * follower when a stale answer moved its next index below the leader's truncated log). Raft
     * keeps such a log: the entry at the snapshot's index with the snapshot's term proves that the
     * log equals the leader's up to there.
     */
    @Override
    public void handleInstallSnapshotRequest(org.jgroups.Message msg, Address leader, long lastIncludedIndex,
                                             long lastIncludedTerm) {
        if (!holds(lastIncludedIndex, lastIncludedTerm)) {
            super.handleInstallSnapshotRequest(msg, leader, lastIncludedIndex, lastIncludedTerm);
            return;
        }
        raft.leader(leader);
        long term = raft.currentTerm();
        if (term != matchedTerm) {
            matchedTerm = term;
            matched = raft.commitIndex();
        }
        matched = Math.max(matched, lastIncludedIndex);
        raft.commitLogTo(lastIncludedIndex, false); // the leader committed the entries its snapshot covers
        AppendResult result = new AppendResult(OK, matched).commitIndex(raft.commitIndex());
        raft.getDownProtocol().down(new org.jgroups.EmptyMessage(leader).putHeader(raft.getId(),
                new AppendEntriesResponse(term, result)));
    }

    /** Whether this log holds the entry at {@code index} from {@code term} (committed entries always match). */
    boolean holds(long index, long term) {
        if (index <= raft.commitIndex()) {
            return true;
        }
        LogEntry e = raft.log_impl.get(index);
        return e != null && e.term() == term;
    }

    @Override
    public AppendResult handleAppendEntriesRequest(LogEntries entries, Address leader, long prevIndex, long prevTerm,
                                                   long entryTerm, long leaderCommit) {
        raft.leader(leader);
        long term = raft.currentTerm();
        if (term != matchedTerm) {
            // Committed entries are in every later leader's log; nothing beyond them is known to be.
            matchedTerm = term;
            matched = raft.commitIndex();
        }
        matched = Math.max(matched, raft.commitIndex());
        long first = prevIndex + 1;
        if (entries == null || entries.size() == 0 || first + entries.size() - 1 <= raft.commitIndex()) {
            raft.commitLogTo(Math.min(leaderCommit, matched), false);
            return new AppendResult(OK, matched).commitIndex(raft.commitIndex());
        }
        // A committed entry matches every later leader's; it may also be gone from a log truncated at a snapshot.
        boolean prevCommitted = prevIndex <= raft.commitIndex();
        LogEntry prev = prevCommitted ? null : raft.log_impl.get(prevIndex);
        if (!prevCommitted && prev == null) {
            raft.num_failed_append_requests_not_found++;
            return new AppendResult(FAIL_ENTRY_NOT_FOUND, raft.lastAppended());
        }
        if (prevCommitted || prev.term() == prevTerm) {
            long index = first;
            long appended = 0;
            LogEntries rest = null;
            for (LogEntry e : entries) {
                if (rest != null) {
                    rest.add(e);
                } else if (index > raft.commitIndex()) {
                    LogEntry existing = raft.log_impl.get(index);
                    if (existing == null || existing.term() != e.term()) {
                        if (existing != null) {
                            raft.deleteAllLogEntriesStartingFrom(index);
                        }
                        rest = new LogEntries().add(e);
                        appended = index;
                    }
                }
                index++;
            }
            if (rest != null && raft.append(appended, rest)) {
                raft.num_successful_append_requests += rest.size();
            }
            long last = prevIndex + entries.size();
            if (raft.lastAppended() >= last) {
                matched = Math.max(matched, last);
            }
            raft.commitLogTo(Math.min(leaderCommit, matched), false);
            return new AppendResult(OK, matched).commitIndex(raft.commitIndex());
        }
        raft.num_failed_append_requests_wrong_term++;
        long conflicting = getFirstIndexOfConflictingTerm(prevIndex, prev.term());
        if (conflicting <= raft.commitIndex()) {
            raft.getLog().error("%s: cannot delete entries <= %d as commit_index is higher: log=%s",
                    raft.getAddress(), conflicting, raft.log_impl);
            conflicting = raft.lastAppended();
        } else {
            raft.deleteAllLogEntriesStartingFrom(conflicting);
        }
        return new AppendResult(FAIL_CONFLICTING_PREV_TERM, conflicting, prev.term()).commitIndex(raft.commitIndex());
    }
}

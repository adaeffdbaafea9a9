package org.jgroups.protocols.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.DataInput;
import java.io.DataOutput;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.protocols.SHARED_LOOPBACK_PING;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.raft.RaftHandle;
import org.jgroups.raft.StateMachine;
import org.jgroups.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A follower holding entries of a deposed leader that were never replicated (the leader was
 * killed, paused or cut off right after appending them) must not commit them when the next leader
 * says its commit index has passed their indexes: that leader wrote other entries there.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class VerifyingFollowerTest {
    private final List<String> applied = new ArrayList<>();
    /** Whether a snapshot replaced the state machine's content. */
    private volatile boolean restored;
    private JChannel channel;
    private RAFT raft;

    @AfterEach
    void close() {
        if (channel != null) {
            channel.close();
        }
    }

    /** One member "a" of the group {a, b, c}, driven by calling its follower directly, as a leader's messages would. */
    private RaftImpl follower(Supplier<RAFT> protocol) throws Exception {
        raft = protocol.get().members(List.of("a", "b", "c")).raftId("a").logClass(InMemoryLog.class.getName())
                .logPrefix("verifying-" + System.nanoTime()).resendInterval(600_000);
        channel = new JChannel(new SHARED_LOOPBACK(), new SHARED_LOOPBACK_PING(), new NAKACK2(), new UNICAST3(),
                new STABLE(), new GMS().setJoinTimeout(100), raft);
        new RaftHandle(channel, new Recorder());
        channel.connect("verifying-follower-" + System.nanoTime());
        return raft.impl();
    }

    private static LogEntries entries(long term, String... commands) {
        LogEntries e = new LogEntries();
        for (String c : commands) {
            e.add(new LogEntry(term, c.getBytes(StandardCharsets.UTF_8)));
        }
        return e;
    }

    /** Term 1: leader x replicates a1..a3 here but commits only a1; then y leads term 2. */
    private RaftImpl followerWithUnreplicatedSuffix(Supplier<RAFT> protocol) throws Exception {
        RaftImpl f = follower(protocol);
        Address x = UUID.randomUUID();
        raft.setLeaderAndTerm(x, 1);
        f = raft.impl();
        f.handleAppendEntriesRequest(entries(1, "a1", "a2", "a3"), x, 0, 0, 1, 1);
        assertEquals(List.of("a1"), applied);
        raft.setLeaderAndTerm(UUID.randomUUID(), 2);
        return raft.impl();
    }

    @Test
    void followerHoldingADeposedLeadersEntriesDoesNotCommitThemOnAHeartbeat() throws Exception {
        RaftImpl f = followerWithUnreplicatedSuffix(CairnRaft::new);
        Address y = raft.leader();
        // y committed its own b2, b3 at indexes 2 and 3 with another member, and says so in a heartbeat.
        AppendResult heartbeat = f.handleAppendEntriesRequest(null, y, 0, 0, 2, 3);
        assertEquals(List.of("a1"), applied, "a2 and a3 were never committed by anyone");
        assertEquals(1, heartbeat.index(), "only index 1 is known to match y's log");
        AppendResult append = f.handleAppendEntriesRequest(entries(2, "b2", "b3"), y, 1, 1, 2, 3);
        assertEquals(AppendResult.Result.OK, append.result);
        assertEquals(3, append.index());
        assertEquals(List.of("a1", "b2", "b3"), applied);
    }

    @Test
    void followerAcknowledgesOnlyWhatItCheckedAgainstTheNewLeader() throws Exception {
        RaftImpl f = followerWithUnreplicatedSuffix(CairnRaft::new);
        Address y = raft.leader();
        // y resends the committed a1: the answer must not claim a2 and a3, which y would count as its own.
        AppendResult r = f.handleAppendEntriesRequest(entries(1, "a1"), y, 0, 0, 1, 1);
        assertEquals(1, r.index());
        // y's entry 2 is from term 2: a2 is replaced, a3 dropped with it.
        r = f.handleAppendEntriesRequest(entries(2, "b2"), y, 1, 1, 2, 2);
        assertEquals(2, r.index());
        assertEquals(2, raft.lastAppended());
        assertEquals(List.of("a1", "b2"), applied);
    }

    @Test
    void followerHoldingTheSnapshotsLastEntryKeepsItsLogAndTheEntriesItAcknowledged() throws Exception {
        RaftImpl f = follower(CairnRaft::new);
        Address x = UUID.randomUUID();
        raft.setLeaderAndTerm(x, 1);
        f = raft.impl();
        AppendResult acked = f.handleAppendEntriesRequest(entries(1, "a1", "a2", "a3"), x, 0, 0, 1, 1);
        assertEquals(3, acked.index(), "a1..a3 acknowledged");
        // A stale answer made x fall back below its truncated log: it sends a snapshot at index 2.
        f.handleInstallSnapshotRequest(snapshot(), x, 2, 1);
        assertEquals(3, raft.lastAppended(), "a3, acknowledged, stays in the log");
        assertEquals(false, restored, "the state machine is not replaced");
        assertEquals(List.of("a1", "a2"), applied, "what the snapshot covers is committed");
    }

    @Test
    void followerLackingTheSnapshotsLastEntryInstallsIt() throws Exception {
        RaftImpl f = follower(CairnRaft::new);
        Address x = UUID.randomUUID();
        raft.setLeaderAndTerm(x, 2);
        f = raft.impl();
        f.handleAppendEntriesRequest(entries(1, "a1"), x, 0, 0, 1, 0);
        f.handleInstallSnapshotRequest(snapshot(), x, 5, 2);
        assertEquals(true, restored);
        assertEquals(5, raft.lastAppended());
        assertEquals(5, raft.commitIndex());
    }

    /** A snapshot as a leader sends it: the persistent state, then the (empty) state machine's content. */
    private org.jgroups.Message snapshot() throws Exception {
        org.jgroups.util.ByteArrayDataOutputStream out = new org.jgroups.util.ByteArrayDataOutputStream();
        raft.internal_state.writeTo(out);
        return new org.jgroups.BytesMessage(null, out.buffer(), 0, out.position());
    }

    @Test
    void rolesKeepTheirUsualNames() throws Exception {
        follower(CairnRaft::new);
        raft.setLeaderAndTerm(UUID.randomUUID(), 1);
        assertSame(VerifyingFollower.class, raft.impl().getClass());
        assertEquals("Follower", raft.role());
        raft.changeRole(Role.Learner);
        assertEquals("Learner", raft.role());
        raft.changeRole(Role.Leader);
        assertEquals("Leader", raft.role());
    }

    /**
     * The pinned jgroups-raft (1.1.4) has the flaw {@link VerifyingFollower} works around; when an
     * upgrade fixes it, this fails, and the workaround can go.
     */
    @Test
    void stockFollowerOfThePinnedJgroupsRaftCommitsADeposedLeadersEntries() throws Exception {
        RaftImpl f = followerWithUnreplicatedSuffix(RAFT::new);
        f.handleAppendEntriesRequest(null, raft.leader(), 0, 0, 2, 3);
        assertEquals(List.of("a1", "a2", "a3"), applied);
    }

    /** Records the commands applied, in order. */
    private final class Recorder implements StateMachine {
        @Override
        public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) {
            applied.add(new String(data, offset, length, StandardCharsets.UTF_8));
            return null;
        }

        @Override
        public void readContentFrom(DataInput in) {
            restored = true;
        }

        @Override
        public void writeContentTo(DataOutput out) {
            // Nothing to save.
        }
    }
}

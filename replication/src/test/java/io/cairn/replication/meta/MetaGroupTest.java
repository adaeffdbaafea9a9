package io.cairn.replication.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.replication.partition.PartitionMap;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MetaGroupTest {
    private static final long TIMEOUT = 10_000;
    private static final Map<String, String> NODES = Map.of("a", "127.0.0.1:4500", "b", "127.0.0.1:4501",
            "c", "127.0.0.1:4502");

    @TempDir
    Path dir;

    private static void awaitState(MetaGroup g, MetaState expected) throws InterruptedException {
        for (int i = 0; i < 500 && !g.localState().equals(expected); i++) {
            Thread.sleep(20);
        }
        assertEquals(expected, g.localState(), "member " + g.raft().member());
    }

    @Test
    void everyMemberAppliesTheSameStateAndOnlyTheLeaderAnswers() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            assertEquals(MetaState.EMPTY, leader.read(TIMEOUT));
            MetaState s = leader.propose(new MetaCommand.Init(NODES), TIMEOUT);
            assertEquals(List.of("a", "b", "c"), s.map().partitions().get(0).replicas());
            s = leader.propose(new MetaCommand.ChangeMap(1, s.map().split(0, "m".getBytes(StandardCharsets.UTF_8))),
                    TIMEOUT);
            assertEquals(2, s.epoch());
            for (MetaGroup g : groups.members) {
                awaitState(g, s);
            }
            MetaGroup follower = groups.members.stream().filter(g -> g != leader).findFirst().orElseThrow();
            CairnException notLeader = assertThrows(CairnException.class, () -> follower.read(TIMEOUT));
            assertEquals(ErrorCode.WRONG_LEADER, notLeader.error());
            assertTrue(notLeader.getMessage().contains(leader.raft().member()), notLeader.getMessage());
            CairnException notLeaderToo = assertThrows(CairnException.class,
                    () -> follower.propose(new MetaCommand.ReserveTimestamps(5), TIMEOUT));
            assertEquals(ErrorCode.WRONG_LEADER, notLeaderToo.error());
        }
    }

    /** A command this version cannot decode is not skipped (members would part): every member reports it. */
    @Test
    void aCommittedCommandThatCannotBeDecodedIsAnApplyFailureOnEveryMemberNotASilentSkip() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            MetaState s = leader.propose(new MetaCommand.Init(NODES), TIMEOUT);
            try {
                leader.raft().propose(new byte[] {(byte) 0x7F, 6, 1, 2, 3}).get(TIMEOUT, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.ExecutionException expected) {
                // the leader's apply failed too
            }
            for (int i = 0; i < 500 && groups.applyFailures.size() < 3; i++) {
                Thread.sleep(20);
            }
            assertEquals(3, groups.applyFailures.size(), groups.applyFailures.toString());
            assertEquals(List.of("a", "b", "c"), groups.applyFailures.stream().map(f -> f.substring(0, 1)).sorted()
                    .toList());
            for (MetaGroup g : groups.members) {
                assertEquals(s, g.localState(), "member " + g.raft().member());
            }
        }
    }

    @Test
    void aStaleEpochIsRefusedThroughTheGroupAndChangesNothing() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            MetaState s = leader.propose(new MetaCommand.Init(NODES), TIMEOUT);
            PartitionMap first = s.map().split(0, "m".getBytes(StandardCharsets.UTF_8));
            PartitionMap rival = s.map().split(0, "f".getBytes(StandardCharsets.UTF_8));
            MetaState after = leader.propose(new MetaCommand.ChangeMap(1, first), TIMEOUT);
            CairnException stale = assertThrows(CairnException.class,
                    () -> leader.propose(new MetaCommand.ChangeMap(1, rival), TIMEOUT));
            assertEquals(ErrorCode.NOT_COMMITTED, stale.error());
            assertTrue(stale.getMessage().contains("epoch"), stale.getMessage());
            assertEquals(after, leader.read(TIMEOUT));
            assertEquals(first, leader.read(TIMEOUT).map());
        }
    }

    @Test
    void aNewLeaderHasTheStateAfterTheLeaderLeaves() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            MetaState s = leader.propose(new MetaCommand.Init(NODES), TIMEOUT);
            s = leader.propose(new MetaCommand.ReserveTimestamps(1234), TIMEOUT);
            groups.stop(groups.indexOf(leader));
            MetaGroup next = groups.awaitLeader();
            assertNotSame(leader, next);
            assertEquals(s, next.read(TIMEOUT));
            MetaState removed = next.propose(new MetaCommand.RemoveNode(leader.raft().member()), TIMEOUT);
            assertEquals(2, removed.map().partitions().get(0).replicas().size());
        }
    }

    @Test
    void theStateSurvivesARestartOfEveryMemberFromDiskWithAndWithoutASnapshot() throws Exception {
        MetaState expected;
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            leader.propose(new MetaCommand.Init(NODES), TIMEOUT);
            leader.propose(new MetaCommand.AddNode("d", "127.0.0.1:4503"), TIMEOUT);
            // Half the members truncate their log at a snapshot, so both ways back are taken.
            groups.members.get(0).raft().snapshot();
            groups.members.get(1).raft().snapshot();
            expected = leader.propose(new MetaCommand.ReserveTimestamps(99), TIMEOUT);
            for (MetaGroup g : groups.members) {
                awaitState(g, expected);
            }
            for (int i = 0; i < 3; i++) {
                groups.stop(i);
            }
            for (int i = 0; i < 3; i++) {
                groups.start(i);
            }
            for (MetaGroup g : groups.members) {
                awaitState(g, expected);
            }
            assertEquals(expected, groups.awaitLeader().read(TIMEOUT));
            assertEquals(List.of("a", "b", "c", "d"), expected.map().partitions().get(0).replicas());
        }
    }
}

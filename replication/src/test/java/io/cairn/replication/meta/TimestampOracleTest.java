package io.cairn.replication.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TimestampOracleTest {
    private static final long TIMEOUT = 10_000;
    private static final long BATCH = 100;

    @TempDir
    Path dir;

    @Test
    void timestampsGrowStrictlyAcrossBatchesLeaderChangesAndRestarts() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            leader.propose(new MetaCommand.Init(Map.of("a", "h:1", "b", "h:2", "c", "h:3")), TIMEOUT);
            TimestampOracle oracle = new TimestampOracle(leader, BATCH);
            long last = -1;
            // Several batches on one leader: consecutive, and the limit is reserved ahead in the log.
            for (int i = 0; i < 250; i++) {
                long t = oracle.next(1, TIMEOUT);
                assertTrue(t > last, t + " after " + last);
                last = t;
            }
            assertTrue(leader.read(TIMEOUT).timestampLimit() > last, "the reserved limit is ahead of what was handed out");
            long range = oracle.next(50, TIMEOUT);
            assertTrue(range > last);
            last = range + 49;

            groups.stop(groups.indexOf(leader));
            MetaGroup next = groups.awaitLeader();
            TimestampOracle after = new TimestampOracle(next, BATCH);
            long t = after.next(1, TIMEOUT);
            assertTrue(t > last, "the new leader's first timestamp " + t + " is above the old leader's last " + last);
            last = t;

            // The old member comes back, and every member restarts from disk: still above.
            for (int i = 0; i < 3; i++) {
                if (groups.members.get(i) != null) {
                    groups.stop(i);
                }
            }
            for (int i = 0; i < 3; i++) {
                groups.start(i);
            }
            MetaGroup restarted = groups.awaitLeader();
            long r = new TimestampOracle(restarted, BATCH).next(1, TIMEOUT);
            assertTrue(r > last, r + " after a restart, " + last + " before");
        }
    }

    @Test
    void aLimitReservedByAnotherOracleInTheSameTermIsSkipped() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            leader.propose(new MetaCommand.Init(Map.of("a", "h:1", "b", "h:2", "c", "h:3")), TIMEOUT);
            TimestampOracle oracle = new TimestampOracle(leader, BATCH);
            long before = oracle.next(1, TIMEOUT);
            // No leader change: another oracle reserves, as a leader elected in between would, raising the limit.
            leader.propose(new MetaCommand.ReserveTimestamps(before + 10 * BATCH), TIMEOUT);
            long t = oracle.next(1, TIMEOUT);
            assertTrue(t >= before + 10 * BATCH, t + " must not be below the limit another leader reserved");
        }
    }

    @Test
    void aFollowerHandsOutNothingAndBadCountsAreRefused() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            leader.propose(new MetaCommand.Init(Map.of("a", "h:1", "b", "h:2", "c", "h:3")), TIMEOUT);
            MetaGroup follower = groups.members.stream().filter(g -> g != leader).findFirst().orElseThrow();
            CairnException e = assertThrows(CairnException.class, () -> new TimestampOracle(follower).next(1, TIMEOUT));
            assertEquals(ErrorCode.WRONG_LEADER, e.error());
            assertEquals(ErrorCode.INVALID_ARGUMENT, assertThrows(CairnException.class,
                    () -> new TimestampOracle(leader).next(0, TIMEOUT)).error());
        }
    }

    /** Hands out {@code n} timestamps on {@code oracle}, each above {@code last}; the last of them. */
    private static long handOut(TimestampOracle oracle, int n, long last, String where) {
        for (int i = 0; i < n; i++) {
            long t = oracle.next(1, TIMEOUT);
            assertTrue(t > last, where + ": " + t + " after " + last);
            last = t;
        }
        return last;
    }

    private static MetaGroup awaitLeaderAmong(List<MetaGroup> candidates, long millis) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < end) {
            for (MetaGroup g : candidates) {
                if (g != null && g.raft().isLeader()) {
                    return g;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no leader among " + candidates.size() + " members within " + millis + " ms");
    }

    /**
     * A real change of leader: A hands out timestamps, is cut off from the others and hands out
     * nothing while B, elected by the majority, hands out more; after healing, A leads again with the
     * same oracle (its batch from before is stale) and every timestamp is still above all before it.
     */
    @Test
    void aLeaderCutOffHandsOutNothingWhileTheNewLeaderServesAndAfterRegainingLeadershipStaysAboveIt()
            throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup a = groups.awaitLeader();
            int ai = groups.indexOf(a);
            a.propose(new MetaCommand.Init(Map.of("a", "h:1", "b", "h:2", "c", "h:3")), TIMEOUT);
            TimestampOracle oracleA = new TimestampOracle(a, BATCH);
            long last = handOut(oracleA, 30, 0, "A before the cut");

            a.raft().cutOffFrom(groups.hostsBut(ai));
            // Right after the cut A still takes itself for the leader, with most of its batch left.
            assertTrue(a.raft().isLeader());
            CairnException cut = assertThrows(CairnException.class, () -> oracleA.next(1, 2_000));
            assertTrue(cut.isRetryable(), cut.toString());
            List<MetaGroup> others = new java.util.ArrayList<>(groups.members);
            others.remove(a);
            MetaGroup b = awaitLeaderAmong(others, 30_000);
            TimestampOracle oracleB = new TimestampOracle(b, BATCH);
            last = handOut(oracleB, 30, last, "B while A is cut off");
            // Deposed, whether or not it has noticed yet: it hands out nothing while B serves.
            CairnException deposed = assertThrows(CairnException.class, () -> oracleA.next(1, 2_000));
            assertTrue(deposed.isRetryable(), deposed.toString());
            last = handOut(oracleB, 30, last, "B after A's refusal");

            a.raft().cutOffFrom(List.of());
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // A leads again: stop whoever else leads (A's log has caught up by then), until A is elected.
            while (!a.raft().isLeader()) {
                assertTrue(System.nanoTime() < end, "A did not lead again within 60 s");
                MetaGroup leader = awaitLeaderAmong(groups.members, 30_000);
                if (leader == a) {
                    break;
                }
                int li = groups.indexOf(leader);
                long caughtUp = leader.raft().commitIndex();
                long wait = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (a.raft().lastApplied() < caughtUp && System.nanoTime() < wait) {
                    Thread.sleep(20);
                }
                groups.stop(li);
                MetaGroup next = awaitLeaderAmong(groups.members, 30_000);
                if (next != a) {
                    last = handOut(new TimestampOracle(next, BATCH), 5, last, "a member elected on the way back");
                }
                groups.start(li);
            }
            last = handOut(oracleA, 30, last, "A leading again, with its oracle from before");
            assertTrue(last > 0);
        }
    }
}

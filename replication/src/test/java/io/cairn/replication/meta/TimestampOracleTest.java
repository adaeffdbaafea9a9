package io.cairn.replication.meta;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import java.nio.file.Path;
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
    void aLeaderThatLostAndRegainedLeadershipSkipsWhatOthersReserved() throws Exception {
        try (MetaGroups groups = new MetaGroups(dir)) {
            MetaGroup leader = groups.awaitLeader();
            leader.propose(new MetaCommand.Init(Map.of("a", "h:1", "b", "h:2", "c", "h:3")), TIMEOUT);
            TimestampOracle oracle = new TimestampOracle(leader, BATCH);
            long before = oracle.next(1, TIMEOUT);
            // Another leader's reservation, as one elected in between would make, raises the limit.
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
}

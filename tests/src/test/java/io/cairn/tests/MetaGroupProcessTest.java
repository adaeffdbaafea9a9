package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.replication.partition.PartitionMap;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes: every node runs a member of the meta group, the map survives SIGKILL of the
 * meta leader's process, and timestamps keep growing across the leader change and its restart.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class MetaGroupProcessTest {
    @TempDir
    Path dir;

    /** Runs an admin command on {@code m}, retrying retryable failures for up to 60 s. */
    private static Map<String, String> admin(LocalCluster cluster, LocalCluster.Member m, String command,
                                             String... args) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return cluster.admin(m, command, List.of(args));
            } catch (CairnException e) {
                if (!e.isRetryable() || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
    }

    private static PartitionMap map(Map<String, String> answer) {
        return PartitionMap.decode(Base64.getDecoder().decode(answer.get("map")));
    }

    private static long timestamp(LocalCluster cluster, LocalCluster.Member m) throws InterruptedException {
        return Long.parseLong(admin(cluster, m, "timestamps", "3").get("first"));
    }

    @Test
    void theMapSurvivesTheMetaLeadersSigkillAndTimestampsKeepGrowing() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            cluster.startAll();
            long last = 0;
            for (LocalCluster.Member m : cluster.members()) {
                PartitionMap map = map(admin(cluster, m, "partitions"));
                assertEquals(List.of("n1", "n2", "n3"), map.partitions().get(0).replicas());
                assertEquals(1, map.epoch());
                long t = timestamp(cluster, m);
                assertTrue(t > last, t + " after " + last);
                last = t + 2;
            }
            String leaderName = cluster.statusOrEmpty(cluster.member(0)).get("meta_leader");
            LocalCluster.Member leader = cluster.members().stream().filter(m -> m.name.equals(leaderName)).findFirst()
                    .orElse(null);
            assertNotNull(leader, "meta leader " + leaderName);
            cluster.kill(leader);
            for (LocalCluster.Member m : cluster.members()) {
                if (m != leader) {
                    assertEquals(1, map(admin(cluster, m, "partitions")).epoch());
                    long t = timestamp(cluster, m);
                    assertTrue(t > last, "after the SIGKILL of " + leaderName + ": " + t + ", before: " + last);
                    last = t + 2;
                }
            }
            cluster.restart(leader);
            LocalCluster.awaitListening(leader, 60_000);
            long t = timestamp(cluster, leader);
            assertTrue(t > last, "through the restarted " + leaderName + ": " + t + ", before: " + last);
            Map<String, String> status = cluster.statusOrEmpty(leader);
            assertEquals("n1,n2,n3", status.get("meta_members"), status.toString());
            assertEquals("1", status.get("map_epoch"), status.toString());
        }
    }
}

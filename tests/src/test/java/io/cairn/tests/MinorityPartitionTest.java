package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.api.txn.RetryPolicy;
import io.cairn.client.RemoteDatabase;
import io.cairn.client.protocol.Messages;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 3-node cluster of real processes with one node cut off from the other two by fault injection
 * in the Raft groups' transport: the minority refuses writes and stale linearizable reads, the
 * majority serves, and after healing the minority catches up with nothing acknowledged lost.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MinorityPartitionTest {
    /** The minority client's per-request timeout; the first attempt must fail within about it. */
    private static final int MINORITY_TIMEOUT_MILLIS = 4_000;
    private static final byte[] KEY = b("register");

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String s(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static RemoteDatabase clientOf(List<LocalCluster.Member> nodes, Messages.Consistency consistency,
                                           int timeoutMillis, RetryPolicy retries) {
        List<InetSocketAddress> addresses = new ArrayList<>();
        nodes.forEach(m -> addresses.add(m.client()));
        return RemoteDatabase.connect(RemoteDatabase.Options.of(addresses).withConsistency(consistency)
                .withRequestTimeoutMillis(timeoutMillis).withRetryPolicy(retries));
    }

    private static void put(RemoteDatabase db, byte[] key, byte[] value) {
        db.run(tx -> {
            tx.set(key, value);
            return null;
        });
    }

    @Test
    void leaderCutOffFromTheOthersRefusesWritesAndStaleReadsAndCatchesUpAfterHealing() throws Exception {
        cutOffOneNode(true);
    }

    @Test
    void followerCutOffFromTheOthersRefusesWritesAndStaleReadsAndCatchesUpAfterHealing() throws Exception {
        cutOffOneNode(false);
    }

    private void cutOffOneNode(boolean leader) throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3); RemoteDatabase all = cluster.client()) {
            cluster.startAll();
            LocalCluster.Member first = cluster.leader(60_000);
            put(all, KEY, b("old"));
            Set<String> acknowledged = new HashSet<>();
            for (int i = 0; i < 20; i++) {
                put(all, b("before-" + i), b("v"));
                acknowledged.add("before-" + i);
            }
            LocalCluster.Member minority = leader ? first
                    : cluster.members().stream().filter(m -> m != first).findFirst().orElseThrow();
            List<LocalCluster.Member> majority = new ArrayList<>(cluster.members());
            majority.remove(minority);

            cluster.isolate(minority);
            assertEquals(String.join(",", majority.stream().map(m -> m.name).toList()),
                    cluster.admin(minority, "fault-status", List.of()).get("cut_off_from"));
            RetryPolicy once = new RetryPolicy(1, Duration.ofSeconds(30), Duration.ZERO, Duration.ZERO);
            if (leader) {
                // Sent before the cut-off leader can notice the cut: it waits for a majority that never answers.
                try (RemoteDatabase early = clientOf(List.of(minority), Messages.Consistency.LINEARIZABLE,
                        MINORITY_TIMEOUT_MILLIS, once)) {
                    CairnException e = assertThrows(CairnException.class, () -> put(early, b("in-flight"), b("v")));
                    assertTrue(e.error() == ErrorCode.COMMIT_UNKNOWN_RESULT || e.error() == ErrorCode.UNAVAILABLE,
                            e.toString());
                }
            }
            LocalCluster.Member newLeader = cluster.leader(majority, 30_000);
            try (RemoteDatabase majorityClient = clientOf(majority, Messages.Consistency.LINEARIZABLE, 10_000,
                    RetryPolicy.DEFAULT);
                 RemoteDatabase minorityClient = clientOf(List.of(minority), Messages.Consistency.LINEARIZABLE,
                         MINORITY_TIMEOUT_MILLIS, once)) {
                put(majorityClient, KEY, b("new"));
                for (int i = 0; i < 20; i++) {
                    put(majorityClient, b("during-" + i), b("v"));
                    acknowledged.add("during-" + i);
                }
                awaitStepDown(cluster, minority);

                long started = System.nanoTime();
                CairnException write = assertThrows(CairnException.class,
                        () -> put(minorityClient, b("minority-write"), b("v")));
                long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertEquals(ErrorCode.UNAVAILABLE, write.error(), write.toString());
                // Bounded by the client's own timeout (with slack for a loaded machine), not hung.
                assertTrue(tookMillis < MINORITY_TIMEOUT_MILLIS + 10_000, "the refused write took " + tookMillis + " ms");

                // A linearizable read through the minority fails or is redirected to the majority's leader:
                // it never returns the value the majority has overwritten.
                String read;
                try {
                    read = s(minorityClient.read(tx -> tx.get(KEY)));
                } catch (CairnException e) {
                    assertEquals(ErrorCode.UNAVAILABLE, e.error(), e.toString());
                    read = null;
                }
                assertNotEquals("old", read, "a stale linearizable read from the cut-off node");
                // A serializable read there is local by design: it may be stale, and says so in the docs.
                try (RemoteDatabase local = clientOf(List.of(minority), Messages.Consistency.SERIALIZABLE,
                        MINORITY_TIMEOUT_MILLIS, once)) {
                    assertEquals("old", s(local.read(tx -> tx.get(KEY))), "the cut-off node saw a write it cannot have");
                }

                cluster.heal();
                put(majorityClient, b("after"), b("v"));
                acknowledged.add("after");
            }

            // The healed node catches up: its own replica holds the majority's writes.
            try (RemoteDatabase local = clientOf(List.of(minority), Messages.Consistency.SERIALIZABLE, 10_000,
                    RetryPolicy.DEFAULT)) {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                Set<String> there = new HashSet<>();
                while (System.nanoTime() < end && !(there.containsAll(acknowledged) && "new".equals(
                        s(local.read(tx -> tx.get(KEY)))))) {
                    Thread.sleep(200);
                    there = keys(local);
                }
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(there);
                assertEquals(Set.of(), missing, "writes missing on the healed node; its log:\n" + cluster.log(minority));
                assertEquals("new", s(local.read(tx -> tx.get(KEY))));
                assertTrue(!there.contains("minority-write"), "the refused write was applied");
                assertTrue(!there.contains("in-flight"), "the cut-off leader committed a write without a majority");
            }
            awaitFullView(cluster, minority);
            Set<String> present = keys(all);
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(present);
            assertEquals(Set.of(), lost, "acknowledged writes lost");
            assertEquals("new", s(all.read(tx -> tx.get(KEY))));
            System.out.printf("cut off %s (%s); %s led the majority%n", minority.name, leader ? "leader" : "follower",
                    newLeader.name);
        }
    }

    private static Set<String> keys(RemoteDatabase db) {
        Set<String> out = new HashSet<>();
        for (KeyValue kv : db.read(tx -> tx.getRange(Range.ALL))) {
            out.add(s(kv.key()));
        }
        return out;
    }

    /**
     * Waits until the cut-off node has noticed the cut: a view of itself alone, and neither leading
     * nor naming a leader.
     */
    private static void awaitStepDown(LocalCluster cluster, LocalCluster.Member m) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Map<String, String> status = Map.of();
        while (System.nanoTime() < end) {
            status = cluster.statusOrEmpty(m);
            if (!status.isEmpty() && !"Leader".equals(status.get("role")) && status.get("view").split(",").length == 1
                    && "null".equals(status.get("leader"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(m.name + " did not notice it was cut off within 30 s: " + status);
    }

    private static void awaitFullView(LocalCluster cluster, LocalCluster.Member m) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<String, String> status = Map.of();
        while (System.nanoTime() < end) {
            status = cluster.statusOrEmpty(m);
            if (!status.isEmpty() && status.get("view").split(",").length == 3) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the views did not merge within 60 s: " + status);
    }
}

package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.client.RemoteDatabase;
import io.cairn.client.protocol.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members behind the group's truncated Raft log catch up by copying a peer's replica: a member
 * restarted after truncation, a fresh member added, members changed under a write load, and a
 * copy that fails midway. Three or four nodes in this JVM, Raft logs truncated past 32 KiB.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ReplicaCatchUpTest {
    private static final long SMALL_LOG_BYTES = 32 << 10;
    private static final long CATCH_UP_MILLIS = 60_000;

    @TempDir
    Path dir;

    private InJvmCluster cluster;

    @AfterEach
    void stop() {
        ReplicaCopier.faultHook = null;
        if (cluster != null) {
            cluster.close();
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code count} keys {@code prefix%06d} in transactions of 100, with 100-byte values. */
    private static void write(RemoteDatabase db, String prefix, int count) {
        String value = "v".repeat(100);
        for (int start = 0; start < count; start += 100) {
            int from = start;
            db.run(tx -> {
                for (int i = from; i < Math.min(count, from + 100); i++) {
                    tx.set(b(String.format("%s%06d", prefix, i)), b(value + i));
                }
                return null;
            });
        }
    }

    private int follower() throws InterruptedException {
        int leader = cluster.awaitLeader();
        for (int i = 0; i < cluster.nodes.size(); i++) {
            if (i != leader && cluster.nodes.get(i) != null) {
                return i;
            }
        }
        throw new AssertionError("no follower");
    }

    private static long applied(Node n) {
        return Long.parseLong(n.status().get("applied_version"));
    }

    private static int copies(Node n) {
        return Integer.parseInt(n.status().get("replica_copies"));
    }

    /** Waits until node {@code i} has installed at least one copy of a peer's replica. */
    private void awaitCopied(int i) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_MILLIS);
        while (copies(cluster.nodes.get(i)) < 1) {
            if (System.nanoTime() > deadline) {
                fail("n" + i + " installed no copy within " + CATCH_UP_MILLIS + " ms: " + cluster.nodes.get(i).status());
            }
            Thread.sleep(50);
        }
    }

    /** Waits until node {@code i} has applied what the leader has applied when called. */
    private void awaitCaughtUp(int i) throws InterruptedException {
        long target = applied(cluster.nodes.get(cluster.awaitLeader()));
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CATCH_UP_MILLIS);
        while (applied(cluster.nodes.get(i)) < target) {
            if (System.nanoTime() > deadline) {
                fail("n" + i + " did not catch up to version " + target + " within " + CATCH_UP_MILLIS + " ms: "
                        + cluster.nodes.get(i).status());
            }
            Thread.sleep(50);
        }
    }

    /** Every pair, read through node {@code i}'s own replica. */
    private List<KeyValue> localRead(int i) {
        RemoteDatabase.Options o = RemoteDatabase.Options.of(List.of(cluster.members.get(i).client()))
                .withConsistency(Messages.Consistency.SERIALIZABLE);
        try (RemoteDatabase db = RemoteDatabase.connect(o)) {
            return db.read(tx -> tx.getRange(Range.ALL));
        }
    }

    private static void assertSamePairs(List<KeyValue> expected, List<KeyValue> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": number of pairs");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(new String(expected.get(i).key(), StandardCharsets.UTF_8),
                    new String(actual.get(i).key(), StandardCharsets.UTF_8), what + ": key " + i);
            assertEquals(new String(expected.get(i).value(), StandardCharsets.UTF_8),
                    new String(actual.get(i).value(), StandardCharsets.UTF_8), what + ": value " + i);
        }
    }

    /** Runs {@code maintenance check} over the given nodes: every replica's own check and their digests agree. */
    private void assertReplicasAgree(int... nodes) {
        try (RemoteDatabase db = cluster.client(nodes)) {
            Database.Maintenance.CheckReport r = db.maintenance().orElseThrow().check();
            assertTrue(r.healthy(), "replicas disagree: " + r.problems());
            assertEquals(nodes.length, r.counts().get("nodesCompared"), "replicas compared: " + r.counts());
            Long keys = null;
            for (int n : nodes) {
                Long k = r.counts().get("n" + n + ".keys");
                keys = keys == null ? k : keys;
                assertEquals(keys, k, "keys on n" + n + ": " + r.counts());
            }
        }
    }

    @Test
    void memberRestartedAfterLogTruncationCatchesUpByCopyingAPeer() throws Exception {
        cluster = new InJvmCluster(dir, 3, "leveldb", SMALL_LOG_BYTES);
        int lagging = follower();
        try (RemoteDatabase db = cluster.client()) {
            write(db, "a", 500);
            cluster.stop(lagging);
            write(db, "b", 3000);
        }
        cluster.nodes.set(lagging, cluster.start(lagging));
        awaitCopied(lagging);
        awaitCaughtUp(lagging);
        int leader = cluster.awaitLeader();
        assertSamePairs(localRead(leader), localRead(lagging), "n" + lagging + " against the leader");
        assertEquals(3500, localRead(lagging).size());
        assertReplicasAgree(0, 1, 2);
        // It goes on applying the log normally after the copy.
        try (RemoteDatabase db = cluster.client()) {
            write(db, "c", 300);
        }
        awaitCaughtUp(lagging);
        assertSamePairs(localRead(leader), localRead(lagging), "after more writes");
    }

    @Test
    void freshMemberAddedAfterLogTruncationCatchesUp() throws Exception {
        cluster = new InJvmCluster(dir, 3, "leveldb", SMALL_LOG_BYTES);
        cluster.awaitLeader();
        int added = cluster.addSlot();
        try (RemoteDatabase db = cluster.client(0, 1, 2)) {
            write(db, "a", 3000);
            cluster.nodes.set(added, cluster.start(added));
            Map<String, String> r = db.admin("members-add", List.of("n" + added));
            assertTrue(r.get("members").contains("n" + added), "members after the add: " + r);
        }
        awaitCopied(added);
        awaitCaughtUp(added);
        assertSamePairs(localRead(cluster.awaitLeader()), localRead(added), "n" + added + " against the leader");
        assertReplicasAgree(0, 1, 2, 3);
    }

    @Test
    void addingAndRemovingMembersUnderWriteLoadLosesNoAcknowledgedWrite() throws Exception {
        cluster = new InJvmCluster(dir, 3, "leveldb", SMALL_LOG_BYTES);
        cluster.awaitLeader();
        int added = cluster.addSlot();
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger failures = new AtomicInteger();
        ExecutorService writers = Executors.newFixedThreadPool(4);
        List<Future<?>> done = new ArrayList<>();
        try (RemoteDatabase db = cluster.client()) {
            write(db, "base", 2000);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                done.add(writers.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        String key = String.format("w%d-%06d", writer, i);
                        try {
                            db.run(tx -> {
                                tx.set(b(key), b("x".repeat(200)));
                                return null;
                            });
                            acknowledged.add(key);
                        } catch (CairnException e) {
                            failures.incrementAndGet(); // Not acknowledged: it may or may not be there.
                        }
                    }
                }));
            }
            Thread.sleep(1000);
            cluster.nodes.set(added, cluster.start(added));
            db.admin("members-add", List.of("n" + added));
            awaitCaughtUp(added);
            int removed = cluster.awaitLeader() == 0 ? 1 : 0;
            db.admin("members-remove", List.of("n" + removed));
            Thread.sleep(1000);
            cluster.stop(removed);
            Thread.sleep(2000);
            running.set(false);
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
            assertTrue(acknowledged.size() > 100, "too few writes acknowledged under load: " + acknowledged.size()
                    + " (" + failures.get() + " failed)");
            List<KeyValue> all = db.read(tx -> tx.getRange(Range.ALL));
            Set<String> present = ConcurrentHashMap.newKeySet();
            all.forEach(kv -> present.add(new String(kv.key(), StandardCharsets.UTF_8)));
            for (String k : acknowledged) {
                assertTrue(present.contains(k), "acknowledged write " + k + " is missing");
            }
            List<Integer> alive = new ArrayList<>();
            for (int i = 0; i < cluster.nodes.size(); i++) {
                if (cluster.nodes.get(i) != null) {
                    alive.add(i);
                }
            }
            for (int i : alive) {
                awaitCaughtUp(i);
            }
            assertReplicasAgree(alive.stream().mapToInt(Integer::intValue).toArray());
        } finally {
            running.set(false);
            writers.shutdownNow();
        }
    }

    @Test
    void copyFailingMidwayIsRetriedAndRedoneAfterARestart() throws Exception {
        cluster = new InJvmCluster(dir, 3, "leveldb", SMALL_LOG_BYTES);
        int lagging = follower();
        try (RemoteDatabase db = cluster.client()) {
            write(db, "a", 500);
            cluster.stop(lagging);
            write(db, "b", 25_000); // more than two batches of the copy
        }
        AtomicInteger failed = new AtomicInteger();
        ReplicaCopier.faultHook = batch -> {
            if (batch == 2) {
                failed.incrementAndGet();
                throw new CairnException(ErrorCode.UNAVAILABLE, "injected fault in the second batch of the copy");
            }
        };
        cluster.nodes.set(lagging, cluster.start(lagging));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (failed.get() < 2) {
            assertTrue(System.nanoTime() < deadline, "the copy was not attempted twice within 60 s");
            Thread.sleep(50);
        }
        // Half copied: the replica refuses to serve reads rather than serve the half copy.
        CairnException refused = null;
        RemoteDatabase.Options local = RemoteDatabase.Options.of(List.of(cluster.members.get(lagging).client()))
                .withConsistency(Messages.Consistency.SERIALIZABLE);
        try (RemoteDatabase db = RemoteDatabase.connect(local); io.cairn.api.Transaction tx = db.createTransaction()) {
            tx.getRange(Range.ALL);
        } catch (CairnException e) {
            refused = e;
        }
        assertTrue(refused != null && refused.error() == ErrorCode.UNAVAILABLE, "a half-copied replica served a read: "
                + refused);
        assertEquals(0, copies(cluster.nodes.get(lagging)));
        // "Crash" with the copy unfinished, then restart: the half copy is discarded and made again.
        cluster.stop(lagging);
        ReplicaCopier.faultHook = null;
        cluster.nodes.set(lagging, cluster.start(lagging));
        awaitCopied(lagging);
        awaitCaughtUp(lagging);
        assertSamePairs(localRead(cluster.awaitLeader()), localRead(lagging), "n" + lagging + " after the redone copy");
        assertEquals(25_500, localRead(lagging).size());
        assertReplicasAgree(0, 1, 2);
    }

    @Test
    void clientsOfTheOriginalMembersFollowHintsToALeaderAddedAtRunTime() throws Exception {
        cluster = new InJvmCluster(dir, 3, "leveldb", SMALL_LOG_BYTES);
        cluster.awaitLeader();
        int added = cluster.addSlot();
        try (RemoteDatabase db = cluster.client(0, 1, 2)) {
            write(db, "a", 200);
            cluster.nodes.set(added, cluster.start(added));
            db.admin("members-add", List.of("n" + added));
            awaitCaughtUp(added);
            // Leave the added member alone in the group: it leads, and no original configuration names it.
            for (int i = 0; i < 3; i++) {
                db.admin("members-remove", List.of("n" + i));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!cluster.nodes.get(added).isLeader()) {
            assertTrue(System.nanoTime() < deadline, "n" + added + " did not become the leader: "
                    + cluster.nodes.get(added).status());
            Thread.sleep(50);
        }
        // A client that knows only n0 is redirected to the leader's advertised address.
        try (RemoteDatabase db = cluster.client(0)) {
            db.run(tx -> {
                tx.set(b("after"), b("the change"));
                return null;
            });
            assertEquals("the change", new String(db.read(tx -> tx.get(b("after"))), StandardCharsets.UTF_8));
            assertEquals(201, db.read(tx -> tx.getRange(Range.ALL)).size());
        }
    }
}

package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.client.RemoteDatabase;
import io.cairn.client.protocol.Messages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Three nodes in one JVM on loopback: the engine over Raft, reached through the wire protocol. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class NodeClusterTest {
    @TempDir
    Path dir;

    private InJvmCluster cluster;
    private List<Node> nodes;
    private List<NodeConfig.Member> members;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private void startCluster(int size) throws IOException {
        cluster = new InJvmCluster(dir, size, "leveldb");
        nodes = cluster.nodes;
        members = cluster.members;
    }

    private Node startNode(int i) {
        return cluster.start(i);
    }

    private RemoteDatabase client(int... through) {
        return cluster.client(through);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private int awaitLeader() throws InterruptedException {
        return cluster.awaitLeader();
    }

    @Test
    void writesThroughAnyNodeAreReadThroughEveryNode() throws Exception {
        startCluster(3);
        awaitLeader();
        for (int i = 0; i < 3; i++) {
            int node = i;
            try (RemoteDatabase db = client(node)) {
                db.run(tx -> {
                    tx.set(b("k" + node), b("v" + node));
                    return null;
                });
            }
        }
        for (int i = 0; i < 3; i++) {
            try (RemoteDatabase db = client(i)) {
                List<KeyValue> all = db.read(tx -> tx.getRange(Range.ALL));
                assertEquals(3, all.size(), "through n" + i);
                assertArrayEquals(b("v2"), db.read(tx -> tx.get(b("k2"))));
            }
        }
    }

    @Test
    void serializableReadsComeFromTheLocalReplica() throws Exception {
        startCluster(3);
        int leader = awaitLeader();
        int follower = (leader + 1) % 3;
        try (RemoteDatabase db = client(leader)) {
            db.run(tx -> {
                tx.set(b("a"), b("1"));
                return null;
            });
        }
        RemoteDatabase.Options o = RemoteDatabase.Options.of(List.of(members.get(follower).client()))
                .withConsistency(Messages.Consistency.SERIALIZABLE);
        try (RemoteDatabase db = RemoteDatabase.connect(o)) {
            byte[] v = null;
            for (int t = 0; t < 200 && v == null; t++) {
                v = db.read(tx -> tx.get(b("a")));
                Thread.sleep(10);
            }
            assertArrayEquals(b("1"), v);
        }
    }

    @Test
    void conflictsAreDetectedAcrossClients() throws Exception {
        startCluster(3);
        awaitLeader();
        try (RemoteDatabase a = client(0, 1, 2); RemoteDatabase c = client(2, 1, 0)) {
            var t1 = a.createTransaction();
            var t2 = c.createTransaction();
            assertNull(t1.get(b("x")));
            assertNull(t2.get(b("x")));
            t1.set(b("x"), b("1"));
            t2.set(b("x"), b("2"));
            t1.commit();
            CairnException e = assertThrows(CairnException.class, t2::commit);
            assertEquals(ErrorCode.NOT_COMMITTED, e.error());
        }
    }

    @Test
    void aNewLeaderServesAfterTheLeaderStopsAndNothingAcknowledgedIsLost() throws Exception {
        startCluster(3);
        int leader = awaitLeader();
        try (RemoteDatabase db = client(0, 1, 2)) {
            for (int i = 0; i < 50; i++) {
                int k = i;
                db.run(tx -> {
                    tx.set(b(String.format("key%03d", k)), b("v" + k));
                    return null;
                });
            }
            nodes.get(leader).close();
            nodes.set(leader, null);
            long start = System.nanoTime();
            db.run(tx -> {
                tx.set(b("after"), b("yes"));
                return null;
            });
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(51, db.read(tx -> tx.getRange(Range.ALL)).size());
            System.out.println("first commit after the leader stopped took " + tookMillis + " ms");
        }
        nodes.set(leader, startNode(leader));
        try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(List.of(members.get(leader).client()))
                .withConsistency(Messages.Consistency.SERIALIZABLE))) {
            int seen = 0;
            for (int t = 0; t < 300 && seen < 51; t++) {
                seen = db.read(tx -> tx.getRange(Range.ALL)).size();
                Thread.sleep(20);
            }
            assertEquals(51, seen, "the restarted node caught up");
        }
    }

    @Test
    void aRemoteTransactionReadsAtItsVersionWhileOthersRewriteItsKeys() throws Exception {
        startCluster(3);
        awaitLeader();
        try (RemoteDatabase a = client(0, 1, 2); RemoteDatabase c = client(0, 1, 2)) {
            a.run(tx -> {
                tx.set(b("x"), b("0"));
                tx.set(b("y"), b("0"));
                return null;
            });
            var t = a.createTransaction();
            assertArrayEquals(b("0"), t.get(b("x")));
            for (int i = 1; i <= 20; i++) {
                int v = i;
                c.run(tx -> {
                    tx.set(b("y"), b(Integer.toString(v)));
                    return null;
                });
            }
            Thread.sleep(1500); // long enough for the engine to write its newest versions to the backend
            assertArrayEquals(b("0"), t.get(b("y")), "the transaction still reads at its own version");
            t.set(b("x"), b("1"));
            CairnException e = assertThrows(CairnException.class, t::commit);
            assertEquals(ErrorCode.NOT_COMMITTED, e.error());
        }
    }

    @Test
    void remoteBankTransfersKeepTheTotal() throws Exception {
        startCluster(3);
        awaitLeader();
        int accounts = 10;
        try (RemoteDatabase db = client(0, 1, 2)) {
            db.run(tx -> {
                for (int i = 0; i < accounts; i++) {
                    tx.set(b("acct" + i), b("100"));
                }
                return null;
            });
            List<Thread> threads = new ArrayList<>();
            java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
            for (int w = 0; w < 6; w++) {
                int seed = w;
                Thread th = new Thread(() -> {
                    java.util.Random r = new java.util.Random(seed);
                    for (int i = 0; i < 40; i++) {
                        int from = r.nextInt(accounts);
                        int to = r.nextInt(accounts);
                        db.run(tx -> {
                            int f = Integer.parseInt(new String(tx.get(b("acct" + from)), StandardCharsets.UTF_8));
                            int g = Integer.parseInt(new String(tx.get(b("acct" + to)), StandardCharsets.UTF_8));
                            if (from != to) {
                                tx.set(b("acct" + from), b(Integer.toString(f - 1)));
                                tx.set(b("acct" + to), b(Integer.toString(g + 1)));
                            }
                            return null;
                        });
                        done.incrementAndGet();
                    }
                });
                th.start();
                threads.add(th);
            }
            for (Thread th : threads) {
                th.join(120_000);
            }
            assertEquals(240, done.get());
            int total = db.read(tx -> tx.getRange(Range.startsWith(b("acct"))).stream()
                    .mapToInt(kv -> Integer.parseInt(new String(kv.value(), StandardCharsets.UTF_8))).sum());
            assertEquals(accounts * 100, total);
        }
    }

    @Test
    void aRestartedNodeReplaysItsLogAtTheSameVersionsAndAppliesNothingTwice() throws Exception {
        startCluster(3);
        int leader = awaitLeader();
        int follower = (leader + 1) % 3;
        try (RemoteDatabase db = client(0, 1, 2)) {
            for (int i = 0; i < 20; i++) {
                db.run(tx -> {
                    tx.mutate(io.cairn.api.MutationType.ADD, b("counter"), new byte[] {1});
                    return null;
                });
            }
        }
        awaitSameVersion(leader, follower);
        String before = nodes.get(follower).status().get("applied_version");
        nodes.get(follower).close();
        nodes.set(follower, startNode(follower));
        awaitSameVersion(leader, follower);
        assertEquals(before, nodes.get(follower).status().get("applied_version"),
                "the restarted node gave replayed records new versions");
        RemoteDatabase.Options local = RemoteDatabase.Options.of(List.of(members.get(follower).client()))
                .withConsistency(Messages.Consistency.SERIALIZABLE);
        try (RemoteDatabase db = RemoteDatabase.connect(local)) {
            assertArrayEquals(new byte[] {20}, db.read(tx -> tx.get(b("counter"))), "each addition applied once");
        }
    }

    private void awaitSameVersion(int a, int c) throws InterruptedException {
        for (int t = 0; t < 500; t++) {
            String va = nodes.get(a).status().get("applied_version");
            String vc = nodes.get(c).status().get("applied_version");
            if (va.equals(vc)) {
                return;
            }
            Thread.sleep(20);
        }
        assertEquals(nodes.get(a).status().get("applied_version"), nodes.get(c).status().get("applied_version"));
    }
}

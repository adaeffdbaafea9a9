package io.cairn.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.KeyValueIterator;
import io.cairn.api.Range;
import io.cairn.client.Connection;
import io.cairn.client.RemoteDatabase;
import io.cairn.client.protocol.Frame;
import io.cairn.client.protocol.MessageType;
import io.cairn.client.protocol.Messages;
import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEngines;
import io.cairn.storage.WriteBatch;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Long-lived snapshots and maintenance against three in-JVM nodes on loopback. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class ClusterSnapshotsAndMaintenanceTest {
    /** Longer than the engine's 5 s MVCC window. */
    private static final long PAST_THE_WINDOW_MILLIS = 6_500;

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

    private void startCluster() throws Exception {
        cluster = new InJvmCluster(dir, 3, "leveldb");
        nodes = cluster.nodes;
        members = cluster.members;
        awaitLeader();
    }

    private Node startNode(int i) {
        return cluster.start(i);
    }

    private int awaitLeader() throws InterruptedException {
        return cluster.awaitLeader();
    }

    private RemoteDatabase client() {
        return cluster.client();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void load(RemoteDatabase db, String prefix, int n, String value) {
        for (int start = 0; start < n; start += 500) {
            int from = start;
            db.run(tx -> {
                for (int i = from; i < Math.min(n, from + 500); i++) {
                    tx.set(b(String.format("%s%06d", prefix, i)), b(value + i));
                }
                return null;
            });
        }
    }

    private static List<KeyValue> readAll(Database.LongSnapshot s, Range r) {
        List<KeyValue> out = new ArrayList<>();
        try (KeyValueIterator it = s.iterate(r)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    @Test
    void snapshotIncludesEveryAcknowledgedWriteAndStaysReadablePastTheMvccWindow() throws Exception {
        startCluster();
        try (RemoteDatabase db = client()) {
            load(db, "k", 3000, "old");
            try (Database.LongSnapshot s = db.snapshots().orElseThrow().openSnapshot()) {
                assertEquals("cluster:test", s.databaseId());
                load(db, "k", 3000, "new");
                db.run(tx -> {
                    tx.set(b("late"), b("x"));
                    return null;
                });
                Thread.sleep(PAST_THE_WINDOW_MILLIS);
                List<KeyValue> all = readAll(s, Range.ALL);
                assertEquals(3000, all.size(), "later writes do not show through");
                for (int i = 0; i < all.size(); i++) {
                    assertArrayEquals(b(String.format("k%06d", i)), all.get(i).key());
                    assertArrayEquals(b("old" + i), all.get(i).value());
                }
                assertEquals(10, readAll(s, new Range(b("k000100"), b("k000110"))).size());
                Thread.sleep(PAST_THE_WINDOW_MILLIS);
                assertEquals(3000, readAll(s, Range.ALL).size(), "still readable after two windows");
            }
        }
    }

    @Test
    void unknownSnapshotIdIsAClearErrorAndClosedSnapshotsAreReleased() throws Exception {
        startCluster();
        int leader = awaitLeader();
        try (RemoteDatabase db = client()) {
            load(db, "k", 10, "v");
            Database.LongSnapshot s = db.snapshots().orElseThrow().openSnapshot();
            assertEquals(10, readAll(s, Range.ALL).size());
            assertEquals(1, nodes.get(leader).openSnapshots());
            s.close();
            s.close();
            assertEquals(0, nodes.get(leader).openSnapshots());
            assertThrows(CairnException.class, () -> readAll(s, Range.ALL));
        }
        try (Connection c = Connection.open(members.get(leader).client(), "test", 3000)) {
            Frame f = c.send(MessageType.SNAPSHOT_RANGE, new Messages.SnapshotRange(987654321L, b("a"), b("z"), 0)
                    .encode(), 3000).get(5, TimeUnit.SECONDS);
            assertEquals(MessageType.ERROR, f.type());
            Messages.ErrorReply e = Messages.ErrorReply.decode(f.payload());
            assertEquals(ErrorCode.INVALID_ARGUMENT.code(), e.code());
            assertTrue(e.message().contains("unknown snapshot id 987654321"), e.message());
        }
    }

    @Test
    void checkPassesOnAHealthyClusterAndCompactRunsOnEveryNode() throws Exception {
        startCluster();
        try (RemoteDatabase db = client()) {
            load(db, "k", 2000, "v");
            Database.Maintenance m = db.maintenance().orElseThrow();
            m.compact(Range.ALL);
            Database.Maintenance.CheckReport r = m.check();
            assertTrue(r.healthy(), r.problems().toString());
            assertEquals(3, r.counts().get("nodesCompared"));
            for (int i = 0; i < 3; i++) {
                assertEquals(2000, r.counts().get("n" + i + ".keys"), r.counts().toString());
            }
        }
    }

    @Test
    void checkReportsAReplicaWhoseDataDiffers() throws Exception {
        startCluster();
        try (RemoteDatabase db = client()) {
            load(db, "k", 500, "v");
            // Wait until every replica holds the data, then change one replica behind Raft's back.
            assertTrue(db.maintenance().orElseThrow().check().healthy());
        }
        int leader = awaitLeader();
        int victim = (leader + 1) % 3;
        nodes.get(victim).close();
        nodes.set(victim, null);
        try (StorageEngine e = StorageEngines.provider("leveldb").open(dir.resolve("n" + victim).resolve("db/data"),
                Map.of())) {
            e.write(new WriteBatch().put(b("k000250"), b("tampered")), true);
        }
        nodes.set(victim, startNode(victim));
        try (RemoteDatabase db = client()) {
            // A write after the restart puts every replica at the same newest version again.
            db.run(tx -> {
                tx.set(b("after-restart"), b("x"));
                return null;
            });
            Database.Maintenance.CheckReport r = db.maintenance().orElseThrow().check();
            assertTrue(!r.healthy(), "the tampered replica is found");
            String problems = String.join("\n", r.problems());
            assertTrue(problems.contains("replicas differ") && problems.contains("n" + victim), problems);
        }
    }
}

package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.cairn.api.CairnException;
import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.client.RemoteDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real node processes with Raft logs truncated past 64 KiB: a member killed with SIGKILL misses
 * enough writes that the log no longer holds them, and after a restart it catches up by copying
 * a peer's replica and then serves the same data.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CatchUpTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void write(RemoteDatabase db, String prefix, int count) {
        String value = "v".repeat(200);
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

    @Test
    void memberKilledAndRestartedAfterLogTruncationCatchesUpByCopyingAPeer() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3).withNodeArgs("--raft-log-size", "65536")) {
            cluster.startAll();
            LocalCluster.Member lagging = cluster.member(2);
            try (RemoteDatabase db = cluster.client()) {
                write(db, "a", 500);
                cluster.kill(lagging);
                write(db, "b", 4000); // about 1 MB of records: the log is truncated many times over
                cluster.start(lagging);
                LocalCluster.awaitListening(lagging, 60_000);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
                while (true) {
                    try {
                        Map<String, String> s = db.nodeStatus(lagging.client());
                        long applied = Long.parseLong(s.get("applied_version"));
                        long newest = Long.parseLong(db.nodeStatus(cluster.member(0).client()).get("applied_version"));
                        if (Integer.parseInt(s.get("replica_copies")) >= 1 && applied >= newest) {
                            break;
                        }
                    } catch (CairnException e) {
                        // Starting: it copies before it serves.
                    }
                    if (System.nanoTime() > deadline) {
                        fail(lagging.name + " did not catch up by a copy within 90 s; its log:\n" + cluster.log(lagging));
                    }
                    Thread.sleep(100);
                }
                Database.Maintenance.CheckReport r = db.maintenance().orElseThrow().check();
                assertTrue(r.healthy(), "replicas disagree after the catch-up: " + r.problems());
                assertEquals(3L, r.counts().get("nodesCompared"));
                assertEquals(4500L, r.counts().get(lagging.name + ".keys"), "keys: " + r.counts());
            }
            RemoteDatabase.Options local = RemoteDatabase.Options.of(List.of(lagging.client()))
                    .withConsistency(io.cairn.client.protocol.Messages.Consistency.SERIALIZABLE);
            try (RemoteDatabase db = RemoteDatabase.connect(local)) {
                List<KeyValue> all = db.read(tx -> tx.getRange(Range.ALL));
                assertEquals(4500, all.size());
                assertEquals("v".repeat(200) + 3999, new String(all.get(all.size() - 1).value(), StandardCharsets.UTF_8));
            }
        }
    }
}

package io.cairn.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.CairnException;
import io.cairn.api.ErrorCode;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.client.RemoteDatabase;
import io.cairn.client.protocol.Messages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A 3-node cluster of real processes whose leader is killed with SIGKILL under a write load. */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FailoverTest {
    private static final int WRITERS = 16;

    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static LocalCluster.Member leader(LocalCluster cluster, RemoteDatabase db, long timeoutMillis)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (System.nanoTime() < end) {
            for (LocalCluster.Member m : cluster.members()) {
                if (m.process == null) {
                    continue;
                }
                try {
                    Map<String, String> s = db.nodeStatus(m.client());
                    if ("Leader".equals(s.get("role"))) {
                        return m;
                    }
                } catch (CairnException e) {
                    // Not up yet, or just killed.
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader within " + timeoutMillis + " ms");
    }

    @Test
    void leaderKilledUnderWriteLoadLosesNoAcknowledgedWriteAndANewLeaderServesWithinFiveSeconds() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3); RemoteDatabase db = cluster.client()) {
            cluster.startAll();
            LocalCluster.Member first = leader(cluster, db, 30_000);

            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicLong killedAtNanos = new AtomicLong(Long.MAX_VALUE);
            AtomicLong firstAckAfterKill = new AtomicLong(Long.MAX_VALUE);
            List<Thread> writers = new ArrayList<>();
            List<Throwable> unexpected = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                int writer = w;
                Thread t = new Thread(() -> {
                    for (int i = 0; !stop.get(); i++) {
                        String key = String.format("w%02d-%06d", writer, i);
                        long started = System.nanoTime();
                        try {
                            db.run(tx -> {
                                tx.set(b(key), b("v"));
                                return null;
                            });
                            acknowledged.add(key);
                            if (started > killedAtNanos.get()) {
                                // Only a write begun after the kill shows that a new leader serves.
                                long now = System.nanoTime();
                                firstAckAfterKill.accumulateAndGet(now, Math::min);
                            }
                        } catch (CairnException e) {
                            if (!e.isRetryable() && e.error() != ErrorCode.TRANSACTION_TIMED_OUT) {
                                synchronized (unexpected) {
                                    unexpected.add(e);
                                }
                            }
                        }
                    }
                });
                t.start();
                writers.add(t);
            }
            Thread.sleep(2000);
            int before = acknowledged.size();
            long killedAt = System.nanoTime();
            killedAtNanos.set(killedAt);
            cluster.kill(first);
            long recoveredAt = 0;
            while (System.nanoTime() - killedAt < TimeUnit.SECONDS.toNanos(30)) {
                if (firstAckAfterKill.get() != Long.MAX_VALUE) {
                    recoveredAt = firstAckAfterKill.get();
                    break;
                }
                Thread.sleep(10);
            }
            Thread.sleep(2000);
            stop.set(true);
            for (Thread t : writers) {
                t.join(60_000);
            }
            assertTrue(recoveredAt > 0, "no write was acknowledged within 30 s of killing the leader");
            long gapMillis = TimeUnit.NANOSECONDS.toMillis(recoveredAt - killedAt);
            System.out.printf("acknowledged %d writes before the kill, %d in all; first write begun after the kill"
                    + " acknowledged %d ms after it%n",
                    before, acknowledged.size(), gapMillis);
            assertTrue(gapMillis < 5000, "a new leader served only after " + gapMillis + " ms");
            assertTrue(unexpected.isEmpty(), "unexpected errors: " + unexpected);

            Set<String> present = new HashSet<>();
            for (KeyValue kv : db.read(tx -> tx.getRange(Range.ALL))) {
                present.add(new String(kv.key(), StandardCharsets.UTF_8));
            }
            Set<String> lost = new HashSet<>(acknowledged);
            lost.removeAll(present);
            assertEquals(Set.of(), lost, "acknowledged writes missing on the survivors");

            cluster.start(first);
            LocalCluster.awaitListening(first, 60_000);
            RemoteDatabase.Options local = RemoteDatabase.Options.of(List.of(first.client()))
                    .withConsistency(Messages.Consistency.SERIALIZABLE);
            try (RemoteDatabase restarted = RemoteDatabase.connect(local)) {
                Set<String> there = new HashSet<>();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (System.nanoTime() < end && !there.containsAll(acknowledged)) {
                    there.clear();
                    for (KeyValue kv : restarted.read(tx -> tx.getRange(Range.ALL))) {
                        there.add(new String(kv.key(), StandardCharsets.UTF_8));
                    }
                    Thread.sleep(200);
                }
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(there);
                assertEquals(Set.of(), missing, "acknowledged writes missing on the restarted node; its log:\n"
                        + cluster.log(first));
            }
        }
    }

    @Test
    void everyNodeKilledAtOnceUnderLoadLosesNoAcknowledgedWriteAfterRestart() throws Exception {
        try (LocalCluster cluster = new LocalCluster(dir, 3)) {
            cluster.startAll();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            try (RemoteDatabase db = cluster.client()) {
                leader(cluster, db, 30_000);
                for (int w = 0; w < 8; w++) {
                    int writer = w;
                    Thread t = new Thread(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String key = String.format("p%02d-%06d", writer, i);
                            try {
                                db.run(tx -> {
                                    tx.set(b(key), b("v"));
                                    return null;
                                });
                                acknowledged.add(key);
                            } catch (CairnException e) {
                                return; // the cluster is gone: stop writing
                            }
                        }
                    });
                    t.start();
                    writers.add(t);
                }
                Thread.sleep(2500);
                for (LocalCluster.Member m : cluster.members()) {
                    cluster.kill(m); // as a power cut would, one right after the other
                }
                stop.set(true);
                for (Thread t : writers) {
                    t.join(120_000);
                }
            }
            assertTrue(acknowledged.size() > 0, "some writes were acknowledged before the kill");
            cluster.startAll();
            try (RemoteDatabase db = cluster.client()) {
                leader(cluster, db, 60_000);
                Set<String> present = new HashSet<>();
                for (KeyValue kv : db.read(tx -> tx.getRange(Range.ALL))) {
                    present.add(new String(kv.key(), StandardCharsets.UTF_8));
                }
                Set<String> lost = new HashSet<>(acknowledged);
                lost.removeAll(present);
                System.out.printf("%d writes acknowledged before every node was killed; %d present after restart%n",
                        acknowledged.size(), present.size());
                assertEquals(Set.of(), lost, "acknowledged writes lost; node logs:\n" + cluster.log(cluster.member(0)));
            }
        }
    }
}

package io.cairn.storage.leveldb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.storage.StorageEngine;
import io.cairn.storage.StorageEntry;
import io.cairn.storage.StorageIterator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child process writing synced batches with SIGKILL at random moments, reopens the
 * database, and checks that every acknowledged batch is there and that no batch is partial.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class LevelDbCrashTest {
    private static final int KILLS = 20;

    @TempDir
    Path tmp;

    @Test
    void sigkillLosesNoAcknowledgedBatchAndTearsNone() throws Exception {
        Path dir = tmp.resolve("db");
        Random rnd = new Random(2026_11_23L);
        long next = 0;
        long acknowledgedTotal = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            AtomicLong lastAck = new AtomicLong(-1);
            CountDownLatch ready = new CountDownLatch(1);
            Path log = tmp.resolve("child-" + kill + ".err");
            Process child = start(dir, next, rnd.nextLong(), log);
            Thread reader = readAcks(child, lastAck, ready);
            if (kill % 4 == 3) {
                // Any moment, JVM start and log recovery included.
                Thread.sleep(rnd.nextInt(1500));
            } else {
                assertTrue(ready.await(60, TimeUnit.SECONDS) || !child.isAlive(), "child did not open the database");
                assertTrue(child.isAlive(), () -> "child died on its own: " + read(log));
                Thread.sleep(rnd.nextInt(300));
            }
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
            reader.join(10_000);
            long acked = lastAck.get();
            try (StorageEngine engine = new LevelDbStorageProvider().open(dir, Map.of())) {
                long present = verify(engine, next, acked);
                if (acked >= 0) {
                    acknowledgedTotal += acked - next + 1;
                }
                next = present + 1;
            }
        }
        System.out.println("leveldb crash test: " + KILLS + " kills, " + acknowledgedTotal
                + " acknowledged batches, " + next + " batches present at the end");
        assertTrue(acknowledgedTotal > KILLS, "too few batches were acknowledged to mean anything: " + acknowledgedTotal);
    }

    /**
     * Checks every batch from 0 on is whole, that batches up to {@code acked} are present, and that
     * the scratch range belongs to the newest batch; returns the newest batch number present.
     */
    private static long verify(StorageEngine engine, long firstOfRun, long acked) {
        long newest = -1;
        try (StorageIterator it = engine.iterator(CrashWriter.key("batch/"), CrashWriter.key("batch0"), false)) {
            long expected = 0;
            while (it.hasNext()) {
                StorageEntry e = it.next();
                long n = Long.parseLong(new String(e.key(), StandardCharsets.UTF_8).substring("batch/".length()));
                assertEquals(expected, n, "batch " + expected + " is missing but a later one is present");
                int k = Integer.parseInt(new String(e.value(), StandardCharsets.UTF_8));
                assertEquals(k, items(engine, n).size(), "batch " + n + " is partial");
                newest = n;
                expected++;
            }
        }
        assertTrue(newest >= acked, "acknowledged batch " + acked + " was lost; newest present is " + newest);
        assertTrue(newest >= firstOfRun - 1, "batches written before this run vanished");
        if (newest >= 0) {
            List<StorageEntry> items = items(engine, newest);
            List<StorageEntry> scratch = scan(engine, CrashWriter.key("scratch/"), CrashWriter.key("scratch0"));
            assertEquals(items.size(), scratch.size(), "scratch range is not exactly the newest batch's");
            for (int j = 0; j < items.size(); j++) {
                assertArrayEquals(items.get(j).value(), scratch.get(j).value(), "scratch/" + j + " is from another batch");
            }
        }
        assertNotNull(engine.iterator(new byte[0], null, true));
        return newest;
    }

    private static List<StorageEntry> items(StorageEngine engine, long n) {
        return scan(engine, CrashWriter.key("item/%012d/", n), CrashWriter.key("item/%012d0", n));
    }

    private static List<StorageEntry> scan(StorageEngine engine, byte[] begin, byte[] end) {
        List<StorageEntry> out = new ArrayList<>();
        try (StorageIterator it = engine.iterator(begin, end, false)) {
            it.forEachRemaining(out::add);
        }
        return out;
    }

    private static String read(Path log) {
        try {
            return java.nio.file.Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static Process start(Path dir, long first, long seed, Path log) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        return new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"),
                CrashWriter.class.getName(), dir.toString(), Long.toString(first), Long.toString(seed)))
                .redirectError(log.toFile())
                .start();
    }

    /** Reads the child's output to its end, recording the last acknowledged batch. */
    private static Thread readAcks(Process child, AtomicLong lastAck, CountDownLatch ready) {
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else if (line.startsWith("ACK ")) {
                        lastAck.set(Long.parseLong(line.substring(4)));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // The child was killed mid-line; what was read before stands.
            }
        }, "crash-test-acks");
        t.setDaemon(true);
        t.start();
        return t;
    }
}

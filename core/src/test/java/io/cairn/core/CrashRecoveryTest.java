package io.cairn.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a child JVM that commits from many threads with SIGKILL, again and again, and checks
 * after each reopen that every acknowledged commit is present and no transaction is half-applied;
 * then the same with a torn or corrupt tail appended to the log.
 */
@Timeout(180)
class CrashRecoveryTest {
    private static final int KILLS = 20;
    private static final int THREADS = 8;

    @TempDir
    Path dir;

    static byte[] key(String side, String run, int thread, long seq) {
        return String.format("%s/%s/%02d/%08d", side, run, thread, seq).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sigkillDuringCommitsLosesNoAcknowledgedCommitAndHalfAppliesNone() throws Exception {
        int totalAcks = 0;
        for (int run = 0; run < KILLS; run++) {
            totalAcks += crashOnce(run, false);
        }
        assertTrue(totalAcks >= KILLS, "too few commits were acknowledged: " + totalAcks);
    }

    @Test
    void tornOrCorruptLogTailIsTruncatedAndReportedAndAcknowledgedCommitsSurvive() throws Exception {
        for (int run = 0; run < 6; run++) {
            crashOnce(run, true);
        }
    }

    private int crashOnce(int run, boolean corruptTail) throws Exception {
        Set<String> acks = ConcurrentHashMap.newKeySet();
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(),
                String.valueOf(run), String.valueOf(THREADS)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = in.readLine();
            assertEquals("ready", first, "child did not start");
            int wanted = 5 + ThreadLocalRandom.current().nextInt(200);
            String line;
            while (acks.size() < wanted && (line = in.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acks.add(line.substring(4));
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");
        }
        // Acknowledgements printed after the kill decision are still acknowledged commits.
        BufferedReader rest = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        String line;
        try {
            while ((line = rest.readLine()) != null) {
                if (line.startsWith("ack ")) {
                    acks.add(line.substring(4));
                }
            }
        } catch (IOException ignored) {
            // The pipe closed with the child.
        }
        if (corruptTail) {
            damageLogTail();
        }
        try (EmbeddedDatabase db = EmbeddedDatabase.open(DatabaseConfig.builder(dir).backend("leveldb").build())) {
            if (corruptTail) {
                assertNotNull(db.status().recoveryWarning(), "a damaged tail must be reported");
            }
            String r = String.valueOf(run);
            Set<String> a = keysOf(db, "a/" + r + "/");
            Set<String> b = keysOf(db, "b/" + r + "/");
            assertEquals(a, b, "a transaction was half-applied in run " + run);
            for (String ack : acks) {
                String[] p = ack.split(" ");
                String k = String.format("%02d/%08d", Integer.parseInt(p[0]), Long.parseLong(p[1]));
                assertTrue(a.contains(k), "acknowledged commit " + k + " of run " + run + " is missing");
            }
        }
        return acks.size();
    }

    private static Set<String> keysOf(EmbeddedDatabase db, String prefix) {
        List<KeyValue> rows = db.read(tx -> tx.getRange(Range.startsWith(prefix.getBytes(StandardCharsets.UTF_8))));
        Set<String> out = new HashSet<>();
        for (KeyValue kv : rows) {
            out.add(new String(kv.key(), StandardCharsets.UTF_8).substring(prefix.length()));
        }
        return out;
    }

    /** Appends either random garbage or a record header whose payload never made it to disk. */
    private void damageLogTail() throws IOException {
        List<Path> segments = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("wal"))) {
            files.filter(p -> p.toString().endsWith(".wal")).sorted().forEach(segments::add);
        }
        Path last = segments.get(segments.size() - 1);
        ThreadLocalRandom rnd = ThreadLocalRandom.current();
        byte[] tail;
        if (rnd.nextBoolean()) {
            tail = new byte[1 + rnd.nextInt(64)];
            rnd.nextBytes(tail);
        } else {
            tail = ByteBuffer.allocate(16 + 10).putInt(500).putInt(rnd.nextInt()).putLong(Long.MAX_VALUE).array();
        }
        Files.write(last, tail, StandardOpenOption.APPEND);
    }
}

package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.api.Database;
import io.cairn.api.KeyValue;
import io.cairn.api.Range;
import io.cairn.backup.BackupCreator;
import io.cairn.backup.BackupRestorer;
import io.cairn.backup.BackupVerifier;
import io.cairn.backup.Progress;
import io.cairn.client.RemoteDatabase;
import io.cairn.core.DatabaseConfig;
import io.cairn.core.EmbeddedDatabase;
import io.cairn.server.Node;
import io.cairn.server.NodeConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backup, restore and maintenance against three in-JVM nodes: a backup taken under a write load
 * that outlives the MVCC window holds exactly the state at its version, restores into an embedded
 * database and into the cluster, and the commands work with {@code --cluster}.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ClusterBackupTest {
    private static final String HOST = "127.0.0.1";
    private static final int PRELOAD = 2000;
    private static final int SLOTS = 10;
    /** A pause per chunk: about 30 chunks make the backup last past the 5 s MVCC window. */
    private static final long PAUSE_PER_CHUNK_MILLIS = 250;

    @TempDir
    Path tmp;

    private final List<Node> nodes = new ArrayList<>();
    private final List<InetSocketAddress> clients = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(Node::close);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private String startCluster() throws Exception {
        List<NodeConfig.Member> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(new NodeConfig.Member("n" + i, new InetSocketAddress(HOST, io.cairn.client.FreePorts.next()),
                    new InetSocketAddress(HOST, io.cairn.client.FreePorts.block(2))));
        }
        for (int i = 0; i < 3; i++) {
            nodes.add(Node.start(new NodeConfig("n" + i, tmp.resolve("n" + i), "t", members, "memory", true)));
            clients.add(members.get(i).client());
        }
        for (int t = 0; t < 500 && nodes.stream().noneMatch(Node::isLeader); t++) {
            Thread.sleep(20);
        }
        List<String> addrs = new ArrayList<>();
        members.forEach(m -> addrs.add(HOST + ":" + m.client().getPort()));
        return String.join(",", addrs);
    }

    private static byte[] preloadValue(int i) {
        byte[] v = new byte[100];
        java.util.Arrays.fill(v, (byte) ('a' + i % 26));
        return v;
    }

    private static void preload(Database db) {
        for (int start = 0; start < PRELOAD; start += 500) {
            int from = start;
            db.run(tx -> {
                for (int i = from; i < from + 500; i++) {
                    tx.set(b(String.format("p/%05d", i)), preloadValue(i));
                }
                return null;
            });
        }
    }

    /** Transaction {@code s} of the writer: one new key, the counter, and one of a few rewritten slots. */
    private static void writerTransaction(Database db, long s) {
        db.run(tx -> {
            tx.set(b(String.format("w/%08d", s)), b(Long.toString(s)));
            tx.set(b("counter"), b(Long.toString(s + 1)));
            tx.set(b("u/" + s % SLOTS), b(Long.toString(s)));
            return null;
        });
    }

    /** What the database holds after the preload and the first {@code n} writer transactions. */
    private static TreeMap<String, String> expected(long n) {
        TreeMap<String, String> m = new TreeMap<>();
        for (int i = 0; i < PRELOAD; i++) {
            m.put(String.format("p/%05d", i), new String(preloadValue(i), StandardCharsets.UTF_8));
        }
        for (long s = 0; s < n; s++) {
            m.put(String.format("w/%08d", s), Long.toString(s));
            m.put("u/" + s % SLOTS, Long.toString(s));
        }
        if (n > 0) {
            m.put("counter", Long.toString(n));
        }
        return m;
    }

    private static TreeMap<String, String> contents(Database db, String prefix) {
        TreeMap<String, String> m = new TreeMap<>();
        for (KeyValue kv : db.read(tx -> tx.getRange(Range.ALL))) {
            String k = new String(kv.key(), StandardCharsets.UTF_8);
            if (k.startsWith(prefix)) {
                m.put(k.substring(prefix.length()), new String(kv.value(), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Test
    void backupUnderWriteLoadOutlivesTheMvccWindowAndRestoresTheStateAtItsVersion() throws Exception {
        startCluster();
        BackupCreator.Result backup;
        long ackedBeforeBackup;
        AtomicLong acked = new AtomicLong();
        try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(clients))) {
            preload(db);
            AtomicBoolean stop = new AtomicBoolean();
            Thread writer = new Thread(() -> {
                for (long s = 0; !stop.get(); s++) {
                    writerTransaction(db, s);
                    acked.set(s + 1);
                }
            });
            writer.start();
            try {
                while (acked.get() < 20) {
                    Thread.sleep(10);
                }
                ackedBeforeBackup = acked.get();
                long started = System.nanoTime();
                BackupCreator.Options slow = new BackupCreator.Options(List.of(), 8 << 10, 1, 2,
                        java.time.Clock.systemUTC(), () -> {
                            try {
                                Thread.sleep(PAUSE_PER_CHUNK_MILLIS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            return false;
                        });
                backup = BackupCreator.create(db, tmp.resolve("backups"), slow, Progress.NONE);
                assertTrue(System.nanoTime() - started > TimeUnit.SECONDS.toNanos(6),
                        "the backup must outlive the MVCC window for this test to mean anything");
            } finally {
                stop.set(true);
                writer.join();
            }
            assertTrue(acked.get() > backup.manifest().keyCount() - PRELOAD, "writes went on after the snapshot");
        }
        assertTrue(BackupVerifier.verify(backup.directory(), Progress.NONE).ok());

        try (EmbeddedDatabase target = EmbeddedDatabase.open(DatabaseConfig.builder(tmp.resolve("target"))
                .backend("memory").build())) {
            BackupRestorer.restore(target, backup.directory(), BackupRestorer.Options.defaults(), Progress.NONE);
            TreeMap<String, String> restored = contents(target, "");
            long n = restored.containsKey("counter") ? Long.parseLong(restored.get("counter")) : 0;
            assertTrue(n >= ackedBeforeBackup, "the backup holds every write acknowledged before it started ("
                    + n + " < " + ackedBeforeBackup + ")");
            assertEquals(expected(n), restored, "the backup is the state after exactly " + n + " writer transactions");
            assertEquals(restored.size(), backup.manifest().keyCount());
        }

        try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(clients))) {
            BackupRestorer.restore(db, backup.directory(), BackupRestorer.Options.defaults()
                    .withPrefixes(b("restored/"), new byte[0]), Progress.NONE);
            TreeMap<String, String> restored = contents(db, "restored/");
            assertEquals(backup.manifest().keyCount(), restored.size());
            assertEquals(expected(Long.parseLong(restored.get("counter"))), restored);
            Database.Maintenance.CheckReport check = db.maintenance().orElseThrow().check();
            assertTrue(check.healthy(), check.problems().toString());
        }
    }

    private record Result(int code, String out, String err) {}

    private Result run(String... args) throws IOException {
        Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(tmp.resolve("work"));
        Files.createDirectories(tmp.resolve("etc"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        Map<String, String> env = new HashMap<>();
        Environment e = new Environment(env, tmp.resolve("home"), tmp.resolve("work"), tmp.resolve("etc"));
        int code = Cli.run(args, io, e, new ChoosingOpener());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void backupAndMaintenanceCommandsWorkAgainstACluster() throws Exception {
        String cluster = startCluster();
        try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(clients))) {
            preload(db);
        }
        Result created = run("--cluster", cluster, "-o", "json", "backup", "create", "-q", "--to",
                tmp.resolve("b").toString());
        assertEquals(0, created.code(), created.err());
        assertTrue(created.out().contains("\"keys\":" + PRELOAD),
                created.out());
        Path backupDir;
        try (var dirs = Files.list(tmp.resolve("b"))) {
            backupDir = dirs.filter(p -> p.getFileName().toString().startsWith("backup-")).findFirst().orElseThrow();
        }
        assertTrue(Files.readString(backupDir.resolve("manifest.json")).contains("\"cluster:t\""));
        Result restore = run("--cluster", cluster, "backup", "restore", "-q", backupDir.toString(),
                "--add-prefix", "copy/");
        assertEquals(0, restore.code(), restore.err());
        Result check = run("--cluster", cluster, "-o", "json", "maintenance", "check");
        assertEquals(0, check.code(), check.out() + check.err());
        assertTrue(check.out().contains("\"n2.keys\":" + 2 * PRELOAD), check.out());
        Result compact = run("--cluster", cluster, "maintenance", "compact");
        assertEquals(0, compact.code(), compact.err());
        try (RemoteDatabase db = RemoteDatabase.connect(RemoteDatabase.Options.of(clients))) {
            assertArrayEquals(preloadValue(7), db.read(tx -> tx.get(b("copy/p/00007"))));
        }
    }
}

package io.cairn.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cairn.commands.ExitCodes;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Runs cairn on the real embedded engine: data that outlives a run, the directory lock, bad directories. */
@Timeout(120)
class EmbeddedEndToEndTest {
    @TempDir
    Path tmp;
    final Map<String, String> env = new HashMap<>();

    record Result(int code, String out, String err) {}

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Cli.run(args, io, new Environment(env, tmp, tmp, tmp.resolve("etc")), new EmbeddedOpener());
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void dataOutlivesEachRunInTheDefaultDirectory() {
        Result put = run("put", "k", "v\\x00");
        assertEquals(0, put.code(), put.err());
        assertTrue(Files.isDirectory(tmp.resolve("cairn-data")), "the default data directory is ./cairn-data");
        assertEquals("v\\x00\n", run("get", "k").out());
        Result txn = run("--exec", "put a 1; put b 2; scan --count; delete a; scan --keys-only");
        assertEquals(0, txn.code(), txn.err());
        assertTrue(txn.out().matches("(?s).*\n3\ndeleted 'a' \\(committed at version \\d+\\)\nb\nk\n"), txn.out());
        Result status = run("status", "-o", "json");
        assertTrue(status.out().contains("\"backend\":\"leveldb\",\"keys\":2,"), status.out());
    }

    @Test
    void keyspacesOutliveEachRunAndComeBackFromABackup() throws IOException {
        Result created = run("keyspace", "create", "orders", "--partition-by", "hash", "--buckets", "4");
        assertEquals(0, created.code(), created.err());
        for (String k : new String[] {"o3", "o1", "o2"}) {
            assertEquals(0, run("put", "-k", "orders", k, "v" + k).code());
        }
        assertEquals("o1  vo1\no2  vo2\no3  vo3\n", run("scan", "-k", "orders").out());
        Path backups = tmp.resolve("backups");
        Result backup = run("backup", "create", "--to", backups.toString(), "-q");
        assertEquals(0, backup.code(), backup.err());
        Path b;
        try (java.util.stream.Stream<Path> s = Files.list(backups)) {
            b = s.filter(p -> p.getFileName().toString().startsWith("backup-")).findFirst().orElseThrow();
        }
        Path restored = tmp.resolve("restored");
        Result restore = run("-d", restored.toString(), "backup", "restore", b.toString(), "-q");
        assertEquals(0, restore.code(), restore.err());
        assertTrue(run("-d", restored.toString(), "keyspace", "list").out().contains("orders  hash    4 buckets"),
                "definitions are ordinary keys, so backups keep them");
        assertEquals("o3  vo3\no2  vo2\n", run("-d", restored.toString(), "scan", "-k", "orders", "--reverse", "--limit", "2").out());
    }

    @Test
    void secondProcessOnTheSameDirectoryIsToldHowToShareIt() throws Exception {
        Path data = tmp.resolve("shared");
        String java = ProcessHandle.current().info().command().orElse("java");
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--data-dir", data.toString());
        pb.directory(tmp.toFile());
        pb.environment().put("HOME", tmp.toString());
        pb.redirectErrorStream(true);
        Process child = pb.start();
        try (OutputStream stdin = child.getOutputStream();
                BufferedReader stdout = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            stdin.write("put held 1\n".getBytes(StandardCharsets.UTF_8));
            stdin.flush();
            String line = stdout.readLine();
            assertTrue(line != null && line.startsWith("put 'held'"), "the child holds the database open: " + line);
            Result second = run("get", "held", "--data-dir", data.toString());
            assertEquals(ExitCodes.UNAVAILABLE, second.code());
            assertTrue(second.err().contains("database_locked (1601): the data directory " + data
                    + " is in use by another process"), second.err());
            assertTrue(second.err().contains("to share it, start a node on it"), second.err());
            stdin.write("get held\n".getBytes(StandardCharsets.UTF_8));
            stdin.close();
            assertEquals("1", stdout.readLine());
        } finally {
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            child.destroyForcibly();
        }
        assertEquals(0, child.exitValue());
        assertEquals("1\n", run("get", "held", "--data-dir", data.toString()).out(), "the lock is released at exit");
    }

    @Test
    void unusableDataDirectoryIsAnIoErrorWithTheReason() throws IOException {
        Path file = tmp.resolve("a-file");
        Files.writeString(file, "not a directory");
        Result r = run("put", "k", "v", "--data-dir", file.resolve("data").toString());
        assertEquals(ExitCodes.IO_ERROR, r.code());
        assertTrue(r.err().startsWith("cairn: io_error (1510): cannot create the data directory " + file.resolve("data")),
                r.err());
        r = run("put", "k", "v", "--data-dir", file.toString());
        assertEquals(ExitCodes.IO_ERROR, r.code());
        assertTrue(r.err().contains(file.toString()), r.err());
        assertEquals("not a directory", Files.readString(file), "nothing was written");
    }

    @Test
    void unknownBackendNamesTheKnownOnes() {
        Result r = run("get", "k", "--backend", "nosuch");
        assertEquals(ExitCodes.USAGE, r.code());
        assertTrue(r.err().contains("unknown storage backend 'nosuch'; known backends: leveldb, memory"), r.err());
        assertEquals(List.of(), List.of(r.out().split("\n")).stream().filter(s -> !s.isEmpty()).toList());
    }
}
